"""Which files of an inbox are submissions, and their content hashes.

Only the file system: no database. A file is identified by the sha256 of its
bytes, never by its name, so a renamed or copied file is recognised.

The inbox is read without leaving it. Symbolic links are never followed, to
files or to folders (a link can point anywhere: ``/proc/self/environ``, a
password file, a loop back up the tree); a link, a FIFO, a socket or a device
is refused with a reason, and so is a folder that cannot be listed or a file
that cannot be opened. Refusals are ``Skipped`` entries naming the file: the
night goes on with every other file. Files are opened with ``O_NOFOLLOW`` and
``O_NONBLOCK`` and checked to be regular after opening, so a file swapped for a
link or a FIFO between listing and reading is refused too, never waited on.

File names are kept as the operating system gives them (bytes that are not
UTF-8, as a CP949 Windows share produces, ride in ``str`` as surrogate
escapes). ``shown`` is the printable, storable form: such bytes and control
characters (newline, ESC, bidi overrides) written as ``\\xNN`` / ``\\uNNNN``.
``name_bytes`` gives the exact bytes of a name that needed escaping.
"""
from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger(__name__)

HASH_THREADS = 4
HASH_CHUNK = 256

# Files an upload in progress or an office program leaves behind; they are not submissions (yet).
_PARTIAL_SUFFIXES = {".tmp", ".part", ".partial", ".crdownload", ".swp"}
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_SPECIAL_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                  (stat.S_ISBLK, "a block device"))


@dataclass(frozen=True)
class Skipped:
    """A file or folder of the inbox that was refused: its name (``shown``) and why, in one line."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class Fingerprint:
    """What discovery records of a readable file: its content hash and modification time (UTC)."""

    sha256: str
    modified: datetime


@dataclass
class Listing:
    """The submission files of an inbox (sorted, absolute) and what was refused."""

    files: list[Path]
    skipped: list[Skipped] = field(default_factory=list)


def shown(name: str | os.PathLike) -> str:
    """``name`` safe to print and to store as text: undecodable bytes as ``\\xNN``, control and format
    characters (newline, ESC, bidi overrides) as ``\\n``, ``\\xNN`` or ``\\uNNNN``; anything else as is."""
    text = os.fspath(name)
    if text.isprintable():  # the common case, at C speed (surrogates are not printable)
        return text
    return "".join(_shown_char(char) for char in text)


def _shown_char(char: str) -> str:
    if "\udc80" <= char <= "\udcff":  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{ord(char) - 0xDC00:02x}"
    if char.isprintable() or unicodedata.category(char) == "Zs":  # U+3000 and no-break spaces are names' own
        return char
    if char in "\n\r\t":
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def name_bytes(name: str | os.PathLike) -> bytes | None:
    """The exact bytes of a name whose ``shown`` form differs from it (None when the text is exact)."""
    text = os.fspath(name)
    return None if shown(text) == text else os.fsencode(text)


def is_submission(name: str) -> bool:
    """False for hidden files, Office lock files (``~$…``) and uploads still being written."""
    return not (name.startswith((".", "~$")) or os.path.splitext(name)[1].lower() in _PARTIAL_SUFFIXES)


def list_inbox(inbox: Path) -> Listing:
    """The submission files under ``inbox`` (subfolders included, hidden ones skipped) and what was refused.

    One ``scandir`` per folder and no ``stat`` per regular file (the entry's type comes with the listing):
    listing ten thousand files costs milliseconds. The inbox folder itself may be a link (an operator's
    choice); nothing under it is followed.
    """
    root = Path(inbox).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"inbox {shown(root)} is not a folder")
    listing = Listing([])
    found, folders, visited = [], [str(root)], set()
    while folders:
        folder = folders.pop()
        try:
            identity = os.stat(folder, follow_symlinks=False)
            if (identity.st_dev, identity.st_ino) in visited:  # a bind mount back up the tree
                listing.skipped.append(Skipped(shown(folder), "folder already listed (a loop in the tree)"))
                continue
            visited.add((identity.st_dev, identity.st_ino))
            with os.scandir(folder) as entries:
                for entry in entries:
                    _sort_entry(entry, found, folders, listing.skipped)
        except OSError as exc:
            if folder == str(root):
                raise
            listing.skipped.append(Skipped(shown(folder), f"folder cannot be listed: {_reason(exc)}"))
    listing.files = [Path(path) for path in sorted(found)]
    for skipped in listing.skipped:
        log.warning("inbox: %s, skipped", skipped)
    return listing


def _sort_entry(entry: os.DirEntry, found: list, folders: list, skipped: list) -> None:
    """File the entry under found (a submission), folders (to list) or skipped (refused, with why)."""
    if entry.name.startswith("."):
        return
    try:
        if entry.is_symlink():
            skipped.append(Skipped(shown(entry.path), _link_reason(entry.path)))
        elif entry.is_dir(follow_symlinks=False):
            folders.append(entry.path)
        elif entry.is_file(follow_symlinks=False):
            if is_submission(entry.name):
                found.append(entry.path)
        else:
            skipped.append(Skipped(shown(entry.path), _kind(entry.stat(follow_symlinks=False).st_mode)))
    except OSError as exc:
        skipped.append(Skipped(shown(entry.path), f"cannot be read: {_reason(exc)}"))


def _link_reason(path: str) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop (links are not followed)"
        return "a broken symbolic link (links are not followed)"
    return "a symbolic link (links are not followed; copy the file into the inbox)"


def _kind(mode: int) -> str:
    for test, kind in _SPECIAL_KINDS:
        if test(mode):
            return f"{kind}, not a regular file"
    return "not a regular file"


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def inbox_files(inbox: Path) -> list[Path]:
    """The submission files under ``inbox``, sorted, absolute (what ``list_inbox`` found, refusals logged)."""
    return list_inbox(inbox).files


def open_regular(path: Path | str):
    """Open a file for reading only if it is a regular file, not following a link in its last component and
    never blocking on a FIFO; OSError otherwise. A binary file object, positioned at the start."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, _kind(mode))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def fingerprint_of(path: Path) -> Fingerprint:
    with open_regular(path) as handle:
        modified = os.fstat(handle.fileno()).st_mtime_ns
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    return Fingerprint(digest, datetime.fromtimestamp(modified / 1e9, timezone.utc))


def sha256_of(path: Path) -> str:
    return fingerprint_of(path).sha256


def fingerprints(paths: list[Path], skipped: list[Skipped] | None = None) -> dict[Path, Fingerprint]:
    """sha256 and modification time of each readable file, several at a time (reading and hashing release
    the GIL, so threads overlap them). A file that vanished or cannot be read is left out, logged and, when
    ``skipped`` is given, added to it: the next run sees it again."""
    chunks = [paths[start:start + HASH_CHUNK] for start in range(0, len(paths), HASH_CHUNK)]
    with ThreadPoolExecutor(HASH_THREADS) as pool:
        read = [item for chunk in pool.map(lambda chunk: [_fingerprint_or_reason(path) for path in chunk], chunks)
                for item in chunk]
    found = {}
    for path, outcome in zip(paths, read):
        if isinstance(outcome, Fingerprint):
            found[path] = outcome
        else:
            log.warning("%s cannot be read, skipped: %s", shown(path), outcome)
            if skipped is not None:
                skipped.append(Skipped(shown(path), f"cannot be read: {outcome}"))
    return found


def hashes_of(paths: list[Path]) -> dict[Path, str]:
    """sha256 of each readable file (see ``fingerprints``)."""
    return {path: found.sha256 for path, found in fingerprints(paths).items()}


def _fingerprint_or_reason(path: Path) -> Fingerprint | str:
    try:
        return fingerprint_of(path)
    except OSError as exc:
        return _reason(exc)
