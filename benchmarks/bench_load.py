"""Loader benchmark: generate realistic sheets, load them, compare with a plain COPY, rerun unchanged.

Prints, in one run (issue 4, item 6):

- the first load of the inbox through ``sheetfeed.load.load_inbox`` (parse and land), end to end;
- the loader's landing throughput (rows/s) on the same files already parsed: ledger claim,
  row building, COPY into every raw table, commits — everything but the parser;
- a plain COPY of the very same rows into empty tables without indexes or constraints,
  one COPY per table in one transaction: the limit;
- their ratio (target 0.5 or better), and the same figure for one file per transaction;
- the time of a second ``load_inbox`` over the unchanged inbox (target under 10 s for 10,000 files).

Each phase gets a fresh database on the warehouse (``WAREHOUSE_URL``, else the embedded
server), dropped at the end. Usage: ``python benchmarks/bench_load.py [--files 10000]``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg

from sheetfeed.load import load_inbox
from sheetfeed.load.extracting import extract_all
from sheetfeed.load.landing import build_rows, copy_rows, groups, land_groups
from sheetfeed.load.ledger import close_load, open_load
from sheetfeed.load.session import loader_connection
from sheetmaker.generator import write_inbox
from sheetfeed.warehouse.connection import redact, warehouse_url
from sheetfeed.warehouse.migrate import migrate

RAW_TABLES = ("files", "file_sightings", "submissions", "programs", "targets", "budget_lines",
              "budget_reported_totals", "quarters", "quarter_counts", "activities", "plans", "contacts",
              "collaborations", "extract_warnings", "other_sections")


@contextmanager
def fresh_database(server: str):
    """A migrated database of its own on the warehouse server, dropped afterwards."""
    admin = server.rsplit("/", 1)[0] + "/postgres"
    name = f"sf_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = server.rsplit("/", 1)[0] + f"/{name}"
    try:
        with psycopg.connect(url) as conn:
            migrate(conn)
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


def raw_row_count(url: str) -> int:
    with psycopg.connect(url) as conn:
        return sum(conn.execute(f"select count(*) from raw.{table}").fetchone()[0] for table in RAW_TABLES)


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def land_all(url: str, incoming: list, files_per_transaction: int | None) -> int:
    """The loader's landing path over already parsed files (one load row, groups, COPY, commits)."""
    sizes = {} if files_per_transaction is None else {"max_files": files_per_transaction}
    with loader_connection(url) as conn:
        load_id = open_load(conn, "bench", None, len(incoming), len(incoming))
        results = land_groups(conn, groups(incoming, **sizes), load_id)
        close_load(conn, load_id, len(results), 0, sum(len(result.submission_ids) for result in results))
    return len(results)


def plain_copy(url: str, incoming: list) -> tuple[int, float]:
    """COPY the rows the loader lands (same values, same order) into empty unindexed tables; time only the COPY."""
    table_rows, _ = build_rows(incoming, list(range(1, 1 + sum(max(len(i.sheets), 1) for i in incoming))), 1)
    files = [(item.sha256, item.size, item.data, item.path) for item in incoming]
    sightings = [(item.sha256, item.path) for item in incoming]
    rows = len(files) + len(sightings) + sum(len(r) for r in table_rows.values())
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("create schema plain")
        for table in RAW_TABLES:
            conn.execute(f"create table plain.{table} (like raw.{table} including defaults)")  # no keys, no indexes
        start = time.perf_counter()
        with conn.transaction(), conn.cursor() as cursor:
            for table, columns, values in (("files", "sha256, size_bytes, content, first_path", files),
                                           ("file_sightings", "sha256, path", sightings)):
                with cursor.copy(f"copy plain.{table} ({columns}) from stdin") as copy:
                    for row in values:
                        copy.write_row(row)
            copy_rows(conn, table_rows, schema="plain")
        return rows, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--per-file-sample", type=int, default=1_000,
                        help="files landed one per transaction, for comparison")
    parser.add_argument("--repeat", type=int, default=3, help="landing / plain COPY pairs; medians compared")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    server = warehouse_url()
    print(f"warehouse {redact(server)}; {args.files} files; {args.workers} parse workers; {os.cpu_count()} cores")

    with tempfile.TemporaryDirectory(prefix="sheetfeed-bench-") as folder:
        inbox = Path(folder) / "inbox"
        paths, generate_s = timed(write_inbox, inbox, args.files, seed=0)
        size = sum(path.stat().st_size for path in paths)
        print(f"generated {len(paths)} sheets ({size / 1e6:.1f} MB) with sheetmaker.generator"
              f" in {generate_s:.1f} s")

        with fresh_database(server) as url:
            report, first_s = timed(load_inbox, url, inbox, "bench-first", workers=args.workers)
            rows = raw_row_count(url)
            print(f"first load_inbox (parse + land): {len(report.loaded)} loaded, {len(report.parse_failed)} failed,"
                  f" {rows} rows in {first_s:.2f} s = {rows / first_s:,.0f} rows/s")
            rerun, rerun_s = timed(load_inbox, url, inbox, "bench-rerun")
            assert rerun.new == [] and len(rerun.seen) == len(paths)
            print(f"no-change rerun: {len(rerun.seen)} files seen, {len(rerun.new)} new, in {rerun_s:.2f} s"
                  f" (target < 10 s for 10,000 files)")

        parsed, parse_s = timed(lambda: [item for _, item in extract_all(paths, args.workers) if item])
        print(f"parse alone: {len(parsed)} files in {parse_s:.2f} s ({args.workers} workers)")

    # Landing and the plain COPY alternate, each on a fresh database, and the medians are compared:
    # the machine is shared, so one pair of figures says little on its own.
    land_times, plain_times = [], []
    for _ in range(args.repeat):
        with fresh_database(server) as url:
            land_times.append(timed(land_all, url, parsed, None)[1])
            landed_rows = raw_row_count(url)
        with fresh_database(server) as url:
            plain_rows, plain_elapsed = plain_copy(url, parsed)
            plain_times.append(plain_elapsed)
        assert plain_rows == landed_rows, (plain_rows, landed_rows)
    land_s, plain_s = statistics.median(land_times), statistics.median(plain_times)
    sample = parsed[:args.per_file_sample]
    with fresh_database(server) as url:
        _, single_s = timed(land_all, url, sample, 1)
        single_rows = raw_row_count(url)

    land_rate, plain_rate, single_rate = landed_rows / land_s, plain_rows / plain_s, single_rows / single_s
    print(f"loader landing (parse excluded), median of {args.repeat}: {landed_rows} rows in {land_s:.2f} s"
          f" = {land_rate:,.0f} rows/s (runs: {', '.join(f'{t:.2f}' for t in land_times)} s)")
    print(f"plain COPY of the same rows into empty tables, median of {args.repeat}: {plain_s:.2f} s"
          f" = {plain_rate:,.0f} rows/s, the limit (runs: {', '.join(f'{t:.2f}' for t in plain_times)} s)")
    print(f"ratio landing / plain COPY: {land_rate / plain_rate:.2f} (target >= 0.5)")
    print(f"ratio first load_inbox (parse included) / plain COPY: {rows / first_s / plain_rate:.2f}")
    print(f"one file per transaction ({len(sample)} files): {single_rate:,.0f} rows/s,"
          f" ratio {single_rate / plain_rate:.2f}")


if __name__ == "__main__":
    main()
