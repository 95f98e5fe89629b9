"""The DAG's callables apart from Airflow's run loop: batching, error sorting, results for XCom, the summary."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sheetfeed.orchestrate import tasks


def test_new_files_are_loaded_ten_to_a_mapped_task_in_order():
    paths = [f"inbox/{index:03}.txt" for index in range(25)]
    assert tasks.batches(paths) == [paths[:10], paths[10:20], paths[20:]]
    assert tasks.batches(paths[:3]) == [paths[:3]]
    assert tasks.batches([]) == []


def test_many_new_files_are_grouped_under_the_mapping_limit_keeping_every_file_in_order():
    paths = [f"inbox/{index:05}.txt" for index in range(10_000)]
    groups = tasks.batches(paths, limit=256)
    assert len(groups) <= 256 and len(groups[0]) == 40
    assert [path for group in groups for path in group] == paths


def decision_for(exc: BaseException, context=None):
    from sheetfeed.orchestrate.retries import NightRetryPolicy

    return NightRetryPolicy().evaluate(exc, try_number=1, max_tries=4, context=context).action.value


def test_an_unreachable_warehouse_is_retried():
    from sheetfeed.warehouse.connection import WarehouseUnreachable

    error = WarehouseUnreachable("warehouse unreachable at postgresql://127.0.0.1:1/x")
    assert tasks.is_transient(error)
    assert decision_for(error) == "retry"


def test_a_refused_connection_is_retried(warehouse_url):
    import psycopg

    with pytest.raises(psycopg.OperationalError) as caught:
        psycopg.connect(warehouse_url.rsplit("/", 1)[0] + "/no_such_database_here", connect_timeout=5)
    assert tasks.is_transient(caught.value)
    assert decision_for(caught.value) == "retry"


def test_other_errors_fail_at_once_without_retries():
    from cosmos.exceptions import CosmosDbtRunError

    from sheetfeed.orchestrate.outage import WarehouseDown

    for error in (KeyError("program"), tasks.FilesNotLoaded("1 of 1 file(s) failed to load"),
                  tasks.NotConfigured("no warehouse configured"), WarehouseDown("down for 600 s"),
                  CosmosDbtRunError("dbt invocation completed with errors: unique_dim_program_program_code")):
        assert not tasks.is_transient(error)
        assert decision_for(error) == "fail", error


def test_dbt_losing_the_warehouse_is_retried_but_a_full_disk_is_not():
    from cosmos.exceptions import CosmosDbtRunError

    lost = CosmosDbtRunError("dbt invocation completed with errors: fct_activity: server closed the connection "
                             "unexpectedly")
    assert decision_for(lost) == "retry"
    full = CosmosDbtRunError('dbt invocation completed with errors: fct_activity: could not extend file '
                             '"base/16384/24576": No space left on device')
    assert decision_for(full) == "fail"


def test_a_full_disk_reported_as_a_lost_warehouse_is_not_retried():
    import psycopg

    from sheetfeed.orchestrate.outage import is_disk_full
    from sheetfeed.warehouse.connection import WarehouseUnreachable

    cause = psycopg.errors.DiskFull('could not extend file "base/1/2": No space left on device')
    try:
        try:
            raise cause
        except psycopg.OperationalError as exc:
            raise WarehouseUnreachable("lost the warehouse at postgresql://h/w while loading files") from exc
    except WarehouseUnreachable as error:
        assert is_disk_full(error) and not tasks.is_transient(error)
        assert decision_for(error) == "fail"


def test_without_a_warehouse_setting_a_task_fails_at_once_saying_what_to_set(monkeypatch, airflow_configured):
    monkeypatch.delenv("WAREHOUSE_URL", raising=False)
    with pytest.raises(tasks.NotConfigured, match="set WAREHOUSE_URL .* or the Airflow connection 'sheetfeed_warehouse'"):
        tasks.warehouse()


def test_without_an_inbox_setting_discovery_fails_at_once_saying_what_to_set(monkeypatch):
    monkeypatch.delenv("SHEETFEED_INBOX", raising=False)
    with pytest.raises(tasks.NotConfigured, match="set SHEETFEED_INBOX .* conf"):
        tasks.discover(params={})


def test_seam_results_become_json_safe_for_xcom():
    @dataclass
    class Loaded:
        path: Path
        submission_ids: tuple = ()
        extra: dict = field(default_factory=dict)

    assert tasks.to_plain(Loaded(Path("/in/a.txt"), (1, 2), {"p": Path("/x")})) == {
        "path": "/in/a.txt", "submission_ids": [1, 2], "extra": {"p": "/x"}}


def test_summary_counts_new_seen_loaded_and_failed_files():
    loads = [
        {"path": "a.txt", "status": "loaded", "submission_ids": [7, 8], "error": None},
        {"path": "b.txt", "status": "already_loaded", "submission_ids": [3], "error": None},
        {"path": "c.txt", "status": "parse_failed", "submission_ids": [9], "error": "c.txt: no title row"},
        {"path": "d.txt", "status": "vanished", "submission_ids": [], "error": None},
    ]
    discovery = {"inbox": "/in", "new": ["a.txt", "b.txt", "c.txt", "d.txt"], "seen": ["old.txt"]}
    validation = {"run_id": "v1", "submissions_checked": 3, "passed": 1, "failed": 1, "warned": 1,
                  "quarantined": 2, "data_docs_path": "/docs/index.html"}
    summary = tasks.build_summary("r1", discovery, loads, validation, {"dim_program": 4}, [])
    assert summary["files_new"] == 4
    assert summary["files_vanished"] == ["d.txt"]
    assert summary["files_seen"] == 2
    assert summary["files_loaded"] == 1
    assert summary["new_submissions"] == 2
    assert summary["parse_failures"] == [{"path": "c.txt", "error": "c.txt: no title row"}]
    assert summary["validation"]["quarantined"] == 2
    assert summary["marts"] == {"dim_program": 4}


def test_a_rerun_that_found_nothing_new_does_not_count_the_first_tries_loads():
    """`tasks clear` of discover: the new expansion is empty, but the first try's mapped XComs remain."""
    stale = [{"path": "a.txt", "status": "loaded", "submission_ids": [7], "error": None}]
    summary = tasks.build_summary("r1", {"inbox": "/in", "new": [], "seen": ["a.txt"]}, stale, None, None, [])
    assert (summary["files_new"], summary["files_loaded"], summary["new_submissions"]) == (0, 0, 0)


def test_summary_of_a_run_where_tasks_did_not_finish():
    summary = tasks.build_summary("r2", {}, [], None, None, ["discover", "validate"])
    assert summary["files_new"] == 0 and summary["marts"] is None
    assert summary["validation"]["run_id"] is None
    assert summary["failed_tasks"] == ["discover", "validate"]


def test_a_file_gone_since_discovery_is_skipped_and_the_others_load(warehouse_url, seed_sheet, tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(tasks, "warehouse", lambda: warehouse_url)
    present = shutil.copy(seed_sheet, tmp_path / "present.txt")
    results = tasks.load_batch([str(tmp_path / "gone.txt"), str(present)], "test-run")
    assert [(Path(item["path"]).name, item["status"]) for item in results] == [
        ("gone.txt", "vanished"), ("present.txt", "loaded")]


def test_a_defect_on_one_file_of_a_batch_fails_that_file_alone_and_the_others_land(
        warehouse_url, seed_sheet, tmp_path, monkeypatch):
    """An error that is neither a file's fault nor transient (a defect in sheetfeed, injected into the
    extractor for one file) stops the batch's one call; the batch is loaded again file by file, the
    others land, and the batch fails naming that file."""
    import shutil

    import psycopg

    from extract import sheets

    monkeypatch.setattr(tasks, "warehouse", lambda: warehouse_url)
    real = sheets.extract_file

    def extract_with_a_defect(path, *args, **kwargs):
        if Path(path).name == "defect.txt":
            raise RuntimeError("a defect in the extractor")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(sheets, "extract_file", extract_with_a_defect)
    first = shutil.copy(seed_sheet, tmp_path / "first.txt")
    defect = tmp_path / "defect.txt"
    defect.write_bytes(Path(seed_sheet).read_bytes() + b"\n")
    last = tmp_path / "last.txt"
    last.write_bytes(Path(seed_sheet).read_bytes() + b"\n\n")
    with pytest.raises(tasks.FilesNotLoaded, match=r"1 of 3 file\(s\) failed to load: .*defect\.txt: RuntimeError"):
        tasks.load_batch([str(first), str(defect), str(last)], "test-run")
    with psycopg.connect(warehouse_url) as conn:
        names = {Path(row[0]).name for row in conn.execute("select first_path from raw.files")}
    assert {"first.txt", "last.txt"} <= names and "defect.txt" not in names
