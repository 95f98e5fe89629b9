"""Extraction benchmark (issue 3, item 6). Prints, in one run:

- text sheets per second through ``extract_file`` (read, hash, decode, parse) for
  the seed sheet and for generated seed-sized sheets in mixed encodings, next to
  the floor for the same files (read, decode, split into cells, collapse
  whitespace) and, for the seed, BASELINE.md's bare floor (read, decode, split);
- for every other format, generated sheets through ``extract_file`` next to the
  reading library alone on the same files: Excel's Unicode text (floor: decode
  and split), .xlsx (openpyxl read-only, every cell's value and number format;
  python-calamine's values beside it, the candidate it was measured against),
  .xls (xlrd with formatting, and calamine), .ods (content.xml unzipped and
  parsed by lxml, and calamine), Excel's CSV (decode and split), .hwpx (the section parts
  unzipped and parsed by lxml) and .hwp (python-hwpx: compound file, inflate,
  records, section XML);
- ``sheetfeed extract`` on one file next to ``python -c pass`` (start-up).

Throughput is CPU time of this one process (``time.process_time``), so other
work on a shared machine does not count against it; wall time is shown too.
Targets: text at 2,000 sheets/s or more on one core; the CLI under 0.3 s above
bare Python. Usage: ``python benchmarks/bench_extract.py [--sheets 2000]``.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extract.sheets import extract_file
from extract.sheets.rows import decode, text_rows
from sheetmaker.generator import write_inbox
from sheetmaker.writer import to_xlsx

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "sample_inbox" / "000_e072749cb9628477.txt"
TEXT_TARGET = 2000
BASELINE_FLOOR_US = 32  # BASELINE.md: read + decode + split a 6.5 KB sheet, 28–36 µs
START_UP_TARGET = 0.3


def timed(work, paths: list[Path]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) for ``work(path)`` over every path."""
    cpu, wall = time.process_time(), time.perf_counter()
    for path in paths:
        work(path)
    return time.process_time() - cpu, time.perf_counter() - wall


def text_floor(path: Path) -> None:
    with open(path, "rb") as handle:
        text_rows(decode(handle.read()).text)


def bare_floor(path: Path) -> None:
    """BASELINE.md's parser floor: read, decode, split lines and cells, nothing else."""
    with open(path, "rb") as handle:
        [line.split("\t") for line in handle.read().decode("utf-8").splitlines()]


def openpyxl_floor(path: Path) -> None:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            [(cell.value, getattr(cell, "number_format", None)) for cell in row]
    book.close()


def calamine_floor(path: Path) -> None:
    """python-calamine: every worksheet's values (it gives no number formats)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    book.close()


def xlrd_floor(path: Path) -> None:
    import xlrd

    book = xlrd.open_workbook(file_contents=path.read_bytes(), formatting_info=True)
    for sheet in book.sheets():
        for row in range(sheet.nrows):
            [(cell.value, cell.xf_index) for cell in sheet.row(row)]


def hwpx_floor(path: Path) -> None:
    """The section parts unzipped and parsed, every paragraph's text collected."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("Contents/section"):
                [node.text for node in etree.fromstring(archive.read(name)).iter("{*}t")]


def ods_floor(path: Path) -> None:
    """content.xml unzipped and parsed, every cell's value and shown text collected."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("content.xml"))
    [(cell.attrib, "".join(cell.itertext())) for cell in root.iter("{*}table-cell")]


def hwp_floor(path: Path) -> None:
    """python-hwpx alone: the compound file, each section inflated, its records, its OWPML section XML."""
    import zlib

    from hwpx.hwp5 import records
    from hwpx.hwp5.cfb import CompoundFile
    from hwpx.hwp5.section_xml import ConversionReport, build_section

    compound = CompoundFile(path.read_bytes())
    for name in compound.stream_paths():
        if name.startswith("BodyText/"):
            payload = zlib.decompressobj(-15).decompress(compound.read(name))
            build_section(records.parse_records(payload, name), ConversionReport())


def checked_extract(path: Path) -> None:
    result = extract_file(path)
    if result.error or not result.sheets:
        raise SystemExit(f"benchmark input failed to parse: {result.error}")


def report(name: str, paths: list[Path], floor, floor_name: str = "floor") -> tuple[float, float]:
    checked_extract(paths[0])  # warm imports and caches outside the timing
    floor(paths[0])
    sheets = len(paths)
    cpu, wall = timed(checked_extract, paths)
    floor_cpu, floor_wall = timed(floor, paths)
    size = statistics.mean(p.stat().st_size for p in paths) / 1024
    print(f"{name:<36} {sheets:>5} files, {size:5.1f} KB avg: {sheets / cpu:7,.0f} sheets/s "
          f"({cpu / sheets * 1e6:6.0f} µs cpu, {wall / sheets * 1e6:6.0f} µs wall); {floor_name} {sheets / floor_cpu:7,.0f} "
          f"sheets/s ({floor_cpu / sheets * 1e6:6.0f} µs); extraction = {cpu / floor_cpu:4.1f}× {floor_name}")
    return sheets / cpu, cpu / floor_cpu


def library_only(name: str, paths: list[Path], work) -> float:
    """A reading library on its own, for comparison with the floor above it."""
    work(paths[0])
    cpu, _ = timed(work, paths)
    print(f"{'':<36} {name}: {len(paths) / cpu:7,.0f} sheets/s ({cpu / len(paths) * 1e6:6.0f} µs)")
    return len(paths) / cpu


def start_up(command: list[str], runs: int) -> tuple[float, float]:
    """(median wall seconds, median CPU seconds) of a whole process."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sheets", type=int, default=2000, help="text files per run (workbooks: a tenth)")
    parser.add_argument("--runs", type=int, default=15, help="process starts per start-up figure")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench_extract_"))
    try:
        seeds = []
        for number in range(args.sheets):
            path = folder / "seed" / f"{number:05d}.txt"
            path.parent.mkdir(exist_ok=True)
            shutil.copyfile(SEED, path)
            seeds.append(path)
        generated = write_inbox(folder / "generated", args.sheets, seed=7)
        workbooks = []
        seed_book = to_xlsx(extract_file(SEED).sheets[0])
        for number in range(max(args.sheets // 10, 1)):
            path = folder / "xlsx" / f"{number:05d}.xlsx"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(seed_book)
            workbooks.append(path)

        load = os.getloadavg()[0]
        print(f"extraction benchmark: python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {load:.1f}")
        seed_rate, _ = report("text: the seed sheet", seeds, text_floor)
        _, seed_ratio = report("text: the seed sheet vs bare floor", seeds, bare_floor)
        generated_rate, _ = report("text: generated, mixed encodings", generated, text_floor)
        report("xlsx: the seed sheet as a workbook", workbooks, openpyxl_floor, "openpyxl")
        count = max(args.sheets // 10, 1)
        kinds = {kind: write_inbox(folder / kind.replace(".", "_"), count, seed=11, formats=(kind,))
                 for kind in ("utf16.txt", "csv", "xlsx", "xls", "ods", "hwpx", "hwp")}
        report("utf-16: Excel's Unicode text", kinds["utf16.txt"], text_floor, "decode+split")
        report("csv: Excel's CSV export", kinds["csv"], text_floor, "decode+split")
        report("xlsx: generated workbooks", kinds["xlsx"], openpyxl_floor, "openpyxl")
        openpyxl_rate = library_only("openpyxl alone (values and number formats)", kinds["xlsx"], openpyxl_floor)
        calamine_rate = library_only("python-calamine alone (values only)", kinds["xlsx"], calamine_floor)
        print(f"{'':<36} calamine reads .xlsx {calamine_rate / openpyxl_rate:.1f}× as fast as openpyxl but without "
              "number formats (100% reads 1): .xlsx stays on openpyxl")
        report("xls: generated workbooks", kinds["xls"], xlrd_floor, "xlrd")
        library_only("python-calamine alone (values only)", kinds["xls"], calamine_floor)
        report("ods: generated spreadsheets", kinds["ods"], ods_floor, "unzip+lxml")
        library_only("python-calamine alone (values only)", kinds["ods"], calamine_floor)
        report("hwpx: generated documents", kinds["hwpx"], hwpx_floor, "unzip+lxml")
        report("hwp: generated documents", kinds["hwp"], hwp_floor, "python-hwpx")

        sheetfeed = str(Path(sys.executable).with_name("sheetfeed"))
        bare, bare_cpu = start_up([sys.executable, "-c", "pass"], args.runs)
        cli, cli_cpu = start_up([sheetfeed, "extract", str(SEED)], args.runs)
        print(f"start-up (median of {args.runs}, wall / cpu): python -c pass {bare * 1000:.0f} / {bare_cpu * 1000:.0f} ms; "
              f"sheetfeed extract <seed> {cli * 1000:.0f} / {cli_cpu * 1000:.0f} ms; "
              f"difference {(cli - bare) * 1000:.0f} / {(cli_cpu - bare_cpu) * 1000:.0f} ms")
        print(f"on a quiet core: BASELINE.md's bare floor for a seed-sized sheet is {BASELINE_FLOOR_US} µs; at the "
              f"measured {seed_ratio:.1f}× that floor, {1e6 / (BASELINE_FLOOR_US * seed_ratio):,.0f} sheets/s (a projection, "
              f"not a measurement: the bare floor above shows how much slower this run's core is)")
        verdicts = [
            ("text ≥ 2,000 sheets/s (seed)", seed_rate >= TEXT_TARGET),
            ("text ≥ 2,000 sheets/s (generated)", generated_rate >= TEXT_TARGET),
            ("CLI < 0.3 s above python -c pass", cli - bare < START_UP_TARGET),
        ]
        print("targets: " + "; ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in verdicts))
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
