"""Where sheetfeed keeps things, read from the environment once per call.

Every piece of state (embedded warehouse data, Airflow's metadata database and
logs, validation reports, run summaries) lives under ``SHEETFEED_HOME`` so that two
homes never share anything; the repository itself is only read.
"""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_INBOX = REPO_ROOT / "sample_inbox"
DAGS_FOLDER = REPO_ROOT / "dags"
# The dbt project the DAG renders and builds: the repository's, unless a deployment mounts it elsewhere.
DBT_PROJECT_DIR = Path(os.environ.get("SHEETFEED_DBT_PROJECT") or REPO_ROOT / "dbt_project")
EXPECTATIONS_DIR = REPO_ROOT / "expectations"


def home() -> Path:
    """The state folder (``SHEETFEED_HOME``, default ``.sheetfeed/`` at the repository root), created on first use."""
    path = Path(os.environ.get("SHEETFEED_HOME") or REPO_ROOT / ".sheetfeed").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def inbox() -> Path:
    """The inbox `sheetfeed run` reads (``SHEETFEED_INBOX``, default the bundled sample inbox: a developer's default;
    the DAG's tasks never fall back to it)."""
    return Path(os.environ.get("SHEETFEED_INBOX") or SAMPLE_INBOX).resolve()


def state_dir(name: str) -> Path:
    """A named folder under the home (``warehouse``, ``airflow``, ``reports``, ``runs`` …)."""
    path = home() / name
    path.mkdir(parents=True, exist_ok=True)
    return path
