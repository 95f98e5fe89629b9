"""The container layer: every compressed part of every archive inflated under a hard cap, whatever
its declared sizes and method, in bounded memory (checked in a process under an address-space limit)."""
from __future__ import annotations

import bz2
import io
import json
import lzma
import struct
import subprocess
import sys
import zipfile
import zlib

import pytest

from extract.sheets import extract_file
from extract.sheets.containers import CHUNK, inflate
from sheetmaker.writer import to_document, to_xlsx

GIB = 1 << 30
ADDRESS_SPACE = 768 * 1024 * 1024   # the child's whole virtual memory: interpreter, libraries and the file
PEAK_RSS_MB = 200                   # what reading one bomb may make resident (imports included)


def _compressed_zeros(method: int, size: int) -> bytes:
    """``size`` zero bytes compressed as a zip member of ``method`` would hold them, built in 1 MiB steps."""
    block = bytes(1 << 20)
    if method == zipfile.ZIP_BZIP2:
        compressor = bz2.BZ2Compressor(9)
        prefix = b""
    elif method == zipfile.ZIP_LZMA:
        compressor = lzma.LZMACompressor(lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA1, "preset": 1}])
        props = lzma._encode_filter_properties({"id": lzma.FILTER_LZMA1, "preset": 1})
        prefix = struct.pack("<BBH", 9, 4, len(props)) + props
    else:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        prefix = b""
    return prefix + b"".join(compressor.compress(block) for _ in range(size >> 20)) + compressor.flush()


def _zip(members: list[tuple]) -> bytes:
    """A zip of (name, method, compressed bytes, declared uncompressed size[, CRC]) members; the CRC is not
    checked before the cap is, so it is 0 for a bomb."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, method, raw, declared, *given in members:
        encoded = name.encode()
        offset = out.tell()
        crc = given[0] if given else zlib.crc32(raw) if method == zipfile.ZIP_STORED else 0
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(raw), declared,
                              len(encoded), 0) + encoded + raw)
        central.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc, len(raw),
                                  declared, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    out.write(central.getvalue())
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central.getvalue()), start, 0))
    return out.getvalue()


def _with_bomb(archive: bytes, part: str, method: int, size: int = GIB) -> bytes:
    """``archive`` with ``part`` replaced by ``size`` zero bytes compressed by ``method``, declared 1,000 bytes."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    members = []
    for member in source.infolist():
        if member.filename == part:
            members.append((part, method, _compressed_zeros(method, size), 1000))
        else:
            content = source.read(member)
            members.append((member.filename, zipfile.ZIP_STORED, content, len(content)))
    return _zip(members)


@pytest.fixture(scope="module")
def seed_record(seed_sheet) -> dict:
    return extract_file(seed_sheet).sheets[0]


# The child's own peak is VmHWM (its address space's high-water mark, new at exec); ru_maxrss is not: Linux
# carries the forking parent's peak across exec, so a child of a grown pytest reports the parent's size.
CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
started = time.process_time()
from extract.sheets import extract_file
result = extract_file(sys.argv[1])
print(json.dumps({{"error": result.error, "sheets": len(result.sheets), "cpu": time.process_time() - started,
                  "peak_mb": int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) / 1024}}))
"""


def read_under_limit(path) -> dict:
    """extract_file in a child process whose address space is capped: a bomb that inflated would die there."""
    done = subprocess.run([sys.executable, "-c", CHILD.format(limit=ADDRESS_SPACE), str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA, zipfile.ZIP_DEFLATED],
                         ids=["bzip2", "lzma", "deflate"])
def test_a_small_workbook_inflating_to_a_gigabyte_fails_in_bounded_memory(tmp_path, seed_record, method):
    bomb = _with_bomb(to_xlsx(seed_record), "xl/worksheets/sheet1.xml", method)
    if method == zipfile.ZIP_BZIP2:
        assert len(bomb) < 20_000  # a few KB of workbook that declares its part is 1,000 bytes
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    found = read_under_limit(path)
    assert found["sheets"] == 0 and found["error"].startswith(f"{path}: ") and "\n" not in found["error"]
    assert "inflates past 20971520 bytes: refused as a zip bomb" in found["error"]
    assert found["peak_mb"] < PEAK_RSS_MB and found["cpu"] < 5, found


@pytest.mark.parametrize("kind, part", [("hwpx", "Contents/section0.xml"), ("xlsx", "xl/styles.xml")])
def test_bombs_in_every_zip_format(tmp_path, seed_record, kind, part):
    data = to_document(seed_record) if kind == "hwpx" else to_xlsx(seed_record)
    assert part in zipfile.ZipFile(io.BytesIO(data)).namelist()
    path = tmp_path / f"bomb.{kind}"
    path.write_bytes(_with_bomb(data, part, zipfile.ZIP_BZIP2, 256 << 20))
    found = read_under_limit(path)
    assert found["sheets"] == 0 and "refused as a zip bomb" in found["error"] and found["peak_mb"] < PEAK_RSS_MB


def test_a_deflate_bomb_in_an_hwp_stream(tmp_path, seed_record):
    from hwpx.hwp5.cfb import CompoundFile, build_compound_file, read_all_streams

    streams = read_all_streams(CompoundFile(to_document(seed_record, kind="hwp")))
    bomb = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = b"".join(bomb.compress(bytes(1 << 20)) for _ in range(512)) + bomb.flush()
    path = tmp_path / "bomb.hwp"
    path.write_bytes(build_compound_file([(name, payload if name == "BodyText/Section0" else data) for name, data in streams]))
    found = read_under_limit(path)
    assert found["sheets"] == 0 and "BodyText/Section0 inflates past" in found["error"] and found["peak_mb"] < PEAK_RSS_MB


def test_a_falsified_lzma_dictionary_size_allocates_nothing_large(tmp_path, seed_record):
    """LZMA properties declaring a 4 GiB dictionary: the decoder's window is clamped to the cap, so the
    part is refused for what it inflates to, not by running out of memory."""
    bomb = bytearray(_with_bomb(to_xlsx(seed_record), "xl/worksheets/sheet1.xml", zipfile.ZIP_LZMA, 64 << 20))
    props = _compressed_zeros(zipfile.ZIP_LZMA, 1 << 20)[4:9]
    at = bomb.index(props)
    bomb[at + 1:at + 5] = struct.pack("<I", 0xFFFFFFFF)
    path = tmp_path / "dictionary.xlsx"
    path.write_bytes(bytes(bomb))
    found = read_under_limit(path)
    assert "refused as a zip bomb" in found["error"] and found["peak_mb"] < PEAK_RSS_MB, found


def test_declared_sizes_are_ignored_and_broken_parts_fail(tmp_path, seed_record):
    """A stored part declaring ten times its size still reads (nothing declared is trusted); a deflate part
    cut short and a part whose bytes do not match its CRC are broken, in one line."""
    data = to_xlsx(seed_record)
    source = zipfile.ZipFile(io.BytesIO(data))
    target = "xl/worksheets/sheet1.xml"
    sheet = source.read(target)

    def members(replacement: tuple) -> list[tuple]:
        return [(m.filename, 0, source.read(m), m.file_size) if m.filename != target else replacement
                for m in source.infolist()]

    path = tmp_path / "declared.xlsx"
    path.write_bytes(_zip(members((target, 0, sheet, 10 * len(sheet)))))
    assert extract_file(path).sheets[0]["program"]["code"] == "소통행정-3"
    deflated = zlib.compressobj(9, zlib.DEFLATED, -15)
    broken = {"cut-deflate": (target, 8, (deflated.compress(sheet) + deflated.flush())[:400], len(sheet), zlib.crc32(sheet)),
              "bad-crc": (target, 0, sheet.replace(b"<c ", b"<c  ", 1), len(sheet), zlib.crc32(sheet))}
    for name, replacement in broken.items():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(_zip(members(replacement)))
        result = extract_file(path)
        assert result.sheets == [] and result.error.startswith(f"{path}: ") and "\n" not in result.error, name
        assert "not a readable .xlsx workbook" in result.error, result.error


def test_encrypted_and_unknown_methods_are_refused(tmp_path, seed_record):
    source = zipfile.ZipFile(io.BytesIO(to_xlsx(seed_record)))
    for method, word in ((99, "compression method 99"), (9, "compression method 9")):
        members = [(m.filename, method if m.filename.endswith("sheet1.xml") else 0, source.read(m), m.file_size)
                   for m in source.infolist()]
        path = tmp_path / f"method{method}.xlsx"
        path.write_bytes(_zip(members))
        assert word in extract_file(path).error
    encrypted = bytearray(source.fp.getvalue())
    at = encrypted.index(b"PK\x01\x02")
    encrypted[at + 8] |= 1  # the central directory's flag bits: encrypted
    path = tmp_path / "encrypted.xlsx"
    path.write_bytes(bytes(encrypted))
    assert "encrypted (password-protected)" in extract_file(path).error


def test_zip64_and_stored_workbooks_read(tmp_path, seed_record):
    source = zipfile.ZipFile(io.BytesIO(to_xlsx(seed_record)))
    for name, method in (("zip64", zipfile.ZIP_DEFLATED), ("stored", zipfile.ZIP_STORED), ("bzip2", zipfile.ZIP_BZIP2),
                         ("lzma", zipfile.ZIP_LZMA)):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", method) as target:
            for member in source.infolist():
                with target.open(member.filename, "w", force_zip64=name == "zip64") as part:
                    part.write(source.read(member))
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(buffer.getvalue())
        sheet, = extract_file(path).sheets
        assert {**sheet, "source": None} == {**seed_record, "source": None}, name


def test_output_comes_in_bounded_steps():
    """The cap is checked every CHUNK bytes, so refusing costs at most the cap plus one step."""
    raw = _compressed_zeros(zipfile.ZIP_DEFLATED, 64 << 20)
    with pytest.raises(Exception, match="inflates past 1048576 bytes"):
        inflate(raw, zipfile.ZIP_DEFLATED, 1 << 20, "part")
    assert CHUNK <= 1 << 20
