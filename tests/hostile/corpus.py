"""The hostile corpus (issue 15, point 8): what an attacker or a careless clerk puts in an inbox.

``build(name, folder, seed)`` writes one class's inbox: its hostile cases next to two good sheets that
must load whatever the cases do. Each ``Case`` says what the night must make of it:

- ``refused``: not read at all (a link, a FIFO, …): a logged skip naming it, nothing of it in ``raw``;
- ``error``: a failed submission whose one-line error names the file (and holds ``words``);
- ``warning``: loaded, with an extraction warning holding ``words``;
- ``loaded``: loaded as it is (odd names, markup kept verbatim as text).

Nothing here is checked in as bytes: every case is generated (bombs are cached under the temporary
folder, since inflating a quarter gigabyte of zeros costs seconds). ``python -m tests.hostile`` runs
every class and prints its time and peak memory; tests/hostile/test_corpus.py asserts them.
"""
from __future__ import annotations

import bz2
import io
import lzma
import os
import socket
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from tests.load.load_helpers import variant

# What an archive's bomb inflates to: well over the extractor's 20 MB limit, small enough to build quickly.
BOMB_BYTES = 256 * 1024 * 1024
# Points other helpers deliver; the cases (and checks) that need them say so (tests/hostile/test_corpus.py
# lists those not landed yet).
CUT_SHORT_VERDICT = "point 4 (quality): a sheet cut short gets a verdict a steward sees"
AUTHORS_OUT = "point 4 (readers): authors stay out whatever the footer's label"
EXTRA_CELLS = "point 4 (readers): extra budget cells kept and warned"
ESCAPED_PAGES = "point 3 (quality, analysts): every page escapes sheet text"
SCRIPT = "<script>alert('x')</script><img src=x onerror=alert(1)>&amp;<b>굵게</b>"


@dataclass(frozen=True)
class Case:
    """One hostile file of a class's inbox (``name`` relative to it) and what must become of it."""

    name: str
    expect: str  # refused | error | warning | loaded
    words: tuple[str, ...] = ()
    waits_for: str | None = None  # the point of issue 15 (and helper) whose fix this case needs
    kept: tuple[str, ...] = ()  # text that must land verbatim in the submission's document
    kept_out: tuple[str, ...] = ()  # text that must not reach the tables the marts read (authors, extensions)


@dataclass
class Seed:
    """The sheets every class is built from: the real seed as text and as a workbook."""

    text: str
    xlsx: bytes

    def good(self, number: int) -> str:
        return variant(self.text, number)


def _write(folder: Path, name: str, data: bytes | str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


# --- archives ---------------------------------------------------------------------------------------

def _cached_stream(method: int, size: int) -> bytes:
    """``size`` zero bytes compressed by a zip method (raw stream as a zip member holds it), cached."""
    cache = Path(tempfile.gettempdir()) / "sheetfeed-hostile-cache"
    cache.mkdir(exist_ok=True)
    path = cache / f"zeros-{method}-{size}.bin"
    if path.exists():
        return path.read_bytes()
    compressor = {
        zipfile.ZIP_DEFLATED: lambda: zlib.compressobj(9, zlib.DEFLATED, -15),
        zipfile.ZIP_BZIP2: lambda: bz2.BZ2Compressor(9),
        zipfile.ZIP_LZMA: lambda: _ZipLzma(),
    }[method]()
    chunk, out = bytes(1 << 20), []
    for _ in range(size >> 20):
        out.append(compressor.compress(chunk))
    out.append(compressor.flush())
    data = b"".join(out)
    path.write_bytes(data)
    return data


class _ZipLzma:
    """LZMA as a zip member holds it: a 4-byte header (version, properties size) and raw LZMA1 data."""

    def __init__(self):
        self._compressor = lzma.LZMACompressor(lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA1}])
        props = lzma._encode_filter_properties({"id": lzma.FILTER_LZMA1})
        self._header = struct.pack("<BBH", 9, 4, len(props)) + props

    def compress(self, data: bytes) -> bytes:
        out, self._header = self._header + self._compressor.compress(data), b""
        return out

    def flush(self) -> bytes:
        return self._compressor.flush()


def _replace_member(workbook: bytes, member: str, method: int, stream: bytes, declared: int) -> bytes:
    """The workbook with ``member`` replaced by a pre-compressed ``stream`` of ``method``, declaring an
    uncompressed size of ``declared`` bytes (a lie) and a CRC of zero."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    central = []
    for info in source.infolist():
        name = info.filename.encode()
        if info.filename == member:
            data, crc, size, compress_type = stream, 0, declared, method
        else:
            data = source.read(info.filename)
            crc, size = zlib.crc32(data), len(data)
            data, compress_type = zlib.compress(data, 6)[2:-4], zipfile.ZIP_DEFLATED
        version = 63 if compress_type == zipfile.ZIP_LZMA else 46 if compress_type == zipfile.ZIP_BZIP2 else 20
        offset = out.tell()
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, version, 0, compress_type, 0, 0x21, crc, len(data),
                             size, len(name), 0)
        out.write(header + name + data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, version, version, 0, compress_type, 0, 0x21,
                                   crc, len(data), size, len(name), 0, 0, 0, 0, 0, offset) + name)
    start = out.tell()
    out.write(b"".join(central))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def _sheet_part(workbook: bytes) -> str:
    names = zipfile.ZipFile(io.BytesIO(workbook)).namelist()
    return next(name for name in names if name.startswith("xl/worksheets/") and name.endswith(".xml"))


def _with_part(workbook: bytes, member: str, content: bytes, compress_type: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The workbook with one part's content replaced (or added), honestly sized."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info.filename, source.read(info.filename))
        target.writestr(member, content, compress_type=compress_type)
    return out.getvalue()


# --- the classes ----------------------------------------------------------------------------------------

def _truncated(folder: Path, seed: Seed) -> list[Case]:
    """The seed cut at every 97th byte (the probe also extracts it cut at every byte): an error before the
    title row is complete, else the part before the cut with a warning that the sheet was cut short."""
    data = seed.text.encode("utf-8")
    title_end, footer = data.index(b"\t") + 1, data.index("작성 자".encode())
    cases = []
    for cut in range(0, footer, 97):
        name = f"cut-{cut:05d}.txt"
        _write(folder, name, data[:cut])
        if cut <= title_end:
            cases.append(Case(name, "error"))
        else:
            cases.append(Case(name, "warning", ("cut short",)))
    for fraction in (4, 2):
        name = f"workbook-cut-{fraction}.xlsx"
        _write(folder, name, seed.xlsx[: len(seed.xlsx) // fraction])
        cases.append(Case(name, "error", ("not a readable",)))
    return cases


def _compression(folder: Path, seed: Seed) -> list[Case]:
    """The worksheet part under every zip compression method, inflating to 256 MB while declaring 5 KB."""
    part = _sheet_part(seed.xlsx)
    cases = []
    for label, method in (("deflate", zipfile.ZIP_DEFLATED), ("bzip2", zipfile.ZIP_BZIP2), ("lzma", zipfile.ZIP_LZMA)):
        name = f"bomb-{label}.xlsx"
        _write(folder, name, _replace_member(seed.xlsx, part, method, _cached_stream(method, BOMB_BYTES), 5000))
        cases.append(Case(name, "error", ("inflat",)))
    stored = _replace_member(seed.xlsx, part, zipfile.ZIP_STORED, bytes(64 * 1024), 5000)
    _write(folder, "stored-lying.xlsx", stored)
    cases.append(Case("stored-lying.xlsx", "error"))
    for label, method in (("deflate64", 9), ("implode", 6), ("aes", 99), ("unknown", 77)):
        name = f"method-{label}.xlsx"
        _write(folder, name, _replace_member(seed.xlsx, part, method, b"\x00" * 64, 5000))
        cases.append(Case(name, "error"))
    return cases


def _nested(folder: Path, seed: Seed) -> list[Case]:
    """Zips in zips: a workbook embedding a bomb, a workbook inside a .zip, a zip of zips named .xlsx."""
    inner = _replace_member(seed.xlsx, _sheet_part(seed.xlsx), zipfile.ZIP_BZIP2,
                            _cached_stream(zipfile.ZIP_BZIP2, BOMB_BYTES), 5000)
    _write(folder, "embeds-bomb.xlsx", _with_part(seed.xlsx, "xl/embeddings/oleObject1.bin", inner,
                                                  zipfile.ZIP_STORED))
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w") as archive:
        for depth in range(3):
            archive.writestr(f"level{depth}.xlsx", seed.xlsx)
    _write(folder, "zip-of-workbooks.xlsx", outer.getvalue())
    with zipfile.ZipFile(outer, "a") as archive:
        archive.writestr("readme.txt", "제출 자료 묶음")
    _write(folder, "archive.zip", outer.getvalue())
    return [Case("embeds-bomb.xlsx", "loaded"), Case("zip-of-workbooks.xlsx", "error"), Case("archive.zip", "error")]


def _xml(folder: Path, seed: Seed) -> list[Case]:
    """Huge shared-strings tables, deeply nested XML, entity expansion (billion laughs, external entities)."""
    strings = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' \
              + b"<si><t>a</t></si>" * 1_500_000 + b"</sst>"
    _write(folder, "shared-strings-huge.xlsx", _with_part(seed.xlsx, "xl/sharedStrings.xml", strings))
    part = _sheet_part(seed.xlsx)
    deep = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' \
           + b"<a>" * 200_000 + b"</a>" * 200_000 + b"</worksheet>"
    _write(folder, "deep-xml.xlsx", _with_part(seed.xlsx, part, deep))
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                         for i in range(1, 10))
              + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>')
    _write(folder, "billion-laughs.xlsx", _with_part(seed.xlsx, "xl/sharedStrings.xml", laughs))
    external = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&e;</t></si></sst>')
    _write(folder, "external-entity.xlsx", _with_part(seed.xlsx, "xl/sharedStrings.xml", external))
    return [Case("shared-strings-huge.xlsx", "error"), Case("deep-xml.xlsx", "error"),
            Case("billion-laughs.xlsx", "error"), Case("external-entity.xlsx", "error")]


def _file_system(folder: Path, seed: Seed) -> list[Case]:
    """Links out of the inbox, to /proc and in loops; FIFOs, sockets and a device (when we may make one)."""
    outside = folder.parent / f"{folder.name}-outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text(seed.good(80) + "PGPASSWORD=must-not-land\n", encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "link-out.txt").symlink_to(outside / "secret.txt")
    (folder / "environ.txt").symlink_to("/proc/self/environ")
    (folder / "loop-1.txt").symlink_to(folder / "loop-2.txt")
    (folder / "loop-2.txt").symlink_to(folder / "loop-1.txt")
    (folder / "up").symlink_to(folder)
    (folder / "etc").symlink_to("/etc")
    os.mkfifo(folder / "fifo.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "socket.txt"))
    cases = [Case("link-out.txt", "refused", ("symbolic link",)), Case("environ.txt", "refused", ("symbolic link",)),
             Case("loop-1.txt", "refused", ("loop",)), Case("loop-2.txt", "refused", ("loop",)),
             Case("up", "refused", ("symbolic link",)), Case("etc", "refused", ("symbolic link",)),
             Case("fifo.txt", "refused", ("FIFO",)), Case("socket.txt", "refused", ("socket",))]
    try:
        os.mknod(folder / "null.txt", 0o20600, os.makedev(1, 3))
        cases.append(Case("null.txt", "refused", ("character device",)))
    except OSError:
        pass
    return cases


def _names(folder: Path, seed: Seed) -> list[Case]:
    """Names a Windows share in CP949 produces (not UTF-8), and names with newlines, ANSI escapes, bidi."""
    names = [os.fsdecode("추진계획".encode("cp949") + b".txt"), os.fsdecode(b"\xff\xfe-bad.txt"),
             "보고\n서.txt", "\x1b[2J\x1b[31mred.txt", "report\u202etxt.exe", "tab\there.txt"]
    for number, name in enumerate(names, start=60):
        _write(folder, name, seed.good(number))
    return [Case(name, "loaded") for name in names]


def _text_forms(folder: Path, seed: Seed) -> list[Case]:
    """CR-only line ends (old Mac text), random bytes, an empty file, a sparse file over the size limit."""
    _write(folder, "mac-cr.txt", seed.good(70).replace("\r\n", "\n").replace("\n", "\r"))
    _write(folder, "random.txt", bytes(range(256)) * 400)
    _write(folder, "empty.txt", b"")
    with open(folder / "sparse-huge.txt", "wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    return [Case("mac-cr.txt", "loaded"), Case("random.txt", "error"), Case("empty.txt", "error", ("empty file",)),
            Case("sparse-huge.txt", "error", ("limit",))]


def _free_text(folder: Path, seed: Seed) -> list[Case]:
    """Script and markup in every free-text field: title, status, department, goals, description, targets,
    budget item, quarter summaries, activities, plans, collaboration. Kept verbatim as text (escaping it is
    the job of every page that shows it: point 3)."""
    text = seed.good(75)
    for field in ("추진현황\t", "추진부서\t", "사업내용\t"):
        text = text.replace(field, f"{field}{SCRIPT} ", 1)
    text = text.replace("- '19. 1. :", f"- '19. 1. : {SCRIPT}\n- '19. 1. :", 1)
    text = text.replace("협치기반강화", f"협치기반강화{SCRIPT}", 1)
    lines = text.split("\n")
    text = "\n".join(line + (f" {SCRIPT}" if line.startswith(("- ", "○", "【")) else "") for line in lines)
    _write(folder, "markup.txt", text)
    return [Case("markup.txt", "loaded", kept=(SCRIPT,))]


def _footers(folder: Path, seed: Seed) -> list[Case]:
    """Authors' footers under other labels (담당자, 문의처, 연락처), without a 향후계획 section before them."""
    cases = []
    for number, label in enumerate(("담당자", "문의처", "연락처"), start=76):
        body = seed.good(number).partition("□ 향후계획")[0]
        _write(folder, f"footer-{number}.txt", body + f"{label}\t마을자치과장 한만석 (2510)\t팀장 황현혜 (2511)\n")
        cases.append(Case(f"footer-{number}.txt", "loaded", kept_out=("한만석", "황현혜", "(2510)", "2511"),
                          waits_for=AUTHORS_OUT))
    return cases


def _budget_cells(folder: Path, seed: Seed) -> list[Case]:
    """Extra cells past the last year of a budget row: kept and warned, never dropped silently."""
    line = next(line for line in seed.good(79).split("\n") if line.startswith("협치기반강화\t"))
    text = seed.good(79).replace(line, line + "\t999\t888\t비고 적음", 1)
    _write(folder, "budget-extra.txt", text)
    return [Case("budget-extra.txt", "warning", ("999",), waits_for=EXTRA_CELLS)]


CLASSES = {
    "truncated": _truncated,
    "compression": _compression,
    "nested_zips": _nested,
    "xml": _xml,
    "file_system": _file_system,
    "names": _names,
    "text_forms": _text_forms,
    "free_text": _free_text,
    "footers": _footers,
    "budget_cells": _budget_cells,
}
GOOD_FILES = ("good/one.txt", "good/two.xlsx")


def build(name: str, folder: Path, seed: Seed) -> list[Case]:
    """Write class ``name``'s inbox in ``folder`` (created): its cases, and the good files that must load."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = CLASSES[name](folder, seed)
    number = 20 + list(CLASSES).index(name) * 2
    _write(folder, GOOD_FILES[0], seed.good(number))
    _write(folder, GOOD_FILES[1], _good_workbook(seed, number + 1))
    return cases


def _good_workbook(seed: Seed, number: int) -> bytes:
    from extract.sheets import extract_file
    from sheetmaker.writer import to_xlsx

    with tempfile.NamedTemporaryFile(suffix=".txt") as handle:
        handle.write(seed.good(number).encode("utf-8"))
        handle.flush()
        return to_xlsx(extract_file(handle.name).sheets[0])


def seed(seed_sheet: Path) -> Seed:
    from extract.sheets import extract_file
    from sheetmaker.writer import to_xlsx

    return Seed(seed_sheet.read_text(encoding="utf-8"), to_xlsx(extract_file(seed_sheet).sheets[0]))
