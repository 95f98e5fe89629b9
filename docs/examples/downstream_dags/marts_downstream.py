"""marts_downstream: an example DAG of your own that runs whenever the nightly build refreshed a mart.

Put it in a DAGs folder of your own, added to Airflow beside sheetfeed's as a
second DAG bundle (README, Operators: "One machine without Docker"). The asset
must be declared exactly as the nightly DAG's ``publish_marts`` declares it: by
its name and its URI (an ``Asset`` given by its URI alone is another asset in
Airflow 3 and never receives the nightly's events), and in its group (Airflow
keeps one record per asset: a DAG declaring it in another group rewrites the
group each time that DAG is parsed).
"""
from __future__ import annotations

from airflow.sdk import DAG, Asset, task

BUDGET_EXECUTION = Asset(name="marts.fct_budget_execution", uri="sheetfeed://warehouse/marts/fct_budget_execution",
                         group="sheetfeed_marts")

with DAG(dag_id="marts_downstream", schedule=[BUDGET_EXECUTION], catchup=False, tags=["sheetfeed", "example"]):

    @task
    def refreshed_by(triggering_asset_events=None) -> list[str]:
        """The nightly runs whose build triggered this run (replace with your extract, cache refresh, mail …)."""
        runs = [f"{event.source_dag_id}/{event.source_run_id}"
                for events in (triggering_asset_events or {}).values() for event in events]
        print(f"marts.fct_budget_execution refreshed by {', '.join(runs)}")
        return runs

    refreshed_by()
