"""GX and the marts read one vocabulary: dbt's seed tables, matched the same way (spaces, keyword ties)."""
from __future__ import annotations

import shutil

import pytest
from quality_helpers import REPO_ROOT, land_and_validate, rows, submission_of, variant, write

from sheetfeed import settings

pytestmark = pytest.mark.slow

STATUS = ("추진현황\t완료(계속)\t", "추진현황\t{}\t")


def test_a_status_written_with_spaces_is_known_to_gx_and_grouped_by_the_marts(warehouse_url, tmp_path):
    from sheetfeed.transform.dbt import build

    inbox = tmp_path / "inbox"
    spaced = write(inbox, "spaced.txt", variant([(STATUS[0], STATUS[1].format("정상 추진"))]))
    unknown = write(inbox, "unknown.txt", variant([(STATUS[0], STATUS[1].format("진행 중")),
                                                   ("소통행정-3\t", "소통행정-4\t")]))
    land_and_validate(warehouse_url, inbox)
    build(warehouse_url)

    status_warnings = {sid for (sid,) in rows(warehouse_url, "select submission_id from quality.validation_results"
                                                             " where expectation = 'status_known'")}
    grouped = dict(rows(warehouse_url, "select submission_id, status_is_known from intermediate.int_program_versions"))
    spaced_id, unknown_id = submission_of(warehouse_url, spaced), submission_of(warehouse_url, unknown)
    assert status_warnings == {unknown_id}
    assert grouped == {spaced_id: True, unknown_id: False}
    assert rows(warehouse_url, "select status_group from intermediate.int_program_versions where submission_id = %s",
                (spaced_id,)) == [("on_track",)]


def test_a_keyword_tie_types_a_count_the_same_in_gx_and_in_the_marts(warehouse_url, tmp_path, monkeypatch):
    """Two keywords of one priority in one label: the lowest keyword wins in both (the CSV's order in neither)."""
    from sheetfeed.transform.dbt import build

    project = tmp_path / "dbt_project"
    shutil.copytree(REPO_ROOT / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs"))
    keywords = project / "seeds" / "activity_type_keywords.csv"
    keywords.write_text(keywords.read_text(encoding="utf-8") + "workshop,소규모,20\n", encoding="utf-8")
    monkeypatch.setattr(settings, "DBT_PROJECT_DIR", project)
    inbox = tmp_path / "inbox"
    path = write(inbox, "tie.txt", variant([("【19년 1분기】 - 협치론장 운영 : 1회", "【19년 1분기】 - 소규모 협치론장 운영 : 3회")]))

    land_and_validate(warehouse_url, inbox)
    build(warehouse_url, project_dir=project)

    sid = submission_of(warehouse_url, path)
    (expected,) = rows(warehouse_url, "select expected from quality.validation_results where submission_id = %s"
                                      " and expectation = 'quarterly_counts_match_activities' and line = 35", (sid,))[0]
    marts = rows(warehouse_url, "select activity_type from intermediate.int_quarter_counts_classified"
                                " where submission_id = %s and source_line = 35", (sid,))
    (winner,) = rows(warehouse_url, "select activity_type from staging.activity_type_keywords"
                                    " where keyword in ('소규모', '협치론장') order by priority, keyword limit 1")[0]
    assert marts == [(winner,)] and f"as many {winner} activities" in expected
