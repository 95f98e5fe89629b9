"""Every content lands once, completely, with its bytes and a ledger of where it was seen."""
from __future__ import annotations

import hashlib
import json

import psycopg
import pytest

from sheetfeed.load import discover, load_file, load_files, load_inbox
from sheetfeed.load.landing import Incoming, land_groups
from sheetfeed.load.ledger import open_load
from sheetfeed.load.session import loader_connection
from extract.sheets import extract_file
from load_helpers import ENTITY_TABLES, raw_trace, table_counts, variant, write


def test_seed_lands_whole_with_bytes_lines_and_document(warehouse_url, seed_sheet, tmp_path):
    path = write(tmp_path / "inbox", "seed.txt", seed_sheet.read_text(encoding="utf-8"))
    extracted = extract_file(path)
    [sheet] = extracted.sheets

    report = load_inbox(warehouse_url, tmp_path / "inbox", "run-1")

    assert report.loaded == [path] and report.new == [path] and report.seen == []
    assert len(report.submission_ids) == 1
    with psycopg.connect(warehouse_url) as conn:
        content, size, first_path = conn.execute(
            "select content, size_bytes, first_path from raw.files where sha256 = %s", (extracted.sha256,)).fetchone()
        assert content == path.read_bytes() and size == len(content) and first_path == str(path)
        assert hashlib.sha256(content).hexdigest() == extracted.sha256
        row = conn.execute(
            "select parse_status, parse_error, sheet_index, program_code, reported_as_of::text, first_line,"
            " last_line, encoding, document, source_path, load_id from raw.submissions").fetchone()
        assert row[:8] == ("parsed", None, 0, "소통행정-3", "2021-06-30", sheet["source"]["first_line"],
                           sheet["source"]["last_line"], "utf-8")
        assert row[8] == json.loads(json.dumps(sheet, ensure_ascii=False))
        assert row[9] == str(path) and row[10] == report.load_id
        program = conn.execute(
            "select total_budget_krw, business_types, implementation_rate_pct, line from raw.programs").fetchone()
        assert program == (1185000000, ["계속", "자체", "운영"], 100, sheet["program"]["line"])
        activity_lines = [r[0] for r in conn.execute("select line from raw.activities order by line")]
        assert activity_lines == sorted(a["line"] for a in sheet["activities"])
        assert conn.execute("select count(*) from raw.contacts where name = '한만석' and phone_ext = '1040'"
                            ).fetchone()[0] == 1
        load = conn.execute("select pipeline_run_id, finished_at is not null, files_found, files_new, files_loaded,"
                            " files_parse_failed, submissions_loaded from raw.loads").fetchone()
        assert load == ("run-1", True, 1, 1, 1, 0, 1)
    counts = raw_trace(warehouse_url, extracted.sha256)
    expected = {"targets": 10, "budget_lines": 10, "budget_reported_totals": 2, "quarters": 10, "activities": 40,
                "plans": 3, "contacts": 3, "collaborations": 1, "programs": 1,
                "quarter_counts": sum(len(q["counts"]) for q in sheet["quarters"]),
                "extract_warnings": len(sheet["warnings"])}
    assert {table: counts[table] for table in expected} == expected


def test_same_inbox_twice_loads_nothing_the_second_time(warehouse_url, seed_text, tmp_path):
    inbox = tmp_path / "inbox"
    for number in range(1, 6):
        write(inbox, f"sheet_{number}.txt", variant(seed_text, number))
    first = load_inbox(warehouse_url, inbox, "night-1")
    before = table_counts(warehouse_url)
    with psycopg.connect(warehouse_url) as conn:
        seen_before = dict(conn.execute("select sha256, last_seen_at from raw.files").fetchall())

    second = load_inbox(warehouse_url, inbox, "night-2")

    assert len(first.loaded) == 5 and len(set(first.submission_ids)) == 5
    assert second.new == [] and second.loaded == [] and second.submission_ids == []
    assert sorted(second.seen) == sorted(first.loaded)
    assert table_counts(warehouse_url) == before
    with psycopg.connect(warehouse_url) as conn:
        seen_after = dict(conn.execute("select sha256, last_seen_at from raw.files").fetchall())
        assert all(seen_after[sha] > seen_before[sha] for sha in seen_before)
        assert conn.execute("select files_found, files_new, files_loaded from raw.loads where pipeline_run_id"
                            " = 'night-2'").fetchone() == (5, 0, 0)


def test_same_content_under_another_name_is_seen_not_loaded(warehouse_url, seed_text, tmp_path):
    original = write(tmp_path / "inbox", "a.txt", seed_text)
    load_inbox(warehouse_url, tmp_path / "inbox")
    renamed = write(tmp_path / "inbox", "b_copy.txt", seed_text)

    found = discover(warehouse_url, tmp_path / "inbox")
    report = load_inbox(warehouse_url, tmp_path / "inbox")

    assert found.new == [] and sorted(found.seen) == [original, renamed]
    assert report.loaded == [] and sorted(report.seen) == [original, renamed]
    with psycopg.connect(warehouse_url) as conn:
        assert conn.execute("select count(*) from raw.submissions").fetchone()[0] == 1
        paths = [r[0] for r in conn.execute("select path from raw.file_sightings order by path")]
        assert paths == [str(original), str(renamed)]


def test_two_new_files_with_one_content_land_once(warehouse_url, seed_text, tmp_path):
    first = write(tmp_path / "inbox", "a.txt", seed_text)
    second = write(tmp_path / "inbox", "b.txt", seed_text)

    report = load_inbox(warehouse_url, tmp_path / "inbox")

    assert report.loaded == [first] and report.already_loaded == [second]
    assert raw_trace(warehouse_url, hashlib.sha256(seed_text.encode()).hexdigest())["submissions"] == 1
    with psycopg.connect(warehouse_url) as conn:
        assert conn.execute("select count(*) from raw.file_sightings").fetchone()[0] == 2


def test_changed_file_and_resubmitted_program_are_new_submissions_and_older_ones_stay(
        warehouse_url, seed_text, tmp_path):
    inbox = tmp_path / "inbox"
    path = write(inbox, "program.txt", seed_text)
    first = load_inbox(warehouse_url, inbox)
    write(inbox, "program.txt", variant(seed_text, 3, note="추가 활동 보고"))  # same name, same code, new content
    second = load_inbox(warehouse_url, inbox)
    write(inbox, "program_v3.txt", variant(seed_text, 3, note="세 번째 보고"))  # the program again, another name
    third = load_inbox(warehouse_url, inbox)

    assert first.loaded == [path] and second.loaded == [path] and len(third.loaded) == 1
    ids = first.submission_ids + second.submission_ids + third.submission_ids
    assert len(set(ids)) == 3
    with psycopg.connect(warehouse_url) as conn:
        rows = conn.execute("select submission_id, program_code, source_path from raw.submissions"
                            " order by submission_id").fetchall()
        assert [r[0] for r in rows] == sorted(ids)
        assert {r[1] for r in rows} == {"소통행정-3"}
        activities = dict(conn.execute("select submission_id, count(*) from raw.activities group by 1").fetchall())
        assert activities == {ids[0]: 40, ids[1]: 41, ids[2]: 41}
        assert conn.execute("select count(*) from raw.files").fetchone()[0] == 3


def test_file_that_cannot_be_parsed_is_a_failed_submission_with_its_bytes(warehouse_url, seed_text, tmp_path):
    inbox = tmp_path / "inbox"
    good = write(inbox, "good.txt", seed_text)
    bad = write(inbox, "notes.txt", "회의 메모\t내용 없음\n둘째 줄\n")
    empty = write(inbox, "empty.txt", "")

    report = load_inbox(warehouse_url, inbox)

    assert report.loaded == [good] and sorted(report.parse_failed) == [empty, bad]
    failures = {result.path: result for result in report.files if result.status == "parse_failed"}
    assert "no title row" in failures[bad].error and "\n" not in failures[bad].error
    with psycopg.connect(warehouse_url) as conn:
        rows = conn.execute(
            "select s.source_path, s.sheet_index, s.parse_status, s.parse_error, s.document, f.content"
            " from raw.submissions s join raw.files f using (sha256) where s.parse_status = 'failed'"
            " order by s.source_path").fetchall()
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [(str(empty), None, "failed", None),
                                                      (str(bad), None, "failed", None)]
    assert rows[1][3] == failures[bad].error and rows[1][5] == bad.read_bytes() and rows[0][5] == b""
    assert load_inbox(warehouse_url, inbox).new == []  # a failed file is recorded, not retried every night


def test_sheets_of_one_file_are_submissions_in_order(warehouse_url, seed_text, tmp_path):
    path = write(tmp_path / "inbox", "two.txt", seed_text + "\n" + variant(seed_text, 4))

    result = load_file(warehouse_url, path, "run")

    assert result.status == "loaded" and len(result.submission_ids) == 2
    with psycopg.connect(warehouse_url) as conn:
        rows = conn.execute("select sheet_index, program_code, first_line > 100 from raw.submissions"
                            " order by submission_id").fetchall()
    assert rows == [(0, "소통행정-3", False), (1, "소통행정-4", True)]


def test_load_file_seam_sights_a_known_content_without_loading_it(warehouse_url, seed_text, tmp_path):
    path = write(tmp_path, "a.txt", seed_text)
    first = load_file(warehouse_url, path, "run-a")
    again = load_file(warehouse_url, path, "run-b")
    copy = load_file(warehouse_url, write(tmp_path, "again.txt", seed_text), "run-c")

    assert first.status == "loaded" and first.sha256 == hashlib.sha256(seed_text.encode()).hexdigest()
    assert again.status == copy.status == "already_loaded" and again.submission_ids == []
    with psycopg.connect(warehouse_url) as conn:
        assert conn.execute("select pipeline_run_id from raw.loads").fetchall() == [("run-a",)]
        assert conn.execute("select count(*) from raw.file_sightings").fetchone()[0] == 2


def test_a_group_whose_content_another_loader_landed_meanwhile_lands_the_rest_once(
        warehouse_url, seed_text, tmp_path):
    paths = [write(tmp_path, f"{n}.txt", variant(seed_text, n)) for n in (1, 2, 3)]
    incoming = [Incoming.of(extract_file(path)) for path in paths]  # parsed before the other loader ran
    load_file(warehouse_url, paths[1], "the other loader")

    with loader_connection(warehouse_url) as conn:
        results = land_groups(conn, [incoming], open_load(conn, "this loader", None, 3, 3))

    assert [result.status for result in results] == ["loaded", "already_loaded", "loaded"]
    with psycopg.connect(warehouse_url) as conn:
        assert conn.execute("select count(*), count(distinct sha256) from raw.submissions").fetchone() == (3, 3)
        per_submission = conn.execute("select submission_id, count(*) from raw.activities group by 1").fetchall()
        assert sorted(count for _, count in per_submission) == [40, 40, 40]
        assert {sid for sid, _ in per_submission} == {
            sid for result in results for sid in result.submission_ids} | {
            conn.execute("select submission_id from raw.submissions where source_path = %s",
                         (str(paths[1]),)).fetchone()[0]}


@pytest.mark.parametrize("files_per_transaction", [1, None])
def test_rows_the_warehouse_refuses_land_the_file_as_failed_and_spare_the_others(
        warehouse_url, seed_text, tmp_path, files_per_transaction):
    inbox = tmp_path / "inbox"
    good = [write(inbox, f"{n}.txt", variant(seed_text, n)) for n in (1, 2)]
    # A budget that parses but no bigint column can hold.
    refused = write(inbox, "1b.txt", variant(seed_text, 9).replace("1,185백만원", "99,999,999,999,999백만원", 1))

    results = load_files(warehouse_url, [good[0], refused, good[1]], files_per_transaction=files_per_transaction)

    assert [r.status for r in results] == ["loaded", "parse_failed", "loaded"]
    assert "refused its rows" in results[1].error
    trace = raw_trace(warehouse_url, results[1].sha256)
    assert trace["files"] == 1 and trace["submissions"] == 1
    assert all(trace[table] == 0 for table in ENTITY_TABLES)
    with psycopg.connect(warehouse_url) as conn:
        assert conn.execute("select content from raw.files where sha256 = %s",
                            (results[1].sha256,)).fetchone()[0] == refused.read_bytes()


def test_file_over_the_extractor_limit_keeps_its_bytes(warehouse_url, tmp_path):
    from extract.sheets import DEFAULT_MAX_BYTES

    path = tmp_path / "huge.txt"
    path.write_bytes(b"x" * (DEFAULT_MAX_BYTES + 1))

    result = load_file(warehouse_url, path)

    assert result.status == "parse_failed" and "limit" in result.error
    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    with psycopg.connect(warehouse_url) as conn:
        assert conn.execute("select size_bytes from raw.files").fetchone()[0] == DEFAULT_MAX_BYTES + 1


def test_hidden_lock_and_partial_files_are_not_submissions(warehouse_url, seed_text, tmp_path):
    inbox = tmp_path / "inbox"
    real = write(inbox / "dept", "sheet.txt", seed_text)
    for name in (".DS_Store", "~$sheet.xlsx", "upload.txt.part"):
        write(inbox, name, "x")
    write(inbox / ".hidden", "sheet.txt", variant(seed_text, 5))

    assert discover(warehouse_url, inbox).new == [real]


def test_missing_inbox_is_a_clear_error(warehouse_url, tmp_path):
    with pytest.raises(FileNotFoundError, match="is not a folder"):
        load_inbox(warehouse_url, tmp_path / "nowhere")


def test_generated_text_and_workbook_sheets_land_every_entity(warehouse_url, tmp_path):
    from sheetmaker.generator import write_inbox

    paths = write_inbox(tmp_path / "inbox", 12, seed=7, formats=("txt", "xlsx"), sheets_per_file=2)
    sheets = [sheet for path in paths for sheet in extract_file(path).sheets]

    report = load_inbox(warehouse_url, tmp_path / "inbox", "generated", files_per_transaction=5)

    assert len(report.loaded) == 12 and len(report.submission_ids) == len(sheets) == 24
    expected = {
        "targets": sum(len(s["targets"]) for s in sheets), "budget_lines": sum(len(s["budget"]) for s in sheets),
        "quarters": sum(len(s["quarters"]) for s in sheets), "activities": sum(len(s["activities"]) for s in sheets),
        "quarter_counts": sum(len(q["counts"]) for s in sheets for q in s["quarters"]),
        "contacts": sum(len(s["contacts"]) for s in sheets), "plans": sum(len(s["plans"]) for s in sheets),
        "programs": 24,
    }
    counts = table_counts(warehouse_url)
    assert {table: counts[table] for table in expected} == expected
    with psycopg.connect(warehouse_url) as conn:
        workbook_rows = conn.execute(
            "select count(*) from raw.activities a join raw.submissions s using (submission_id)"
            " where s.source_path like '%.xlsx' and a.line is not null").fetchone()[0]
    assert workbook_rows == sum(len(s["activities"]) for s in sheets if s["source"]["path"].endswith(".xlsx"))


def test_a_file_that_cannot_be_read_is_skipped_not_recorded(warehouse_url, seed_text, tmp_path):
    from extract.inbox import hashes_of

    present = write(tmp_path, "present.txt", seed_text)
    gone = tmp_path / "gone.txt"

    assert hashes_of([present, gone]) == {present: hashlib.sha256(seed_text.encode()).hexdigest()}
    assert [result.status for result in load_files(warehouse_url, [gone, present])] == ["loaded"]
    with pytest.raises(FileNotFoundError, match="cannot be read"):
        load_file(warehouse_url, gone)
    with psycopg.connect(warehouse_url) as conn:
        assert conn.execute("select first_path from raw.files").fetchall() == [(str(present),)]
