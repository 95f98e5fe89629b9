"""The runner's seams: the profile's environment, the manifest Cosmos reads, the docs CI builds."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from sheetfeed.transform import dbt


def test_dbt_env_comes_from_the_url():
    env = dbt.dbt_env("postgresql://loader:s%40cret@db.example:6543/warehouse")
    assert {key: env[key] for key in env if key.startswith("SHEETFEED_DBT_")} == {
        "SHEETFEED_DBT_HOST": "db.example", "SHEETFEED_DBT_PORT": "6543", "SHEETFEED_DBT_USER": "loader",
        "SHEETFEED_DBT_PASSWORD": "s@cret", "SHEETFEED_DBT_DBNAME": "warehouse"}


@pytest.mark.slow
def test_manifest_and_docs_document_every_column_and_grant_marts(warehouse, seed_text):
    manifest_path = dbt.parse_manifest(warehouse.url)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    models = {node["name"]: node for node in manifest["nodes"].values() if node["resource_type"] == "model"}
    marts = {name: node for name, node in models.items() if node["schema"] == "marts"}
    assert set(marts) == {"dim_program", "dim_program_history", "dim_department", "fct_budget_execution",
                          "fct_activity", "fct_quarterly_report", "fct_target_attainment",
                          "mart_department_budget", "mart_governance_kpis"}
    assert all(node["config"]["grants"] == {"select": ["bi_analyst", "data_steward"]} for node in marts.values())
    assert {exposure["name"] for exposure in manifest["exposures"].values()} >= {
        "pledge_implementation_dashboard", "budget_execution_dashboard"}

    warehouse.accept(seed_text)
    warehouse.build()
    docs = dbt.generate_docs(warehouse.url)
    assert (docs / "index.html").exists()
    catalog = json.loads((docs / "catalog.json").read_text(encoding="utf-8"))
    manifest = json.loads((docs / "manifest.json").read_text(encoding="utf-8"))
    undocumented = []
    for unique_id, table in catalog["nodes"].items():
        documented = manifest["nodes"][unique_id]["columns"]
        undocumented += [f"{table['metadata']['name']}.{column}" for column in table["columns"]
                         if not documented.get(column, {}).get("description")]
    seeds = [node for node in manifest["nodes"].values() if node["resource_type"] == "seed"]
    assert len(catalog["nodes"]) == len(models) + len(seeds)
    assert undocumented == []


def test_a_fresh_home_takes_the_installed_manifest_without_starting_dbt(tmp_path):
    """The install's manifest (``make venv``) is what a new home renders from: no dbt parse in a DAG import."""
    built = dbt.build_manifest()
    script = ("import sys; from sheetfeed.transform import dbt; path = dbt.ensure_manifest();"
              " print(path); print('dbt' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          env={**os.environ, "SHEETFEED_HOME": str(tmp_path / "home")})
    path, dbt_imported = done.stdout.split()
    assert path.startswith(str(tmp_path / "home")) and dbt_imported == "False"
    assert open(path, "rb").read() == built.read_bytes()
