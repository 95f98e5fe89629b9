"""Airflow's local environment for ``sheetfeed run``: everything under ``$SHEETFEED_HOME/airflow``.

Airflow reads its configuration when it is first imported, so ``configure``
must run before anything imports ``airflow``. The metadata database is a
SQLite file created with ``airflow db migrate`` once per home (about 5 s) and
reused after; ``dag.test()`` needs it but no scheduler, api-server or
executor does, so none is started.
"""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from sheetfeed import settings

DAG_ID = "program_sheets_nightly"


def airflow_home() -> Path:
    return settings.state_dir("airflow")


DOCS_SLUG = "sheetfeed"


def dbt_docs_projects(docs_dir: Path) -> str:
    """``[cosmos] dbt_docs_projects``: the Airflow UI (3.1+) shows the dbt docs published in ``docs_dir``
    under Browse, at ``/cosmos/sheetfeed/dbt_docs_index.html`` of the api-server."""
    import json

    return json.dumps({DOCS_SLUG: {"dir": str(docs_dir), "index": "index.html", "name": "dbt Docs (sheetfeed marts)"}})


def environment(inbox: Path, home: Path | None = None) -> dict[str, str]:
    """The variables that point Airflow (at ``home``, default ``$SHEETFEED_HOME/airflow``), Cosmos and the DAG at this inbox."""
    home = home or airflow_home()
    return {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(settings.DAGS_FOLDER),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
        "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
        "AIRFLOW__USAGE_DATA_COLLECTION__ENABLED": "False",
        "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
        "AIRFLOW__COSMOS__CACHE_DIR": str(home / "cosmos"),
        "AIRFLOW__COSMOS__DBT_DOCS_PROJECTS": dbt_docs_projects(settings.home() / "dbt_docs"),
        "DO_NOT_TRACK": "1",
        "SCARF_ANALYTICS": "false",
        "SHEETFEED_INBOX": str(inbox),
    }


def configure(inbox: Path) -> dict[str, str]:
    """Export ``environment(inbox)`` into this process (and so into the tasks it runs)."""
    env = environment(inbox)
    os.environ.update(env)
    return env


def _marker() -> Path:
    return airflow_home() / f".db-migrated-{metadata.version('apache-airflow-core')}"


def ensure_metadata_db() -> None:
    """Create or upgrade the SQLite metadata database, once per home and Airflow version."""
    marker = _marker()
    if marker.exists():
        return
    with open(airflow_home() / ".migrate.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.exists():
            return
        airflow = Path(sys.executable).with_name("airflow")
        result = subprocess.run([str(airflow), "db", "migrate"], capture_output=True, text=True, env=os.environ)
        if result.returncode != 0:
            raise RuntimeError(f"airflow db migrate failed in {airflow_home()}:\n{result.stderr[-3000:]}")
        marker.touch()
