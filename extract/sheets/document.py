"""HWPX and HWP 5.0 documents → a :class:`~extract.sheets.grid.Grid`, read natively.

Both are read as OWPML section XML: an .hwpx holds it (``Contents/sectionN.xml``
in a zip), and python-hwpx converts each section stream of an .hwp into it.
The containers are opened by :mod:`containers` (every part inflated under the
cap before any library sees it); only the section parts are read.

Reading order is document order. A paragraph outside tables is a row, its tabs
(``<hp:tab/>``) separating cells and a line break (``<hp:lineBreak/>``) starting
a new row, as the text export writes them. A table row is a row: each cell at
its column (``cellAddr``), a merged cell's text in its top-left cell and the
cells it covers blank, so a line item over its 국비 and 시비 rows and a 구 분
over two header rows read as the text export gives them. A cell of several
paragraphs (a bulleted body) gives a row for each bullet, quarter header or
``□`` title it holds; a row whose only filled cell holds whole paragraphs and
tables (a form's section box) is read as if they stood outside the table.
Every paragraph, empty ones included, and every table row counts as one line.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from extract.sheets.containers import compound_file, inflate_raw_deflate, zip_members, zip_parts
from extract.sheets.grid import Grid, Span, cell, trimmed
from extract.sheets.rows import SheetError
from extract.sheets.values import QUARTER_OPENERS, is_bullet

_SECTION_PART = re.compile(r"^Contents/section(\d+)\.xml$")
_BODY_STREAM = re.compile(r"^BodyText/Section(\d+)$")
_LINE_OPENERS = (*QUARTER_OPENERS, "□")
_SPACES = {"fwSpace": " ", "nbSpace": " ", "hyphen": "-"}


def xml_parser():
    """A parser for one document part (lxml parsers are not shared between threads): no entities, no
    network, no DTD (parts declaring one are refused before), no huge trees (libxml2's limits stay on)."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                           remove_pis=True, huge_tree=False)


def _local(element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _text_of(node) -> str:
    """An ``<hp:t>``'s text with its tabs and line breaks."""
    parts = [node.text or ""]
    for child in node:
        name = _local(child)
        parts.append("\t" if name == "tab" else "\n" if name == "lineBreak" else _SPACES.get(name, ""))
        parts.append(child.tail or "")
    return "".join(parts)


def blocks(paragraph) -> Iterator[tuple[str, object]]:
    """A paragraph's content in order: ("text", str) runs of text and ("table", element) tables;
    the text of a text box (``drawText``) is read as paragraphs where it stands."""
    text: list[str] = []
    for run in paragraph:
        if _local(run) != "run":
            continue
        for node in run:
            name = _local(node)
            if name == "t":
                text.append(_text_of(node))
            elif name == "tbl":
                yield "text", "".join(text)
                text = []
                yield "table", node
            elif name != "ctrl":  # page headers, footers and footnotes are no content
                for box in node.iter("{*}drawText"):
                    yield "text", "".join(text)
                    text = []
                    for inner in box.iter("{*}p"):
                        yield from blocks(inner)
    yield "text", "".join(text)


class Reader:
    """Rows of one document in reading order, with the merged regions of its tables."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, list[str]]] = []
        self.spans: list[Span] = []
        self.line = 0

    def paragraphs(self, container) -> None:
        for paragraph in container:
            if _local(paragraph) == "p":
                self.paragraph(paragraph)

    def paragraph(self, paragraph) -> None:
        empty = True
        for kind, content in blocks(paragraph):
            if kind == "table":
                self.table(content)
                empty = False
            elif content:
                for line in content.split("\n"):
                    self.add([cell(text) for text in line.split("\t")])
                empty = False
        if empty:
            self.line += 1  # an empty paragraph is an empty line of the text export

    def add(self, cells: list[str]) -> None:
        self.line += 1
        if trimmed(cells):
            self.rows.append((self.line, cells))

    def table(self, table) -> None:
        width = int(table.get("colCnt") or 0)
        for row in table:
            if _local(row) == "tr":
                self.table_row([c for c in row if _local(c) == "tc"], width)

    def table_row(self, cells, width: int) -> None:
        placed: dict[int, list] = {}
        for position, tc in enumerate(cells):
            address = tc.find("{*}cellAddr")
            column = int(address.get("colAddr")) if address is not None and address.get("colAddr") else position
            placed[min(column, 10_000)] = tc
            self._span(tc, column)
        contents = {column: self._cell_content(tc) for column, tc in placed.items()}
        filled = [column for column, (parts, _) in contents.items() if parts]
        if len(filled) == 1 and contents[filled[0]][1]:  # a section box: its paragraphs and tables stand alone
            self.paragraphs(placed[filled[0]].find("{*}subList"))
            return
        columns = max(max(placed, default=-1) + 1, width)
        height = max((len(parts) for parts, _ in contents.values()), default=1)
        for index in range(max(height, 1)):
            texts = [""] * columns
            for column, (parts, _) in contents.items():
                if index < len(parts):
                    texts[column] = parts[index]
            self.add(texts)

    def _span(self, tc, column: int) -> None:
        span = tc.find("{*}cellSpan")
        rows = int(span.get("rowSpan") or 1) if span is not None else 1
        columns = int(span.get("colSpan") or 1) if span is not None else 1
        if rows > 1 or columns > 1:
            self.spans.append(Span(self.line + 1, column, rows, columns))

    def _cell_content(self, tc) -> tuple[list[str], bool]:
        """(the cell's rows of text: a part per bullet, quarter header or □ title, else one;
        whether it is a box of paragraphs or tables rather than one value)."""
        sub = tc.find("{*}subList")
        lines: list[str] = []
        boxed = False  # a table, or tabs: cells of their own where the box stands alone in its row
        for paragraph in (p for p in (sub if sub is not None else []) if _local(p) == "p"):
            for kind, content in blocks(paragraph):
                if kind == "table":
                    boxed = True
                    lines += [" ".join(_cell_content_text(tc2) for tc2 in tr) for tr in content.iter("{*}tr")]
                else:
                    boxed = boxed or "\t" in content
                    lines += content.replace("\t", " ").split("\n")
        parts = _grouped(lines)
        return parts, boxed or len(parts) > 1


def _cell_content_text(tc) -> str:
    return cell(" ".join(_text_of(t) for t in tc.iter("{*}t")))


def _grouped(lines: list[str]) -> list[str]:
    """Lines of a cell as parts: a bullet, quarter header or □ title starts a part, other lines continue one."""
    parts: list[str] = []
    for line in lines:
        text = cell(line)
        if text and parts and not (is_bullet(text) or text.startswith(_LINE_OPENERS)):
            parts[-1] = f"{parts[-1]} {text}"
        elif text:
            parts.append(text)
    return parts


def section_rows(sections: list[bytes]) -> Reader:
    """Rows of the document whose OWPML section parts are ``sections``, in order."""
    from lxml import etree

    reader = Reader()
    for data in sections:
        try:
            root = etree.fromstring(data, xml_parser())
        except etree.XMLSyntaxError as error:
            raise SheetError(f"a section of the document is not well-formed XML ({error})") from None
        reader.paragraphs(root)
    return reader


def _grid(reader: Reader, kind: str) -> Grid:
    if not reader.rows:
        raise SheetError(f"the {kind} document holds no text")
    return Grid(reader.rows, kind, spans=reader.spans)


def hwpx_grid(data: bytes, limit: int) -> Grid:
    """An .hwpx (OWPML zip): its section parts in order. An encrypted package is refused."""
    members = zip_members(data, ".hwpx document")
    names = {member.filename for member in members}
    if "META-INF/manifest.xml" in names:
        manifest = zip_parts(data, limit, ".hwpx document", lambda name: name == "META-INF/manifest.xml", members)
        if b"encryption-data" in manifest["META-INF/manifest.xml"]:
            raise SheetError("the .hwpx document is password-protected (encrypted): save it without a password")
    numbered = sorted((int(m.group(1)), name) for name in names if (m := _SECTION_PART.match(name)))
    if not numbered:
        raise SheetError("not an .hwpx document (no Contents/section0.xml)")
    wanted = {name for _, name in numbered}
    parts = zip_parts(data, limit, ".hwpx document", wanted.__contains__, members)
    return _grid(section_rows([parts[name] for _, name in numbered]), "hwpx")


def hwp_grid(data: bytes, limit: int) -> Grid:
    """An .hwp (HWP 5.0 compound file): each BodyText section stream inflated here under
    the cap, then converted to OWPML by python-hwpx. Password, distribution (배포용) and
    DRM documents are refused: their body is encrypted."""
    from hwpx.hwp5 import records
    from hwpx.hwp5.errors import Hwp5Error
    from hwpx.hwp5.fileheader import parse_file_header
    from hwpx.hwp5.reader import refuse_protected
    from hwpx.hwp5.section_xml import ConversionReport, build_section

    compound = compound_file(data, ".hwp document")
    if not compound.has_stream("FileHeader"):
        raise SheetError("a compound file that is neither an .hwp document nor an .xls workbook")
    try:
        header = parse_file_header(compound.read("FileHeader"))
        if header.version[0] != 5:
            raise SheetError(f"HWP version {header.version_text} is not read (only HWP 5.0 and HWPX)")
        refuse_protected(header)
    except Hwp5Error as error:
        raise SheetError(f"the .hwp document cannot be read: {error}") from None
    streams = sorted((int(m.group(1)), path) for path in compound.stream_paths() if (m := _BODY_STREAM.match(path)))
    if not streams:
        raise SheetError("the .hwp document has no body text (no BodyText/Section0 stream)")
    sections, left = [], limit
    try:
        for _, path in streams:
            raw = compound.read(path)
            payload = inflate_raw_deflate(raw, left, f".hwp stream {path}", limit) if header.compressed else raw
            left -= len(payload)
            sections.append(build_section(records.parse_records(payload, path), ConversionReport()))
    except Hwp5Error as error:
        raise SheetError(f"the .hwp document is damaged: {error}") from None
    return _grid(section_rows(sections), "hwp")


__all__ = ["hwpx_grid", "hwp_grid", "section_rows"]
