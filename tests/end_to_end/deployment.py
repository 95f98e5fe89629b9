"""Running Airflow's own services as real processes for the deployment tests (LocalExecutor and Celery).

Each service is a subprocess in a session of its own, logging to a file; ``services``
kills every process group when the test ends, whatever happened. ``wait`` polls a
check within a deadline and fails early, with the services' last log lines, when
one of them exits.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

SERVER = os.environ.get("SHEETFEED_TEST_SERVER_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def reachable(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex((host, port)) == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database_name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


@contextlib.contextmanager
def database(prefix: str, create: bool = True):
    """The URL of a database of its own on the machine's PostgreSQL (created here unless ``create`` is false);
    dropped after."""
    import psycopg

    name = fresh_database_name(prefix)
    if create:
        with psycopg.connect(SERVER, autocommit=True) as conn:
            conn.execute(f'create database "{name}"')
    try:
        yield SERVER.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(SERVER, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


def airflow(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("airflow")), *args]


def run(command: list[str], env: dict, timeout: int = 180) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result.stdout


@contextlib.contextmanager
def services(commands: dict[str, list[str]], env: dict, logs: Path):
    """Start each command as a service (its own process group, output in ``logs/<name>.log``); stop them all after."""
    logs.mkdir(exist_ok=True)
    processes = {}
    try:
        for name, command in commands.items():
            with open(logs / f"{name}.log", "wb") as log:
                processes[name] = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                                   start_new_session=True)
        yield processes
    finally:
        _stop(processes.values())


def _stop(processes) -> None:
    """SIGTERM every group, then SIGKILL what is still there after 30 s: no process of a test outlives it."""
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the group's children too, even once the leader is gone
        process.wait(timeout=10)


def metadata(url: str, sql: str, params=()) -> list[tuple]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def tails(logs: Path, lines: int = 30) -> str:
    return "\n".join(f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
                     for log in sorted(logs.glob("*.log")))


def wait(what: str, check, deadline: float, processes: dict, logs: Path, describe=lambda: ""):
    """``check()``'s first truthy value before ``deadline`` (monotonic); fails when a service exits or time is up."""
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                pytest.fail(f"{name} exited ({process.returncode}) while waiting for {what}:\n{tails(logs)}")
        value = check()
        if value:
            return value
        time.sleep(2)
    pytest.fail(f"timed out waiting for {what}; {describe()}\n{tails(logs)}")


def api_ready(port: str | int) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/version", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False
