"""The `bi` compose profile's Superset dashboard: an export that imports whole and whose SQL runs on the marts.

Superset is not installed by the tests (it runs in its own compose service; `superset import-dashboards` of
this export into Superset 6.1.0 was tried by hand, 2026-12-02: 1 dashboard, 4 charts, 3 datasets). The
export is checked the way Superset's importer reads it: every reference resolves, no secret is in it, every column is a contracted
mart column, and every metric each chart asks for runs, grouped as the chart groups it, on built marts as
``bi_analyst``.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import yaml
from psycopg import sql

from sheetfeed import settings

EXPORT = settings.REPO_ROOT / "bi" / "superset" / "sheetfeed_dashboard"
CONTRACT = settings.REPO_ROOT / "dbt_project" / "contracts" / "marts.yml"


def _documents(kind: str) -> dict[str, dict]:
    return {document["uuid"]: document for document in
            (yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((EXPORT / kind).rglob("*.yaml")))}


@pytest.fixture(scope="module")
def export() -> dict[str, dict[str, dict]]:
    return {kind: _documents(kind) for kind in ("databases", "datasets", "charts", "dashboards")}


def _chart_uuids(position: dict) -> set[str]:
    """The charts the layout places; Superset's importer maps each by its uuid and its exported chartId."""
    charts = [item["meta"] for item in position.values() if isinstance(item, dict) and item.get("type") == "CHART"]
    assert all(isinstance(meta.get("chartId"), int) for meta in charts)
    return {meta["uuid"] for meta in charts}


def test_every_reference_of_the_export_resolves(export):
    assert yaml.safe_load((EXPORT / "metadata.yaml").read_text(encoding="utf-8"))["type"] == "Dashboard"
    (dashboard,) = export["dashboards"].values()
    assert _chart_uuids(dashboard["position"]) == set(export["charts"])
    assert {chart["dataset_uuid"] for chart in export["charts"].values()} <= set(export["datasets"])
    assert {dataset["database_uuid"] for dataset in export["datasets"].values()} == set(export["databases"])
    assert len(export["charts"]) >= 4


def test_the_export_holds_no_password_and_reads_as_an_analyst(export):
    (database,) = export["databases"].values()
    address = urlsplit(database["sqlalchemy_uri"])
    assert address.password is None and address.username == "bi_superset"
    assert not database["allow_dml"] and not database["allow_ctas"] and not database["allow_file_upload"]


def test_every_dataset_column_is_a_contracted_mart_column(export):
    contract = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))["marts"]
    for dataset in export["datasets"].values():
        assert dataset["schema"] == "marts"
        columns = {column["column_name"] for column in dataset["columns"]}
        assert columns <= set(contract[dataset["table_name"]]), dataset["table_name"]


def _grouping(params: dict) -> list[str]:
    groupby = params.get("groupby") or []
    return [params["x_axis"], *([groupby] if isinstance(groupby, str) else groupby)]


def _chart_query(chart: dict, dataset: dict) -> sql.Composed:
    """The query Superset sends for a chart: its metrics grouped by its axes, under its simple filters."""
    params = chart["params"]
    expressions = {metric["metric_name"]: metric["expression"] for metric in dataset["metrics"]}
    wanted = params.get("metrics") or [params["metric"]]
    grouping = [sql.Identifier(column) for column in _grouping(params)]
    filters = [sql.SQL("{} = {}").format(sql.Identifier(item["subject"]), sql.Literal(item["comparator"]))
               for item in params.get("adhoc_filters") or [] if item["operator"] == "=="]
    return sql.SQL("select {group}, {metrics} from marts.{table} where {where} group by {group}").format(
        group=sql.SQL(", ").join(grouping),
        metrics=sql.SQL(", ").join(sql.SQL(expressions[name]) for name in wanted),
        table=sql.Identifier(dataset["table_name"]),
        where=sql.SQL(" and ").join(filters) if filters else sql.SQL("true"))


@pytest.mark.warehouse
def test_every_chart_runs_on_the_marts_as_bi_analyst(export, marts):
    with psycopg.connect(marts.url) as conn:
        conn.execute("set role bi_analyst")
        for chart in export["charts"].values():
            rows = conn.execute(_chart_query(chart, export["datasets"][chart["dataset_uuid"]])).fetchall()
            assert rows, chart["slice_name"]


def test_the_bi_profile_serves_superset_from_the_checked_in_export():
    compose = yaml.safe_load((settings.REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    superset = compose["services"]["superset"]
    assert superset["profiles"] == ["bi"]
    assert "./bi:/opt/sheetfeed/bi:ro" in superset["volumes"]
    assert superset["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert Path(settings.REPO_ROOT / "bi" / "superset" / "init.sh").read_text().count("import-dashboards") == 1
    assert all(superset["environment"][name].startswith("${") for name in
               ("SUPERSET_SECRET_KEY", "SUPERSET_ADMIN_PASSWORD", "SHEETFEED_BI_PASSWORD"))
