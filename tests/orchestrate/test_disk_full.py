"""A warehouse whose disk is full (issue 15, point 6): named as such, not retried, one alert; with a real full disk.

The disk is a 1 MiB tmpfs mounted by the test, filled to the last byte, given
to the server as a tablespace that ``raw.files`` is moved to: loading a file
then gets PostgreSQL's own "could not extend file …: No space left on device"
(SQLSTATE 53100), on the embedded or the external server. The failing task
is sorted by the DAG's own retry policy and alerts through its own failure
callback, to a real webhook. Needs root (mount), as the suite runs.
"""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest

from sheetfeed.orchestrate import tasks
from sheetfeed.orchestrate.outage import WarehouseDiskFull, is_disk_full

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")


def fill(folder: Path) -> OSError:
    """Write into ``folder`` until its file system refuses; the refusal (a real ENOSPC)."""
    chunk = b"\0" * 4096
    with open(folder / "filler", "wb", buffering=0) as filler:
        try:
            while True:
                filler.write(chunk)
        except OSError as exc:
            return exc


@pytest.fixture
def full_raw_files(warehouse_url, server_url):
    """``raw.files`` of the test's database on a tablespace whose disk is full; (the ENOSPC of filling it)."""
    mount = Path(tempfile.mkdtemp(prefix="sheetfeed-full-disk-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], check=True)
    tablespace = f"sf_full_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(server_url, autocommit=True) as admin:
            owner = os.stat(admin.execute("show data_directory").fetchone()[0])
            os.chown(mount, owner.st_uid, owner.st_gid)  # the server's own system user writes there
            admin.execute(f"create tablespace {tablespace} location '{mount}'")
        with psycopg.connect(warehouse_url, autocommit=True) as conn:
            conn.execute(f"alter table raw.files set tablespace {tablespace}")
        yield fill(mount)
    finally:
        with psycopg.connect(warehouse_url, autocommit=True) as conn:
            conn.execute("alter table raw.files set tablespace pg_default")
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"drop tablespace if exists {tablespace}")
        subprocess.run(["umount", str(mount)], check=True)
        mount.rmdir()


def test_the_full_disk_itself_is_recognised(full_raw_files):
    assert full_raw_files.errno == errno.ENOSPC
    assert is_disk_full(full_raw_files)


def test_a_load_on_a_full_disk_fails_once_naming_the_disk_with_one_alert_and_lands_nothing(
        full_raw_files, warehouse_url, seed_sheet, tmp_path, webhook, parse_dag, monkeypatch):
    hook, posted = webhook
    monkeypatch.setenv("SHEETFEED_ALERT_WEBHOOK", hook)
    monkeypatch.delenv("SHEETFEED_ALERT_EMAIL", raising=False)
    path = shutil.copy(seed_sheet, tmp_path / "a.txt")

    with pytest.raises(WarehouseDiskFull) as raised:
        tasks.load_batch([str(path)], "night-of-a-full-disk")

    error = raised.value
    message = str(error)
    assert message.startswith("the warehouse's disk is full (SQLSTATE 53100)"), message
    assert "No space left on device" in message and "lost the warehouse" not in message, message
    assert any(getattr(item, "sqlstate", None) == "53100" for item in (error.__cause__, error.__cause__.__cause__))
    bag, _ = parse_dag()
    load = bag.dags["program_sheets_nightly"].get_task("extract_and_load")
    assert load.retry_policy.evaluate(error, try_number=1, max_tries=load.retries + 1).action.value == "fail"
    ti = SimpleNamespace(dag_id="program_sheets_nightly", task_id="extract_and_load", map_index=0,
                         run_id="night-of-a-full-disk", try_number=1, log_url=None)
    for callback in _callbacks(load.on_failure_callback):
        callback({"ti": ti, "exception": error})
    assert len(posted) == 1
    assert "disk is full" in posted[0]["text"] and "No space left on device" in posted[0]["text"]
    with psycopg.connect(warehouse_url) as conn:
        assert conn.execute("select count(*) from raw.files").fetchone()[0] == 0
        assert conn.execute("select count(*) from raw.submissions").fetchone()[0] == 0


def _callbacks(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]
