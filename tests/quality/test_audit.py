"""The audit trail holds: quarantine rows change only through quality.change_quarantine, which records who,
when and why; and a loader never waits for a validation run."""
from __future__ import annotations

import threading
import time

import psycopg
import pytest
from quality_helpers import ERROR_VARIANTS, land_and_validate, rows, submission_of, variant, write

DIRECT_CHANGES = [
    "update quality.quarantine set state = 'released' where submission_id = {sid}",
    "delete from quality.quarantine where submission_id = {sid}",
    "insert into quality.quarantine (submission_id, reason) values ({sid} + 1000, 'sneaked in')",
    "update quality.quarantine_events set reason = 'rewritten' where submission_id = {sid}",
    "delete from quality.quarantine_events where submission_id = {sid}",
    "insert into quality.quarantine_events (submission_id, action, actor) values ({sid}, 'released', 'nobody')",
]


@pytest.fixture
def held(warehouse_url, tmp_path):
    inbox = tmp_path / "inbox"
    path = write(inbox, "rate.txt", variant(ERROR_VARIANTS["rate_within_0_100"][0]))
    land_and_validate(warehouse_url, inbox)
    return submission_of(warehouse_url, path)


@pytest.mark.parametrize("role", ["data_steward", "sheetfeed_loader", None])
def test_direct_changes_are_refused_for_every_role_the_pipeline_or_a_steward_uses(warehouse_url, held, role):
    """None is the owner itself (the URL's user): refused too, outside a migration."""
    allowed = []
    for statement in DIRECT_CHANGES:
        with psycopg.connect(warehouse_url) as conn:
            if role:
                conn.execute(f"set role {role}")
            try:
                conn.execute(statement.format(sid=held))
                allowed.append(statement)
            except psycopg.errors.InsufficientPrivilege:
                pass
    assert allowed == []
    assert rows(warehouse_url, "select state from quality.quarantine where submission_id = %s", (held,)) == \
        [("open",)]
    assert rows(warehouse_url, "select action from quality.quarantine_events where submission_id = %s",
                (held,)) == [("quarantined",)]


def test_only_a_migration_of_the_owner_may_change_a_row_directly(warehouse_url, held):
    with psycopg.connect(warehouse_url) as conn:
        with conn.transaction():
            conn.execute("set local sheetfeed.quarantine_change = 'on'")
            conn.execute("update quality.quarantine set reason = 'reworded by a migration' where submission_id = %s",
                         (held,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # the setting ended with the transaction
            conn.execute("update quality.quarantine set reason = 'again' where submission_id = %s", (held,))


def test_the_function_records_who_when_and_why_and_only_from_open(warehouse_url, held):
    with psycopg.connect(warehouse_url, autocommit=True) as conn:
        conn.execute("set role data_steward")
        conn.execute("select quality.change_quarantine(%s, 'released', '확인함', '김민화')", (held,))
        for state in ("released", "superseded", "open"):
            with pytest.raises(psycopg.errors.RaiseException, match="already released"):
                conn.execute("select quality.change_quarantine(%s, %s, 'again')", (held, state))
        with pytest.raises(psycopg.errors.RaiseException, match="needs a reason"):
            conn.execute("select quality.change_quarantine(%s, 'released', '  ')", (held,))
    (user,) = rows(warehouse_url, "select session_user")[0]
    assert rows(warehouse_url, "select action, actor, steward, reason, at between now() - interval '1 hour' and now()"
                               " from quality.quarantine_events where submission_id = %s order by event_id",
                (held,))[1:] == [("released", user, "김민화", "확인함", True)]


def test_a_loader_is_never_blocked_by_a_running_validation(warehouse_url, seed_sheet, tmp_path, monkeypatch):
    """A validation run is held open mid-checkpoint; a loader lands a file (sightings included) meanwhile."""
    from sheetfeed.load import load_inbox
    from sheetfeed.quality import validate

    first = tmp_path / "first"
    write(first, "rate.txt", variant(ERROR_VARIANTS["rate_within_0_100"][0]))
    load_inbox(warehouse_url, first, "night-1")
    inside, finish = threading.Event(), threading.Event()
    real = validate.run_checkpoint

    def held_open(*args):
        found = real(*args)
        inside.set()
        assert finish.wait(120)
        return found

    monkeypatch.setattr(validate, "run_checkpoint", held_open)
    outcome = {}
    runner = threading.Thread(target=lambda: outcome.setdefault("report", validate.validate_pending(warehouse_url)))
    runner.start()
    try:
        assert inside.wait(300), "the validation never reached its checkpoint"
        second = tmp_path / "second"
        second.mkdir()
        (second / seed_sheet.name).write_bytes(seed_sheet.read_bytes())
        started = time.monotonic()
        loaded = load_inbox(warehouse_url, second, "night-1-late")
        assert runner.is_alive() and len(loaded.submission_ids) == 1
        assert time.monotonic() - started < 60
    finally:
        finish.set()
        runner.join(300)
    assert outcome["report"].submissions_checked == 1  # the late file waits for the next run
