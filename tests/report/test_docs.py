"""dbt docs for analysts (issue 14, point 4): a static folder under SHEETFEED_HOME that opens offline in
Chromium, the same folder served in the Airflow UI by Cosmos's plugin, and `sheetfeed docs` saying where."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from sheetfeed.cli import main
from sheetfeed.orchestrate.airflow_env import dbt_docs_projects
from sheetfeed.transform import dbt

pytestmark = pytest.mark.slow

MODEL_PAGE = "#!/model/model.sheetfeed.fct_budget_execution"


@pytest.fixture
def docs(marts):
    return dbt.generate_docs(marts.url)


def rendered(dom: str) -> str:
    """The page as drawn: the DOM without its scripts (the static page carries the manifest inside one)."""
    return re.sub(r"<script\b.*?</script>", "", dom, flags=re.S)


def test_dbt_docs_open_offline_and_show_the_marts_columns_and_descriptions(docs, chromium, tmp_path,
                                                                          external_resources):
    index = docs / "index.html"
    assert index.parent == dbt.docs_dir() and index.parent.parent == dbt.settings.home()
    url = index.as_uri() + MODEL_PAGE
    dom = chromium.dom(url)
    assert external_resources(index.read_text(encoding="utf-8")) == [] and external_resources(dom) == []
    page = rendered(dom)
    # The model page, drawn by dbt's own app from the manifest and catalog inside the file.
    assert re.search(r">\s*fct_budget_execution\s*<", page)
    for column in ("year_status", "execution_rate_pct", "secured_krw"):
        assert re.search(rf">\s*{column}\s*<", page), column
    assert "집행률(%) — executed ÷ secured × 100" in page
    assert ">bigint<" in page.replace(" ", "").replace("\n", "")  # types come from the catalog: it was built
    shot = chromium.screenshot(url, tmp_path / "docs.png", height=1000)
    assert shot.stat().st_size > 50_000


def test_the_airflow_ui_serves_the_same_docs_through_the_cosmos_plugin(docs, monkeypatch):
    from fastapi.testclient import TestClient

    monkeypatch.setenv("AIRFLOW__COSMOS__DBT_DOCS_PROJECTS", dbt_docs_projects(docs))
    monkeypatch.setenv("AIRFLOW__COSMOS__ENABLE_TELEMETRY", "False")
    from cosmos.plugin.airflow3 import CosmosAF3Plugin, create_cosmos_fastapi_app

    client = TestClient(create_cosmos_fastapi_app())
    response = client.get("/sheetfeed/dbt_docs_index.html")
    assert response.status_code == 200
    published = (docs / "index.html").read_text(encoding="utf-8")
    assert response.text[:500] == published[:500] and '"model.sheetfeed.fct_budget_execution"' in response.text
    assert client.get("/sheetfeed/catalog.json").json()["nodes"]["model.sheetfeed.fct_budget_execution"]
    # A set: Cosmos appends its views to a list its plugin class shares, so a process that loaded Airflow's
    # plugins before (an earlier DAG test) holds the same view twice.
    views = CosmosAF3Plugin().external_views
    assert {(view["name"], view["category"], view["href"].rsplit("/cosmos/", 1)[1]) for view in views} == {
        ("dbt Docs (sheetfeed marts)", "Browse", "sheetfeed/dbt_docs_index.html")}


def test_sheetfeed_docs_prints_where_the_docs_and_the_report_are(docs, capsys):
    assert main(["docs"]) == 0
    out = capsys.readouterr().out
    assert f"dbt docs  {docs / 'index.html'} (built " in out
    assert "report    " in out and "/cosmos/sheetfeed/dbt_docs_index.html" in out


def test_the_docs_are_written_again_only_when_the_project_or_the_warehouse_schema_changed(docs, marts, tmp_path):
    from sheetfeed.warehouse.connection import connect

    index = docs / "index.html"
    written = index.stat().st_mtime_ns
    # A night that only loaded rows: tonight's freshness is published, the page is not written again.
    dbt.source_freshness(marts.url)
    assert dbt.generate_docs(marts.url) == docs and index.stat().st_mtime_ns == written
    assert (docs / "sources.json").read_bytes() == (dbt.target_dir() / "sources.json").read_bytes()
    # A column's comment changed in the warehouse: the catalog differs, so the page is written again.
    with connect(marts.url) as conn:
        conn.execute("comment on column marts.fct_budget_execution.secured_krw is '확보액 (원), changed'")
    dbt.generate_docs(marts.url)
    assert index.stat().st_mtime_ns != written
    catalog = json.loads((docs / "catalog.json").read_text(encoding="utf-8"))
    column = catalog["nodes"]["model.sheetfeed.fct_budget_execution"]["columns"]["secured_krw"]
    assert column["comment"] == "확보액 (원), changed"
    # A model's SQL changed: a project of other files makes another stamp, over the same warehouse.
    project = shutil.copytree(dbt.settings.DBT_PROJECT_DIR, tmp_path / "project",
                              ignore=shutil.ignore_patterns("target", "logs"))
    model = project / "models" / "marts" / "facts" / "fct_budget_execution.sql"
    model.write_text(model.read_text(encoding="utf-8") + "\n-- changed\n", encoding="utf-8")
    assert dbt.docs_stamp(marts.url, project) != dbt.docs_stamp(marts.url) == dbt.docs_stamp(marts.url)
