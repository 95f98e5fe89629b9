"""A realistic night without Airflow: many departments' sheets, text and workbook, through
the loader, Great Expectations and dbt, checked against what the sheets say.

The inbox holds the hand-written department sheets of tests/extract/departments/ (other
encodings, units, 소계 rows, several sources, two sheets in one file …) and generated
sheets in both formats. Every one is a valid sheet: nothing may be quarantined, and every
sheet's budget must reach fct_budget_execution to the won.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from extract.sheets import extract_file
from extract.sheets.generator import write_inbox

pytestmark = pytest.mark.slow

DEPARTMENTS = Path(__file__).resolve().parents[1] / "extract" / "departments"


def test_a_mixed_night_reaches_the_marts_exactly(warehouse_url, tmp_path):
    from extract.load import load_inbox
    from sheetfeed.quality.validate import validate_pending
    from sheetfeed.transform.dbt import build

    inbox = tmp_path / "inbox"
    shutil.copytree(DEPARTMENTS, inbox / "departments")
    write_inbox(inbox / "generated", 24, seed=11, formats=("txt", "xlsx"))
    sheets = [sheet for path in sorted(inbox.rglob("*.*")) for sheet in extract_file(path).sheets]

    loaded = load_inbox(warehouse_url, inbox, "mixed-night")
    report = validate_pending(warehouse_url, "mixed-night")
    build(warehouse_url)

    assert len(loaded.submission_ids) == len(sheets)
    with psycopg.connect(warehouse_url) as conn:
        held = conn.execute("select source_path, reason from quality.quarantine").fetchall()
        assert (report.failed, held) == (0, [])
        marts = dict(conn.execute(
            "select program_code, sum(coalesce(secured_krw, 0) + coalesce(demand_krw, 0))"
            " from marts.fct_budget_execution group by 1").fetchall())
    written = {}
    for sheet in sheets:
        leaves = [row for row in sheet["budget"] if not row["is_total"]]
        if leaves:
            written[sheet["program"]["code"]] = sum((row["secured_krw"] or 0) + (row["demand_krw"] or 0) for row in leaves)
    assert marts == written
