"""The vocabularies the rules share with the marts: dbt's seed tables, present and current before GX reads them.

The rules read ``staging.status_groups`` and ``staging.activity_type_keywords``,
the very tables dbt builds from ``dbt_project/seeds`` and the marts join, so GX
and the marts cannot disagree on a status or a keyword tie. Validation runs
before dbt each night, though: on a fresh warehouse the tables do not exist yet,
and on the night an analyst edits a seed they still hold yesterday's words. So
the validation run compares each seed file with its table (a few hundred rows)
and runs ``dbt seed`` itself when any differs. Seeding here, not in the
deployment's one-off prepare step, keeps it true however the night is started
(Airflow schedule, ``sheetfeed run``, a test), and costs a dbt start only on
the nights a seed changed.
"""
from __future__ import annotations

import csv

from sheetfeed import settings

SEEDS = ("status_groups", "activity_type_keywords", "metric_match_overrides")
SCHEMA = "staging"  # dbt_project.yml: seeds +schema


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _file_rows(name: str) -> tuple[list[str], list[tuple[str, ...]]]:
    with open(settings.DBT_PROJECT_DIR / "seeds" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, sorted(tuple(row) for row in reader if row)


def stale_seeds(conn) -> list[str]:
    """The seeds whose table is missing or holds other rows than the seed file."""
    stale = []
    for name in SEEDS:
        header, expected = _file_rows(name)
        exists = conn.execute("select to_regclass(%s) is not null", (f"{SCHEMA}.{name}",)).fetchone()[0]
        if not exists:
            stale.append(name)
            continue
        columns = ", ".join(f'"{column}"' for column in header)
        found = sorted(tuple(_as_text(value) for value in row)
                       for row in conn.execute(f"select {columns} from {SCHEMA}.{name}"))  # noqa: S608 (seed names)
        if found != expected:
            stale.append(name)
    return stale


def ensure_seeded(conn, url: str) -> list[str]:
    """Run ``dbt seed`` when a seed table is missing or out of date; the seeds that were."""
    stale = stale_seeds(conn)
    if stale:
        from sheetfeed.transform.dbt import seed

        seed(url, settings.DBT_PROJECT_DIR)
    return stale
