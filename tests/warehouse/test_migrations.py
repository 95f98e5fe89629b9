"""Migrations apply once, in order, and leave raw append-only even for its owner."""
from __future__ import annotations

import threading

import psycopg
import pytest

from sheetfeed.warehouse.migrate import migrate, migrations


def test_every_migration_is_recorded_once_and_a_second_run_applies_nothing(warehouse_url):
    with psycopg.connect(warehouse_url) as conn:
        applied = [row[0] for row in conn.execute("select name from public.sheetfeed_migrations order by name")]
        assert applied == [path.stem for path in migrations()]
        assert migrate(conn) == []


@pytest.mark.warehouse
def test_concurrent_migrations_apply_each_file_once(server_url):
    name = "sf_test_migrate_race"
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'drop database if exists "{name}" with (force)')
        admin.execute(f'create database "{name}"')
    results = []

    def run():
        with psycopg.connect(url) as conn:
            results.append(migrate(conn))

    try:
        threads = [threading.Thread(target=run) for _ in range(2)]
        [thread.start() for thread in threads]
        [thread.join(timeout=120) for thread in threads]
        assert sorted(map(len, results)) == [0, len(migrations())]
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'drop database if exists "{name}" with (force)')


@pytest.mark.parametrize("statement", [
    "delete from raw.submissions",
    "truncate raw.activities",
    "update raw.programs set title = 'x'",
    "update raw.files set content = 'rewritten'",
    "update raw.file_sightings set path = 'elsewhere'",
    "update raw.loads set pipeline_run_id = 'rewritten'",
])
def test_raw_is_append_only_even_for_its_owner(warehouse_url, seed_sheet, statement):
    from sheetfeed.load import load_file

    load_file(warehouse_url, seed_sheet, "run")
    with psycopg.connect(warehouse_url, autocommit=True) as owner:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            owner.execute(statement)
        owner.execute("update raw.files set last_seen_at = now()")  # the ledger's bookkeeping may move
        assert owner.execute("select count(*) from raw.activities").fetchone() == (40,)


@pytest.mark.parametrize("table, columns, values", [
    ("activities", "submission_id", ()), ("contacts", "submission_id", ()),
    ("programs", "submission_id, program_code", ("소통행정-3",)),
])
def test_an_entity_row_without_its_submission_is_refused(warehouse_url, seed_sheet, table, columns, values):
    from sheetfeed.load import load_file

    [submission_id] = load_file(warehouse_url, seed_sheet, "run").submission_ids
    with psycopg.connect(warehouse_url, autocommit=True) as owner:
        with pytest.raises(psycopg.errors.ForeignKeyViolation, match="not in raw.submissions"):
            with owner.cursor().copy(f"copy raw.{table} ({columns}) from stdin") as copy:
                copy.write_row((submission_id + 1, *values))
