"""The same inbox gives the same marts however it is batched (issue 15, point 7).

Several sheets of one program report the same date; which is current is decided by the data (the file's
modification time at discovery, then sha256), never by load order. One warehouse loads the inbox in one
run; another loads it in batches, the winning sheets first, with real validation and a real dbt build
after each batch (so incremental facts are rebuilt as a nightly run would). Every mart table is then
compared row for row.
"""
from __future__ import annotations

import os

import psycopg
import pytest

from conftest import sheet
from tests.conftest import create_database, drop_database
from sheetfeed.load import load_files, load_inbox
from sheetfeed.quality.validate import validate_pending
from sheetfeed.transform.dbt import build

# Columns that name a load rather than the data: ids drawn from a sequence and load times.
LOAD_COLUMNS = {"submission_id", "load_id", "loaded_at"}
BASE_MTIME = 1_700_000_000


def _note(seed_text: str, code: str, note: str, status: str) -> str:
    text = sheet(seed_text, code=code, status=status)
    return text.replace("- '19. 1. :", f"- '19. 1. : {note}\n- '19. 1. :", 1)


@pytest.fixture
def inbox(tmp_path, seed_text):
    """Three programs: 소통행정-51 with three same-date sheets whose file times run against their names,
    소통행정-52 with two same-date sheets of one file time (sha256 decides), 소통행정-53 alone."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    files = {
        "a.txt": (_note(seed_text, "소통행정-51", "최신 수정본", "정상추진"), 300),
        "b.txt": (_note(seed_text, "소통행정-51", "초안", "보류"), 100),
        "c.txt": (_note(seed_text, "소통행정-51", "중간본", "완료(계속)"), 200),
        "d.txt": (_note(seed_text, "소통행정-52", "같은 시각 1", "정상추진"), 50),
        "e.txt": (_note(seed_text, "소통행정-52", "같은 시각 2", "보류"), 50),
        "f.txt": (_note(seed_text, "소통행정-53", "단독", "정상추진"), 10),
    }
    for name, (text, offset) in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        os.utime(path, (BASE_MTIME + offset, BASE_MTIME + offset))
    return folder


def _night(url: str, run_id: str) -> None:
    validate_pending(url, run_id)
    build(url)


def _marts(url: str) -> dict[str, list[tuple]]:
    """Every table of the marts schema, without the load's own columns, sorted."""
    with psycopg.connect(url) as conn:
        columns = conn.execute(
            "select table_name, array_agg(column_name::text order by ordinal_position)"
            " from information_schema.columns where table_schema = 'marts' group by table_name").fetchall()
        marts = {}
        for table, names in columns:
            kept = [name for name in names if name not in LOAD_COLUMNS]
            query = f"select {', '.join(kept)} from marts.{table}"
            marts[table] = sorted((conn.execute(query).fetchall()), key=repr)
    return marts


def test_one_run_and_batches_give_the_same_marts_row_for_row(warehouse_url, server_url, inbox):
    load_inbox(warehouse_url, inbox, "one-run")
    _night(warehouse_url, "one-run")
    once = _marts(warehouse_url)

    batched_url = create_database(server_url)
    try:
        paths = sorted(inbox.iterdir())
        by_name = {path.name: path for path in paths}
        # The sheets that must win first, the ones they beat later: load order says the opposite of the data.
        for number, names in enumerate((["a.txt", "e.txt", "d.txt"], ["c.txt", "f.txt"], ["b.txt"])):
            load_files(batched_url, [by_name[name] for name in names], f"batch-{number}")
            _night(batched_url, f"batch-{number}")
        batched = _marts(batched_url)
    finally:
        drop_database(server_url, batched_url)

    assert set(once) >= {"dim_program", "dim_program_history", "fct_activity", "fct_budget_execution",
                         "mart_governance_kpis"}
    for table in once:
        assert batched[table] == once[table], table
    with psycopg.connect(warehouse_url) as conn:
        current = dict(conn.execute("select program_code, status from marts.dim_program").fetchall())
        winner_sha = conn.execute(
            "select max(f.sha256) from raw.files f join raw.submissions s using (sha256)"
            " where s.program_code = '소통행정-52'").fetchone()[0]
        current_sha = conn.execute(
            "select s.sha256 from marts.dim_program d join raw.submissions s on s.submission_id = d.submission_id"
            " where d.program_code = '소통행정-52'").fetchone()[0]
    assert current["소통행정-51"] == "정상추진"  # a.txt: modified last, though first in name and in one batch
    assert current_sha == winner_sha  # same file time: the greater sha256 is current
