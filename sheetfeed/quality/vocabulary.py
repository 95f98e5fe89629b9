"""Vocabularies the rules share with dbt, read from dbt's seeds so they are kept in one place.

``dbt_project/seeds/status_groups.csv`` lists the known status words;
``dbt_project/seeds/activity_type_keywords.csv`` classifies an activity (or a
quarterly count's label) by the first keyword it contains, lowest priority
number first, as the marts do.
"""
from __future__ import annotations

import csv
from collections.abc import Callable

from sheetfeed import settings

OTHER = "other"


def _seed(name: str) -> list[dict[str, str]]:
    with open(settings.DBT_PROJECT_DIR / "seeds" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def known_statuses() -> list[str]:
    return [row["status"] for row in _seed("status_groups")]


def activity_classifier() -> Callable[[str | None], str]:
    """A function giving a text's activity type: that of the first keyword (by priority) it contains, else ``other``.

    The seed is read once per call, so one validation run classifies everything by the same rules.
    """
    rows = _seed("activity_type_keywords")
    ordered = [row for _, row in sorted(enumerate(rows), key=lambda item: (int(item[1]["priority"]), item[0]))]
    keywords = [(row["keyword"], row["activity_type"]) for row in ordered]

    def classify(text: str | None) -> str:
        if text:
            for keyword, kind in keywords:
                if keyword in text:
                    return kind
        return OTHER

    return classify
