"""The nightly tasks that publish what analysts read: dbt docs with raw's freshness, and the report."""
from __future__ import annotations

import psycopg
import pytest

from sheetfeed.orchestrate import tasks

pytestmark = pytest.mark.slow


@pytest.fixture
def built(warehouse_url, seed_sheet, tmp_path, monkeypatch):
    from sheetfeed.load import load_inbox
    from sheetfeed.transform import dbt

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "seed.txt").write_bytes(seed_sheet.read_bytes())
    ids = list(load_inbox(warehouse_url, inbox, "test").submission_ids)
    with psycopg.connect(warehouse_url) as conn:
        conn.execute("insert into quality.validation_runs (run_id, started_at) values ('t', now())")
        for submission_id in ids:
            conn.execute("insert into quality.submission_verdicts (submission_id, run_id, verdict)"
                         " values (%s, 't', 'passed')", (submission_id,))
    dbt.build(warehouse_url)
    monkeypatch.setattr(tasks, "warehouse", lambda: warehouse_url)
    return warehouse_url


def test_publish_docs_and_report_write_under_the_home(built):
    from sheetfeed import settings

    docs = tasks.publish_docs()
    assert docs["docs"] == str(settings.home() / "dbt_docs" / "index.html")
    assert [(item["source"], item["status"]) for item in docs["freshness"]] == [("raw.submissions", "pass")]
    report = tasks.publish_report()
    assert report["report"] == str(settings.home() / "report" / "index.html")
    assert (report["as_of"], report["programs"], report["completion_rate_pct"]) == ("2021-06-30", 1, 100.0)


def test_a_feed_stale_past_eight_days_fails_publish_docs_after_publishing_them(warehouse_url, monkeypatch):
    from sheetfeed import settings

    with psycopg.connect(warehouse_url) as conn:  # the only load, nine days ago (raw is append-only: written so)
        conn.execute("insert into raw.files (sha256, size_bytes, content, first_path) values ('old', 0, '', 'a')")
        load_id = conn.execute("insert into raw.loads (pipeline_run_id, started_at)"
                               " values ('old', now() - interval '9 days') returning load_id").fetchone()[0]
        conn.execute("insert into raw.submissions (sha256, source_path, parse_status, load_id, loaded_at)"
                     " values ('old', 'a', 'failed', %s, now() - interval '9 days')", (load_id,))
    monkeypatch.setattr(tasks, "warehouse", lambda: warehouse_url)
    with pytest.raises(tasks.SourceStale, match=r"raw.submissions: no load for 21\d\.\d h"):
        tasks.publish_docs()
    assert (settings.home() / "dbt_docs" / "index.html").exists()


def test_a_feed_never_loaded_yet_publishes_its_docs_without_failing(warehouse_url, monkeypatch):
    """A new deployment's first night, its inbox empty: raw has no load, which is not a stale feed."""
    monkeypatch.setattr(tasks, "warehouse", lambda: warehouse_url)
    docs = tasks.publish_docs()
    assert [(item["source"], item["max_loaded_at"]) for item in docs["freshness"]] == [("raw.submissions", None)]
