"""dbt benchmark: ``dbt build`` over N generated submissions, full and then nightly, in one run.

Prints (issue 6, item 8):

- the load of N generated sheets through ``sheetfeed.load.load_inbox`` (setup, for scale);
- a full ``dbt build --full-refresh`` (seeds, every model, data and unit tests) over them;
- 20 new submissions (new versions of 20 of the programs, as a quiet night brings), loaded
  and accepted, then an incremental ``dbt build``: the nightly run;
- the ratio nightly / full, and the rows the incremental models held and added.

Submissions are accepted by inserting ``passed`` verdicts, as the validation step records
them (GX itself is benchmarked in bench_validate.py). The warehouse is ``WAREHOUSE_URL``
(else the embedded server), in a database of its own dropped afterwards, with a
SHEETFEED_HOME of its own. dbt runs in process (``sheetfeed.transform.dbt.build``), so
the times exclude interpreter start-up but include dbt's parse and every query.
Usage: ``python benchmarks/bench_dbt.py [--submissions 10000] [--nightly 20]``.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import psycopg
from bench_load import fresh_database

from sheetfeed.load import load_inbox
from sheetmaker.generator import write_inbox
from sheetfeed.warehouse.connection import warehouse_url

INCREMENTAL_MODELS = ("int_activities_classified", "int_quarter_counts_classified", "int_target_actuals")


def accept_all(url: str) -> int:
    """Give every parsed submission without a verdict a 'passed' one, as a validation run would."""
    with psycopg.connect(url) as conn:
        conn.execute("insert into quality.validation_runs (run_id, started_at) values (%s, now())"
                     " on conflict do nothing", ("bench-dbt",))
        return conn.execute(
            "insert into quality.submission_verdicts (submission_id, run_id, verdict)"
            " select submission_id, 'bench-dbt', 'passed' from raw.submissions s where parse_status = 'parsed'"
            " and not exists (select 1 from quality.submission_verdicts v where v.submission_id = s.submission_id)"
        ).rowcount


def row_counts(url: str, schema: str, tables) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {table: conn.execute(f"select count(*) from {schema}.{table}").fetchone()[0] for table in tables}


def slowest_models(count: int = 6) -> str:
    """The models that took longest in the last dbt build (its run_results.json), for where the time goes."""
    from sheetfeed.transform.dbt import target_dir

    results = json.loads((target_dir() / "run_results.json").read_text(encoding="utf-8"))["results"]
    models = sorted(((r["execution_time"], r["unique_id"].split(".")[-1]) for r in results
                     if r["unique_id"].startswith("model.")), reverse=True)[:count]
    return ", ".join(f"{name} {seconds:.2f}" for seconds, name in models)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--nightly", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sf_bench_dbt_") as scratch:
        os.environ["SHEETFEED_HOME"] = str(Path(scratch) / "home")
        from sheetfeed.transform.dbt import build  # imports dbt, outside the timings

        backlog, night = Path(scratch) / "backlog", Path(scratch) / "night"
        write_inbox(backlog, args.submissions, seed=args.seed)
        write_inbox(night, args.nightly, seed=args.seed + 1)
        with fresh_database(warehouse_url()) as url:
            started = time.perf_counter()
            loaded = load_inbox(url, backlog, "bench-dbt", workers=2)
            load_s = time.perf_counter() - started
            accepted = accept_all(url)

            full = build(url, full_refresh=True)
            full_slowest = slowest_models()
            held = row_counts(url, "intermediate", INCREMENTAL_MODELS)
            marts = row_counts(url, "marts", ("dim_program", "fct_activity", "fct_budget_execution",
                                              "mart_governance_kpis"))

            load_inbox(url, night, "bench-dbt-night")
            accepted_night = accept_all(url)
            nightly = build(url)
            nightly_slowest = slowest_models()
            added = {name: count - held[name]
                     for name, count in row_counts(url, "intermediate", INCREMENTAL_MODELS).items()}

    print(f"submissions loaded         {len(loaded.submission_ids)} ({accepted} accepted) in {load_s:.1f} s")
    print(f"marts after full build     " + ", ".join(f"{name} {count}" for name, count in marts.items()))
    print(f"dbt build, full            {full.elapsed_s:8.2f} s  ({full.models} models, {full.tests} data tests,"
          f" {full.unit_tests} unit tests, {full.seeds} seeds)")
    print(f"dbt build, nightly         {nightly.elapsed_s:8.2f} s  (+{accepted_night} submissions)")
    print(f"nightly / full             {nightly.elapsed_s / full.elapsed_s:8.2f}")
    print(f"model SQL, full / nightly  {full.model_s:8.2f} s / {nightly.model_s:.2f} s"
          f"  ({nightly.model_s / full.model_s:.2f}; summed over threads)")
    print(f"test SQL, full / nightly   {full.test_s:8.2f} s / {nightly.test_s:.2f} s")
    print(f"slowest models, full       {full_slowest}")
    print(f"slowest models, nightly    {nightly_slowest}")
    print("incremental models         " + ", ".join(f"{name} {held[name]} +{added[name]}" for name in held))


if __name__ == "__main__":
    main()
