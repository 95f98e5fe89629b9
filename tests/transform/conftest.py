"""Fixtures of the dbt tests: a migrated warehouse that sheets are landed into through the
real extractor and loader, verdicts given as the validation step would, and dbt run in process."""
from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest

from sheetfeed.transform import dbt

# The seed footer's authors and their phone extensions.
SEED_AUTHORS = "한만석|황현혜|김민화|\\(1040\\)|\\(2201\\)|\\(2205\\)"
NEXT_QUARTER = "【21년 3분기】 - 협치론장 운영 : 2회\n\n- '21. 8. : 주민자치 추진 사업 관련 소규모 협치론장 개최\n\n"


def sheet(seed_text: str, code: str = "소통행정-3", status: str | None = None, next_quarter: bool = False,
          department: str | None = None) -> str:
    """The seed sheet as another program, status, department, or one quarter later (reported as of 2021-09-30)."""
    text = seed_text.replace("소통행정-3\t", f"{code}\t", 1)
    if status is not None:
        text = text.replace("추진현황\t완료(계속)\t", f"추진현황\t{status}\t", 1)
    if department is not None:
        text = text.replace("추진부서\t마을자치과", f"추진부서\t{department}", 1)
    if next_quarter:
        text = text.replace("□ 향후계획", NEXT_QUARTER + "□ 향후계획", 1)
    return text


class Warehouse:
    """One test's warehouse: land sheets, decide their verdicts, build, query."""

    def __init__(self, url: str, inbox_root: Path):
        self.url = url
        self.inbox_root = inbox_root

    def land(self, *texts: str | bytes) -> list[int]:
        """Load the texts (bytes: .xlsx workbooks) as files of a fresh inbox through sheetfeed.load;
        return their submission ids."""
        from sheetfeed.load import load_inbox

        inbox = self.inbox_root / uuid.uuid4().hex[:8]
        inbox.mkdir(parents=True)
        for number, text in enumerate(texts):
            if isinstance(text, bytes):
                (inbox / f"{number:03d}.xlsx").write_bytes(text)
            else:
                (inbox / f"{number:03d}.txt").write_text(text, encoding="utf-8")
        return list(load_inbox(self.url, inbox, "test").submission_ids)

    def judge(self, submission_ids: list[int], verdict: str = "passed") -> None:
        """Record verdicts as a validation run would (quality.submission_verdicts)."""
        run_id = f"test-{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.url) as conn:
            conn.execute("insert into quality.validation_runs (run_id, started_at) values (%s, now())", (run_id,))
            for submission_id in submission_ids:
                conn.execute(
                    "insert into quality.submission_verdicts (submission_id, run_id, verdict) values (%s, %s, %s)"
                    " on conflict (submission_id) do update set verdict = excluded.verdict, run_id = excluded.run_id",
                    (submission_id, run_id, verdict))

    def quarantine(self, submission_id: int, state: str) -> None:
        """Quarantine a submission (and move it to ``state``) as validation and stewards do: through the audit function."""
        with psycopg.connect(self.url) as conn:
            if not conn.execute("select 1 from quality.quarantine where submission_id = %s", (submission_id,)).fetchone():
                conn.execute("select quality.change_quarantine(%s, 'open', 'test')", (submission_id,))
            if state != "open":
                conn.execute("select quality.change_quarantine(%s, %s, 'test')", (submission_id, state))

    def accept(self, *texts: str) -> list[int]:
        ids = self.land(*texts)
        self.judge(ids)
        return ids

    def build(self, **kwargs) -> dbt.DbtResult:
        return dbt.build(self.url, **kwargs)

    def rows(self, query: str, params: tuple = ()) -> list[tuple]:
        with psycopg.connect(self.url) as conn:
            return conn.execute(query, params).fetchall()

    def author_traces(self) -> list[tuple[str, str]]:
        """(mart, column) of every text or array column of the marts holding a seed author's name or extension."""
        columns = self.rows("select table_name, column_name from information_schema.columns"
                            " where table_schema = 'marts' and data_type in ('text', 'ARRAY')")
        return [(table, column) for table, column in columns
                if self.rows(f'select count(*) from marts."{table}" where "{column}"::text ~ %s',
                             (SEED_AUTHORS,)) != [(0,)]]


@pytest.fixture(scope="session")
def seed_text(seed_sheet) -> str:
    return seed_sheet.read_text(encoding="utf-8")


@pytest.fixture
def warehouse(warehouse_url, tmp_path) -> Warehouse:
    return Warehouse(warehouse_url, tmp_path / "inboxes")
