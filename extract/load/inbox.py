"""Which files of an inbox are submissions, and their content hashes.

Only the file system: no database. A file is identified by the sha256 of its
bytes, never by its name, so a renamed or copied file is recognised.
"""
from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HASH_THREADS = 4

# Files an upload in progress or an office program leaves behind; they are not submissions (yet).
_PARTIAL_SUFFIXES = {".tmp", ".part", ".partial", ".crdownload", ".swp"}


def is_submission(path: Path) -> bool:
    """False for hidden files, Office lock files (``~$…``) and uploads still being written."""
    name = path.name
    return not (name.startswith(".") or name.startswith("~$") or path.suffix.lower() in _PARTIAL_SUFFIXES)


def inbox_files(inbox: Path) -> list[Path]:
    """The submission files under ``inbox`` (subfolders included, hidden folders skipped), sorted, absolute."""
    root = Path(inbox).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"inbox {root} is not a folder")
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found.extend(Path(folder, name) for name in names if is_submission(Path(name)))
    return sorted(path for path in found if path.is_file())


def sha256_of(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def hashes_of(paths: list[Path]) -> dict[Path, str]:
    """sha256 of each file, several at a time: reading and hashing release the GIL, so threads overlap them."""
    with ThreadPoolExecutor(HASH_THREADS) as pool:
        return dict(zip(paths, pool.map(sha256_of, paths)))
