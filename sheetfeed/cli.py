"""The ``sheetfeed`` command. Each subcommand imports only what it needs, so
``sheetfeed extract`` starts fast and never loads Airflow, dbt or GX."""
from __future__ import annotations

import argparse
import sys


def _warehouse(args: argparse.Namespace) -> int:
    from sheetfeed.warehouse import embedded
    from sheetfeed.warehouse.connection import redact, warehouse_url

    if args.action == "start":
        print(embedded.start())
    elif args.action == "url":
        print(redact(warehouse_url()))
    else:
        print("stopped" if embedded.stop() else "not running")
    return 0


def _extract(args: argparse.Namespace) -> int:
    from extract.cli import main as extract_main

    return extract_main(args.paths, max_bytes=args.max_bytes)


def _run(args: argparse.Namespace) -> int:
    from sheetfeed.orchestrate.run import main as run_main

    return run_main(inbox=args.inbox)


def _steward(args: argparse.Namespace) -> int:
    from sheetfeed.quality.steward import main as steward_main

    return steward_main(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sheetfeed", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="one run of the nightly DAG over the inbox, then a summary")
    run.add_argument("--inbox", help="folder of submitted sheets (default: $SHEETFEED_INBOX or the sample inbox)")
    run.set_defaults(handler=_run)

    extract = commands.add_parser("extract", help="print each sheet of the files as JSON Lines")
    extract.add_argument("paths", nargs="+", metavar="PATH")
    extract.add_argument("--max-bytes", type=int, default=20 * 1024 * 1024,
                         help="refuse files (and workbooks inflating) over this size (default 20 MB)")
    extract.set_defaults(handler=_extract)

    warehouse = commands.add_parser("warehouse", help="the embedded warehouse")
    warehouse.add_argument("action", choices=["start", "url", "stop"])
    warehouse.set_defaults(handler=_warehouse)

    steward = commands.add_parser("steward", help="review quarantined submissions")
    steward_commands = steward.add_subparsers(dest="steward_command", required=True)
    listing = steward_commands.add_parser("list", help="quarantined submissions, open first")
    listing.add_argument("--department")
    listing.add_argument("--program")
    listing.add_argument("--severity", choices=["error", "warning"])
    listing.add_argument("--all", action="store_true", help="include released and superseded")
    show = steward_commands.add_parser("show", help="every failure of a submission with the sheet's text around it")
    show.add_argument("id", type=int)
    release = steward_commands.add_parser("release", help="let a quarantined submission reach the marts")
    release.add_argument("id", type=int)
    release.add_argument("--reason", required=True)
    steward.set_defaults(handler=_steward)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
