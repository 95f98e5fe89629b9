"""Turning one extracted file into the rows of each ``raw`` table.

Pure functions, no database: the loader COPYs what these return, and the
benchmark COPYs the very same rows into empty tables to measure the limit.
The column lists here are the single place that names the raw columns the
loader writes (``sheetfeed/warehouse/migrations/0001_raw.sql``, ``0004``).
"""
from __future__ import annotations

import json

# Child tables of raw.submissions, in the order they are COPYed.
ENTITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "programs": ("submission_id", "program_code", "program_area", "program_seq", "title", "status",
                 "implementation_rate_pct", "completion_target", "completion_year", "total_budget_krw",
                 "business_types", "department", "policy_goals", "period_start", "period_end",
                 "description", "reported_as_of", "line"),
    "targets": ("submission_id", "metric", "year", "value", "unit", "comparator", "raw", "line"),
    "budget_lines": ("submission_id", "line_item", "funding_source", "is_total", "year",
                     "secured_krw", "demand_krw", "executed_krw", "line"),
    "budget_reported_totals": ("submission_id", "line_item", "funding_source", "is_total",
                               "secured_and_demand_krw", "executed_krw", "line"),
    "quarters": ("submission_id", "year", "quarter", "summary", "line"),
    "quarter_counts": ("submission_id", "year", "quarter", "label", "value", "unit", "line"),
    "activities": ("submission_id", "year", "month", "reported_year", "reported_quarter", "text", "line"),
    "plans": ("submission_id", "year", "month", "text", "line"),
    "contacts": ("submission_id", "role", "name", "phone_ext", "line"),
    "collaborations": ("submission_id", "departments", "content", "central_government", "city", "line"),
    "extract_warnings": ("submission_id", "line", "message"),
    "other_sections": ("submission_id", "title", "text", "line"),
}

SUBMISSION_COLUMNS = ("submission_id", "sha256", "source_path", "path_bytes", "sheet_index", "encoding",
                      "first_line", "last_line", "parse_status", "parse_error", "program_code", "reported_as_of",
                      "document", "load_id")

# Entity lists of a sheet that map one item to one row: (table, key in the sheet, item keys after submission_id).
_LISTS = (
    ("targets", "targets", ENTITY_COLUMNS["targets"][1:]),
    ("budget_lines", "budget", ("line_item", "funding_source", "is_total", "year", "secured_krw",
                                "demand_krw", "executed_krw", "line")),
    ("budget_reported_totals", "budget_reported_totals", ENTITY_COLUMNS["budget_reported_totals"][1:]),
    ("quarters", "quarters", ENTITY_COLUMNS["quarters"][1:]),
    ("activities", "activities", ENTITY_COLUMNS["activities"][1:]),
    ("plans", "plans", ENTITY_COLUMNS["plans"][1:]),
    ("contacts", "contacts", ENTITY_COLUMNS["contacts"][1:]),
    ("extract_warnings", "warnings", ("line", "message")),
    ("other_sections", "other_sections", ENTITY_COLUMNS["other_sections"][1:]),
)
_PROGRAM_KEYS = ("code", "area", "seq", "title", "status", "implementation_rate_pct", "completion_target",
                 "completion_year", "total_budget_krw", "business_types", "department", "policy_goals",
                 "period_start", "period_end", "description", "reported_as_of")
_COLLABORATION_KEYS = ("departments", "content", "central_government", "city", "line")


def empty_rows() -> dict[str, list[tuple]]:
    """One empty row list per raw table the loader COPYs (submissions first, then the entities)."""
    return {"submissions": [], **{table: [] for table in ENTITY_COLUMNS}}


def add_sheet(rows: dict[str, list[tuple]], submission_id: int, item, sheet: dict, load_id: int) -> None:
    """Append one parsed sheet (SPEC §2 dict) of ``item`` (a landing.Incoming) as a submission and its entities.

    The document is encoded to JSON text here, where the rows are built (off the thread that talks
    to the server); COPY hands the text to the ``jsonb`` column as it is.
    """
    source = sheet.get("source") or {}
    program = sheet.get("program") or {}
    rows["submissions"].append((
        submission_id, item.sha256, item.path, item.path_bytes, source.get("sheet_index"), source.get("encoding"),
        source.get("first_line"), source.get("last_line"), "parsed", None, program.get("code"),
        program.get("reported_as_of"), json.dumps(sheet, separators=(",", ":")), load_id,
    ))
    if program:
        rows["programs"].append((submission_id, *(program.get(key) for key in _PROGRAM_KEYS),
                                 program.get("line", source.get("first_line"))))
    for table, key, fields in _LISTS:
        target = rows[table]
        for item in sheet.get(key) or ():
            target.append((submission_id, *(item.get(field) for field in fields)))
    for quarter in sheet.get("quarters") or ():
        for count in quarter.get("counts") or ():
            rows["quarter_counts"].append((submission_id, quarter.get("year"), quarter.get("quarter"),
                                           count.get("label"), count.get("value"), count.get("unit"),
                                           count.get("line", quarter.get("line"))))
    collaboration = sheet.get("collaboration")
    if collaboration:
        rows["collaborations"].append((submission_id, *(collaboration.get(key) for key in _COLLABORATION_KEYS)))


def add_failure(rows: dict[str, list[tuple]], submission_id: int, item, error: str, load_id: int) -> None:
    """Append the one failed submission of a file (a landing.Incoming) that could not be parsed (or stored):
    no sheet, the error."""
    rows["submissions"].append((submission_id, item.sha256, item.path, item.path_bytes, None, None, None, None,
                                "failed", one_line(error), None, None, None, load_id))


def one_line(text: str) -> str:
    """The error as one line: parse errors are shown in lists and logs, one per file."""
    return " ".join(str(text).split()) or "unknown error"


def row_count(rows: dict[str, list[tuple]]) -> int:
    return sum(len(table_rows) for table_rows in rows.values())
