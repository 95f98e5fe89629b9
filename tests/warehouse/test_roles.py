"""The roles of SPEC §3, as the migrations create them: each reads and writes only what it should."""
from __future__ import annotations

import psycopg
import pytest

from roles_helpers import as_role, refused
from sheetfeed.load import load_inbox

RAW_AND_QUALITY = """
select format('%I.%I', schemaname, tablename) from pg_tables
where schemaname in ('raw', 'quality') order by 1
"""
# What dbt will create: a mart built by the migrations' owner after the migrations ran.
MART = "create table marts.dim_program (program_code text, department text, total_budget_krw bigint)"


def test_bi_analyst_reads_marts_and_nothing_else(warehouse_url):
    with psycopg.connect(warehouse_url, autocommit=True) as owner:
        owner.execute(MART)
        tables = [row[0] for row in owner.execute(RAW_AND_QUALITY)]
    assert "raw.contacts" in tables and "quality.quarantine" in tables

    with as_role(warehouse_url, "bi_analyst") as analyst:
        assert analyst.execute("select count(*) from marts.dim_program").fetchone() == (0,)
        for table in tables:
            assert refused(analyst, f"select * from {table} limit 1"), table
        assert refused(analyst, "select name, phone_ext from raw.contacts")
        assert refused(analyst, "insert into marts.dim_program values ('x', 'y', 1)")


def test_no_column_bi_analyst_can_read_holds_authors_names_or_extensions(warehouse_url):
    with psycopg.connect(warehouse_url, autocommit=True) as owner:
        owner.execute(MART)
        readable = owner.execute(
            "select table_schema, table_name, column_name from information_schema.columns"
            " where table_schema not in ('pg_catalog', 'information_schema')"
            " and has_column_privilege('bi_analyst', format('%I.%I', table_schema, table_name)::regclass,"
            "                          column_name, 'select')").fetchall()
        contact_columns = owner.execute(
            "select column_name from information_schema.columns where table_schema = 'raw'"
            " and table_name = 'contacts'").fetchall()
    assert {row[0] for row in readable} == {"marts"}
    assert {"name", "phone_ext"} <= {row[0] for row in contact_columns}
    assert not {row[2] for row in readable} & {"name", "phone_ext", "author", "author_name"}


def test_loader_cannot_write_marts_or_create_anywhere_but_appends_to_raw(warehouse_url):
    with psycopg.connect(warehouse_url, autocommit=True) as owner:
        owner.execute(MART)
    with as_role(warehouse_url, "sheetfeed_loader") as loader:
        assert refused(loader, "insert into marts.dim_program values ('x', 'y', 1)")
        assert refused(loader, "update marts.dim_program set total_budget_krw = 0")
        assert refused(loader, "delete from marts.dim_program")
        assert refused(loader, "truncate marts.dim_program")
        assert refused(loader, "select * from marts.dim_program")
        for schema in ("marts", "staging", "intermediate", "raw"):
            assert refused(loader, f"create table {schema}.loader_made (x int)"), schema
        loader.execute("insert into raw.loads (pipeline_run_id) values ('allowed')")
        loader.execute("update raw.loads set finished_at = now() where pipeline_run_id = 'allowed'")
        assert refused(loader, "update raw.loads set pipeline_run_id = 'rewritten'")
        assert refused(loader, "delete from raw.loads")


def test_data_steward_reads_raw_quality_and_marts_and_writes_nothing(warehouse_url):
    with psycopg.connect(warehouse_url, autocommit=True) as owner:
        owner.execute(MART)
        tables = [row[0] for row in owner.execute(RAW_AND_QUALITY)]
    with as_role(warehouse_url, "data_steward") as steward:
        for table in [*tables, "marts.dim_program"]:
            steward.execute(f"select * from {table} limit 1")
        assert refused(steward, "insert into raw.loads (pipeline_run_id) values ('steward')")
        assert refused(steward, "insert into marts.dim_program values ('x', 'y', 1)")


def test_the_loader_runs_with_the_loader_role_privileges(warehouse_url, seed_sheet, tmp_path):
    """Taking a privilege away from sheetfeed_loader stops the loader: it really acts as that role."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "seed.txt").write_bytes(seed_sheet.read_bytes())
    with psycopg.connect(warehouse_url, autocommit=True) as owner:
        owner.execute("revoke insert on raw.activities from sheetfeed_loader")

    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="activities"):
        load_inbox(warehouse_url, inbox)

    with psycopg.connect(warehouse_url, autocommit=True) as owner:
        assert owner.execute("select count(*) from raw.files").fetchone() == (0,)
        owner.execute("grant insert on raw.activities to sheetfeed_loader")
    assert len(load_inbox(warehouse_url, inbox).loaded) == 1
