"""raw cannot be changed by any role the pipeline, a steward or an analyst uses (issue 15, point 5): not by
DELETE/UPDATE/TRUNCATE, nor by the owner's back doors — disabling the append-only triggers, replication
mode, dropping or altering columns, replacing raw.refuse_change() — for sheetfeed_loader, data_steward,
bi_analyst and sheetfeed_nightly (the role the nightly tasks and dbt act as). And a warehouse whose owner
is not a superuser migrates, loads and builds, with the nightly tasks on a login of their own."""
from __future__ import annotations

import uuid

import psycopg
import pytest

from roles_helpers import as_role, refused
from sheetfeed.load import load_inbox
from sheetfeed.warehouse.connection import url_parts
from sheetfeed.warehouse.migrate import migrate

PIPELINE_ROLES = ("sheetfeed_loader", "data_steward", "bi_analyst", "sheetfeed_nightly")
TAMPERING = {
    "disable trigger": "alter table raw.submissions disable trigger append_only",
    "disable all triggers": "alter table raw.files disable trigger all",
    "replication role": "set session_replication_role = replica",
    "drop column": "alter table raw.submissions drop column parse_error",
    "alter column": "alter table raw.programs alter column status type varchar(1)",
    "rename table": "alter table raw.files rename to files_gone",
    "drop table": "drop table raw.other_sections",
    "replace refuse_change": ("create or replace function raw.refuse_change() returns trigger language plpgsql"
                              " as $$ begin return null; end $$"),
    "drop refuse_change": "drop function raw.refuse_change() cascade",
    "drop trigger": "drop trigger append_only on raw.submissions",
    "new trigger": ("create trigger sneak before insert on raw.files for each row"
                    " execute function raw.refuse_change()"),
    "create in raw": "create table raw.sneak (x int)",
    "delete": "delete from raw.files",
    "update": "update raw.submissions set parse_error = 'rewritten'",
    "truncate": "truncate raw.extract_warnings",
    "take ownership": "alter table raw.files owner to current_user",
}


def _raw_state(url: str) -> dict:
    with psycopg.connect(url) as conn:
        return {
            "files": conn.execute("select count(*), string_agg(sha256, ',' order by sha256) from raw.files").fetchone(),
            "submissions": conn.execute("select count(*), string_agg(coalesce(parse_error, '-'), ',')"
                                        " from raw.submissions").fetchone(),
            "triggers": conn.execute("select count(*) from pg_trigger t join pg_class c on c.oid = t.tgrelid"
                                     " join pg_namespace n on n.oid = c.relnamespace"
                                     " where n.nspname = 'raw' and t.tgenabled = 'O'").fetchone(),
            "refuse_change": conn.execute("select md5(prosrc) from pg_proc where proname = 'refuse_change'").fetchone(),
            "columns": conn.execute("select count(*) from information_schema.columns"
                                    " where table_schema = 'raw'").fetchone(),
        }


@pytest.mark.parametrize("role", PIPELINE_ROLES)
def test_no_pipeline_role_can_tamper_with_raw(warehouse_url, seed_sheet, tmp_path, role):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "seed.txt").write_bytes(seed_sheet.read_bytes())
    (inbox / "broken.txt").write_text("not a sheet")
    load_inbox(warehouse_url, inbox)
    before = _raw_state(warehouse_url)
    assert before["files"][0] == 2 and before["triggers"][0] > 20

    allowed = []
    with as_role(warehouse_url, role) as conn:
        for attempt, statement in TAMPERING.items():
            if not refused(conn, statement):
                allowed.append(attempt)
        refused(conn, "grant delete, update, truncate on raw.files to current_user")  # at most a warning
    assert allowed == []
    with psycopg.connect(warehouse_url) as conn:
        assert conn.execute("select bool_or(has_table_privilege(%s, 'raw.files', privilege)) from"
                            " unnest(array['delete', 'truncate', 'update']) as privilege", (role,)).fetchone() == (False,)
    assert _raw_state(warehouse_url) == before


def test_dbt_builds_as_the_nightly_role_which_owns_the_marts_and_nothing_in_raw(warehouse_url):
    from sheetfeed.transform.dbt import build

    build(warehouse_url)
    with psycopg.connect(warehouse_url) as conn:
        owners = dict(conn.execute(
            "select n.nspname, array_agg(distinct pg_get_userbyid(c.relowner)::text) from pg_class c"
            " join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'v')"
            " and n.nspname in ('raw', 'staging', 'intermediate', 'marts') group by 1").fetchall())
        raw_create = conn.execute("select has_schema_privilege('sheetfeed_nightly', 'raw', 'create')").fetchone()[0]
    assert owners["marts"] == ["sheetfeed_nightly"] and owners["intermediate"] == ["sheetfeed_nightly"]
    assert owners["staging"] == ["sheetfeed_nightly"]
    assert "sheetfeed_nightly" not in owners["raw"] and raw_create is False


@pytest.fixture
def separate_logins(server_url, warehouse_url):
    """(warehouse_url: its migrations create the service roles on the server first.) A database owned by a non-superuser login (CREATEROLE, the service roles granted WITH ADMIN OPTION as
    README says), and a login for the nightly tasks in sheetfeed_nightly. Dropped afterwards."""
    tag = uuid.uuid4().hex[:10]
    owner, nightly, database = f"sf_owner_{tag}", f"sf_nightly_{tag}", f"sf_test_owner_{tag}"
    password = uuid.uuid4().hex
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"create role {owner} login createrole password '{password}'")
        admin.execute(f"create database {database} owner {owner}")
        roles = [row[0] for row in admin.execute(
            "select rolname from pg_roles where rolname in"
            " ('sheetfeed_loader', 'bi_analyst', 'data_steward', 'sheetfeed_nightly')")]
        for role in roles:
            admin.execute(f"grant {role} to {owner} with admin option")
    parts = url_parts(server_url)
    base = f"postgresql://{{user}}:{password}@{parts['host']}:{parts['port']}/{database}"
    yield base.format(user=owner), base.format(user=nightly), owner, nightly
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"drop database if exists {database} with (force)")
        admin.execute(f"drop role if exists {nightly}")
        admin.execute(f"drop role if exists {owner}")


def test_a_non_superuser_owner_migrates_and_a_nightly_login_loads_and_builds(
        separate_logins, seed_sheet, tmp_path):
    from sheetfeed.transform.dbt import build

    owner_url, nightly_url, owner, nightly = separate_logins
    with psycopg.connect(owner_url) as conn:
        assert conn.execute("select rolsuper from pg_roles where rolname = current_user").fetchone() == (False,)
        migrate(conn)
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute(f"create role {nightly} login password '{url_parts(owner_url)['password']}'"
                     " in role sheetfeed_nightly")

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "seed.txt").write_bytes(seed_sheet.read_bytes())
    assert len(load_inbox(nightly_url, inbox).loaded) == 1
    with psycopg.connect(nightly_url) as conn:  # the verdict a validation run gives the seed (tests/quality)
        conn.execute("set role sheetfeed_loader")
        conn.execute("insert into quality.validation_runs (run_id, started_at) values ('owner-test', now())")
        conn.execute("insert into quality.submission_verdicts (submission_id, run_id, verdict)"
                     " select submission_id, 'owner-test', 'passed' from raw.submissions")
    build(nightly_url)
    with psycopg.connect(nightly_url, autocommit=True) as conn:
        assert conn.execute("select count(*) from marts.dim_program").fetchone() == (1,)
        for attempt in ("disable trigger", "drop column", "replace refuse_change", "replication role", "delete"):
            assert refused(conn, TAMPERING[attempt]), attempt
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute("set role bi_analyst")
        assert conn.execute("select count(*) from marts.dim_program").fetchone() == (1,)
