"""Which warehouse is in use: ``WAREHOUSE_URL`` when set, else the embedded server."""
from __future__ import annotations

import os
import re


def warehouse_url() -> str:
    """The libpq URL of the warehouse, starting the embedded server when needed."""
    configured = os.environ.get("WAREHOUSE_URL")
    if configured:
        return configured
    from sheetfeed.warehouse import embedded

    return embedded.start()


def owner_url() -> str:
    """The URL migrations run with: ``WAREHOUSE_OWNER_URL`` (the warehouse's owner) when set, else the
    warehouse URL. Set both to keep the owner's login away from the nightly tasks (README, Operators)."""
    return os.environ.get("WAREHOUSE_OWNER_URL") or warehouse_url()


def connect(url: str | None = None, **kwargs):
    """A psycopg connection to the warehouse, failing with a clear message when it is unreachable."""
    import psycopg

    target = url or warehouse_url()
    try:
        return psycopg.connect(target, connect_timeout=10, **kwargs)
    except psycopg.OperationalError as exc:
        raise WarehouseUnreachable(redact(f"warehouse unreachable at {target}: {str(exc).strip()}")) from exc


class WarehouseUnreachable(RuntimeError):
    """The warehouse could not be reached; transient from Airflow's point of view."""


# Where a secret can stand in a connection string, a message about one, or an environment dump. Each pattern
# keeps its first group and masks the rest of the match. Values may be bare, or quoted as libpq quotes them
# (single quotes, backslash escapes inside); bare values end at a space or a delimiter (& , ; } ] quotes).
_QUOTED = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
_SECRET_KEYS = r"password|passwd|secret|token|api_?key"
_SECRET_PATTERNS = (
    # scheme://user:password@host (the password may hold anything but '@' or '/', and ends at the last '@')
    re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^\s/]*(?=@)", re.IGNORECASE),
    # key=value conninfo and URL queries (?password=…&…) (password = 'it''s', password=secret), environment dumps (PGPASSWORD=…,
    # SHEETFEED_DBT_PASSWORD=…), and key: value / "key": "value" forms of settings and JSON
    re.compile(rf"(\b[A-Za-z_]*(?:{_SECRET_KEYS})[\"']?\s*[=:]\s*)(?:{_QUOTED}|[^\s,;&}}\]\"']+)", re.IGNORECASE),
)
MASK = "***"


def redact(text: str) -> str:
    """``text`` with every password masked: URLs (``user:password@``, ``?password=``), ``key=value``
    conninfo (``password=…``, quoted or not), ``PGPASSWORD=…`` and other secret settings of an
    environment dump. For any message, log line or summary that may hold a connection string."""
    text = str(text)
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + MASK, text)
    return text


def url_parts(url: str) -> dict:
    """host, port, user, password, dbname of a libpq URL or ``key=value`` conninfo (for dbt's profile)."""
    from psycopg.conninfo import conninfo_to_dict

    parts = conninfo_to_dict(url)
    return {
        "host": parts.get("host") or "127.0.0.1",
        "port": int(parts.get("port") or 5432),
        "user": parts.get("user") or "postgres",
        "password": parts.get("password") or "",
        "dbname": parts.get("dbname") or "postgres",
    }
