"""The GX file project in ``expectations/``: its rules, the files generated from them, and opening it.

Each rule is one file ``expectations/rules/<rule>.sql``: a header giving its GX
severity (``critical`` holds a submission back, ``warning`` is shown and never
blocks) and a plain-words description, then the SQL returning the rule's
failing rows over the ``{batch}`` (``quality.validation_batch``: the run's submissions), with the columns
``submission_id, line, field, expected, found``. ``write_project`` turns them
into the one suite, validation definition and checkpoint GX reads
(``python -m sheetfeed.quality.gx_project``); a test checks that the files in
the repository are what it writes, so no rule lives anywhere but in its SQL.

At run time the context gets the warehouse's URL as a runtime variable, and GX's
validation results stay in memory (``gx_store``), so a run never changes the
repository and writes no GX state.
"""
from __future__ import annotations

import json
import re
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from sheetfeed import settings

RULES_DIR = settings.EXPECTATIONS_DIR / "rules"
SUITE = "sheetfeed"
CHECKPOINT = "nightly"
DATASOURCE, ASSET, BATCH = "warehouse", "validation_batch", "pending"
SEVERITIES = {"critical": "error", "warning": "warning"}  # GX severity -> quality.validation_results.severity
ROW_COLUMNS = ("submission_id", "line", "field", "expected", "found")
GX_VERSION = "1.24.1"

_HEADER = re.compile(r"^-- (severity|description): (.+)$")
_ID_NAMESPACE = uuid.UUID("6f1c2b0e-7d4a-4b8e-9a51-0c3e5d2f8a10")


@dataclass(frozen=True)
class Rule:
    name: str
    severity: str  # GX's: critical | warning
    description: str
    query: str


def read_rules(folder: Path = RULES_DIR) -> list[Rule]:
    """Every rule of the project, by name."""
    rules = []
    for path in sorted(folder.glob("*.sql")):
        header, body = {}, []
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _HEADER.match(line)
            if match and not body:
                header[match[1]] = match[2].strip()
            else:
                body.append(line)
        if header.get("severity") not in SEVERITIES or not header.get("description"):
            raise ValueError(f"{path}: the header needs '-- severity: critical|warning' and '-- description: …'")
        rules.append(Rule(path.stem, header["severity"], header["description"], "\n".join(body).strip()))
    return rules


def _id(*names: str) -> str:
    """A stable id for a GX object, so regenerating the project changes nothing but what changed."""
    return str(uuid.uuid5(_ID_NAMESPACE, "/".join(names)))


def project_files(rules: list[Rule]) -> dict[str, dict]:
    """The suite, validation definition and checkpoint (path under expectations/ -> JSON) for ``rules``."""
    suite = {
        "name": SUITE, "id": _id("suite", SUITE), "notes": None,
        "meta": {"great_expectations_version": GX_VERSION,
                 "generated_from": "expectations/rules/*.sql by python -m sheetfeed.quality.gx_project"},
        "expectations": [
            {"type": "expect_query_to_return_no_rows", "id": _id("rule", rule.name),
             "severity": rule.severity, "description": rule.description, "meta": {"rule": rule.name},
             "kwargs": {"unexpected_rows_query": rule.query}}
            for rule in rules],
    }
    definition = {
        "name": CHECKPOINT, "id": _id("validation_definition", CHECKPOINT),
        "data": {"datasource": {"name": DATASOURCE, "id": _id("datasource", DATASOURCE)},
                 "asset": {"name": ASSET, "id": _id("asset", ASSET)},
                 "batch_definition": {"name": BATCH, "id": _id("batch_definition", BATCH)}},
        "suite": {"name": SUITE, "id": suite["id"]},
    }
    checkpoint = {
        "name": CHECKPOINT, "id": _id("checkpoint", CHECKPOINT), "actions": [],
        "result_format": {"result_format": "COMPLETE"},
        "validation_definitions": [{"name": CHECKPOINT, "id": definition["id"]}],
    }
    return {f"suites/{SUITE}.json": suite, f"validation_definitions/{CHECKPOINT}.json": definition,
            f"checkpoints/{CHECKPOINT}.json": checkpoint}


def render(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_project(root: Path = settings.EXPECTATIONS_DIR) -> list[Path]:
    """(Re)write the generated files from the rules; the paths written."""
    written = []
    for relative, document in project_files(read_rules(root / "rules")).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(document), encoding="utf-8")
        written.append(path)
    return written


def sqlalchemy_url(url: str) -> str:
    """The libpq URL as SQLAlchemy names it with the psycopg 3 driver."""
    return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url)


def open_context(url: str):
    """The project's FileDataContext on the warehouse at ``url``: quiet, its results kept in memory."""
    from sheetfeed.quality.gx_import import great_expectations

    gx = great_expectations()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    import sheetfeed.quality.expectation  # noqa: F401  (registers expect_query_to_return_no_rows)

    runtime = {"sheetfeed_warehouse": sqlalchemy_url(url)}
    context = gx.get_context(mode="file", context_root_dir=settings.EXPECTATIONS_DIR, runtime_environment=runtime)
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


if __name__ == "__main__":
    for written_path in write_project():
        print(written_path)
    sys.exit(0)
