"""Which files of an inbox are submissions, and their content hashes.

Only the file system: no database. A file is identified by the sha256 of its
bytes, never by its name, so a renamed or copied file is recognised.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

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
    for path in root.rglob("*"):
        relative = path.relative_to(root).parts
        if any(part.startswith(".") for part in relative[:-1]):
            continue
        if path.is_file() and is_submission(path):
            found.append(path)
    return sorted(found)


def sha256_of(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
