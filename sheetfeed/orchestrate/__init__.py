"""Orchestration: the callables the nightly DAG declares, Airflow's local environment, and ``sheetfeed run``."""
