"""`sheetfeed steward` against a real warehouse: what a steward sees, and what a release records."""
from __future__ import annotations

import shutil

from quality_helpers import ERROR_VARIANTS, land_and_validate, rows, submission_of, variant, write

from sheetfeed.cli import main as sheetfeed


def steward(capsys, *args: str) -> tuple[int, str]:
    status = sheetfeed(["steward", *map(str, args)])
    return status, capsys.readouterr().out


def listed_ids(output: str) -> list[int]:
    return [int(line.split()[0]) for line in output.splitlines()[1:] if line.split()[0].isdigit()]


def listed_rows(output: str) -> list[str]:
    return [line for line in output.splitlines()[1:] if line.split()[0].isdigit()]


def test_list_shows_open_quarantine_first_then_warnings_and_filters(warehouse_url, seed_sheet, tmp_path, capsys):
    inbox = tmp_path / "inbox"
    broken = write(inbox, "broken.txt", variant(ERROR_VARIANTS["department_present"][0]))
    other = write(inbox, "other.txt", variant([("소통행정-3\t", "소통행정-4\t")] + ERROR_VARIANTS["rate_within_0_100"][0]))
    land_and_validate(warehouse_url, inbox, "night-1")
    shutil.copy(seed_sheet, inbox)  # a newer passing submission of 소통행정-3 supersedes the broken one
    land_and_validate(warehouse_url, inbox, "night-2")
    broken_id, other_id = submission_of(warehouse_url, broken), submission_of(warehouse_url, other)
    seed_id = submission_of(warehouse_url, inbox / seed_sheet.name)

    status, out = steward(capsys, "list")
    assert status == 0
    assert listed_ids(out) == [other_id, seed_id]
    assert [row.split()[1] for row in listed_rows(out)] == ["open", "warned"]

    _, everything = steward(capsys, "list", "--all")
    assert listed_ids(everything) == [other_id, seed_id, broken_id]
    assert listed_rows(everything)[2].split()[1] == "superseded"

    assert listed_ids(steward(capsys, "list", "--severity", "error")[1]) == [other_id]
    assert listed_ids(steward(capsys, "list", "--severity", "warning")[1]) == [other_id, seed_id]
    assert listed_ids(steward(capsys, "list", "--program", "소통행정-3", "--all")[1]) == [seed_id, broken_id]
    assert listed_ids(steward(capsys, "list", "--department", "마을자치과")[1]) == [other_id, seed_id]
    assert "nothing to review" in steward(capsys, "list", "--department", "없는과")[1]


def test_show_prints_every_failure_with_its_line_and_the_sheet_around_it(warehouse_url, tmp_path, capsys):
    inbox = tmp_path / "inbox"
    path = write(inbox, "row_total.txt", variant(ERROR_VARIANTS["budget_row_total_equals_sum_of_years"][0]))
    land_and_validate(warehouse_url, inbox)
    sid = submission_of(warehouse_url, path)

    status, out = steward(capsys, "show", sid)

    assert status == 0
    assert f"submission {sid}: 소통행정-3 마을자치과" in out
    assert "quarantine  open since" in out and "KST: budget_row_total_equals_sum_of_years at line 31" in out
    assert "1 error(s), 1 warning(s)" in out
    error = out[out.index("[error] budget_row_total_equals_sum_of_years"):out.index("[warning]")]
    assert "at line 31: 합계 협치기반강화 시비, secured and demand" in error
    assert "expected: the sum of the years: 1,185,000,000 KRW" in error and "found:    1,186,000,000 KRW" in error
    assert ">   31 | 협치기반강화  ⇥ 시 비  ⇥ 1,186" in error
    assert "    30 | 계" in error and "    29 |" in error and "    33 | □ 추진실적" in error
    warning = out[out.index("[warning]"):]
    assert "activity_month_inside_reported_quarter" in warning and ">   71 | - '20. 2." in warning
    assert "line 71: activity dated 2020-02 is outside its reported quarter 2020 Q2" in out  # the extractor's note

    assert steward(capsys, "show", sid + 100) == (1, f"no submission {sid + 100}\n")


def test_release_records_who_when_why_and_only_once(warehouse_url, tmp_path, capsys, monkeypatch):
    inbox = tmp_path / "inbox"
    path = write(inbox, "rate.txt", variant(ERROR_VARIANTS["rate_within_0_100"][0]))
    memo = write(inbox, "memo.txt", "제목 없는 메모\n")
    land_and_validate(warehouse_url, inbox)
    sid, memo_id = submission_of(warehouse_url, path), submission_of(warehouse_url, memo)
    monkeypatch.setenv("SHEETFEED_STEWARD", "김민화")

    status, out = steward(capsys, "release", sid, "--reason", "이행률 120%는 초과 달성으로 확인함")

    assert status == 0 and "reaches the marts on the next run" in out
    assert rows(warehouse_url, "select state from quality.quarantine where submission_id = %s", (sid,)) == \
        [("released",)]
    (user,) = rows(warehouse_url, "select session_user")[0]
    assert rows(warehouse_url, "select action, actor, steward, reason, at <= now() from quality.quarantine_events"
                               " where submission_id = %s order by event_id", (sid,))[1:] == \
        [("released", user, "김민화", "이행률 120%는 초과 달성으로 확인함", True)]
    assert steward(capsys, "release", sid, "--reason", "again")[0] == 1
    assert steward(capsys, "release", memo_id, "--reason", "no data")[0] == 1
    assert rows(warehouse_url, "select state from quality.quarantine where submission_id = %s", (memo_id,)) == \
        [("open",)]
    assert steward(capsys, "release", 999_999, "--reason", "x")[0] == 1
    assert rows(warehouse_url, "select action, count(*) from quality.quarantine_events group by 1 order by 1") == \
        [("quarantined", 2), ("released", 1)]


def test_show_quotes_worksheet_rows_of_an_xlsx_submission(warehouse_url, tmp_path, capsys):
    from sheetmaker.generator import write_inbox

    inbox = tmp_path / "inbox"
    write_inbox(inbox, 4, seed=3, formats=("xlsx",))
    land_and_validate(warehouse_url, inbox)
    found = rows(warehouse_url, "select submission_id, line from quality.validation_results where line is not null"
                                " order by result_id limit 1")
    assert found, "the generated workbooks gave no finding to show"
    sid, line = found[0]

    status, out = steward(capsys, "show", sid)

    assert status == 0 and ".xlsx" in out
    quoted = [text for text in out.splitlines() if text.startswith(f"  >{line:>5} | ")]
    assert quoted and len(quoted[0]) > len(f"  >{line:>5} | ")
