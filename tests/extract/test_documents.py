"""Realistic sheets in every carrier a department produces, checked against SPEC §2.

Each folder of tests/extract/documents/ is one case: the same sheet(s) saved as
HWPX, HWP, XLS, XLSX and text exports (CP949/CRLF, UTF-8 with BOM, UTF-16
"유니코드 텍스트", Mac NFD), and an expected.json written from SPEC alone (see
documents/README.md).  The documents were written by documents/make/build.py
with real tools (python-hwpx, xlwt, openpyxl); the tests only read them.

expected.json holds, per sheet, SPEC §2 keys:
* program: exact values;  program_contains: substrings of policy_goals/description
  (SPEC does not fix how a bullet's dash is kept);
* targets / budget / budget_reported_totals / contacts: `count` and `entries`, each
  entry found in the record with these exact values;
* quarters: count, and per (year, quarter) the exact `counts`;
* activities / plans: count, and in order year, month (reported_year/quarter) and
  `text_contains` (a substring of `text`);
* collaboration: the values given;  warnings_min: at least that many warnings;
* error: true where SPEC makes the file an error (no title row): a one-line message, no sheets.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

DOCS = Path(__file__).parent / "documents"
CASES = sorted(p.parent for p in DOCS.glob("*/expected.json"))
KEYS = ["source", "program", "targets", "budget", "budget_reported_totals", "quarters", "activities",
        "plans", "contacts", "collaboration", "warnings"]
# Line numbers, which carriers count differently: an entity's `line`, and the program's `field_lines`
# (the line each head-of-sheet field is on, which the extractor adds beyond SPEC §2).
LINE_KEYS = {"line", "field_lines"}
SOURCE_KEYS = ["path", "sha256", "sheet_index", "encoding", "format", "first_line", "last_line"]
PROGRAM_KEYS = ["code", "area", "seq", "title", "status", "implementation_rate_pct", "completion_target",
                "completion_year", "total_budget_krw", "business_types", "department", "policy_goals",
                "period_start", "period_end", "description"]


def load(case: Path) -> dict:
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))


CARRIERS = [pytest.param(case, fname, id=f"{case.name}/{fname}")
            for case in CASES for fname in load(case)["carriers"]]


def extract(path: Path):
    from extract.sheets import extract_file
    return extract_file(path)


def same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return a == b


def find(entries: list, want: dict) -> dict | None:
    for e in entries:
        if isinstance(e, dict) and all(k in e and same(e[k], v) for k, v in want.items()):
            return e
    return None


def nearest(entries: list, want: dict, keys: list[str]) -> dict | None:
    """The entry that agrees with `want` on the identifying keys, to show what differs."""
    return find(entries, {k: want[k] for k in keys if k in want})


def check_sheet(got: dict, exp: dict, carrier: dict, path: Path, fail) -> None:
    for k in KEYS:
        if k not in got:
            fail(f"key {k!r} missing from the record (SPEC §2: all keys present)")
    src = got.get("source") or {}
    for k in SOURCE_KEYS:
        if k not in src:
            fail(f"source.{k} missing")
    if src.get("format") != carrier["format"]:
        fail(f"source.format: want {carrier['format']!r}, got {src.get('format')!r}")
    if src.get("encoding") != carrier["encoding"]:
        fail(f"source.encoding: want {carrier['encoding']!r}, got {src.get('encoding')!r}")
    if src.get("sheet_index") != exp["sheet_index"]:
        fail(f"source.sheet_index: want {exp['sheet_index']}, got {src.get('sheet_index')!r}")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    if src.get("sha256") != sha:
        fail(f"source.sha256: want {sha}, got {src.get('sha256')!r}")
    if not str(src.get("path", "")).endswith(path.name):
        fail(f"source.path {src.get('path')!r} does not name {path.name}")
    if carrier.get("first_lines"):
        want = carrier["first_lines"][exp["sheet_index"]]
        if src.get("first_line") != want:
            fail(f"source.first_line: want {want} (the title row), got {src.get('first_line')!r}")
    fl, ll = src.get("first_line"), src.get("last_line")
    if isinstance(fl, int) and isinstance(ll, int) and ll < fl:
        fail(f"source.last_line {ll} before first_line {fl}")

    prog = got.get("program") or {}
    for k in PROGRAM_KEYS:
        if k not in prog:
            fail(f"program.{k} missing")
    for k, v in exp["program"].items():
        if not same(prog.get(k), v):
            fail(f"program.{k}: want {v!r}, got {prog.get(k)!r}")
    pc = exp.get("program_contains", {})
    goals = prog.get("policy_goals") or []
    if "policy_goals" in pc:
        if len(goals) != len(pc["policy_goals"]):
            fail(f"program.policy_goals: want {len(pc['policy_goals'])} goals, got {len(goals)}: {goals!r}")
        for i, sub in enumerate(pc["policy_goals"]):
            if i < len(goals) and sub not in str(goals[i]):
                fail(f"program.policy_goals[{i}]: want it to contain {sub!r}, got {goals[i]!r}")
    if "description" in pc and pc["description"] not in str(prog.get("description")):
        fail(f"program.description: want it to contain {pc['description']!r}, got {prog.get('description')!r}")

    def check_list(key: str, ident: list[str]):
        if key not in exp:
            return
        items = got.get(key) or []
        if len(items) != exp[key]["count"]:
            fail(f"{key}: want {exp[key]['count']} entries, got {len(items)}")
        for want in exp[key]["entries"]:
            if find(items, want) is None:
                near = nearest(items, want, ident)
                fail(f"{key}: no entry {want!r}" + (f"; closest {near!r}" if near else ""))

    check_list("targets", ["metric", "year"])
    check_list("budget", ["line_item", "funding_source", "year"])
    check_list("budget_reported_totals", ["line_item", "funding_source"])
    check_list("contacts", ["role"])

    if "quarters" in exp:
        qs = got.get("quarters") or []
        if len(qs) != exp["quarters"]["count"]:
            fail(f"quarters: want {exp['quarters']['count']}, got {len(qs)}: "
                 f"{[(q.get('year'), q.get('quarter')) for q in qs]!r}")
        for want in exp["quarters"]["entries"]:
            q = find(qs, {"year": want["year"], "quarter": want["quarter"]})
            if q is None:
                fail(f"quarters: no {want['year']} Q{want['quarter']}")
                continue
            counts = [{k: c.get(k) for k in ("label", "value", "unit")} for c in q.get("counts") or []]
            if counts != want["counts"]:
                fail(f"quarters {want['year']} Q{want['quarter']} counts: want {want['counts']!r}, got {counts!r}")

    for key, fields in (("activities", ["year", "month", "reported_year", "reported_quarter"]),
                        ("plans", ["year", "month"])):
        if key not in exp:
            continue
        items = got.get(key) or []
        if len(items) != exp[key]["count"]:
            fail(f"{key}: want {exp[key]['count']}, got {len(items)}: "
                 f"{[(a.get('year'), a.get('month'), str(a.get('text'))[:20]) for a in items]!r}")
        for i, want in enumerate(exp[key]["entries"]):
            if i >= len(items):
                break
            a = items[i]
            for f in fields:
                if not same(a.get(f), want[f]):
                    fail(f"{key}[{i}].{f}: want {want[f]!r}, got {a.get(f)!r} ({str(a.get('text'))[:40]!r})")
            if want["text_contains"] not in str(a.get("text")):
                fail(f"{key}[{i}].text: want it to contain {want['text_contains']!r}, got {a.get('text')!r}")

    if "collaboration" in exp:
        col = got.get("collaboration") or {}
        for k, v in exp["collaboration"].items():
            if not same(col.get(k), v):
                fail(f"collaboration.{k}: want {v!r}, got {col.get(k)!r}")
    if len(got.get("warnings") or []) < exp.get("warnings_min", 0):
        fail(f"warnings: want at least {exp['warnings_min']}, got {got.get('warnings')!r}")


@pytest.mark.parametrize("case,fname", CARRIERS)
def test_carrier_matches_expected(case: Path, fname: str):
    exp = load(case)
    carrier = exp["carriers"][fname]
    path = case / fname
    res = extract(path)
    if exp.get("error"):
        # SPEC §2: a file in which no title row can be found is an error (a one-line message)
        assert isinstance(res.error, str) and res.error.strip() and "\n" not in res.error.strip(), (
            f"{case.name}/{fname} ({carrier['kind']}): want a one-line error, got {res.error!r}")
        assert not list(res.sheets or []), f"{case.name}/{fname}: want no sheets, got {len(res.sheets)}"
        return
    problems: list[str] = []
    if res.error is not None:
        problems.append(f"error: {res.error}")
    sheets = list(res.sheets or [])
    if len(sheets) != len(exp["sheets"]):
        problems.append(f"want {len(exp['sheets'])} sheet(s), got {len(sheets)}")
    for got, want in zip(sheets, exp["sheets"]):
        def fail(msg, i=want["sheet_index"]):
            problems.append(f"sheet {i}: {msg}")
        check_sheet(got, want, carrier, path, fail)
    assert not problems, (f"{case.name}/{fname} ({carrier['kind']}): {len(problems)} problem(s)\n  "
                          + "\n  ".join(problems))


def comparable(sheet: dict) -> dict:
    """The record apart from what legitimately differs between carriers: `source`, and line numbers
    (a workbook row, a document paragraph and a text line are counted differently), so every `line`
    key at any depth, and the warnings, whose messages name lines."""
    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in LINE_KEYS}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x
    return strip({k: v for k, v in sheet.items() if k not in ("source", "warnings")})


def diff(a, b, where="") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b), key=str):
            out += diff(a.get(k), b.get(k), f"{where}.{k}" if where else str(k))
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{where}: {len(a)} vs {len(b)} entries"]
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += diff(x, y, f"{where}[{i}]")
        return out
    return [] if same(a, b) else [f"{where}: {a!r} vs {b!r}"]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_carriers_agree(case: Path):
    exp = load(case)
    if exp.get("error"):
        return  # each carrier's error is checked by test_carrier_matches_expected
    results = {}
    for fname in exp["carriers"]:
        res = extract(case / fname)
        results[fname] = [comparable(s) for s in res.sheets or []] if res.error is None else res.error
    problems = [f"{f}: error {r}" for f, r in results.items() if isinstance(r, str)]
    parsed = [f for f, r in results.items() if not isinstance(r, str)]
    for other in parsed[1:]:
        d = diff(results[parsed[0]], results[other])
        if d:
            problems.append(f"{parsed[0]} vs {other}: " + "; ".join(d[:12])
                            + (f"; … {len(d) - 12} more" if len(d) > 12 else ""))
    assert not problems, f"{case.name}: carriers disagree\n  " + "\n  ".join(problems)


def test_corpus_is_complete():
    """The corpus itself: every file of a case is listed in its expected.json (and exists), every carrier
    appears in at least three cases, and at least two files hold two or more sheets."""
    seen: dict[str, set] = {}
    multi = 0
    for case in CASES:
        exp = load(case)
        files = {p.name for p in case.iterdir() if p.name != "expected.json"}
        assert files == set(exp["carriers"]), f"{case.name}: files {sorted(files)} vs listed {sorted(exp['carriers'])}"
        for fname, c in exp["carriers"].items():
            kind = c["kind"]
            group = "mac-nfd" if "mac-nfd" in kind else "utf8-bom" if "bom" in kind else kind
            seen.setdefault(group, set()).add(case.name)
            multi += len(exp["sheets"]) > 1
    for group in ("hwpx", "hwp", "xls", "xlsx", "text-utf16", "text-cp949-crlf", "utf8-bom", "mac-nfd"):
        assert len(seen.get(group, ())) >= 3, f"carrier {group} in {sorted(seen.get(group, ()))} only"
    assert multi >= 2
