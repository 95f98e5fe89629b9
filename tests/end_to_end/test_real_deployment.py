"""A real deployment on one machine, set up exactly as the README's "One machine without Docker" says.

The README's settings file, its one-time steps and its services are read from
the README itself and run as written, with this test's folders, ports and
databases put in place of the documented ones: `airflow api-server`,
`airflow scheduler` and `airflow dag-processor` as processes (LocalExecutor),
Airflow's metadata in a fresh PostgreSQL database on 127.0.0.1:5432 and the
warehouse in another, both dropped after. A night is then driven the way an
operator drives it over HTTP: a token from the simple auth manager's generated
password, the nightly DAG triggered through the REST API v2 with an ``inbox``
conf and unpaused; the run, its summary, the marts, the asset events and the
documented downstream example DAG are checked.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
from deployment import api_ready, database, free_port, metadata, reachable, services, wait

from sheetfeed import settings

pytestmark = pytest.mark.slow

DAG_ID = "program_sheets_nightly"
DOWNSTREAM_DAG_ID = "marts_downstream"
RUN_BUDGET_S = 600  # from the services' start to the downstream run's end: 237 s at load 5, 413 s at load 8 (2 cores)
SECTION = "### One machine without Docker"


def documented_blocks() -> list[str]:
    """The fenced blocks of the README's one-machine section: settings, one-time steps, services."""
    readme = (settings.REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(SECTION, 1)[1].split("\n### ", 1)[0]
    return [textwrap.dedent(block) for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def substitute(text: str, places: dict[str, str]) -> str:
    for documented, here in places.items():
        text = text.replace(documented, here)
    return text


def settings_env(env_file: Path) -> dict[str, str]:
    """The settings file read as the README says (`set -a; . file; set +a`), over a clean environment."""
    base = {key: value for key, value in os.environ.items() if not key.startswith(("AIRFLOW", "SHEETFEED", "WAREHOUSE"))}
    base["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{base.get('PATH', '')}"
    dumped = subprocess.run(["bash", "-c", f"set -a; . {shlex.quote(str(env_file))}; set +a; env -0"], env=base,
                            capture_output=True, check=True).stdout.decode()
    return dict(item.split("=", 1) for item in dumped.split("\0") if "=" in item)


@pytest.fixture
def deployment(tmp_path, seed_sheet):
    """The README's steps with this test's places; yields (env, metadata URL, warehouse URL, port, archive)."""
    if not reachable("127.0.0.1", 5432):
        pytest.skip("needs the machine's PostgreSQL (127.0.0.1:5432)")
    settings_block, once_block, services_block = documented_blocks()
    with database("sf_deploy_meta", create=False) as metadata_url, \
            database("sf_deploy_wh", create=False) as warehouse_url:
        port = str(free_port())
        srv = tmp_path / "srv"
        srv.mkdir()
        places = {"/srv/sheetfeed": str(srv), "/opt/sheetfeed": str(settings.REPO_ROOT),
                  "127.0.0.1:5432/sheetfeed_airflow": "127.0.0.1:5432/" + metadata_url.rsplit("/", 1)[1],
                  "sheetfeed_airflow": metadata_url.rsplit("/", 1)[1],
                  "127.0.0.1:5432/warehouse": "127.0.0.1:5432/" + warehouse_url.rsplit("/", 1)[1],
                  "8080": port, "change-me-to-a-long-random-string": secrets.token_urlsafe(32)}
        env_file = srv / "sheetfeed.env"
        env_file.write_text(substitute(settings_block, places), encoding="utf-8")
        env = settings_env(env_file)
        (srv / "inbox").mkdir()  # SHEETFEED_INBOX: tonight's run reads a day's archive instead (conf)
        archive = tmp_path / "archive"
        archive.mkdir()
        shutil.copy(seed_sheet, archive)
        for step in substitute(once_block, places).splitlines():
            result = subprocess.run(["bash", "-c", step], env=env, capture_output=True, text=True, timeout=300)
            assert result.returncode == 0, f"{step} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
        commands = {shlex.split(line)[1]: shlex.split(line)
                    for line in substitute(services_block, places).splitlines() if line.strip()}
        assert sorted(commands) == ["api-server", "dag-processor", "scheduler"]
        with services(commands, env, tmp_path / "service-logs") as processes:
            yield env, metadata_url, warehouse_url, port, archive, processes, tmp_path / "service-logs"


class Api:
    """The REST API v2 with a bearer token of the simple auth manager's admin."""

    def __init__(self, port: str, env: dict):
        self.base = f"http://127.0.0.1:{port}"
        passwords = Path(env["AIRFLOW_HOME"]) / "simple_auth_manager_passwords.json.generated"
        password = json.loads(passwords.read_text())["admin"]
        self.token = self._call("POST", "/auth/token", {"username": "admin", "password": password},
                                auth=False)["access_token"]

    def _call(self, method: str, path: str, body=None, auth=True):
        request = urllib.request.Request(self.base + path, method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        if auth:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def get(self, path: str, **query):
        return self._call("GET", path + ("?" + urllib.parse.urlencode(query) if query else ""))

    def found(self, path: str):
        """GET, or None while the resource does not exist yet."""
        try:
            return self.get(path)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise

    def post(self, path: str, body):
        return self._call("POST", path, body)

    def patch(self, path: str, body):
        return self._call("PATCH", path, body)

    def xcom(self, dag_id: str, run_id: str, task_id: str):
        entry = self.get(f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances/{task_id}/xcomEntries/return_value",
                         deserialize="true")
        value = entry["value"]
        return json.loads(value) if isinstance(value, str) else value


def test_a_night_on_a_real_deployment_loads_the_archive_builds_the_marts_and_starts_the_downstream_dag(deployment):
    env, _, warehouse_url, port, archive, processes, logs = deployment
    deadline = time.monotonic() + RUN_BUDGET_S
    wait("the api-server", lambda: api_ready(port), deadline, processes, logs)
    wait("the generated admin password",
         lambda: (Path(env["AIRFLOW_HOME"]) / "simple_auth_manager_passwords.json.generated").exists(),
         deadline, processes, logs)
    api = Api(port, env)
    nightly = wait("the dag-processor to parse the nightly DAG",
                   lambda: (found := api.found(f"/api/v2/dags/{DAG_ID}")) and found.get("next_dagrun_logical_date")
                   and found, deadline, processes, logs)
    assert nightly["is_paused"], "DAGs start paused"
    wait("the dag-processor to parse the downstream example (second bundle)",
         lambda: api.found(f"/api/v2/dags/{DOWNSTREAM_DAG_ID}"), deadline, processes, logs)
    api.patch(f"/api/v2/dags/{DOWNSTREAM_DAG_ID}", {"is_paused": False})

    # Tonight's slot, on the archive: unpausing then starts this run, not a second one on SHEETFEED_INBOX.
    run_id = api.post(f"/api/v2/dags/{DAG_ID}/dagRuns",
                      {"dag_run_id": "deployment_night", "logical_date": nightly["next_dagrun_logical_date"],
                       "conf": {"inbox": str(archive)}})["dag_run_id"]
    api.patch(f"/api/v2/dags/{DAG_ID}", {"is_paused": False})

    def task_states():
        return {(item["task_id"], item["map_index"]): item["state"] for item in
                api.get(f"/api/v2/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances", limit=200)["task_instances"]}

    state = wait(f"run {run_id} to end",
                 lambda: (run := api.get(f"/api/v2/dags/{DAG_ID}/dagRuns/{run_id}"))["state"] in ("success", "failed")
                 and run["state"], deadline, processes, logs, describe=lambda: f"task states: {task_states()}")
    assert state == "success", f"not successful: {[key for key, value in task_states().items() if value != 'success']}"
    runs = api.get(f"/api/v2/dags/{DAG_ID}/dagRuns")["dag_runs"]
    assert [item["dag_run_id"] for item in runs] == [run_id], "unpausing started a second night"

    summary = api.xcom(DAG_ID, run_id, "summary")
    assert (summary["inbox"], summary["files_new"], summary["files_loaded"], summary["new_submissions"]) == \
        (str(archive), 1, 1, 1)
    assert summary["validation"]["submissions_checked"] == 1 and summary["validation"]["failed"] == 0
    assert summary["marts"]["fct_budget_execution"] == 5 and summary["failed_tasks"] == []

    budget = metadata(warehouse_url, "select program_code, fiscal_year, secured_krw, executed_krw, execution_rate_pct"
                                     " from marts.fct_budget_execution order by fiscal_year")
    assert [row[1] for row in budget] == [2018, 2019, 2020, 2021, 2022]
    assert budget[1] == ("소통행정-3", 2019, 156000000, 136000000, Decimal("87.18"))
    assert metadata(warehouse_url, "select program_code, status from marts.dim_program") == [("소통행정-3", "완료(계속)")]

    events = api.get("/api/v2/assets/events", source_dag_id=DAG_ID, source_run_id=run_id, limit=100)["asset_events"]
    from sheetfeed.orchestrate.tasks import MARTS
    assert sorted(event["name"] for event in events) == sorted(f"marts.{name}" for name in MARTS)

    downstream = wait("the downstream example DAG's run to succeed",
                      lambda: [item for item in api.get(f"/api/v2/dags/{DOWNSTREAM_DAG_ID}/dagRuns")["dag_runs"]
                               if item["state"] == "success"], deadline, processes, logs,
                      describe=lambda: str(api.get(f"/api/v2/dags/{DOWNSTREAM_DAG_ID}/dagRuns")["dag_runs"]))
    assert [item["run_type"] for item in downstream] == ["asset_triggered"]
    assert api.xcom(DOWNSTREAM_DAG_ID, downstream[0]["dag_run_id"], "refreshed_by") == [f"{DAG_ID}/{run_id}"]
