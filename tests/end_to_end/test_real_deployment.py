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
documented downstream example DAG are checked. Then, on the same deployment, the
operator reruns the night with the README's ``airflow tasks clear``: the rerun,
finding nothing new, must say so and change nothing.
"""
from __future__ import annotations

import dataclasses
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
from sheetfeed.orchestrate.tasks import MARTS, NOTHING_TO_DO

pytestmark = pytest.mark.slow

DAG_ID = "program_sheets_nightly"
DOWNSTREAM_DAG_ID = "marts_downstream"
RUN_BUDGET_S = 600  # from the services' start to the downstream run's end: 237 s at load 5, 413 s at load 8 (2 cores)
SECTION = "### One machine without Docker"
RERUN_SECTION = "### Rerunning a day"
RERUN_DOCUMENTED_DATE = "2026-11-19T17:00:00+00:00"
RERUN_BUDGET_S = 300  # from the clear to the rerun's end


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


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, seed_sheet):
    """The README's steps with this test's places; yields (env, metadata URL, warehouse URL, port, archive)."""
    if not reachable("127.0.0.1", 5432):
        pytest.skip("needs the machine's PostgreSQL (127.0.0.1:5432)")
    tmp_path = tmp_path_factory.mktemp("deployment")
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


@dataclasses.dataclass
class Night:
    """The deployment's first night, ended: where to reach it, how it ended, and a clock for what follows."""
    api: Api
    run_id: str
    logical_date: str
    state: str
    env: dict
    warehouse_url: str
    archive: Path
    processes: dict
    logs: Path

    def wait(self, what: str, check, budget_s: float, describe=lambda: ""):
        return wait(what, check, time.monotonic() + budget_s, self.processes, self.logs, describe)

    def run(self) -> dict:
        return self.api.get(f"/api/v2/dags/{DAG_ID}/dagRuns/{self.run_id}")

    def task_states(self) -> dict:
        return {(item["task_id"], item["map_index"]): item["state"] for item in
                self.api.get(f"/api/v2/dags/{DAG_ID}/dagRuns/{self.run_id}/taskInstances",
                             limit=200)["task_instances"]}

    def end(self, budget_s: float) -> str:
        """The run's final state, once the scheduler has finished it."""
        return self.wait(f"run {self.run_id} to end",
                         lambda: (state := self.run()["state"]) in ("success", "failed") and state, budget_s,
                         describe=lambda: f"task states: {self.task_states()}")

    def mart_events(self) -> list[dict]:
        return self.api.get("/api/v2/assets/events", source_dag_id=DAG_ID, source_run_id=self.run_id,
                            limit=100)["asset_events"]

    def downstream_runs(self) -> list[dict]:
        return self.api.get(f"/api/v2/dags/{DOWNSTREAM_DAG_ID}/dagRuns")["dag_runs"]


@pytest.fixture(scope="module")
def first_night(deployment) -> Night:
    """The nightly DAG triggered on the archive through the REST API, ended, and (when it succeeded) the
    downstream example's run it started; shared by the night's test and its rerun's (one deployment)."""
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
    run = api.post(f"/api/v2/dags/{DAG_ID}/dagRuns",
                   {"dag_run_id": "deployment_night", "logical_date": nightly["next_dagrun_logical_date"],
                    "conf": {"inbox": str(archive)}})
    api.patch(f"/api/v2/dags/{DAG_ID}", {"is_paused": False})
    night = Night(api, run["dag_run_id"], run["logical_date"], "", env, warehouse_url, archive, processes, logs)
    night.state = night.end(deadline - time.monotonic())
    if night.state == "success":
        night.wait("the downstream example DAG's run to succeed",
                   lambda: [item for item in night.downstream_runs() if item["state"] == "success"],
                   deadline - time.monotonic(), describe=lambda: str(night.downstream_runs()))
    return night


def test_a_night_on_a_real_deployment_loads_the_archive_builds_the_marts_and_starts_the_downstream_dag(first_night):
    night, api = first_night, first_night.api
    assert night.state == "success", \
        f"not successful: {[key for key, value in night.task_states().items() if value != 'success']}"
    runs = api.get(f"/api/v2/dags/{DAG_ID}/dagRuns")["dag_runs"]
    assert [item["dag_run_id"] for item in runs] == [night.run_id], "unpausing started a second night"

    summary = api.xcom(DAG_ID, night.run_id, "summary")
    assert (summary["inbox"], summary["files_new"], summary["files_loaded"], summary["new_submissions"]) == \
        (str(night.archive), 1, 1, 1)
    assert summary["validation"]["submissions_checked"] == 1 and summary["validation"]["failed"] == 0
    assert summary["marts"]["fct_budget_execution"] == 5 and summary["failed_tasks"] == []

    budget = metadata(night.warehouse_url, "select program_code, fiscal_year, secured_krw, executed_krw,"
                                           " execution_rate_pct from marts.fct_budget_execution order by fiscal_year")
    assert [row[1] for row in budget] == [2018, 2019, 2020, 2021, 2022]
    assert budget[1] == ("소통행정-3", 2019, 156000000, 136000000, Decimal("87.18"))
    assert metadata(night.warehouse_url, "select program_code, status from marts.dim_program") == \
        [("소통행정-3", "완료(계속)")]

    assert sorted(event["name"] for event in night.mart_events()) == sorted(f"marts.{name}" for name in MARTS)

    downstream = night.downstream_runs()
    assert [item["run_type"] for item in downstream] == ["asset_triggered"]
    assert api.xcom(DOWNSTREAM_DAG_ID, downstream[0]["dag_run_id"], "refreshed_by") == [f"{DAG_ID}/{night.run_id}"]


def rerun_command(logical_date: str) -> str:
    """The README's command to rerun a day by clearing its run, for the run of ``logical_date``."""
    readme = (settings.REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(RERUN_SECTION, 1)[1].split("\n### ", 1)[0]
    command = next(line for line in section.splitlines() if line.startswith("airflow tasks clear "))
    return command.replace(RERUN_DOCUMENTED_DATE, logical_date)


def warehouse_state(url: str) -> dict:
    """What a rerun must leave as it was: every raw table's row count, the marts' rows, the builds recorded."""
    tables = metadata(url, "select table_name from information_schema.tables"
                           " where table_schema = 'raw' and table_type = 'BASE TABLE' order by table_name")
    return {
        "raw": {name: metadata(url, f'select count(*) from raw."{name}"')[0][0] for (name,) in tables},
        "marts": {name: metadata(url, f'select * from marts."{name}" order by 1, 2') for name in MARTS},
        "dbt_builds": metadata(url, "select count(*) from ops.dbt_builds")[0][0],
    }


def test_a_rerun_by_tasks_clear_reports_what_the_rerun_did_loads_nothing_twice_and_emits_no_asset_event(first_night):
    """The operator's rerun of a night (README, "Rerunning a day"): its files are in raw already, so the rerun
    finds nothing new and, like a quiet night, skips validation and dbt. Its summary must say so, not repeat
    what the first try's tasks left in XCom (the run's loads, validation and mart counts)."""
    night = first_night
    assert night.state == "success", "the first night failed: nothing to rerun"
    before, events_before = warehouse_state(night.warehouse_url), night.mart_events()

    command = rerun_command(night.logical_date)
    cleared = subprocess.run(["bash", "-c", command], env=night.env, capture_output=True, text=True, timeout=300)
    assert cleared.returncode == 0, f"{command} failed:\n{cleared.stdout[-2000:]}\n{cleared.stderr[-3000:]}"
    assert night.end(RERUN_BUDGET_S) == "success", f"the rerun failed: {night.task_states()}"

    summary = night.api.xcom(DAG_ID, night.run_id, "summary")
    assert summary["summary_try"] == 2, "the summary read is the first try's"
    assert (summary["files_new"], summary["files_seen"], summary["files_loaded"], summary["new_submissions"]) == \
        (0, 1, 0, 0)
    assert summary["skipped"] == NOTHING_TO_DO
    assert summary["validation"]["submissions_checked"] is None and summary["marts"] is None
    assert summary["failed_tasks"] == [] and summary["blocked_tasks"] == []
    written = Path(night.env["SHEETFEED_HOME"]) / "runs" / f"{night.run_id}.json"
    assert json.loads(written.read_text(encoding="utf-8")) == summary

    states = {task: state for (task, _), state in night.task_states().items()}
    assert (states["discover"], states["validate"], states["publish_marts"]) == ("success", "skipped", "skipped")
    assert {state for task, state in states.items() if task.startswith("dbt.")} == {"skipped"}
    assert warehouse_state(night.warehouse_url) == before
    assert night.mart_events() == events_before, "the rerun marked the marts as updated"
    assert len(night.downstream_runs()) == 1
