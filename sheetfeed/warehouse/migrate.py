"""Versioned migrations of the warehouse, applied by sheetfeed itself.

Each ``migrations/NNNN_name.sql`` runs once per database, in order, in its own
transaction, under an advisory lock so concurrent runs apply it exactly once.
"""
from __future__ import annotations

from pathlib import Path

from sheetfeed.warehouse import locks

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def migrations() -> list[Path]:
    return sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql"))


def migrate(conn) -> list[str]:
    """Apply the pending migrations on ``conn`` (a psycopg connection); return the names applied."""
    applied_now = []
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", (locks.MIGRATIONS,))
        conn.execute(
            "create table if not exists public.sheetfeed_migrations ("
            " name text primary key, applied_at timestamptz not null default now())"
        )
        done = {row[0] for row in conn.execute("select name from public.sheetfeed_migrations")}
        for path in migrations():
            if path.stem in done:
                continue
            conn.execute(path.read_text(encoding="utf-8"))
            conn.execute("insert into public.sheetfeed_migrations (name) values (%s)", (path.stem,))
            applied_now.append(path.stem)
    return applied_now
