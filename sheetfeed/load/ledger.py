"""The file ledger: which contents raw already holds, and the record of each loader run.

Discovery costs one hash per file and two statements per inbox, whatever its
size, so a nightly run over an unchanged inbox of ten thousand files is
bounded by reading the files, not by round trips to the warehouse.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extract.inbox import Fingerprint, Skipped, fingerprints, list_inbox, shown
from sheetfeed.load.landing import Sighting, record_sightings


@dataclass
class Discovery:
    """The inbox's files split by content: ``new`` (not in raw.files) and ``seen`` (in it, sighting recorded),
    and ``skipped``: what was refused (links, FIFOs, devices, folders or files that cannot be read), each
    naming the file and why — logged, shown in the run's summary, never the night's failure."""

    new: list[Path]
    seen: list[Path]
    sha256: dict[Path, str] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    modified: dict[Path, object] = field(default_factory=dict)


def known(conn, shas: list[str]) -> set[str]:
    """Those of ``shas`` already in raw.files, in one query."""
    return {row[0] for row in conn.execute("select sha256 from raw.files where sha256 = any(%s)", (shas,))}


def find(conn, inbox: Path) -> Discovery:
    """Hash the inbox, check every hash against the ledger at once, record the sightings of the seen ones."""
    listing = list_inbox(inbox)
    found: dict[Path, Fingerprint] = fingerprints(listing.files, listing.skipped)
    hashes = {path: item.sha256 for path, item in found.items()}
    present = known(conn, sorted(set(hashes.values())))
    seen = [path for path, sha in hashes.items() if sha in present]  # unreadable files are not in hashes
    if seen:
        with conn.transaction():
            record_sightings(conn, [Sighting.of(path, hashes[path], found[path].modified) for path in seen])
    new = [path for path, sha in hashes.items() if sha not in present]
    return Discovery(new=new, seen=seen, sha256=hashes, skipped=listing.skipped,
                     modified={path: item.modified for path, item in found.items()})


def open_load(conn, pipeline_run_id: str | None, inbox: Path | None, files_found: int, files_new: int) -> int:
    """Record the start of a loader run (committed at once, so a run that dies is visible as unfinished)."""
    return conn.execute(
        "insert into raw.loads (pipeline_run_id, inbox, files_found, files_new) values (%s, %s, %s, %s)"
        " returning load_id",
        (pipeline_run_id, None if inbox is None else shown(inbox), files_found, files_new),
    ).fetchone()[0]


def close_load(conn, load_id: int, files_loaded: int, files_parse_failed: int, submissions_loaded: int) -> None:
    conn.execute(
        "update raw.loads set finished_at = now(), files_loaded = %s, files_parse_failed = %s,"
        " submissions_loaded = %s where load_id = %s",
        (files_loaded, files_parse_failed, submissions_loaded, load_id),
    )
