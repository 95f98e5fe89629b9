"""Archives and compound files, opened without trusting anything they declare.

Every format but text is a container: .xlsx, .hwpx and .ods are zip archives,
.hwp and .xls compound files (and an .hwp compresses its streams). A container
is untrusted input, and the sizes it declares are the first thing an attacker
falsifies: ``zipfile`` inflates a bzip2 or LZMA member without a cap, so a 5 KB
workbook can ask for gigabytes. So this module, and only this module, inflates:

- a zip's members are located from the central directory, their compressed
  bytes sliced from the file, and inflated by a streaming decompressor
  (stored, deflate, bzip2, LZMA; zip64 included) 64 KiB at a time, stopping
  the moment the output passes the cap, whatever the member says of itself;
- an .hwp stream is raw deflate, inflated the same way;
- a compound file's streams are read through sector chains that must stay
  inside the file, so no stream is larger than the file.

The cap is the byte limit of the file (``max_bytes``, 20 MiB by default) for
all parts of one container together; an inflated part over 1 MB must also
not be more than 200 times its compressed size. Libraries (openpyxl,
calamine) then get the inflated parts re-packed as a stored zip, so they
never inflate anything themselves. Peak memory for one container is then
the file, its inflated parts and their stored re-pack (each at most
``max_bytes``) plus the decompressor's state (at most a few MiB: deflate
keeps 32 KiB, bzip2 under 4 MiB, LZMA a dictionary clamped to the cap) and
what the reading library builds from the parts.

XML parts are refused if they declare a DOCTYPE or ENTITY (entity expansion).
"""
from __future__ import annotations

import bz2
import io
import lzma
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator

from extract.sheets.rows import SheetError

CHUNK = 64 * 1024
MAX_MEMBERS = 1000
MAX_RATIO = 200          # inflated ÷ compressed, for parts over 1 MB inflated
RATIO_FLOOR = 1_000_000
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate", zipfile.ZIP_BZIP2: "bzip2",
            zipfile.ZIP_LZMA: "lzma"}


def _zlib_chunks(raw: bytes, wbits: int) -> Iterator[bytes]:
    inflater = zlib.decompressobj(wbits)
    tail = raw
    while not inflater.eof:
        chunk = inflater.decompress(tail, CHUNK)
        tail = inflater.unconsumed_tail
        if not chunk and not tail:
            return
        yield chunk


def _buffered_chunks(decompressor, raw: bytes) -> Iterator[bytes]:
    """bzip2 and LZMA decompressors keep unread input themselves and give output in bounded steps."""
    chunk = decompressor.decompress(raw, CHUNK)
    while True:
        yield chunk
        if decompressor.eof or decompressor.needs_input:
            return
        chunk = decompressor.decompress(b"", CHUNK)


def _lzma_decompressor(raw: bytes, limit: int):
    """A zip LZMA member: 2 bytes of version, 2 of properties size, the LZMA1 properties
    (lc/lp/pb byte, dictionary size), then the raw stream. The dictionary size is the
    decoder's allocation: it is clamped to the cap, as nothing further back than the cap
    can be referenced in output that may not exceed it."""
    if len(raw) < 9:
        raise ValueError("LZMA header cut short")
    size = struct.unpack_from("<H", raw, 2)[0]
    props = raw[4:4 + size]
    if size != 5 or len(props) < 5:
        raise ValueError("unexpected LZMA properties")
    byte, dictionary = props[0], struct.unpack_from("<I", props, 1)[0]
    if byte >= 9 * 5 * 5:
        raise ValueError("invalid LZMA properties")
    filters = [{"id": lzma.FILTER_LZMA1, "lc": byte % 9, "lp": byte // 9 % 5, "pb": byte // 45,
                "dict_size": max(4096, min(dictionary, limit + 1))}]
    return lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=filters), raw[4 + size:]


def _chunks(raw: bytes, method: int, limit: int) -> Iterator[bytes]:
    if method == zipfile.ZIP_STORED:
        return iter([raw])
    if method == zipfile.ZIP_DEFLATED:
        return _zlib_chunks(raw, -15)
    if method == zipfile.ZIP_BZIP2:
        return _buffered_chunks(bz2.BZ2Decompressor(), raw)
    if method == zipfile.ZIP_LZMA:
        decompressor, rest = _lzma_decompressor(raw, limit)
        return _buffered_chunks(decompressor, rest)
    raise SheetError(f"compression method {method} is not supported")


def inflate(raw: bytes, method: int, limit: int, what: str, cap: int | None = None) -> bytes:
    """``raw`` decompressed by ``method`` (a zip method number), refused as soon as
    the output passes ``limit`` bytes (what is left of the container's ``cap``, which
    the message names); broken data is a SheetError naming ``what``."""
    out = bytearray()
    try:
        for chunk in _chunks(raw, method, limit):
            out += chunk
            if len(out) > limit:
                raise SheetError(f"{what} inflates past {cap or limit} bytes: refused as a zip bomb")
    except (zlib.error, lzma.LZMAError, OSError, EOFError, ValueError) as error:
        raise SheetError(f"{what} is not a valid {_METHODS.get(method, method)} stream ({error})") from None
    if len(out) > RATIO_FLOOR and len(out) > MAX_RATIO * max(len(raw), 1):
        raise SheetError(f"{what} inflates {len(out) // max(len(raw), 1)}-fold: refused as a zip bomb")
    return bytes(out)


def inflate_raw_deflate(raw: bytes, limit: int, what: str, cap: int | None = None) -> bytes:
    """An HWP 5.0 stream (raw deflate, no header), under the same cap."""
    return inflate(raw, zipfile.ZIP_DEFLATED, limit, what, cap)


def _member_bytes(data: bytes, member: zipfile.ZipInfo, kind: str) -> bytes:
    """A member's compressed bytes, found through its local header (never read past the file)."""
    offset = member.header_offset
    header = data[offset:offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        raise SheetError(f"not a readable {kind} (broken zip: member {member.filename} lies outside the file)")
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise SheetError(f"not a readable {kind} (broken zip: bad local header for {member.filename})")
    start = offset + _LOCAL_HEADER.size + name_length + extra_length
    return data[start:start + member.compress_size]


def zip_members(data: bytes, kind: str) -> list[zipfile.ZipInfo]:
    """The central directory's members (zip64 included); nothing is inflated."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError) as error:
        raise SheetError(f"not a readable {kind} (broken zip: {error})") from None
    if len(members) > MAX_MEMBERS:
        raise SheetError(f"{kind} has {len(members)} parts, over the limit of {MAX_MEMBERS}")
    return members


def zip_parts(data: bytes, limit: int, kind: str, wanted: Callable[[str], bool] = lambda name: True,
              members: list[zipfile.ZipInfo] | None = None) -> dict[str, bytes]:
    """Name → inflated bytes of the ``wanted`` members, in archive order, all together at
    most ``limit`` bytes. Encrypted members and unknown methods are refused; XML parts
    declaring a DOCTYPE or ENTITY too."""
    parts: dict[str, bytes] = {}
    left = limit
    for member in members if members is not None else zip_members(data, kind):
        if member.is_dir() or not wanted(member.filename):
            continue
        if member.flag_bits & 0x1:
            raise SheetError(f"{kind} part {member.filename} is encrypted (password-protected): refused")
        if member.compress_type not in _METHODS:
            raise SheetError(f"{kind} part {member.filename} uses compression method {member.compress_type}, "
                             "which is not read")
        content = inflate(_member_bytes(data, member, kind), member.compress_type, left, f"{kind} part {member.filename}",
                          limit)
        if zlib.crc32(content) != member.CRC:
            raise SheetError(f"not a readable {kind} (broken zip: part {member.filename} fails its CRC check)")
        left -= len(content)
        if member.filename.endswith((".xml", ".rels", ".vml", ".hpf", ".rdf")) and _DECLARATION.search(content):
            raise SheetError(f"{kind} part {member.filename} declares a DOCTYPE or ENTITY: refused")
        parts[member.filename] = content
    return parts


def stored_zip(parts: dict[str, bytes]) -> bytes:
    """The parts as a zip whose members are stored: a library reading it inflates nothing."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def compound_file(data: bytes, kind: str):
    """A compound file (OLE2) whose every stream was checked to lie inside the file:
    python-hwpx's reader follows each sector chain, refuses chains that leave the
    file or loop, and streams that claim more bytes than their chain holds."""
    from hwpx.hwp5.cfb import CompoundFile
    from hwpx.hwp5.errors import Hwp5Error

    try:
        compound = CompoundFile(data)
        for path in compound.stream_paths():
            compound.read(path)
    except Hwp5Error as error:
        raise SheetError(f"not a readable {kind} (broken compound file: {error})") from None
    except (ValueError, IndexError, struct.error, MemoryError) as error:
        raise SheetError(f"not a readable {kind} (broken compound file: {type(error).__name__})") from None
    return compound
