"""Print, per hostile class, the time and peak memory of loading its inbox, and any broken promise.

``python -m tests.hostile [--url URL] [CLASS ...]``: against the warehouse at URL (default: a fresh database
on the embedded server, dropped afterwards).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.conftest import SEED_SHEET, create_database, drop_database
from tests.hostile import corpus
from tests.hostile.runner import MAX_PEAK_RSS_MB, MAX_SECONDS, landed, run_class


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="maintenance database URL of the server (default: the embedded server)")
    parser.add_argument("classes", nargs="*", default=list(corpus.CLASSES))
    args = parser.parse_args(argv)
    if args.url:
        server = args.url
    else:
        from sheetfeed.warehouse import embedded

        server = embedded.start().rsplit("/", 1)[0] + "/postgres"
    seed = corpus.seed(SEED_SHEET)
    print(f"{'class':<14} {'cases':>5} {'seconds':>8} {'peak MB':>8}  verdict   (bounds: {MAX_SECONDS} s, "
          f"{MAX_PEAK_RSS_MB} MB)")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="sheetfeed-hostile-") as folder:
        for name in args.classes:
            url = create_database(server)
            try:
                outcome = run_class(name, Path(folder), url, seed, SEED_SHEET)
                problems = outcome.problems + landed(url, Path(folder) / name, outcome.cases)
            finally:
                drop_database(server, url)
            failures += bool(problems)
            print(f"{name:<14} {len(outcome.cases):>5} {outcome.seconds:>8.2f} {outcome.peak_rss_mb:>8.1f}  "
                  f"{'ok' if not problems else 'BROKEN'}")
            for problem in problems:
                print(f"    {problem[:300]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
