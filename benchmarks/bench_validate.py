"""Validation benchmark (issue 13, points 3 and 6), imports included: each timed run is a fresh process.

Prints:

- a run with nothing pending, as the nightly task runs it (``python -c`` importing
  ``sheetfeed.quality.validate`` and calling ``validate_pending``): whole-process time, whether GX
  was imported, against the floor of a bare ``python -c pass``; must stay under 0.3 s above it;
- ``dbt seed`` in a fresh process, as the first validation of a fresh warehouse runs it (later nights
  compare the seed tables with the files and skip it);
- the load of N generated sheets (``load_inbox`` in a fresh process) and the validation of the N
  submissions it landed (``validate_pending`` in a fresh process: GX import, seed check, the one
  checkpoint, ``quality.*``, the report page); the ratio must be at most 1. Beside it, what the
  run's import of GX costs (``sheetfeed.quality.gx_import``: the modules no rule uses deferred),
  what ``import great_expectations`` costs with nothing deferred (a fresh process of its own), and
  the ratio without the import: the part of the run that is GX's import alone cannot be cut
  without changing GX;
- ``--nights``: that many nightly runs in a row (each lands a few new sheets, then validates them)
  in one process, as a long-lived worker would; the last nights' median validation time against
  the first nights' (must stay within 1.2×: GX stores no result, the page covers one run, the
  quality tables grow).

The warehouse is ``WAREHOUSE_URL`` (else the embedded server); each part works in a database of its
own, dropped afterwards, and a SHEETFEED_HOME of its own.
Usage: ``python benchmarks/bench_validate.py [--submissions 1000] [--nights 365] [--per-night 3]``.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_load import fresh_database

from sheetfeed.warehouse.connection import warehouse_url
from sheetmaker.generator import write_inbox

REPO_ROOT = Path(__file__).resolve().parents[1]
IDLE_LIMIT_S = 0.3
GROWTH_LIMIT = 1.2
EDGE_NIGHTS = 30  # medians of a month of first and last nights (the first, which imports GX, aside): noise is ±10 ms

_VALIDATE = """
import json, sys, time
started = time.perf_counter()
if sys.argv[2:] == ["time-gx-import"]:  # what importing GX alone costs of the run (as the run imports it)
    from sheetfeed.quality.gx_import import great_expectations
    great_expectations()
gx_import = time.perf_counter() - started
from sheetfeed.quality.validate import validate_pending
report = validate_pending(sys.argv[1], "bench")
print(json.dumps({"seconds": time.perf_counter() - started, "gx_imported": "great_expectations" in sys.modules,
                  "gx_import": gx_import,
                  "checked": report.submissions_checked, "passed": report.passed, "warned": report.warned,
                  "failed": report.failed}))
"""
_PLAIN_GX_IMPORT = """
import json, time
started = time.perf_counter()
import great_expectations
print(json.dumps({"seconds": time.perf_counter() - started}))
"""
_SEED = """
import json, sys
from sheetfeed.quality import vocabulary
from sheetfeed.warehouse.connection import connect
with connect(sys.argv[1]) as conn:
    print(json.dumps({"stale": vocabulary.ensure_seeded(conn, sys.argv[1])}))
"""
_LOAD = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from sheetfeed.load import load_inbox
loaded = load_inbox(sys.argv[1], Path(sys.argv[2]), "bench")
print(json.dumps({"seconds": time.perf_counter() - started, "submissions": len(loaded.submission_ids)}))
"""


def in_process(script: str, *args: str, home: Path) -> tuple[float, dict]:
    """Run ``script`` in a fresh interpreter; (its whole wall time, the JSON it printed)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=True,
                          cwd=REPO_ROOT, env={**os.environ, "SHEETFEED_HOME": str(home)})
    return time.perf_counter() - started, json.loads(done.stdout.strip().splitlines()[-1])


def idle_and_bulk(submissions: int, seed: int, scratch: Path) -> None:
    home = scratch / "home"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    floor = time.perf_counter() - started
    inbox = scratch / "inbox"
    write_inbox(inbox, submissions, seed=seed)
    with fresh_database(warehouse_url()) as url:
        idle_s, idle = in_process(_VALIDATE, url, home=home)
        seed_s, _ = in_process(_SEED, url, home=home)
        load_s, loaded = in_process(_LOAD, url, str(inbox), home=home)
        validate_s, validated = in_process(_VALIDATE, url, "time-gx-import", home=home)
    _, plain_import = in_process(_PLAIN_GX_IMPORT, home=home)
    idle_over_floor = idle_s - floor
    print(f"python -c pass (floor)          {floor:8.3f} s")
    print(f"validation, nothing pending     {idle_s:8.3f} s  ({idle_over_floor:.3f} s over the floor, limit"
          f" {IDLE_LIMIT_S} s; GX imported: {idle['gx_imported']})  {'ok' if idle_over_floor < IDLE_LIMIT_S else 'OVER'}")
    print(f"dbt seed (fresh warehouse, or a seed edited; else skipped)  {seed_s:8.2f} s")
    print(f"load of {loaded['submissions']} submissions       {load_s:8.2f} s  (process; in-process {loaded['seconds']:.2f} s)")
    print(f"validation of {validated['checked']}              {validate_s:8.2f} s  (process; in-process"
          f" {validated['seconds']:.2f} s; passed {validated['passed']}, warned {validated['warned']},"
          f" failed {validated['failed']})")
    gx_import = validated["gx_import"]
    print(f"  of which import GX            {gx_import:8.2f} s  (as the run imports it, unused modules deferred;"
          f" with nothing deferred {plain_import['seconds']:.2f} s)")
    print(f"  interpreter start and exit    {validate_s - validated['seconds']:8.2f} s")
    print(f"validation / load               {validate_s / load_s:8.2f}  (limit 1)  {'ok' if validate_s <= load_s else 'OVER'}")
    print(f"  GX's import alone / load      {gx_import / load_s:8.2f}  (GX's own modules, pandas, SQLAlchemy: not"
          f" cut without changing GX)")
    print(f"  without the GX import         {(validate_s - gx_import) / load_s:8.2f}  ({validate_s - gx_import:.2f} s"
          f" / {load_s:.2f} s, both processes)")


def nights(count: int, per_night: int, seed: int, scratch: Path) -> None:
    os.environ["SHEETFEED_HOME"] = str(scratch / "home-nights")
    from sheetfeed.load import load_inbox
    from sheetfeed.quality.validate import validate_pending

    times, checked = [], []
    with fresh_database(warehouse_url()) as url:
        for night in range(count):
            inbox = scratch / f"night-{night:03d}"
            write_inbox(inbox, per_night, seed=seed + night)
            load_inbox(url, inbox, f"night-{night}")
            started = time.perf_counter()
            checked.append(validate_pending(url, f"night-{night}").submissions_checked)
            times.append(time.perf_counter() - started)
    first, last = statistics.median(times[1:EDGE_NIGHTS + 1]), statistics.median(times[-EDGE_NIGHTS:])
    print(f"nights                          {count} × {per_night} new sheets, one worker process"
          f" ({sum(checked)} submissions validated)")
    print(f"validation, night 1 / {count}        {times[0]:8.2f} s / {times[-1]:8.2f} s")
    print(f"median of nights 2-{EDGE_NIGHTS + 1} / last {EDGE_NIGHTS} {first:8.3f} s / {last:8.3f} s")
    print(f"last / first                    {last / first:8.2f}  (limit {GROWTH_LIMIT})"
          f"  {'ok' if last / first <= GROWTH_LIMIT else 'OVER'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--nights", type=int, default=365)
    parser.add_argument("--per-night", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sf_bench_validate_") as scratch:
        idle_and_bulk(args.submissions, args.seed, Path(scratch))
        if args.nights:
            nights(args.nights, args.per_night, args.seed, Path(scratch))


if __name__ == "__main__":
    main()
