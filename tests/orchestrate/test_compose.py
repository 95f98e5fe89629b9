"""docker-compose.yml: the deployment's shape, checked from the file (and by `docker compose config` where it exists)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from sheetfeed import settings

COMPOSE_FILE = settings.REPO_ROOT / "docker-compose.yml"
ENV_EXAMPLE = settings.REPO_ROOT / ".env.example"
AIRFLOW_SERVICES = ["airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer"]
LONG_RUNNING = ["postgres", "redis", *AIRFLOW_SERVICES, "airflow-worker"]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def test_the_default_deployment_is_airflow_with_the_local_executor(services):
    default = sorted(name for name, service in services.items() if not service.get("profiles"))
    assert default == sorted(["postgres", "airflow-init", *AIRFLOW_SERVICES])
    for name in AIRFLOW_SERVICES:
        assert services[name]["environment"]["AIRFLOW__CORE__EXECUTOR"] == "${AIRFLOW_EXECUTOR:-LocalExecutor}"
    assert [services[name]["command"] for name in AIRFLOW_SERVICES] == [
        "api-server", "scheduler", "dag-processor", "triggerer"]


def test_the_celery_profile_adds_redis_and_a_worker_on_the_same_broker(services):
    assert services["redis"]["profiles"] == ["celery"]
    assert services["airflow-worker"]["profiles"] == ["celery"]
    assert services["airflow-worker"]["command"] == "celery worker"
    environment = services["airflow-worker"]["environment"]
    assert environment["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://:@redis:6379/")
    assert "@postgres/airflow" in environment["AIRFLOW__CELERY__RESULT_BACKEND"]
    # Without the profile the scheduler must not wait for Redis.
    assert services["airflow-scheduler"]["depends_on"]["redis"] == {"condition": "service_healthy", "required": False}


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_every_long_running_service_has_a_healthcheck(services, name):
    check = services[name]["healthcheck"]
    assert check["test"][0] in ("CMD", "CMD-SHELL") and len(check["test"]) > 1
    assert check["retries"] >= 1


def test_airflow_waits_for_postgres_and_the_init_service(services):
    for name in [*AIRFLOW_SERVICES, "airflow-worker"]:
        depends = services[name]["depends_on"]
        assert depends["postgres"] == {"condition": "service_healthy"}, name
        assert depends["airflow-init"] == {"condition": "service_completed_successfully"}, name


def test_init_migrates_airflow_then_prepares_the_warehouse_and_the_manifest(services):
    from sheetfeed.orchestrate import prepare

    script = services["airflow-init"]["command"][-1]
    steps = [line.strip() for line in script.splitlines() if line.strip()]
    assert steps.index("airflow db migrate") < steps.index("python -m sheetfeed.orchestrate.prepare")
    assert callable(prepare.main)


def test_the_project_is_mounted_where_airflow_finds_the_dags_and_code(services):
    service = services["airflow-scheduler"]
    assert ".:/opt/sheetfeed" in service["volumes"]
    environment = service["environment"]
    dags_in_repo = environment["AIRFLOW__CORE__DAGS_FOLDER"].replace("/opt/sheetfeed", str(settings.REPO_ROOT))
    assert (settings.REPO_ROOT / dags_in_repo / "program_sheets_nightly.py").exists()
    assert environment["PYTHONPATH"] == "/opt/sheetfeed"
    assert environment["WAREHOUSE_URL"].startswith("postgresql://") and "@postgres:5432/" in environment["WAREHOUSE_URL"]
    assert environment["SHEETFEED_HOME"] != environment["SHEETFEED_INBOX"]


def test_the_image_is_airflow_at_the_locked_version_with_the_lock_installed(compose):
    dockerfile = compose["x-airflow-common"]["build"]["dockerfile_inline"]
    locked = re.search(r"^apache-airflow==(\S+)$", (settings.REPO_ROOT / "requirements.lock").read_text(), re.M)
    assert f"FROM apache/airflow:{locked.group(1)}-python3.11" in dockerfile
    assert "pip install --no-cache-dir -r" in dockerfile and "requirements.lock" in dockerfile


def test_every_setting_the_compose_file_reads_is_in_the_example_env_file():
    used = set(re.findall(r"(?<!\$)\$\{([A-Z0-9_]+)", COMPOSE_FILE.read_text(encoding="utf-8")))
    documented = set(re.findall(r"^([A-Z0-9_]+)=", ENV_EXAMPLE.read_text(encoding="utf-8"), re.M))
    assert used, "no ${...} found: the check would prove nothing"
    assert used - documented == set()


def _compose_plugin() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _compose_plugin(), reason="the docker compose plugin is not installed here")
@pytest.mark.parametrize("profile", [None, "celery"])
def test_docker_compose_accepts_the_file(tmp_path, profile):
    env_file = tmp_path / ".env"
    env_file.write_text(ENV_EXAMPLE.read_text(encoding="utf-8").replace("AIRFLOW_JWT_SECRET=", "AIRFLOW_JWT_SECRET=x"))
    command = ["docker", "compose", "-f", str(COMPOSE_FILE), "--env-file", str(env_file)]
    if profile:
        command += ["--profile", profile]
    result = subprocess.run([*command, "config", "--quiet"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_airflow_starts_on_the_metadata_urls_compose_gives(compose):
    """Airflow builds both its engines (sync and async) from compose's URLs with the drivers the lock installs.

    Without ``SQL_ALCHEMY_CONN_ASYNC`` Airflow derives ``postgresql+asyncpg://`` from any PostgreSQL URL, and
    every command (``airflow db migrate`` first) fails on the missing asyncpg. Engines connect lazily, so the
    host ``postgres`` need not exist here.
    """
    environment = compose["x-airflow-common"]["environment"]
    names = ("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_ASYNC")
    urls = {name: environment[name].replace("${POSTGRES_PASSWORD:-airflow}", "airflow") for name in names}
    check = ("from airflow import settings; "
             "print(settings.engine.url.drivername, settings.async_engine.url.drivername)")
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120,
                            env={**os.environ, **urls, "AIRFLOW_HOME": str(settings.state_dir("compose-airflow"))})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["postgresql+psycopg", "postgresql+psycopg"]


def test_every_service_that_parses_the_dag_reads_the_manifest_init_wrote(services):
    """The init service writes the manifest into SHEETFEED_HOME; each parser has that same volume as its home."""
    for name in ["airflow-init", *AIRFLOW_SERVICES, "airflow-worker"]:
        service = services[name]
        home = service["environment"]["SHEETFEED_HOME"]
        assert f"sheetfeed-state:{home}" in service["volumes"], name
        # Cosmos's cache follows the home (sheetfeed.orchestrate.dbt_group); nothing points it elsewhere.
        assert "AIRFLOW__COSMOS__CACHE_DIR" not in service["environment"], name
