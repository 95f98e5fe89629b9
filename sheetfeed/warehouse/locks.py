"""Every PostgreSQL advisory lock key sheetfeed takes, one key per purpose.

Keys live here, side by side, so two purposes can never share one by accident
(a loader recording sightings once waited for a whole validation run because
both used the same key). Any process of any sheetfeed version taking a lock
for the same purpose must use the same key; never renumber one.
"""
from __future__ import annotations

MIGRATIONS = 7_311_955_201  # applying warehouse migrations (transaction lock)
SIGHTINGS = 7_311_955_202  # a loader recording file sightings (transaction lock, held to commit)
VALIDATION = 7_311_955_203  # one validation run at a time (session lock, held for the run)
