"""DAG benchmark: parse time of the nightly DAG file, and the wall time of a nightly run with 0 and N new sheets.

Prints (issue 7, item 5):

- the DagBag fill of ``dags/`` with the Cosmos task group rendered from the manifest,
  imports excluded (a dag-processor imports Airflow and Cosmos once), median of
  ``--repeat`` fills; the target is under 2 s (BASELINE: Cosmos DBT_MANIFEST parse of 20
  models 0.39 s, DagBag fill of one file 40 ms);
- the wall time of ``sheetfeed run`` (the real command: warehouse migrations, dbt parse,
  Airflow's ``dag.test()`` of every task) over an inbox with N new generated sheets, then
  again over the same inbox (0 new: the quiet night), and the time the command reports
  (wall minus interpreter start-up and imports).

Setup, not measured: a warm-up run over an empty inbox creates Airflow's SQLite metadata
database (once per home, as on a real machine) and empty marts. The warehouse is
``WAREHOUSE_URL`` (else the embedded server), in a database of its own dropped afterwards,
with a SHEETFEED_HOME of its own. Usage: ``python benchmarks/bench_dag.py [--sheets 100]``.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_load import fresh_database

from sheetmaker.generator import write_inbox
from sheetfeed.warehouse.connection import warehouse_url


def sheetfeed_run(inbox: Path, env: dict) -> tuple[float, float, str]:
    """(wall seconds, the seconds the command reports (migrations, dbt parse, DAG run), output) of one `sheetfeed run`."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "sheetfeed.cli", "run", "--inbox", str(inbox)],
                            env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"sheetfeed run failed:\n{result.stdout}\n{result.stderr}")
    dag_seconds = float(re.search(r": success in ([\d.]+) s", result.stdout).group(1))
    return wall, dag_seconds, result.stdout


def figure(output: str, label: str) -> int:
    return int(re.search(rf"^\s+{label}\s+(\d+)", output, re.MULTILINE).group(1))


def parse_times(home: Path, repeat: int) -> tuple[list[float], int, float]:
    """DagBag fills of the dags folder in a fresh interpreter pointed at ``home``: (seconds each, dbt tasks, import s)."""
    code = f"""
import os, statistics, time
os.environ["SHEETFEED_HOME"] = {str(home)!r}
from sheetfeed import settings
from sheetfeed.orchestrate import airflow_env
airflow_env.configure(settings.SAMPLE_INBOX)
started = time.perf_counter()
import airflow.sdk, cosmos
from airflow.dag_processing.dagbag import DagBag
imports = time.perf_counter() - started
times = []
for _ in range({repeat}):
    started = time.perf_counter()
    bag = DagBag(dag_folder=str(settings.DAGS_FOLDER))
    times.append(time.perf_counter() - started)
assert not bag.import_errors, bag.import_errors
dag = bag.dags[airflow_env.DAG_ID]
print("RESULT", imports, len([t for t in dag.tasks if t.task_id.startswith("dbt.")]), *times)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "SHEETFEED_HOME": str(home)})
    line = next((line for line in result.stdout.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"parse benchmark failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    values = line.split()[1:]
    return [float(value) for value in values[2:]], int(values[1]), float(values[0])


def parse_line(fills: list[float], dbt_tasks: int, imports: float) -> str:
    parse = statistics.median(fills)
    return (f"DAG parse (DagBag fill of dags/, Cosmos group of {dbt_tasks} dbt tasks from the manifest, "
            f"imports excluded): median {parse:.3f} s of {len(fills)} (min {min(fills):.3f}, max {max(fills):.3f}); "
            f"target < 2 s: {'met' if parse < 2 else 'MISSED'} ({parse / 2:.2f} of it); "
            f"Airflow + Cosmos imports once: {imports:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--parse-only", metavar="HOME", type=Path,
                        help="only the parse figure, for a SHEETFEED_HOME that already holds a dbt manifest")
    args = parser.parse_args()
    if args.parse_only:
        print(parse_line(*parse_times(args.parse_only, args.repeat)))
        return

    with tempfile.TemporaryDirectory(prefix="sf_bench_dag_") as scratch:
        scratch = Path(scratch)
        home = scratch / "home"
        home.mkdir()
        os.environ["SHEETFEED_HOME"] = str(home)
        server = os.environ.get("WAREHOUSE_URL") or warehouse_url()
        with fresh_database(server) as url:
            env = {**os.environ, "SHEETFEED_HOME": str(home), "WAREHOUSE_URL": url}
            empty = scratch / "empty_inbox"
            empty.mkdir()
            warm_wall, _, _ = sheetfeed_run(empty, env)
            inbox = scratch / "inbox"
            write_inbox(inbox, args.sheets, seed=args.seed)

            new_wall, new_dag, new_out = sheetfeed_run(inbox, env)
            quiet_wall, quiet_dag, quiet_out = sheetfeed_run(inbox, env)
            assert figure(quiet_out, "new submissions") == 0, quiet_out

            print(parse_line(*parse_times(home, args.repeat)))
            print(f"warm-up run, empty inbox (creates Airflow's SQLite metadata DB): {warm_wall:.1f} s wall")
            print(f"nightly run, {args.sheets} new sheets: {new_wall:.1f} s wall (`sheetfeed run`), "
                  f"{new_dag:.1f} s reported; {figure(new_out, 'new submissions')} new submissions, "
                  f"{figure(new_out, 'quarantined')} quarantined")
            print(f"nightly run, 0 new sheets: {quiet_wall:.1f} s wall, {quiet_dag:.1f} s reported")
            print(f"ratio {args.sheets} new / 0 new (wall): {new_wall / quiet_wall:.2f}; "
                  f"per new sheet beyond the quiet night: {(new_wall - quiet_wall) / args.sheets:.2f} s")


if __name__ == "__main__":
    main()
