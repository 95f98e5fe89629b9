"""Publishing a folder that people open (dbt docs, the nightly report) without ever showing half of one.

The new content is written beside the published folder, then swapped in by two renames, so a
reader sees either the previous build or the new one; a single file is replaced by one rename.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path


def replace_folder(published: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(folder)`` on an empty folder beside ``published``, then put it in its place."""
    staging = published.with_name(published.name + ".new")
    previous = published.with_name(published.name + ".old")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        write(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(previous, ignore_errors=True)
    if published.exists():
        published.rename(previous)
    staging.rename(published)
    shutil.rmtree(previous, ignore_errors=True)
    return published


def replace_file(published: Path, content: bytes) -> Path:
    """Write ``content`` beside ``published``, then rename it into place: a reader sees the old file or the new."""
    staging = published.with_name(published.name + ".new")
    staging.write_bytes(content)
    os.replace(staging, published)
    return published
