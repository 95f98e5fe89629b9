"""Celery settings for sheetfeed's Airflow workers: Airflow's defaults, plus what every dbt task imports.

Airflow runs each task in a process forked from the Celery worker. Listing dbt
and Cosmos under Celery's ``imports`` loads them once, when the worker starts,
so every dbt task's process inherits them instead of importing them again
(seconds per task). Selected with
``AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS=sheetfeed.orchestrate.celery_config.CELERY_CONFIG``.
"""
from __future__ import annotations

from airflow.providers.celery.executors.default_celery import DEFAULT_CELERY_CONFIG

PRELOADED = ["dbt.cli.main", "dbt.adapters.postgres", "cosmos.operators.local"]

CELERY_CONFIG = {**DEFAULT_CELERY_CONFIG, "imports": [*DEFAULT_CELERY_CONFIG.get("imports", ()), *PRELOADED]}
