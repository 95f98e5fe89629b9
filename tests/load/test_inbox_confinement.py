"""The inbox is read without leaving it (issue 15, point 2): links are never followed, special files are
refused, odd names are kept losslessly and shown escaped, and none of it stops the good files next to them."""
from __future__ import annotations

import os
import socket
import stat

import psycopg
import pytest

from extract.inbox import list_inbox, name_bytes, shown
from sheetfeed.load import load_inbox
from tests.load.load_helpers import variant, write

SECRET = "PGPASSWORD=hunter2-must-not-land"
CP949_NAME = "추진계획".encode("cp949") + b".txt"  # what a Windows share in CP949 hands a Linux mount


@pytest.fixture
def hostile_inbox(tmp_path, seed_text):
    """An inbox of good sheets beside every kind of file the loader must refuse or name carefully."""
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(variant(seed_text, 90) + SECRET)
    good = [write(inbox, "good-1.txt", variant(seed_text, 91)), write(inbox / "dept", "good-2.txt", variant(seed_text, 92))]
    odd_names = {
        "cp949": os.fsdecode(CP949_NAME),
        "newline": "보고\n서.txt",
        "ansi": "\x1b[31mred\x1b[0m.txt",
        "bidi": "report\u202etxt.exe",
    }
    for number, name in enumerate(odd_names.values(), start=93):
        good.append(write(inbox, name, variant(seed_text, number)))
    refused = {
        "link-out.txt": lambda path: path.symlink_to(outside / "secret.txt"),
        "environ.txt": lambda path: path.symlink_to("/proc/self/environ"),
        "loop-a.txt": lambda path: (path.symlink_to(inbox / "loop-b.txt"),
                                    (inbox / "loop-b.txt").symlink_to(path)),
        "up": lambda path: path.symlink_to(inbox),  # a folder link back up the tree
        "etc": lambda path: path.symlink_to("/etc"),
        "inside-link.txt": lambda path: path.symlink_to(inbox / "good-1.txt"),
        "fifo.txt": lambda path: os.mkfifo(path),
        "socket.txt": _bind_socket,
    }
    for name, make in refused.items():
        make(inbox / name)
    try:
        os.mknod(inbox / "null.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        refused["null.txt"] = None
    except (PermissionError, OSError):
        pass
    refused["loop-b.txt"] = None
    return inbox, good, refused, odd_names


def _bind_socket(path):
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()


def test_listing_refuses_links_and_special_files_and_names_each(hostile_inbox):
    inbox, good, refused, _ = hostile_inbox
    listing = list_inbox(inbox)
    assert sorted(listing.files) == sorted(path.resolve() for path in good)
    reasons = {os.path.basename(item.path): item.reason for item in listing.skipped}
    assert set(reasons) == set(refused)
    assert "loop" in reasons["loop-a.txt"] and "loop" in reasons["loop-b.txt"]
    assert "FIFO" in reasons["fifo.txt"] and "socket" in reasons["socket.txt"]
    assert "symbolic link" in reasons["environ.txt"] and "symbolic link" in reasons["up"]
    if "null.txt" in reasons:
        assert "device" in reasons["null.txt"]
    assert all("\n" not in str(item) and "\x1b" not in str(item) for item in listing.skipped)


def test_shown_escapes_controls_and_undecodable_bytes_and_name_bytes_keeps_them():
    assert shown("보고서 1　(최종).txt") == "보고서 1　(최종).txt"
    assert shown("a\nb\x1b[0m\u202e") == "a\\nb\\x1b[0m\\u202e"
    cp949 = os.fsdecode(CP949_NAME)
    assert "\\xc3" in shown(cp949) and shown(cp949).endswith(".txt")
    assert shown(cp949).isprintable() and shown(cp949).encode("utf-8")
    assert name_bytes(cp949) == CP949_NAME
    assert name_bytes("보고서.txt") is None


@pytest.mark.warehouse
def test_a_hostile_inbox_loads_every_good_file_and_lands_nothing_from_outside(warehouse_url, hostile_inbox):
    inbox, good, refused, odd_names = hostile_inbox
    report = load_inbox(warehouse_url, inbox)

    assert sorted(report.loaded) == sorted(path.resolve() for path in good)
    assert not report.parse_failed and not report.unreadable
    assert {os.path.basename(item.path) for item in report.skipped} == set(refused)
    with psycopg.connect(warehouse_url) as conn:
        contents = [bytes(row[0]) for row in conn.execute("select content from raw.files")]
        names = dict(conn.execute("select path, path_bytes from raw.file_sightings").fetchall())
        submitted = dict(conn.execute("select source_path, path_bytes from raw.submissions").fetchall())
    assert len(contents) == len(good)
    assert not any(SECRET.encode() in content or b"PATH=" in content for content in contents)
    for path in good:
        real = str(path.resolve())
        stored = shown(real)
        assert stored in names and stored in submitted
        assert stored.isprintable()
        expected = None if stored == real else os.fsencode(real)
        assert (None if names[stored] is None else bytes(names[stored])) == expected
        assert (None if submitted[stored] is None else bytes(submitted[stored])) == expected
        if expected is not None:
            assert os.fsdecode(expected) == real  # lossless: the stored bytes name the very file


@pytest.mark.warehouse
def test_a_file_swapped_for_a_fifo_after_listing_is_refused_not_waited_on(warehouse_url, tmp_path, seed_text):
    """The loader opens without following links and without blocking: a FIFO that replaced a file between
    discovery and loading fails that file only, at once."""
    from sheetfeed.load import load_files

    inbox = tmp_path / "inbox"
    swapped = write(inbox, "swapped.txt", variant(seed_text, 96))
    kept = write(inbox, "kept.txt", variant(seed_text, 97))
    swapped.unlink()
    os.mkfifo(swapped)
    results = load_files(warehouse_url, [swapped, kept])
    assert [(result.path.name, result.status) for result in results] == [("kept.txt", "loaded")]
