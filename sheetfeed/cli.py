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
    elif args.action in ("add-user", "remove-user"):
        return _warehouse_user(args)
    else:
        print("stopped" if embedded.stop() else "not running")
    return 0


def _warehouse_user(args: argparse.Namespace) -> int:
    """add-user / remove-user: a person's login role, as a member of bi_analyst or data_steward."""
    from sheetfeed.warehouse import users
    from sheetfeed.warehouse.connection import connect, url_parts, warehouse_url

    url = warehouse_url()
    try:
        password = users.read_password(args.password_file) if args.action == "add-user" else None
        with connect(url, autocommit=True) as conn:
            if password is None:
                users.remove_user(conn, args.name)
                print(f"removed login {args.name}")
                return 0
            outcome = users.add_user(conn, args.name, args.role, password)
    except (users.UserRefused, OSError) as exc:
        print(f"sheetfeed warehouse {args.action}: {exc}", file=sys.stderr)
        return 2
    parts = url_parts(url)
    print(f"{outcome} login {args.name} (member of {args.role}); connect with "
          f"postgresql://{args.name}@{parts['host']}:{parts['port']}/{parts['dbname']}")
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


def _docs(args: argparse.Namespace) -> int:
    """Where analysts read: the dbt docs (a folder and the Airflow UI) and the nightly report."""
    from sheetfeed.orchestrate.airflow_env import DOCS_SLUG
    from sheetfeed.report import default_dir
    from sheetfeed.transform.dbt import docs_dir

    if args.build:
        from sheetfeed.report import build_report
        from sheetfeed.transform.dbt import generate_docs
        from sheetfeed.warehouse.connection import warehouse_url

        url = warehouse_url()
        generate_docs(url)
        build_report(url)
    for label, index in (("dbt docs", docs_dir() / "index.html"), ("report", default_dir() / "index.html")):
        print(f"{label:<10}{_built(index)}")
    print(f"{'Airflow':<10}<api-server>/cosmos/{DOCS_SLUG}/dbt_docs_index.html (Browse → dbt Docs (sheetfeed marts))")
    return 0


def _built(index) -> str:
    from datetime import datetime

    if not index.exists():
        return f"{index} (not built yet: the nightly run builds it, or `sheetfeed docs --build`)"
    built_at = datetime.fromtimestamp(index.stat().st_mtime).astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return f"{index} (built {built_at})"


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

    warehouse = commands.add_parser("warehouse", help="the embedded warehouse, and who may log in to the warehouse")
    warehouse_commands = warehouse.add_subparsers(dest="action", required=True)
    warehouse_commands.add_parser("start", help="start the embedded warehouse (it keeps running)")
    warehouse_commands.add_parser("url", help="print the warehouse URL in use (password hidden)")
    warehouse_commands.add_parser("stop", help="stop the embedded warehouse")
    add_user = warehouse_commands.add_parser(
        "add-user", help="create a person's login in a group role (password asked, or read from a file)")
    add_user.add_argument("name")
    add_user.add_argument("--role", required=True, choices=["bi_analyst", "data_steward"])
    add_user.add_argument("--password-file", help="read the password from this file's first line ('-': standard input)")
    remove_user = warehouse_commands.add_parser("remove-user", help="drop a person's login")
    remove_user.add_argument("name")
    warehouse.set_defaults(handler=_warehouse)

    docs = commands.add_parser("docs", help="where the dbt docs and the nightly report are (they open offline)")
    docs.add_argument("--build", action="store_true", help="build both now from the warehouse's marts")
    docs.set_defaults(handler=_docs)

    steward = commands.add_parser("steward", help="review quarantined submissions")
    steward_commands = steward.add_subparsers(dest="steward_command", required=True)
    listing = steward_commands.add_parser("list", help="quarantined submissions, open first")
    listing.add_argument("--department")
    listing.add_argument("--program")
    listing.add_argument("--severity", choices=["error", "warning"])
    listing.add_argument("--all", action="store_true", help="include released and superseded")
    listing.add_argument("--wide", action="store_true", help="one full line per submission, nothing cut")
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
