"""`sheetfeed run` over an inbox of odd names and refused files (issue 15, point 2): the night succeeds, the
good files reach the marts, and the summary names every refused file escaped (no raw newline or ESC). The
warehouse URL carries a password (the test servers trust loopback and ignore it): it is in no output, no
log, no summary and no artifact the run leaves (point 5)."""
from __future__ import annotations

import os

import pytest

from nights import figure, query, sheetfeed_run
from tests.load.load_helpers import variant, write

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run_home(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile_names_home")


def test_a_night_with_odd_names_links_and_fifos_succeeds_and_prints_them_escaped(seed_sheet, tmp_path, run_home,
                                                                               warehouse_url):
    seed_text = seed_sheet.read_text(encoding="utf-8")
    inbox = tmp_path / "inbox"
    write(inbox, os.fsdecode("추진계획".encode("cp949") + b".txt"), seed_text)
    write(inbox, "보고\n\x1b[31m서.txt", variant(seed_text, 41))
    (inbox / "environ.txt").symlink_to("/proc/self/environ")
    (inbox / "loop\x1b[2J.txt").symlink_to(inbox / "loop\x1b[2J.txt")
    os.mkfifo(inbox / "fifo\n.txt")

    secret = "Zq9-night-s3cret"
    result = sheetfeed_run(inbox, run_home, f"{warehouse_url}?password={secret}")
    assert result.returncode == 0, result.stderr
    assert secret not in result.stdout + result.stderr
    leaked = [path for path in run_home.rglob("*") if path.is_file() and secret.encode() in path.read_bytes()]
    assert leaked == []
    assert figure(result.stdout, "new submissions") == 2
    assert figure(result.stdout, "refused") == 3
    assert "\x1b" not in result.stdout + result.stderr
    assert "loop\\x1b[2J.txt: a symbolic link loop" in result.stdout
    assert "fifo\\n.txt: a FIFO" in result.stdout
    assert "environ.txt: a symbolic link" in result.stdout
    programs = query(warehouse_url, "select program_code from marts.dim_program order by 1")
    assert len(programs) == 2
    paths = query(warehouse_url, "select source_path, path_bytes from raw.submissions order by 1")
    assert all(path.isprintable() and raw is not None for path, raw in paths)
    good = {os.fsdecode("추진계획".encode("cp949") + b".txt"), "보고\n\x1b[31m서.txt"}
    assert {os.path.basename(os.fsdecode(bytes(raw))) for _, raw in paths} == good
