"""Secrets never print: every form a warehouse password can be written in is masked wherever sheetfeed prints a
connection string or an error about one (``redact``, ``sheetfeed warehouse url``, the run header, errors)."""
from __future__ import annotations

import os
import subprocess
import sys

import psycopg
import pytest

from sheetfeed.load import load_inbox
from sheetfeed.warehouse.connection import WarehouseUnreachable, connect, redact, url_parts

SECRET = "Zq9-s3cret"
# A closed port on loopback: every connection attempt fails at once, with the driver's own message.
CLOSED = "127.0.0.1"
CLOSED_PORT = 9

FORMS = {
    "url user:password@": f"postgresql://loader:{SECRET}@{CLOSED}:{CLOSED_PORT}/sheetfeed",
    "url user:password@ percent-encoded": f"postgresql://loader:{SECRET}%40x@{CLOSED}:{CLOSED_PORT}/sheetfeed",
    "url ?password=": f"postgresql://loader@{CLOSED}:{CLOSED_PORT}/sheetfeed?password={SECRET}",
    "url &password=": f"postgresql://loader@{CLOSED}:{CLOSED_PORT}/sheetfeed?sslmode=disable&password={SECRET}",
    "conninfo password=": f"host={CLOSED} port={CLOSED_PORT} user=loader password={SECRET} dbname=sheetfeed",
    "conninfo password = (spaced)": f"host={CLOSED} port={CLOSED_PORT} password = {SECRET} dbname=sheetfeed",
    "conninfo quoted": f"host={CLOSED} port={CLOSED_PORT} password='{SECRET} with \\' quote' dbname=sheetfeed",
}
DUMPS = {
    "PGPASSWORD in an env dump": f"PGHOST=db PGPASSWORD={SECRET} PGUSER=loader",
    "dbt profile variable": f"SHEETFEED_DBT_PASSWORD={SECRET}\nSHEETFEED_DBT_USER=loader",
    "JSON settings": f'{{"host": "db", "password": "{SECRET}", "port": 5432}}',
    "Python dict repr": f"{{'host': 'db', 'password': '{SECRET}'}}",
}


@pytest.mark.parametrize("form", sorted({**FORMS, **DUMPS}))
def test_redact_masks_each_form_and_keeps_the_rest(form):
    text = {**FORMS, **DUMPS}[form]
    shown = redact(f"could not reach {text} tonight")
    assert SECRET not in shown
    assert "***" in shown
    assert shown.startswith("could not reach ") and shown.endswith(" tonight")
    for kept in ("loader", "db", "sheetfeed", CLOSED):
        if kept in text.replace(SECRET, ""):
            assert kept in shown, (kept, shown)


def test_redact_leaves_text_without_secrets_alone():
    for text in ("postgresql://loader@127.0.0.1:5432/sheetfeed", "validated 3: 3 passed, 0 failed",
                 "http://host:8080/path@x", "PWD=/home/ops PATH=/usr/bin"):
        assert redact(text) == text


@pytest.mark.parametrize("form", sorted(FORMS))
def test_the_password_reaches_the_driver_and_dbt_but_not_the_message(form):
    url = FORMS[form]
    assert SECRET in url_parts(url)["password"]
    with pytest.raises(WarehouseUnreachable) as caught:
        connect(url)
    assert SECRET not in str(caught.value)
    assert f":{CLOSED_PORT}" in str(caught.value) or f"port={CLOSED_PORT}" in str(caught.value)


def _sheetfeed(args: list[str], url: str, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "WAREHOUSE_URL": url, "SHEETFEED_HOME": str(tmp_path / "home")}
    return subprocess.run([sys.executable, "-m", "sheetfeed.cli", *args], env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_sheetfeed_warehouse_url_prints_no_password(form, tmp_path):
    result = _sheetfeed(["warehouse", "url"], FORMS[form], tmp_path)
    assert result.returncode == 0, result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert "***" in result.stdout


def test_the_run_header_its_log_and_its_error_print_no_password(tmp_path):
    """``sheetfeed run`` against a warehouse that refuses connections: the header names the warehouse, the
    run fails with the driver's error, and neither the terminal nor the run's log holds the password."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    result = _sheetfeed(["run", "--inbox", str(inbox)], FORMS["conninfo quoted"], tmp_path)
    assert result.returncode == 1
    assert "warehouse host=127.0.0.1" in result.stdout and "password=***" in result.stdout
    assert "sheetfeed run failed" in result.stderr
    assert SECRET not in result.stdout + result.stderr
    logs = list((tmp_path / "home").rglob("*.log"))
    assert logs and all(SECRET not in path.read_text(errors="replace") for path in logs)


@pytest.mark.warehouse
def test_a_load_through_a_conninfo_with_a_password_works(warehouse_url, seed_sheet, tmp_path):
    """The conninfo form is a real way to name the warehouse: its parts reach the driver (the test servers
    trust loopback, so the password is sent and ignored) and a load goes through it."""
    parts = url_parts(warehouse_url)
    conninfo = (f"host={parts['host']} port={parts['port']} user={parts['user']} dbname={parts['dbname']}"
                f" password='{SECRET} x'")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "seed.txt").write_bytes(seed_sheet.read_bytes())
    report = load_inbox(conninfo, inbox)
    assert len(report.loaded) == 1
    with psycopg.connect(warehouse_url) as conn:
        assert conn.execute("select count(*) from raw.submissions").fetchone()[0] >= 1
