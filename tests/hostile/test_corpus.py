"""The hostile corpus in CI (issue 15, point 8): every class's inbox loaded in a child process under a memory
limit, each case ending as it must (refused, one-line error naming the file, warning, or loaded), within the
time and peak-memory bounds of tests/hostile/runner.py, and every good file beside the cases loaded.

Cases for a point another helper has not landed on main yet are in PENDING: their problems are reported as
warnings here and asserted once the point lands (the branch ``hostile`` keeps a commit that empties PENDING).
"""
from __future__ import annotations

import html.parser
import warnings
from pathlib import Path

import psycopg
import pytest

from sheetfeed.load import load_inbox
from tests.hostile import corpus
from tests.hostile.runner import landed, run_class

PENDING: set[str] = set()


@pytest.fixture(scope="module")
def hostile_seed(seed_sheet) -> corpus.Seed:
    return corpus.seed(seed_sheet)


def _assert_or_report(problems: list[str], pending_points=PENDING) -> None:
    waiting = [problem for problem in problems if any(f"(waits for {point})" in problem for point in pending_points)]
    for problem in waiting:
        warnings.warn(f"pending: {problem}")
    assert [problem for problem in problems if problem not in waiting] == []


@pytest.mark.parametrize("name", list(corpus.CLASSES))
def test_each_hostile_class_fails_alone_cleanly_and_within_bounds(name, warehouse_url, tmp_path, hostile_seed,
                                                                   seed_sheet):
    outcome = run_class(name, tmp_path, warehouse_url, hostile_seed, seed_sheet)
    print(f"hostile class {name}: {outcome.seconds:.2f} s, peak {outcome.peak_rss_mb} MB")
    _assert_or_report(outcome.problems + landed(warehouse_url, tmp_path / name, outcome.cases))


class _ActiveMarkup(html.parser.HTMLParser):
    """Collects what a browser would run or render as markup from the corpus's payload."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        if tag == "img" and any(name == "onerror" for name, _ in attrs):
            self.found.append("<img onerror>")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert('x')" in data:
            self.found.append("<script>alert('x')</script>")


def test_a_steward_sees_cut_sheets_and_no_page_runs_sheet_markup(warehouse_url, tmp_path, hostile_seed):
    """Through real validation: every sheet cut short gets a verdict a steward sees (warned or failed, not
    passed), and no Data Docs page holds the sheets' script or markup as live HTML."""
    from sheetfeed.quality.validate import validate_pending

    inbox = tmp_path / "inbox"
    cases = corpus.build("truncated", inbox / "cut", hostile_seed) + corpus.build("free_text", inbox / "markup",
                                                                                hostile_seed)
    load_inbox(warehouse_url, inbox, "hostile-validation")
    report = validate_pending(warehouse_url, "hostile-validation")
    problems = []
    with psycopg.connect(warehouse_url) as conn:
        verdicts = conn.execute(
            "select s.source_path, v.verdict from raw.submissions s"
            " join quality.submission_verdicts v using (submission_id)"
            " where exists (select 1 from raw.extract_warnings w where w.submission_id = s.submission_id"
            "               and w.message like '%%cut short%%')").fetchall()
    assert len(verdicts) >= sum(case.expect == "warning" for case in cases) - 1
    problems += [f"{Path(path).name!r}: cut short, yet verdict {verdict} (waits for {corpus.CUT_SHORT_VERDICT})"
                 for path, verdict in verdicts if verdict == "passed"]
    pages = list(Path(report.data_docs_path).parent.rglob("*.html"))
    assert pages
    for page in pages:
        parser = _ActiveMarkup()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        problems += [f"{page.name}: {found} live in the page (waits for {corpus.ESCAPED_PAGES})"
                     for found in sorted(set(parser.found))]
    _assert_or_report(problems)
