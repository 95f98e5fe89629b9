"""Extraction benchmark (issue 3, item 6). Prints, in one run:

- text sheets per second through ``extract_file`` (read, hash, decode, parse) for
  the seed sheet and for generated seed-sized sheets in mixed encodings, next to
  the floor for the same files (read, decode, split into cells, collapse
  whitespace) and, for the seed, BASELINE.md's bare floor (read, decode, split);
- the same for .xlsx workbooks (floor: open the workbook and read its cells);
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
from sheetmaker.generator import write_inbox
from extract.sheets.rows import decode, text_rows
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


def workbook_floor(path: Path) -> None:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            [(cell.value, getattr(cell, "number_format", None)) for cell in row]
    book.close()


def checked_extract(path: Path) -> None:
    result = extract_file(path)
    if result.error or not result.sheets:
        raise SystemExit(f"benchmark input failed to parse: {result.error}")


def report(name: str, paths: list[Path], floor) -> tuple[float, float]:
    checked_extract(paths[0])  # warm imports and caches outside the timing
    floor(paths[0])
    sheets = len(paths)
    cpu, wall = timed(checked_extract, paths)
    floor_cpu, floor_wall = timed(floor, paths)
    size = statistics.mean(p.stat().st_size for p in paths) / 1024
    print(f"{name:<34} {sheets:>5} files, {size:4.1f} KB avg: {sheets / cpu:8,.0f} sheets/s "
          f"({cpu / sheets * 1e6:6.0f} µs cpu, {wall / sheets * 1e6:6.0f} µs wall); floor {sheets / floor_cpu:8,.0f} "
          f"sheets/s ({floor_cpu / sheets * 1e6:5.0f} µs); extraction = {cpu / floor_cpu:4.1f}× floor")
    return sheets / cpu, cpu / floor_cpu


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
        report("xlsx: the seed sheet as a workbook", workbooks, workbook_floor)

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
