"""Reading a submitted file into SPEC §2 sheet dicts, whatever its format.

Each format's carrier (:mod:`text`, :mod:`workbook` for .xlsx, :mod:`calc` for .xls,
:mod:`opendocument` for .ods, :mod:`document` for .hwpx and .hwp)
turns the bytes into :class:`~extract.sheets.grid.Grid` s, the format told by the
content (zip, compound file or text), never by the file name; then the one sheet
reader (:func:`~extract.sheets.sheet.parse_rows`) reads every grid alike.

``extract_file`` is the one entry point the loader, the quality checks and the
CLI use. It never raises for bad input: a file that is not a program sheet
comes back with ``error`` set to one line naming the file (and line).
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from extract.inbox import open_regular, shown
from extract.sheets.grid import Grid, dated_bullets
from extract.sheets.rows import OLE_MAGIC, SheetError
from extract.sheets.sheet import parse_rows

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
HWP3_MAGIC = b"HWP Document File V3"


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


def _zip_grids(data: bytes, max_bytes: int) -> list[Grid]:
    """An .xlsx, .hwpx or .ods, told apart by the parts the archive lists."""
    from extract.sheets.containers import zip_members

    names = {member.filename for member in zip_members(data, "zip archive (.xlsx, .hwpx or .ods)")}
    if "xl/workbook.xml" in names or "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        from extract.sheets.workbook import workbook_grids

        return workbook_grids(data, max_bytes)
    if any(name.startswith("Contents/section") for name in names) or "Contents/content.hpf" in names:
        from extract.sheets.document import hwpx_grid

        return [hwpx_grid(data, max_bytes)]
    if "content.xml" in names and "mimetype" in names:
        from extract.sheets.opendocument import ods_grids

        return ods_grids(data, max_bytes)
    if "word/document.xml" in names:
        raise SheetError("a Word document (.docx) is not read: save the sheet as .hwpx, .xlsx or text")
    raise SheetError("a zip archive that is not an .xlsx workbook, .hwpx document or .ods spreadsheet")


def _compound_grids(data: bytes, max_bytes: int) -> list[Grid]:
    """An .hwp or .xls, told apart by the streams the compound file holds."""
    from extract.sheets.containers import compound_file

    compound = compound_file(data, "compound file (.hwp or .xls)")
    if compound.has_stream("FileHeader"):
        from extract.sheets.document import hwp_grid

        return [hwp_grid(data, max_bytes)]
    if compound.has_stream("Workbook") or compound.has_stream("Book"):
        from extract.sheets.calc import xls_grids

        return xls_grids(data, max_bytes)
    raise SheetError("a compound (OLE2) file that is neither an .hwp document nor an .xls workbook")


def grids_of(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Grid]:
    """The grids of a file's bytes, the format read from the content, never the name."""
    if not data:
        raise SheetError("empty file")
    if data.startswith(ZIP_MAGIC):
        return _zip_grids(data, max_bytes)
    if data.startswith(OLE_MAGIC):
        return _compound_grids(data, max_bytes)
    if data.startswith(HWP3_MAGIC):
        raise SheetError("an HWP 3.0 document is not read: save it as .hwp (5.0) or .hwpx", 1)
    from extract.sheets.text import text_grid

    return [text_grid(data)]


def _attach(sheets: list[dict], warnings: list[dict]) -> None:
    """Give each of a grid's warnings to the sheet whose rows hold it (else the last sheet that
    starts before it, else the first), keeping each sheet's warnings in line order."""
    for warning in warnings:
        line = warning["line"]
        owner = next((sheet for sheet in reversed(sheets)
                      if line is not None and sheet["source"]["first_line"] <= line), sheets[0])
        owner["warnings"].append(warning)
        owner["warnings"].sort(key=lambda w: (w["line"] is None, w["line"] or 0))


def sheets_of(grids: list[Grid], path: str, sha256: str) -> list[dict]:
    """Every sheet of every grid, numbered through the file. A worksheet without a title
    row is skipped with a warning when another holds sheets."""
    sheets: list[dict] = []
    skipped: list[str] = []
    for grid in grids:
        source = {"path": path, "sha256": sha256, "sheet_index": 0, "encoding": grid.encoding,
                  "format": grid.format, "worksheet": grid.worksheet}
        try:
            found = parse_rows(dated_bullets(grid.rows), source)
        except SheetError:
            if grid.worksheet is None:  # a text file or document: its own error, with its line
                raise
            if grid.rows:
                skipped.append(grid.worksheet or "?")
            continue
        _attach(found, grid.warnings)
        sheets += found
    if not sheets:
        raise SheetError("no title row found in any worksheet (a program code such as 소통행정-3, then the title)")
    for index, sheet in enumerate(sheets):
        sheet["source"]["sheet_index"] = index
    if skipped:
        sheets[0]["warnings"].insert(0, {"line": None, "message": f"worksheets without a title row ignored: {', '.join(skipped)}"})
    return sheets


def parse_bytes(data: bytes, path: str, sha256: str, max_bytes: int = DEFAULT_MAX_BYTES) -> list[dict]:
    """Sheets of a file's bytes; raises SheetError when there is none to read."""
    return sheets_of(grids_of(data, max_bytes), path, sha256)


def extract_file(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> FileExtract:
    """Read, hash and parse one file. Errors (unreadable, too big, not a sheet, not a regular file: a link,
    a FIFO, a device) land in ``error`` as ``path:line: message``, never as an exception. The path in
    results and messages is ``extract.inbox.shown(path)``: control characters and undecodable bytes escaped."""
    name = shown(path)  # printable and storable; the file is opened by its real name
    data = b""
    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise SheetError(f"file is {size} bytes, over the {max_bytes}-byte limit")
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


__all__ = ["FileExtract", "Grid", "SheetError", "extract_file", "grids_of", "parse_bytes", "sheets_of", "DEFAULT_MAX_BYTES"]
