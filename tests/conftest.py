"""Shared fixtures: a real PostgreSQL for every test that needs one.

``--warehouse=embedded`` (default) starts sheetfeed's embedded server under a
temporary SHEETFEED_HOME; ``--warehouse=external`` uses the server named by
``SHEETFEED_TEST_SERVER_URL`` (default the machine's 127.0.0.1:5432). Either
way each test that asks for ``warehouse_url`` gets a database of its own,
migrated, dropped afterwards.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_SHEET = REPO_ROOT / "sample_inbox" / "000_e072749cb9628477.txt"


def pytest_addoption(parser):
    parser.addoption("--warehouse", choices=["embedded", "external"], default="embedded",
                     help="which PostgreSQL server the tests create their databases on")


def pytest_collection_modifyitems(items):
    """Mark every test that uses a warehouse database ``warehouse``: ``make test`` runs those again on the
    external server (``-m warehouse --warehouse=external``), so both warehouses are tested."""
    for item in items:
        if "warehouse_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.warehouse)


@pytest.fixture(scope="session")
def seed_sheet() -> Path:
    return SEED_SHEET


@pytest.fixture(scope="session")
def test_home() -> Path:
    """A SHEETFEED_HOME for the whole session, so no test touches the developer's own state.

    Not under pytest's temporary root: another pytest session resets that root to mode 0700,
    which locks the embedded server's system user out of its data folder mid-run.
    """
    home = Path(tempfile.mkdtemp(prefix="sheetfeed-test-home-"))
    os.environ["SHEETFEED_HOME"] = str(home)
    yield home
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def server_url(request, test_home) -> str:
    """URL of a maintenance database on the server the tests use."""
    if request.config.getoption("--warehouse") == "external":
        yield os.environ.get("SHEETFEED_TEST_SERVER_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
        return
    from sheetfeed.warehouse import embedded

    url = embedded.start()
    yield url.rsplit("/", 1)[0] + "/postgres"
    embedded.stop()


def create_database(server_url: str) -> str:
    """Create an empty, migrated database on the server; return its URL."""
    import psycopg

    from sheetfeed.warehouse.migrate import migrate

    name = f"sf_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(url) as conn:
        migrate(conn)
    return url


def drop_database(server_url: str, url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture
def warehouse_url(server_url, monkeypatch) -> str:
    """A fresh migrated database, set as WAREHOUSE_URL for the code under test."""
    url = create_database(server_url)
    monkeypatch.setenv("WAREHOUSE_URL", url)
    yield url
    drop_database(server_url, url)


@pytest.fixture
def webhook():
    """A real alert webhook on 127.0.0.1: (its URL, the JSON bodies it received, in order)."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", received
    server.shutdown()
