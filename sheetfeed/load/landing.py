"""Landing extracted files in ``raw``: exactly once, whole or not at all.

A group of files lands in one transaction:

1. ``insert into raw.files … on conflict (sha256) do nothing returning sha256``
   claims each content. A content already in the ledger returns nothing and
   is only sighted; a concurrent loader holding the same content uncommitted
   makes this insert wait on the unique index, then skip it — so two loaders
   running at once land every content once. Rows are claimed in sha256 order
   so two loaders never wait on each other in a cycle.
2. Every raw table gets one COPY of the group's rows. Their submission ids
   were drawn from the sequence beforehand, so a helper thread builds the
   next group's rows while the server works on this one; rows of a content
   another loader claimed meanwhile are dropped before the COPY.

A transaction never holds part of a file, so a loader killed anywhere leaves
no trace of the files it had not committed, and the next run loads them in
full. A group holds several files only to spare round trips (a server round
trip costs as much as COPYing a hundred rows); if the database rejects a
group's data, each file is retried alone, and a file whose data the database
still rejects (a NUL character, a number out of range) lands as a failed
submission with the error and its bytes, never as an exception that drops it.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import psycopg

from extract.inbox import name_bytes, shown
from sheetfeed.load import rows as raw_rows
from sheetfeed.warehouse import locks

LOADED, ALREADY_LOADED, PARSE_FAILED = "loaded", "already_loaded", "parse_failed"

# A group is cut when it reaches either bound: few enough bytes to keep memory and a lost transaction small.
GROUP_FILES = 256
GROUP_BYTES = 8 * 1024 * 1024


@dataclass
class FileLoad:
    """What happened to one file: ``loaded``, ``already_loaded`` (its content was in raw.files) or ``parse_failed``."""

    path: Path
    sha256: str
    status: str
    submission_ids: list[int] = field(default_factory=list)
    error: str | None = None


@dataclass(eq=False)
class Incoming:
    """One extracted file, as the extractor's FileExtract (compared by identity). ``path`` is the name it is
    stored under (``extract.inbox.shown``: control characters and undecodable bytes escaped), ``file`` the
    real path, ``path_bytes`` the name's exact bytes when ``path`` had to escape them, ``modified`` the
    file's modification time as discovery read it (it breaks ties between sheets of one reporting date)."""

    path: str
    sha256: str
    size: int
    data: bytes
    sheets: list[dict]
    error: str | None
    file: Path | None = None
    path_bytes: bytes | None = None
    modified: datetime | None = None

    @classmethod
    def of(cls, extracted, file: Path | None = None, modified: datetime | None = None) -> "Incoming":
        file = Path(file or extracted.path)
        return cls(shown(extracted.path), extracted.sha256, extracted.size, extracted.data,
                   list(extracted.sheets or ()), extracted.error, file, name_bytes(file), modified)

    @property
    def source(self) -> Path:
        return self.file or Path(self.path)

    def sighting(self) -> "Sighting":
        return Sighting(self.sha256, self.path, self.path_bytes, self.modified)

    def unstorable(self, exc: Exception) -> "Incoming":
        """The same file as a parse failure: its sheets could not be stored, its bytes still can."""
        reason = raw_rows.one_line(f"{type(exc).__name__}: {exc}")
        return replace(self, sheets=[], error=f"{self.path}: parsed, but the warehouse refused its rows: {reason}")


@dataclass(frozen=True)
class Sighting:
    """A content seen under a name: the row of raw.file_sightings (see Incoming for the fields)."""

    sha256: str
    path: str
    path_bytes: bytes | None = None
    modified: datetime | None = None

    @classmethod
    def of(cls, file: Path, sha256: str, modified: datetime | None = None) -> "Sighting":
        return cls(sha256, shown(file), name_bytes(file), modified)


def groups(incoming, max_files: int = GROUP_FILES, max_bytes: int = GROUP_BYTES):
    """Cut an iterable of Incoming into lists bounded by file count and bytes."""
    group, size = [], 0
    for item in incoming:
        if group and (len(group) >= max_files or size + item.size > max_bytes):
            yield group
            group, size = [], 0
        group.append(item)
        size += item.size
    if group:
        yield group


def land_groups(conn: psycopg.Connection, grouped, load_id: int) -> list[FileLoad]:
    """Land groups in order. While the server works on one group (COPY, commit), a helper thread
    builds the rows of the next, so the Python work and the server's overlap instead of taking turns."""
    results: list[FileLoad] = []
    with ThreadPoolExecutor(1, thread_name_prefix="raw-rows") as builder:
        pending = None
        for group in grouped:
            unique = _unique(group)
            ids = _submission_ids(conn, _sheet_count(unique))
            prepared = (group, builder.submit(build_rows, unique, ids, load_id))
            if pending is not None:
                results += land(conn, pending[0], load_id, pending[1])
            pending = prepared
        if pending is not None:
            results += land(conn, pending[0], load_id, pending[1])
    return results


def land(conn: psycopg.Connection, group: list[Incoming], load_id: int, prepared=None) -> list[FileLoad]:
    """Land a group in one transaction; on data the database refuses, land its files one by one (see the
    module doc). ``prepared`` is a future of ``build_rows`` over the group's distinct contents."""
    try:
        with conn.transaction():
            return _land_group(conn, group, load_id, prepared)
    except (psycopg.DataError, psycopg.IntegrityError) as exc:
        if conn.broken:
            raise
        if len(group) > 1:
            return [result for item in group for result in land(conn, [item], load_id)]
        if not group[0].sheets:
            raise  # even the bare ledger row was refused: not a problem of this file's content
        return land(conn, [group[0].unstorable(exc)], load_id)


def _unique(group: list[Incoming]) -> list[Incoming]:
    """The first file of each content in the group (a second copy is only sighted)."""
    first_by_sha: dict[str, Incoming] = {}
    for item in group:
        first_by_sha.setdefault(item.sha256, item)
    return list(first_by_sha.values())


def _sheet_count(items: list[Incoming]) -> int:
    return sum(max(len(item.sheets), 1) for item in items)


def _land_group(conn, group: list[Incoming], load_id: int, prepared) -> list[FileLoad]:
    unique = _unique(group)
    claimed = _claim(conn, unique)
    landing = [item for item in unique if item.sha256 in claimed]
    landing_ids = {id(item) for item in landing}
    sighted_only = [item for item in group if id(item) not in landing_ids]
    if sighted_only:
        record_sightings(conn, [item.sighting() for item in sighted_only])
    results = {id(item): FileLoad(item.source, item.sha256, ALREADY_LOADED) for item in sighted_only}
    if landing:
        if prepared is None:
            table_rows, landed = build_rows(landing, _submission_ids(conn, _sheet_count(landing)), load_id)
        else:
            table_rows, built = prepared.result()
            landed = [result for item, result in zip(unique, built) if item.sha256 in claimed]
            if len(landed) < len(built):  # a concurrent loader took some: drop their rows
                keep = {submission_id for result in landed for submission_id in result.submission_ids}
                table_rows = {table: [row for row in rows if row[0] in keep] for table, rows in table_rows.items()}
        results.update((id(item), result) for item, result in zip(landing, landed))
        copy_rows(conn, table_rows)
    return [results[id(item)] for item in group]


def _claim(conn, items: list[Incoming]) -> set[str]:
    """Insert the ledger rows (and first sightings) of contents not yet in raw.files; return those claimed."""
    cursor = conn.execute(
        """
        with incoming as (
            select * from unnest(%s::text[], %s::bigint[], %b::bytea[], %s::text[], %b::bytea[],
                                 %s::timestamptz[]) as incoming(sha256, size_bytes, content, path, path_bytes, modified_at)
        ), landed as (
            insert into raw.files (sha256, size_bytes, content, first_path, modified_at)
            select sha256, size_bytes, content, path, modified_at from incoming
            order by sha256
            on conflict (sha256) do nothing
            returning sha256
        ), sighted as (
            insert into raw.file_sightings (sha256, path, path_bytes, modified_at)
            select incoming.sha256, path, path_bytes, modified_at from incoming join landed using (sha256)
        )
        select sha256 from landed
        """,
        ([item.sha256 for item in items], [item.size for item in items], [item.data for item in items],
         [item.path for item in items], [item.path_bytes for item in items], [item.modified for item in items]),
    )
    return {row[0] for row in cursor}


def record_sightings(conn, sightings: list[Sighting]) -> None:
    """Note that these contents were seen now under these names: the ledger's last_seen and the per-path
    sightings (a name's first sighting keeps the modification time it had then).

    Call inside a transaction. Sightings of concurrent runs are serialised by an
    advisory lock held to commit, so their row updates never deadlock.
    """
    sightings = sorted({(item.sha256, item.path): item for item in sightings}.values(),
                       key=lambda item: (item.sha256, item.path))
    shas = [item.sha256 for item in sightings]
    conn.execute("select pg_advisory_xact_lock(%s)", (locks.SIGHTINGS,))
    conn.execute(
        """
        insert into raw.file_sightings (sha256, path, path_bytes, modified_at)
        select * from unnest(%s::text[], %s::text[], %b::bytea[], %s::timestamptz[])
        on conflict (sha256, path) do update set last_seen_at = now()
        """,
        (shas, [item.path for item in sightings], [item.path_bytes for item in sightings],
         [item.modified for item in sightings]),
    )
    conn.execute(
        """
        update raw.files set last_seen_at = now()
        where sha256 in (select unnest(%s::text[]) order by 1)
        """,
        (sorted(set(shas)),),
    )


def _submission_ids(conn, count: int) -> list[int]:
    return [row[0] for row in conn.execute(
        "select nextval(pg_get_serial_sequence('raw.submissions', 'submission_id'))"
        " from generate_series(1, %s)", (count,))]


def build_rows(items: list[Incoming], submission_ids: list[int], load_id: int) -> tuple[dict, list[FileLoad]]:
    """The rows of raw.submissions and the entity tables for these files, and what each file becomes."""
    table_rows, ids = raw_rows.empty_rows(), iter(submission_ids)
    return table_rows, [_add_file(table_rows, item, ids, load_id) for item in items]


def _add_file(table_rows: dict, item: Incoming, ids, load_id: int) -> FileLoad:
    if item.error is not None or not item.sheets:
        submission_id = next(ids)
        error = raw_rows.one_line(item.error or f"{item.path}: no sheet found")
        raw_rows.add_failure(table_rows, submission_id, item, error, load_id)
        return FileLoad(item.source, item.sha256, PARSE_FAILED, [submission_id], error)
    submission_ids = []
    for sheet in item.sheets:
        submission_id = next(ids)
        raw_rows.add_sheet(table_rows, submission_id, item, sheet, load_id)
        submission_ids.append(submission_id)
    return FileLoad(item.source, item.sha256, LOADED, submission_ids)


def copy_rows(conn, table_rows: dict[str, list[tuple]], schema: str = "raw") -> None:
    """One COPY per table that has rows, submissions first (the entities reference them)."""
    with conn.cursor() as cursor:
        for table, rows in table_rows.items():
            if not rows:
                continue
            columns = raw_rows.SUBMISSION_COLUMNS if table == "submissions" else raw_rows.ENTITY_COLUMNS[table]
            statement = f"copy {schema}.{table} ({', '.join(columns)}) from stdin"
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
