"""Extracting the files to land, in order, optionally in worker processes.

Parsing costs about a millisecond per sheet, far more than landing it, so a
large backlog is parsed by a pool of processes while this one lands what is
ready. Results come back in the order of the paths, a bounded number ahead,
so memory stays flat however long the backlog is.
"""
from __future__ import annotations

import hashlib
import logging
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from extract.inbox import open_regular, shown
from sheetfeed.load.landing import Incoming

log = logging.getLogger(__name__)

CHUNK = 16  # files per task sent to a worker
# The extractor refuses files over its size limit without reading them; up to this size their bytes are
# still kept (as a failed submission), beyond it a file is reported unreadable rather than held in memory.
MAX_KEPT_BYTES = 256 * 1024 * 1024


def extract_all(paths: list[Path], workers: int = 1, modified: dict | None = None):
    """Yield ``(path, Incoming | None)`` for each path in order; None when the file cannot be read at all.
    ``modified``: each file's modification time as discovery read it (see ``Incoming.modified``)."""
    modified = modified or {}
    for path, item in _extracted(paths, workers):
        if item is not None:
            item.modified = modified.get(path)
        yield path, item


def _extracted(paths: list[Path], workers: int):
    if workers <= 1 or len(paths) < 2 * CHUNK:
        for path in paths:
            yield path, _incoming(path)
        return
    chunks = [paths[start:start + CHUNK] for start in range(0, len(paths), CHUNK)]
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        pending = deque()
        for chunk in chunks:
            pending.append(pool.submit(_incoming_chunk, chunk))
            if len(pending) >= 4 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _incoming_chunk(paths: list[Path]) -> list[tuple[Path, Incoming | None]]:
    return [(path, _incoming(path)) for path in paths]


def _incoming(path: Path) -> Incoming | None:
    from extract.sheets import extract_file

    extracted = extract_file(path)
    if extracted.data or not extracted.error:
        return Incoming.of(extracted, path)
    # The extractor did not read the bytes (unreadable, or over its size limit): keep them if we can.
    try:
        with open_regular(path) as handle:
            if os.fstat(handle.fileno()).st_size > MAX_KEPT_BYTES:
                raise OSError(f"over {MAX_KEPT_BYTES} bytes")
            data = handle.read(MAX_KEPT_BYTES + 1)
    except OSError as exc:
        log.warning("%s cannot be read, not loaded: %s", shown(path), exc.strerror or exc)
        return None
    extracted.sha256, extracted.size, extracted.data = hashlib.sha256(data).hexdigest(), len(data), data
    return Incoming.of(extracted, path)
