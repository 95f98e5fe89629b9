"""Which warehouse is in use: ``WAREHOUSE_URL`` when set, else the embedded server."""
from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit


def warehouse_url() -> str:
    """The libpq URL of the warehouse, starting the embedded server when needed."""
    configured = os.environ.get("WAREHOUSE_URL")
    if configured:
        return configured
    from sheetfeed.warehouse import embedded

    return embedded.start()


def connect(url: str | None = None, **kwargs):
    """A psycopg connection to the warehouse, failing with a clear message when it is unreachable."""
    import psycopg

    target = url or warehouse_url()
    try:
        return psycopg.connect(target, connect_timeout=10, **kwargs)
    except psycopg.OperationalError as exc:
        raise WarehouseUnreachable(f"warehouse unreachable at {redact(target)}: {str(exc).strip()}") from exc


class WarehouseUnreachable(RuntimeError):
    """The warehouse could not be reached; transient from Airflow's point of view."""


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


def url_parts(url: str) -> dict:
    """host, port, user, password, dbname of a libpq URL (for dbt's profile)."""
    parts = urlsplit(url)
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": unquote(parts.username or "postgres"),
        "password": unquote(parts.password or ""),
        "dbname": parts.path.lstrip("/") or "postgres",
    }
