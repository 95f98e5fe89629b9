"""Helpers for the loader tests: seed-based inboxes and what raw holds for a content."""
from __future__ import annotations

import time
from pathlib import Path

import psycopg

REPO_ROOT = Path(__file__).resolve().parents[2]

ENTITY_TABLES = ("programs", "targets", "budget_lines", "budget_reported_totals", "quarters", "quarter_counts",
                 "activities", "plans", "contacts", "collaborations", "extract_warnings", "other_sections")


def variant(seed_text: str, code_number: int, note: str = "") -> str:
    """The seed sheet as another program (``소통행정-<n>``), optionally with one more activity."""
    text = seed_text.replace("소통행정-3\t", f"소통행정-{code_number}\t", 1)
    if note:
        text = text.replace("- '19. 1. :", f"- '19. 1. : {note}\n- '19. 1. :", 1)
    return text


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def raw_trace(url: str, sha256: str) -> dict[str, int]:
    """Rows of every raw table that belong to this content (zero everywhere means no trace)."""
    with psycopg.connect(url) as conn:
        counts = {
            "files": conn.execute("select count(*) from raw.files where sha256 = %s", (sha256,)).fetchone()[0],
            "file_sightings": conn.execute("select count(*) from raw.file_sightings where sha256 = %s",
                                           (sha256,)).fetchone()[0],
            "submissions": conn.execute("select count(*) from raw.submissions where sha256 = %s",
                                        (sha256,)).fetchone()[0],
        }
        for table in ENTITY_TABLES:
            counts[table] = conn.execute(
                f"select count(*) from raw.{table} e join raw.submissions s using (submission_id)"
                " where s.sha256 = %s", (sha256,)).fetchone()[0]
    return counts


def table_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {table: conn.execute(f"select count(*) from raw.{table}").fetchone()[0]
                for table in ("files", "submissions", *ENTITY_TABLES)}


def wait_for(condition, timeout: float = 60.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.005)
    raise AssertionError(f"timed out waiting for {what}")
