"""A warehouse that cannot be reached, or goes away mid-run, fails the run clearly and half-writes nothing."""
from __future__ import annotations

import socket
import threading

import psycopg
import pytest

from sheetfeed.load import discover, load_file, load_inbox
from load_helpers import ENTITY_TABLES, variant, wait_for, write
from sheetfeed.warehouse.connection import WarehouseUnreachable


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("call", [discover, load_inbox, load_file])
def test_unreachable_warehouse_raises_a_clear_retryable_error(call, seed_text, tmp_path):
    path = write(tmp_path / "inbox", "a.txt", seed_text)
    url = f"postgresql://loader:s3cret@127.0.0.1:{closed_port()}/sheetfeed"

    with pytest.raises(WarehouseUnreachable) as raised:
        call(url, path if call is load_file else path.parent)

    message = str(raised.value)
    assert message.startswith("warehouse unreachable at postgresql://loader:***@127.0.0.1:")
    assert "s3cret" not in message


def test_connection_lost_mid_load_raises_unreachable_and_leaves_no_partial_file(warehouse_url, seed_text, tmp_path):
    inbox = tmp_path / "inbox"
    paths = [write(inbox, f"{n}.txt", variant(seed_text, n)) for n in (1, 2)]
    outcome = {}

    def run():
        try:
            load_inbox(warehouse_url, inbox, "cut-off", files_per_transaction=1)
        except Exception as exc:  # noqa: BLE001 - the test inspects what was raised
            outcome["error"] = exc

    with psycopg.connect(warehouse_url) as gate, psycopg.connect(warehouse_url, autocommit=True) as admin:
        gate.execute("lock table raw.contacts in share mode")
        loader = threading.Thread(target=run)
        loader.start()
        waiting = []
        wait_for(lambda: waiting.extend(admin.execute(
            "select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
            " and query ilike 'copy raw.contacts%'").fetchall()) or waiting, what="the loader blocked in COPY")
        admin.execute("select pg_terminate_backend(%s)", (waiting[0][0],))
        loader.join(timeout=60)
        gate.rollback()

    assert isinstance(outcome.get("error"), WarehouseUnreachable)
    assert "lost the warehouse" in str(outcome["error"]) and "while loading" in str(outcome["error"])
    with psycopg.connect(warehouse_url) as conn:
        for table in ("files", "file_sightings", "submissions", *ENTITY_TABLES):
            assert conn.execute(f"select count(*) from raw.{table}").fetchone()[0] == 0, table

    report = load_inbox(warehouse_url, inbox, "retry")

    assert sorted(report.loaded) == paths
    with psycopg.connect(warehouse_url) as conn:
        assert conn.execute("select count(*) from raw.activities").fetchone()[0] == 80
