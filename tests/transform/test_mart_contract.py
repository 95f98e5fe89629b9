"""The marts' contract (issue 14, point 2): enforced types, bilingual COMMENTs, a checked-in shape that
may only grow, and the raw source's freshness."""
from __future__ import annotations

import re

import psycopg
import pytest

from sheetfeed.transform import contract, dbt

SPEC_MARTS = {"dim_program", "dim_department", "fct_budget_execution", "fct_activity", "fct_quarterly_report",
              "fct_target_attainment", "mart_department_budget", "mart_governance_kpis", "dim_program_history"}
HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN_WORDS = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def built(warehouse, seed_text):
    warehouse.accept(seed_text)
    warehouse.build()
    return warehouse


def test_built_marts_keep_every_column_and_type_the_contract_file_lists(built):
    published = contract.published()
    assert set(published) == SPEC_MARTS
    with psycopg.connect(built.url) as conn:
        actual = contract.built(conn)
    assert contract.breaks(published, actual) == []
    # Money is bigint KRW in every mart, rates numeric.
    for table, columns in published.items():
        for column, data_type in columns.items():
            if column.endswith("_krw"):
                assert data_type == "bigint", (table, column)
            if column.endswith("_pct"):
                assert data_type == "numeric", (table, column)


@pytest.mark.slow
def test_a_dropped_column_or_changed_type_breaks_the_contract_and_an_added_one_does_not(built):
    with psycopg.connect(built.url, autocommit=True) as conn:
        conn.execute("alter table marts.fct_budget_execution drop column execution_rate_pct")
        conn.execute("alter table marts.dim_department alter column program_count type integer")
        conn.execute("alter table marts.dim_program add column analyst_note text")
        conn.execute("drop table marts.fct_activity")
        found = contract.breaks(contract.published(), contract.built(conn))
    assert found == [
        "marts.dim_department.program_count is integer, the contract says bigint",
        "marts.fct_activity is gone",
        "marts.fct_budget_execution.execution_rate_pct is gone",
    ]


@pytest.mark.slow
def test_dbt_enforces_the_types_a_model_declares(built, tmp_path):
    """A model whose SQL returns another type than its YAML declares fails the build (enforced contract)."""
    import shutil

    project = tmp_path / "dbt_project"
    shutil.copytree(dbt.settings.DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    model = project / "models" / "marts" / "dim_department.sql"
    model.write_text(model.read_text(encoding="utf-8").replace(
        "sum(total_budget_krw)::bigint as total_budget_krw", "sum(total_budget_krw)::numeric as total_budget_krw"),
        encoding="utf-8")
    with pytest.raises(dbt.DbtBuildFailed, match="(?s)dim_department.*contract"):
        dbt.build(built.url, select=["dim_department"], project_dir=project)


@pytest.mark.slow
def test_every_mart_and_column_carries_a_korean_and_english_comment(built):
    rows = built.rows(
        "select c.relname, a.attname, col_description(c.oid, a.attnum), obj_description(c.oid, 'pg_class')"
        " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped"
        " where n.nspname = 'marts' and c.relkind = 'r'")
    assert {table for table, *_ in rows} == SPEC_MARTS
    missing = [f"{table}.{column}" for table, column, comment, _ in rows
               if not (comment and HANGUL.search(comment) and LATIN_WORDS.search(comment))]
    assert missing == []
    tables = {table: comment for table, _, _, comment in rows}
    assert all(HANGUL.search(comment) and LATIN_WORDS.search(comment) for comment in tables.values()), tables
    # What an analyst sees in psql: \d+ reads the same catalog.
    comment = built.rows("select col_description('marts.fct_budget_execution'::regclass, 11)")[0][0]
    assert comment.startswith("집행률(%)") and "planned" in comment


def land_nothing_since(url: str, days: int) -> None:
    """A warehouse whose only load is ``days`` old (raw is append-only, so it is written that way)."""
    with psycopg.connect(url) as conn:
        conn.execute("insert into raw.files (sha256, size_bytes, content, first_path) values ('old', 0, '', 'old.txt')")
        load_id = conn.execute("insert into raw.loads (pipeline_run_id, started_at) values ('old', now() - %s::interval)"
                               " returning load_id", (f"{days} days",)).fetchone()[0]
        conn.execute("insert into raw.submissions (sha256, source_path, parse_status, load_id, loaded_at)"
                     " values ('old', 'old.txt', 'failed', %s, now() - %s::interval)", (load_id, f"{days} days"))


@pytest.mark.parametrize("days, status", [(1, "pass"), (3, "warn"), (9, "error")])
def test_raw_freshness_warns_after_two_days_and_errors_after_eight(warehouse_url, days, status):
    land_nothing_since(warehouse_url, days)
    [freshness] = dbt.source_freshness(warehouse_url)
    assert (freshness.source, freshness.status) == ("raw.submissions", status)
    assert days * 24 - 1 < freshness.age_hours < days * 24 + 1
