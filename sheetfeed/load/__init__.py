"""Loading submitted files into the warehouse's ``raw`` schema, each content exactly once.

The seam the orchestrator calls (every function takes the warehouse URL first):

``discover(url, inbox) -> Discovery``
    Hash every file of the inbox and split them into ``new`` (content not yet
    in ``raw.files``) and ``seen`` (already there; its sighting — path and
    time — is recorded in ``raw.file_sightings`` and ``raw.files.last_seen_at``).
    Two files of the inbox with the same new content are both ``new``; the
    second to land is reported ``already_loaded`` and sighted.

``load_file(url, path, pipeline_run_id) -> FileLoad``
    Extract and land one file in its own transaction. ``status`` is
    ``loaded``, ``already_loaded`` (its content is in raw.files: only the
    sighting is recorded) or ``parse_failed`` (landed as one failed submission
    with ``parse_error`` and the file's bytes; never an exception). A file
    that cannot be read at all raises FileNotFoundError: there are no bytes
    to keep, and the next discovery will see it again if it comes back.

``load_files(url, paths, pipeline_run_id) -> list[FileLoad]``
    The same for many files over one connection, in groups of files per
    transaction (see ``landing``): each file still lands whole or not at all.

``load_inbox(url, inbox, pipeline_run_id) -> LoadReport``
    ``discover`` then land every new file; one ``raw.loads`` row records the run.

A warehouse that cannot be reached, or a connection lost mid-run, raises
``sheetfeed.warehouse.connection.WarehouseUnreachable`` (retry later: what was
committed stays, what was not left no trace). Everything runs as the role
``sheetfeed_loader`` when the connecting user may take it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extract.inbox import Skipped, fingerprints
from sheetfeed.load.landing import (ALREADY_LOADED, LOADED, PARSE_FAILED, FileLoad, Sighting, groups, land_groups,
                                    record_sightings)
from sheetfeed.load.ledger import Discovery, close_load, find, known, open_load
from sheetfeed.load.session import loader_connection, lost_connection_is_unreachable

__all__ = ["Discovery", "FileLoad", "LoadReport", "discover", "load_file", "load_files", "load_inbox"]



@dataclass
class LoadReport:
    """One loader run over an inbox: what was found, and what became of each new file."""

    new: list[Path]
    seen: list[Path]
    loaded: list[Path] = field(default_factory=list)
    parse_failed: list[Path] = field(default_factory=list)
    already_loaded: list[Path] = field(default_factory=list)
    unreadable: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    submission_ids: list[int] = field(default_factory=list)
    load_id: int | None = None
    files: list[FileLoad] = field(default_factory=list)


def discover(url: str, inbox: Path) -> Discovery:
    with loader_connection(url) as conn, lost_connection_is_unreachable(url, f"discovering {inbox}"):
        return find(conn, Path(inbox))


def load_file(url: str, path: Path, pipeline_run_id: str | None = None) -> FileLoad:
    results = load_files(url, [Path(path)], pipeline_run_id, files_per_transaction=1)
    if not results:
        raise FileNotFoundError(f"{path} cannot be read: not loaded")
    return results[0]


def load_files(url: str, paths: list[Path], pipeline_run_id: str | None = None,
               files_per_transaction: int | None = None, workers: int = 1) -> list[FileLoad]:
    """Land these files (those whose content is known are only sighted, without being parsed).

    A file that cannot be read at all (gone, no permission) has no result; it is logged and
    will be found again by the next discovery.
    """
    paths = [Path(path).resolve() for path in paths]
    with loader_connection(url) as conn, lost_connection_is_unreachable(url, "loading files"):
        found = fingerprints(paths)
        hashes = {path: item.sha256 for path, item in found.items()}
        modified = {path: item.modified for path, item in found.items()}
        present = known(conn, sorted(set(hashes.values())))
        results = {}
        if present:
            sighted = [path for path in hashes if hashes[path] in present]
            with conn.transaction():
                record_sightings(conn, [Sighting.of(path, hashes[path], modified[path]) for path in sighted])
            results = {path: FileLoad(path, hashes[path], ALREADY_LOADED) for path in sighted}
        fresh = [path for path in hashes if path not in results]
        if fresh:
            load_id = open_load(conn, pipeline_run_id, None, len(paths), len(fresh))
            landed = _land_paths(conn, fresh, load_id, files_per_transaction, workers, modified)
            _close(conn, load_id, landed)
            results.update((result.path, result) for result in landed)
        return [results[path] for path in paths if path in results]


def load_inbox(url: str, inbox: Path, pipeline_run_id: str | None = None,
               files_per_transaction: int | None = None, workers: int = 1) -> LoadReport:
    """``discover``, then land the new files; ``workers`` > 1 parses a large backlog in that many processes
    (the calling program's main module must then be importable without side effects, as for any
    ``multiprocessing`` spawn)."""
    inbox = Path(inbox).resolve()
    with loader_connection(url) as conn, lost_connection_is_unreachable(url, f"loading {inbox}"):
        discovery = find(conn, inbox)
        report = LoadReport(new=discovery.new, seen=discovery.seen, skipped=discovery.skipped)
        report.load_id = open_load(conn, pipeline_run_id, inbox, len(discovery.new) + len(discovery.seen),
                                   len(discovery.new))
        report.files = _land_paths(conn, discovery.new, report.load_id, files_per_transaction, workers,
                                   discovery.modified)
        _close(conn, report.load_id, report.files)
    landed = {result.path for result in report.files}
    report.unreadable = [path for path in discovery.new if path not in landed]
    for result in report.files:
        {LOADED: report.loaded, PARSE_FAILED: report.parse_failed,
         ALREADY_LOADED: report.already_loaded}[result.status].append(result.path)
        if result.status != ALREADY_LOADED:
            report.submission_ids.extend(result.submission_ids)
    return report


def _land_paths(conn, paths: list[Path], load_id: int, files_per_transaction: int | None,
                workers: int, modified: dict | None = None) -> list[FileLoad]:
    from sheetfeed.load.extracting import extract_all

    incoming = (item for _, item in extract_all(paths, workers, modified) if item is not None)
    sizes = {} if files_per_transaction is None else {"max_files": files_per_transaction}
    return land_groups(conn, groups(incoming, **sizes), load_id)


def _close(conn, load_id: int, results: list[FileLoad]) -> None:
    landed = [result for result in results if result.status != ALREADY_LOADED]
    close_load(conn, load_id,
               files_loaded=sum(result.status == LOADED for result in results),
               files_parse_failed=sum(result.status == PARSE_FAILED for result in results),
               submissions_loaded=sum(len(result.submission_ids) for result in landed))
