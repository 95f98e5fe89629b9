"""Bytes of a text export → rows of cells, with the encoding that was used.

This is the floor of text extraction (decode, split lines at any line end,
split cells at tabs, collapse whitespace), kept separate so the benchmark can
time it on its own. Line numbers are physical lines of the file, 1-based.
"""
from __future__ import annotations

from dataclasses import dataclass, field

Row = tuple[int, list[str]]
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SheetError(Exception):
    """Input that is not a program sheet; ``line`` is where it shows, if known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[dict] = field(default_factory=list)


def _line_of(data: bytes, offset: int) -> int:
    """The physical line of a byte offset, whatever the line ends (LF, CRLF, or CR alone as on an old Mac)."""
    return data.count(b"\n", 0, offset) + data.count(b"\r", 0, offset) - data.count(b"\r\n", 0, offset) + 1


def _strict(data: bytes, codec: str) -> str | UnicodeDecodeError:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        return error


def decode(data: bytes) -> Decoded:
    """Decode strictly as UTF-8 (BOM → ``utf-8-sig``), then CP949 (which covers
    EUC-KR). A multi-byte character cut off by the end of the file is dropped
    with a warning; any other undecodable byte is an error."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        result = _strict(data, "utf-16")
        if isinstance(result, str):
            return Decoded(result, "utf-16")
        raise SheetError("not valid UTF-16 text after its byte-order mark")
    if data.startswith(OLE_MAGIC):
        raise SheetError("a compound (OLE2) file, not text", 1)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SheetError("binary content (NUL byte), not a text export", _line_of(data, nul))
    attempts = []
    for codec in ("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8", "cp949"):
        result = _strict(data, codec)
        if isinstance(result, str):
            return Decoded(result, codec)
        if result.start >= len(data) - 3 and result.end == len(data):
            kept = data[:result.start].decode(codec)
            line = _line_of(data, result.start)
            return Decoded(kept, codec, [{"line": line, "message": "the file ends inside a character: it was cut short"}])
        attempts.append(result.start)
    raise SheetError("not UTF-8 or CP949 text (undecodable bytes)", _line_of(data, max(attempts)))


def _needs_collapsing(text: str) -> bool:
    """Whether any cell has doubled, edge or non-ASCII whitespace (``isprintable`` is
    False for every separator but the ASCII space); tabs and line ends are cell bounds."""
    return ("  " in text or " \t" in text or "\t " in text or " \n" in text or "\n " in text
            or text[:1] == " " or text[-1:] == " " or not text.replace("\t", "").replace("\n", "").isprintable())


def text_rows(text: str) -> list[Row]:
    """Non-empty rows of a text export as (line, cells), whitespace in cells collapsed
    and trailing empty cells dropped. This is the floor every text sheet pays: it is
    checked once, over the whole text, whether any cell needs collapsing (rarely)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not _needs_collapsing(text):
        return [(number, kept.split("\t")) for number, line in enumerate(lines, 1) if (kept := line.rstrip("\t"))]
    rows = []
    for number, line in enumerate(lines, 1):
        cells = [" ".join(cell.split()) for cell in line.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows.append((number, cells))
    return rows
