"""Two loaders started at the same moment on the same inbox land each file once."""
from __future__ import annotations

import json
import subprocess
import sys

import psycopg
import pytest

from load_helpers import REPO_ROOT, variant, wait_for, write

LOADER = """
import json, sys
from sheetfeed.load import load_inbox
report = load_inbox(sys.argv[1], sys.argv[2], sys.argv[3], files_per_transaction=int(sys.argv[4]))
print(json.dumps({"loaded": [str(p) for p in report.loaded], "already": [str(p) for p in report.already_loaded],
                  "seen": [str(p) for p in report.seen], "ids": report.submission_ids}))
"""


@pytest.mark.parametrize("files_per_transaction", [1, 8])
def test_two_loaders_at_once_land_each_file_once(warehouse_url, seed_text, tmp_path, files_per_transaction):
    inbox = tmp_path / "inbox"
    paths = [write(inbox, f"sheet_{n:02}.txt", variant(seed_text, n)) for n in range(1, 25)]
    with psycopg.connect(warehouse_url) as gate:
        # Hold both loaders at their first look at the ledger, then let them go together.
        gate.execute("lock table raw.files in access exclusive mode")
        loaders = [subprocess.Popen([sys.executable, "-c", LOADER, warehouse_url, str(inbox), f"run-{k}",
                                     str(files_per_transaction)], cwd=REPO_ROOT, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for k in (1, 2)]
        with psycopg.connect(warehouse_url, autocommit=True) as watcher:
            wait_for(lambda: watcher.execute(
                "select count(*) from pg_locks where relation = 'raw.files'::regclass and not granted"
            ).fetchone()[0] == 2, what="both loaders waiting on raw.files")
        gate.rollback()
    outputs = []
    for loader in loaders:
        out, err = loader.communicate(timeout=300)
        assert loader.returncode == 0, err
        outputs.append(json.loads(out))

    for path in map(str, paths):  # loaded by exactly one of them; the other skipped or saw it
        winners = [k for k in (0, 1) if path in outputs[k]["loaded"]]
        assert len(winners) == 1
        other = outputs[1 - winners[0]]
        assert path in other["already"] or path in other["seen"]
    assert not set(outputs[0]["ids"]) & set(outputs[1]["ids"])
    with psycopg.connect(warehouse_url) as conn:
        assert conn.execute("select count(*), count(distinct sha256) from raw.submissions").fetchone() == (24, 24)
        assert conn.execute("select count(*) from raw.programs").fetchone()[0] == 24
        assert conn.execute("select count(*) from raw.activities").fetchone()[0] == 24 * 40
