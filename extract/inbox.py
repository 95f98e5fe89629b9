"""Which files of an inbox are submissions, and their content hashes.

Only the file system: no database. A file is identified by the sha256 of its
bytes, never by its name, so a renamed or copied file is recognised.
"""
from __future__ import annotations

import hashlib
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

log = logging.getLogger(__name__)

HASH_THREADS = 4
HASH_CHUNK = 256

# Files an upload in progress or an office program leaves behind; they are not submissions (yet).
_PARTIAL_SUFFIXES = {".tmp", ".part", ".partial", ".crdownload", ".swp"}


def is_submission(name: str) -> bool:
    """False for hidden files, Office lock files (``~$…``) and uploads still being written."""
    return not (name.startswith((".", "~$")) or os.path.splitext(name)[1].lower() in _PARTIAL_SUFFIXES)


def inbox_files(inbox: Path) -> list[Path]:
    """The submission files under ``inbox`` (subfolders included, hidden folders skipped), sorted, absolute.

    One ``scandir`` per folder and no ``stat`` per file: listing ten thousand files costs milliseconds.
    """
    root = Path(inbox).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"inbox {root} is not a folder")
    found, folders = [], [str(root)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    folders.append(entry.path)
                elif entry.is_file() and is_submission(entry.name):
                    found.append(entry.path)
    return [Path(path) for path in sorted(found)]


def sha256_of(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def hashes_of(paths: list[Path]) -> dict[Path, str]:
    """sha256 of each readable file, several at a time (reading and hashing release the GIL, so threads
    overlap them). A file that vanished or cannot be read is left out and logged: the next run sees it again."""
    chunks = [paths[start:start + HASH_CHUNK] for start in range(0, len(paths), HASH_CHUNK)]
    with ThreadPoolExecutor(HASH_THREADS) as pool:
        hashed = pool.map(lambda chunk: [_sha256_or_none(path) for path in chunk], chunks)
        return {path: sha for path, sha in zip(paths, (sha for chunk in hashed for sha in chunk)) if sha}


def _sha256_or_none(path: Path) -> str | None:
    try:
        return sha256_of(path)
    except OSError as exc:
        log.warning("%s cannot be read, skipped: %s", path, exc)
        return None
