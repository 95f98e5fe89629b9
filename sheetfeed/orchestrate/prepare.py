"""Make a deployment ready before Airflow parses the DAG: the warehouse exists and is migrated, dbt's manifest is written.

``sheetfeed run`` calls these before every run; the compose init service and
the scale-out test call ``python -m sheetfeed.orchestrate.prepare`` once, with
WAREHOUSE_URL naming a database on a server where the user may create it.
"""
from __future__ import annotations

import sys
from pathlib import Path


def create_database(url: str) -> bool:
    """Create the database named by ``url`` on its server when missing; True when it was created."""
    import psycopg
    from psycopg import sql

    from sheetfeed.warehouse.connection import connect, url_parts

    name = url_parts(url)["dbname"]
    maintenance = url.rsplit("/", 1)[0] + "/postgres"
    with connect(maintenance, autocommit=True) as conn:
        if conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            return False
        try:
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
        except psycopg.errors.DuplicateDatabase:  # created meanwhile by another service
            return False
    return True


def migrate_warehouse(url: str) -> list[str]:
    """Apply the pending warehouse migrations; the names applied."""
    from sheetfeed.warehouse.connection import connect
    from sheetfeed.warehouse.migrate import migrate

    with connect(url) as conn:
        return migrate(conn)


def write_manifest() -> Path:
    """The manifest the DAG renders its Cosmos group from (``dbt parse`` when this project version has none)."""
    from sheetfeed.transform.dbt import ensure_manifest

    return ensure_manifest()


def main() -> int:
    from sheetfeed.warehouse.connection import owner_url, redact, warehouse_url

    url = warehouse_url()
    created = create_database(owner_url())
    applied = migrate_warehouse(owner_url())
    manifest = write_manifest()
    print(f"warehouse {redact(url)}: {'created' if created else 'exists'}; "
          f"migrations applied: {', '.join(applied) or 'none pending'}; dbt manifest: {manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
