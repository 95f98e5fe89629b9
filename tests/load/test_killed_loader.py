"""A loader killed with SIGKILL in the middle of COPY leaves no trace of the file; the next run loads it whole."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import psycopg

from sheetfeed.load import load_file
from extract.sheets import extract_file
from load_helpers import ENTITY_TABLES, REPO_ROOT, raw_trace, wait_for, write

EXTRA_ACTIVITIES = 50_000
LOADER = "import sys; from sheetfeed.load import load_file; load_file(sys.argv[1], sys.argv[2], 'doomed')"
# The loader's backend while it is inside a COPY: rows of raw.activities already taken in, or (if that COPY
# was too quick to catch) the later COPY into raw.contacts, held by the test's lock so it cannot commit.
INSIDE_COPY = """
select a.pid, coalesce(p.relid::regclass::text, 'waiting: ' || a.query)
from pg_stat_activity a left join pg_stat_progress_copy p using (pid)
where a.datname = current_database() and a.pid <> pg_backend_pid()
  and ((p.relid = 'raw.activities'::regclass and p.tuples_processed > 0)
       or (a.query ilike 'copy raw.contacts%%' and a.wait_event_type = 'Lock'))
"""


def big_sheet(seed_text: str) -> str:
    """The seed with fifty thousand more activities: a COPY long enough to be caught in the act."""
    extra = "".join(f"- '19. 1. : 주민 협치 활동 {n}번째 실시\n" for n in range(EXTRA_ACTIVITIES))
    return seed_text.replace("- '19. 1. :", extra + "- '19. 1. :", 1)


def test_sigkill_mid_copy_leaves_no_trace_and_the_next_run_loads_the_file_whole(warehouse_url, seed_text, tmp_path):
    path = write(tmp_path / "inbox", "big.txt", big_sheet(seed_text))
    expected = extract_file(path)
    with psycopg.connect(warehouse_url) as gate, psycopg.connect(warehouse_url, autocommit=True) as watcher:
        gate.execute("lock table raw.contacts in share mode")
        loader = subprocess.Popen([sys.executable, "-c", LOADER, warehouse_url, str(path)], cwd=REPO_ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        caught = []
        wait_for(lambda: caught.extend(watcher.execute(INSIDE_COPY).fetchall()) or caught, timeout=120,
                 what="the loader inside COPY")
        os.kill(loader.pid, signal.SIGKILL)
        assert loader.wait(timeout=30) == -signal.SIGKILL
        gate.rollback()
        backend = caught[0][0]
        wait_for(lambda: watcher.execute("select count(*) from pg_stat_activity where pid = %s",
                                         (backend,)).fetchone()[0] == 0, what="the killed loader's backend to end")

    assert all(count == 0 for count in raw_trace(warehouse_url, expected.sha256).values())
    with psycopg.connect(warehouse_url) as conn:
        for table in ("files", "file_sightings", "submissions", *ENTITY_TABLES):
            assert conn.execute(f"select count(*) from raw.{table}").fetchone()[0] == 0, table
        # The run itself is on record as one that never finished.
        assert conn.execute("select pipeline_run_id, finished_at from raw.loads").fetchall() == [("doomed", None)]

    result = load_file(warehouse_url, path, "after")

    assert result.status == "loaded"
    trace = raw_trace(warehouse_url, expected.sha256)
    [sheet] = expected.sheets
    assert trace["activities"] == len(sheet["activities"]) == 40 + EXTRA_ACTIVITIES
    assert trace["contacts"] == len(sheet["contacts"]) and trace["files"] == trace["submissions"] == 1
    with psycopg.connect(warehouse_url) as conn:
        assert conn.execute("select content from raw.files").fetchone()[0] == path.read_bytes()
