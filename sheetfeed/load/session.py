"""A warehouse connection for the loader, with the loader's privileges.

When the connecting user may act as ``sheetfeed_loader`` (the migrations'
owner, a superuser, or a member) the session switches to that role, so every
load runs with exactly the privileges SPEC §3 gives the loader (append to
``raw`` and ``quality``, nothing in ``marts``) whoever the URL names.
"""
from __future__ import annotations

from contextlib import contextmanager

import psycopg

from sheetfeed.warehouse.connection import WarehouseUnreachable, connect, redact

LOADER_ROLE = "sheetfeed_loader"


@contextmanager
def loader_connection(url: str):
    """An autocommit connection (each file group opens its own transaction) acting as the loader role."""
    conn = connect(url, autocommit=True)
    try:
        with lost_connection_is_unreachable(url):
            member = conn.execute(
                "select pg_has_role(oid, 'member') from pg_roles where rolname = %s", (LOADER_ROLE,)
            ).fetchone()
            if member and member[0]:
                conn.execute(f"set role {LOADER_ROLE}")
        yield conn
    finally:
        conn.close()


@contextmanager
def lost_connection_is_unreachable(url: str, doing: str = "talking to the warehouse"):
    """Turn a dropped connection into WarehouseUnreachable, the error Airflow retries."""
    try:
        yield
    except psycopg.OperationalError as exc:
        raise WarehouseUnreachable(
            redact(f"lost the warehouse at {url} while {doing}: {str(exc).strip()}")
        ) from exc
