"""Extracting the files to land, in order, optionally in worker processes.

Parsing costs about a millisecond per sheet, far more than landing it, so a
large backlog is parsed by a pool of processes while this one lands what is
ready. Results come back in the order of the paths, a bounded number ahead,
so memory stays flat however long the backlog is.
"""
from __future__ import annotations

import hashlib
import logging
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from sheetfeed.load.landing import Incoming

log = logging.getLogger(__name__)

CHUNK = 16  # files per task sent to a worker
# The extractor refuses files over its size limit without reading them; up to this size their bytes are
# still kept (as a failed submission), beyond it a file is reported unreadable rather than held in memory.
MAX_KEPT_BYTES = 256 * 1024 * 1024


def extract_all(paths: list[Path], workers: int = 1):
    """Yield ``(path, Incoming | None)`` for each path in order; None when the file cannot be read at all."""
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
        return Incoming.of(extracted)
    # The extractor did not read the bytes (unreadable, or over its size limit): keep them if we can.
    try:
        if path.stat().st_size > MAX_KEPT_BYTES:
            raise OSError(f"over {MAX_KEPT_BYTES} bytes")
        data = path.read_bytes()
    except OSError as exc:
        log.warning("%s cannot be read, not loaded: %s", path, exc)
        return None
    return Incoming(str(path), hashlib.sha256(data).hexdigest(), len(data), data, [], extracted.error)
