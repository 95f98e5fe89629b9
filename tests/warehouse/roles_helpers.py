"""Acting as one of the warehouse's roles, and telling a refused statement from one that went through.

Shared by the role tests (``test_roles``) and the tamper tests (``test_raw_tamper``).
"""
from __future__ import annotations

from contextlib import contextmanager

import psycopg

# What PostgreSQL raises when a role may not do something: a privilege it lacks, or a setting only a
# superuser may change (session_replication_role).
REFUSALS = (psycopg.errors.InsufficientPrivilege, psycopg.errors.CantChangeRuntimeParam)


@contextmanager
def as_role(url: str, role: str):
    """A connection to ``url`` (autocommit) acting as ``role`` (``set role``) for everything it runs."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"set role {role}")
        yield conn


def refused(conn, statement: str) -> bool:
    """Whether the warehouse refuses ``statement`` for the connection's role (False: it ran)."""
    try:
        conn.execute(statement)
    except REFUSALS:
        return True
    return False
