"""Validation benchmark: GX validation of N submissions in one run, next to the load time of the same files.

Prints (issue 5, item 6):

- the load of N generated sheets through ``sheetfeed.load.load_inbox`` (parse and land);
- one ``validate_pending`` run over the N submissions it landed: frames, every suite's
  checkpoint, Data Docs, the ``quality`` tables; and its ratio to the load;
- a second ``validate_pending`` with nothing pending (the fixed cost of a run: GX context,
  eleven checkpoints on empty frames, Data Docs).

The warehouse is ``WAREHOUSE_URL`` (else the embedded server); the benchmark works in a database
of its own, dropped afterwards, and a SHEETFEED_HOME of its own (a temporary folder).
Usage: ``python benchmarks/bench_validate.py [--submissions 1000]``.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench_load import fresh_database

from sheetfeed.load import load_inbox
from sheetmaker.generator import write_inbox
from sheetfeed.warehouse.connection import warehouse_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sf_bench_validate_") as scratch:
        os.environ["SHEETFEED_HOME"] = str(Path(scratch) / "home")
        from sheetfeed.quality.validate import validate_pending  # imports GX (≈5 s), outside the timings

        inbox = Path(scratch) / "inbox"
        write_inbox(inbox, args.submissions, seed=args.seed)
        with fresh_database(warehouse_url()) as url:
            started = time.perf_counter()
            loaded = load_inbox(url, inbox, "bench-validate")
            load_s = time.perf_counter() - started

            started = time.perf_counter()
            report = validate_pending(url, "bench-validate")
            validate_s = time.perf_counter() - started

            started = time.perf_counter()
            idle = validate_pending(url, "bench-validate-idle")
            idle_s = time.perf_counter() - started

    n = len(loaded.submission_ids)
    print(f"submissions                {n} (from {args.submissions} generated files)")
    print(f"load (parse + land)        {load_s:8.2f} s  {n / load_s:8.0f} submissions/s")
    print(f"validation, one run        {validate_s:8.2f} s  {n / validate_s:8.0f} submissions/s"
          f"  (passed {report.passed}, warned {report.warned}, failed {report.failed})")
    print(f"validation / load          {validate_s / load_s:8.2f}")
    print(f"validation, nothing new    {idle_s:8.2f} s  (checked {idle.submissions_checked})")


if __name__ == "__main__":
    main()
