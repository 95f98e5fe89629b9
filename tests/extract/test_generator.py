"""The generator others use for benchmarks and tests: deterministic, varied, valid by construction."""
from __future__ import annotations

import hashlib
from collections import Counter

from extract.sheets import extract_file
from sheetmaker.generator import write_inbox


def _digests(paths):
    return [(path.name, hashlib.sha256(path.read_bytes()).hexdigest()) for path in paths]


EVERY_FORMAT = ("txt", "xlsx", "xls", "ods", "utf16.txt", "csv", "hwpx", "hwp")


def test_same_seed_same_bytes(tmp_path):
    first = write_inbox(tmp_path / "a", 12, seed=5, formats=EVERY_FORMAT)
    again = write_inbox(tmp_path / "b", 12, seed=5, formats=EVERY_FORMAT)
    other = write_inbox(tmp_path / "c", 12, seed=6, formats=EVERY_FORMAT)
    assert _digests(first) == _digests(again)
    assert [digest for _, digest in _digests(first)] != [digest for _, digest in _digests(other)]


def test_generated_inbox_is_varied_and_clean(tmp_path):
    paths = write_inbox(tmp_path, 120, seed=1, formats=("txt", "txt", "xlsx"), sheets_per_file=2)
    assert Counter(p.suffix for p in paths) == {".txt": 80, ".xlsx": 40}
    sheets = []
    for path in paths:
        result = extract_file(path)
        assert result.error is None and len(result.sheets) == 2, (path, result.error)
        sheets += result.sheets
    assert all(sheet["warnings"] == [] for sheet in sheets), [s["warnings"] for s in sheets if s["warnings"]][:3]
    programs = [s["program"] for s in sheets]
    assert len({p["code"] for p in programs}) == len(programs)
    assert len({p["area"] for p in programs}) >= 6 and len({p["department"] for p in programs}) >= 15
    assert len({p["status"] for p in programs}) >= 6
    assert any(p["total_budget_krw"] is None for p in programs) and any(p["implementation_rate_pct"] is None for p in programs)
    assert {s["source"]["encoding"] for s in sheets} >= {"utf-8", "utf-8-sig", "cp949", None}
    sources = {row["funding_source"] for s in sheets for row in s["budget"] if not row["is_total"]}
    assert {"국비", "시비", "구비", "기금"} <= sources
    assert any(not s["quarters"] for s in sheets) and any(not s["targets"] for s in sheets)
    assert any(a["month"] is None for s in sheets for a in s["activities"])
    assert len({q["year"] for s in sheets for q in s["quarters"]}) >= 5
    assert {c["unit"] for s in sheets for q in s["quarters"] for c in q["counts"]} >= {"개", "회", "개소", "명", "건"}


def test_budgets_add_up(tmp_path):
    subtotals = 0
    for path in write_inbox(tmp_path, 40, seed=2):
        sheet, = extract_file(path).sheets
        rows = sheet["budget"]
        for year in {row["year"] for row in rows}:
            for total in [r for r in rows if r["is_total"] and r["year"] == year]:  # 계, and any 소계
                leaves = [r for r in rows if not r["is_total"] and r["year"] == year
                          and total["line_item"] in ("계", r["line_item"])]
                for key in ("secured_krw", "demand_krw", "executed_krw"):
                    present = [r[key] for r in leaves if r[key] is not None]
                    assert total[key] == (sum(present) if present else None)
            subtotals += sum(1 for r in rows if r["is_total"] and r["line_item"] != "계" and r["year"] == year)
        for reported in sheet["budget_reported_totals"]:
            same = [r for r in rows if (r["line_item"], r["funding_source"]) == (reported["line_item"], reported["funding_source"])]
            assert reported["secured_and_demand_krw"] == sum((r["secured_krw"] or 0) + (r["demand_krw"] or 0) for r in same)
            assert reported["executed_krw"] == sum(r["executed_krw"] or 0 for r in same)
        if rows:
            assert sheet["program"]["total_budget_krw"] == sheet["budget_reported_totals"][0]["secured_and_demand_krw"]
    assert subtotals > 0


def test_every_format_gives_clean_sheets_of_its_kind(tmp_path):
    paths = write_inbox(tmp_path, 32, seed=3, formats=EVERY_FORMAT)
    found = Counter()
    for path in paths:
        result = extract_file(path)
        assert result.error is None and result.sheets[0]["warnings"] == [], (path, result.error)
        found[(result.sheets[0]["source"]["format"], result.sheets[0]["source"]["encoding"] == "utf-16")] += 1
    assert found == {("text", False): 8, ("xlsx", False): 4, ("xls", False): 4, ("ods", False): 4, ("text", True): 4,
                     ("hwpx", False): 4, ("hwp", False): 4}


def test_program_codes_stay_valid_past_the_999th_program_of_an_area(tmp_path):
    """Three digits a number (SPEC): a 10,000-sheet inbox once had 4,006 codes such as 소통행정-1000, all quarantined."""
    import random
    import re

    from sheetmaker.generator import AREAS, FORMATS, program_numbers, random_record, random_style

    rng = random.Random(3)
    numbers = {ordinal: program_numbers(ordinal, rng)[-2:] for ordinal in (999, 1000, 1001, 1998, 1999)}
    assert {ordinal: [part.lstrip("0") for part in parts] for ordinal, parts in numbers.items()} == {
        999: ["999"], 1000: ["1", "1"], 1001: ["1", "2"], 1998: ["1", "999"], 1999: ["2", "1"]}
    # The 1,000th program of the first area, written as a clerk's text file and read back.
    record = random_record(rng, 999 * len(AREAS))
    path = tmp_path / "sheet.txt"
    path.write_bytes(FORMATS["txt"]([record], random_style(rng), rng))
    (sheet,) = extract_file(path).sheets
    assert sheet["program"]["code"] == record["program"]["code"]
    assert re.fullmatch(r"[가-힣]+-1-0?1", sheet["program"]["code"]) and sheet["program"]["seq"] == 1
