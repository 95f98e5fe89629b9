"""dbt exposures name the analysts' report and the Superset dashboard, so `dbt ls` says what feeds them."""
from __future__ import annotations

import yaml

from sheetfeed import settings
from sheetfeed.transform import dbt

EXPORT = settings.REPO_ROOT / "bi" / "superset" / "sheetfeed_dashboard"


def _superset_tables() -> set[str]:
    return {yaml.safe_load(path.read_text(encoding="utf-8"))["table_name"]
            for path in (EXPORT / "datasets").rglob("*.yaml")}


def test_dbt_ls_lists_what_feeds_the_report_and_the_dashboard(warehouse_url):
    report = dbt.list_nodes(warehouse_url, "+exposure:analysts_report")
    dashboard = dbt.list_nodes(warehouse_url, "+exposure:superset_pledges_dashboard")
    read_by_report = {"mart_department_budget", "mart_governance_kpis", "fct_target_attainment"}
    assert read_by_report <= set(report)
    assert _superset_tables() <= set(dashboard)
    assert {"stg_raw__budget_lines", "int_accepted_submissions"} <= set(report)  # the lineage, not only the marts
    assert "fct_activity" not in report
