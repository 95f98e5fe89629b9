"""Helpers for extraction tests: parse content in memory, compare records without positions."""
from __future__ import annotations

import hashlib

from extract.sheets import parse_bytes


def parse(data: bytes | str, name: str = "sheet.txt") -> list[dict]:
    """Sheets of in-memory file content (str is encoded as UTF-8)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return parse_bytes(raw, name, hashlib.sha256(raw).hexdigest())


def without_positions(value):
    """A record without ``source``, ``line`` and ``field_lines`` keys: what must agree between formats and layouts."""
    if isinstance(value, dict):
        return {k: without_positions(v) for k, v in value.items() if k not in ("source", "line", "field_lines")}
    if isinstance(value, list):
        return [without_positions(v) for v in value]
    return value


def messages(sheet: dict) -> list[str]:
    return [warning["message"] for warning in sheet["warnings"]]


def assert_same_records(got: list[dict], want: list[dict]) -> None:
    """Equal without positions; on failure, name the first differing part, not the whole record."""
    got, want = [without_positions(s) for s in got], [without_positions(r) for r in want]
    assert len(got) == len(want), (len(got), len(want))
    for index, (sheet, record) in enumerate(zip(got, want)):
        for key in record:
            if isinstance(record[key], list) and isinstance(sheet.get(key), list):
                for position, (mine, theirs) in enumerate(zip(sheet[key], record[key])):
                    assert mine == theirs, (index, key, position, mine, theirs)
            assert sheet.get(key) == record[key], (index, key, sheet.get(key), record[key])
        assert sheet == record
