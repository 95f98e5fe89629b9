"""Reading a submitted file (text export or .xlsx workbook) into SPEC §2 sheet dicts.

``extract_file`` is the one entry point the loader, the quality checks and the
CLI use. It never raises for bad input: a file that is not a program sheet
comes back with ``error`` set to one line naming the file (and line).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from extract.sheets.rows import SheetError, decode, text_rows
from extract.sheets.sheet import parse_rows

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
TITLE_HINT = re.compile(r"-[ \u3000\xa0]?\d{1,4}[ \u3000\xa0]*\t")  # the end of a program-code cell


@dataclass
class FileExtract:
    """One file's extraction. ``sha256`` and ``size`` describe ``data``, the bytes read;
    a file that was not read (unreadable, or over the size limit) has ``data == b""``
    and ``error`` set, so a caller that must keep its bytes reads them itself."""

    path: str
    sha256: str
    size: int
    data: bytes = field(repr=False)
    sheets: list[dict]
    error: str | None = None


def parse_bytes(data: bytes, path: str, sha256: str, max_bytes: int = DEFAULT_MAX_BYTES) -> list[dict]:
    """Sheets of a file's bytes; raises SheetError when there is none to read."""
    if not data:
        raise SheetError("empty file")
    if data.startswith(XLSX_MAGIC) or path.lower().endswith((".xlsx", ".xlsm")):
        from extract.sheets.workbook import parse_workbook

        return parse_workbook(data, path, sha256, max_bytes)
    decoded = decode(data)
    if not TITLE_HINT.search(decoded.text):  # refuse large non-sheets before splitting them
        raise SheetError("no title row found (a program code such as 소통행정-3, then the title)")
    source = {"path": path, "sha256": sha256, "sheet_index": 0, "encoding": decoded.encoding, "worksheet": None}
    sheets = parse_rows(text_rows(decoded.text), source)
    for index, sheet in enumerate(sheets):
        sheet["source"]["sheet_index"] = index
    if decoded.warnings:
        sheets[-1]["warnings"].extend(decoded.warnings)
    return sheets


def extract_file(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> FileExtract:
    """Read, hash and parse one file. Errors (unreadable, too big, not a sheet)
    land in ``error`` as ``path:line: message``, never as an exception."""
    name = str(path)
    data = b""
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            raise SheetError(f"file is {size} bytes, over the {max_bytes}-byte limit")
        with open(path, "rb") as handle:
            data = handle.read(size + 1)  # sized by stat: a huge read buffer costs more than the sheet
            if len(data) > size:  # the file grew since stat
                data += handle.read(max_bytes + 1 - len(data))
        if len(data) > max_bytes:
            raise SheetError(f"file is over the {max_bytes}-byte limit")
    except OSError as error:
        return FileExtract(name, hashlib.sha256(data).hexdigest(), len(data), data, [],
                           f"{name}: cannot read: {error.strerror or error}")
    except SheetError as error:
        return FileExtract(name, hashlib.sha256(data).hexdigest(), len(data), data, [], f"{name}: {error.message}")
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        sheets = parse_bytes(data, name, sha256, max_bytes)
    except SheetError as error:
        where = f"{name}:{error.line}" if error.line else name
        return FileExtract(name, sha256, len(data), data, [], f"{where}: {error.message}")
    except Exception as error:  # a parser bug must not stop the other files of a run
        return FileExtract(name, sha256, len(data), data, [],
                           f"{name}: internal error while parsing ({type(error).__name__}: {error})")
    return FileExtract(name, sha256, len(data), data, sheets)


__all__ = ["FileExtract", "SheetError", "extract_file", "parse_bytes", "DEFAULT_MAX_BYTES"]
