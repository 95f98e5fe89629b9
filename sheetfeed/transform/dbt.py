"""Run sheetfeed's dbt project in process against a warehouse given by its libpq URL.

dbt runs in this process through ``dbtRunner`` (BASELINE: about 1 s per later call,
against 4 s for a ``dbt`` subprocess). The profile in ``dbt_project/profiles.yml``
reads the connection from environment variables, which ``dbt_env`` derives from the
URL; the same variables serve Cosmos workers. dbt's target/ and logs/ live under
``$SHEETFEED_HOME/dbt`` so the repository stays read-only and homes never mix.

dbt uses a multiprocessing "spawn" context: a script that calls these functions needs
an ``if __name__ == "__main__":`` guard.
"""
from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sheetfeed import settings
from sheetfeed.warehouse.connection import url_parts

FAILED_STATUSES = {"error", "fail", "runtime error"}
# What `dbt source freshness` may report without the call failing: a stale source is a finding.
FRESHNESS_STATUSES = {"pass", "warn", "error"}


@dataclass(frozen=True)
class DbtResult:
    """What a dbt build did: nodes that succeeded per kind, the tests that only warned, the
    build's wall time, and the summed execution time of its models (the SQL that builds tables,
    which incremental models shrink) and of its tests."""

    models: int
    seeds: int
    tests: int
    unit_tests: int
    warnings: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0
    model_s: float = 0.0
    test_s: float = 0.0


NIGHTLY_ROLE = "sheetfeed_nightly"


class DbtBuildFailed(RuntimeError):
    """dbt reported a failed node; the message names each one (model, test or seed) and why."""


def dbt_env(url: str) -> dict[str, str]:
    """The environment variables ``dbt_project/profiles.yml`` reads, for the warehouse at ``url``."""
    parts = url_parts(url)
    return {
        "SHEETFEED_DBT_HOST": str(parts["host"]),
        "SHEETFEED_DBT_PORT": str(parts["port"]),
        "SHEETFEED_DBT_USER": parts["user"],
        "SHEETFEED_DBT_PASSWORD": parts["password"],
        "SHEETFEED_DBT_DBNAME": parts["dbname"],
        # libpq session settings for dbt's connections: JIT compilation costs more than it saves on
        # these short analytic queries (measured: 3.4 s → 1.7 s for the KPI snapshot model at 10,000
        # submissions), and sorts of a few hundred thousand rows should not spill to disk.
        # role: dbt builds as the nightly role (migration 0021), never as the warehouse's owner, whoever the
        # URL names: what it creates is owned by sheetfeed_nightly, and raw stays out of its reach.
        "PGOPTIONS": f"-c jit=off -c work_mem=64MB -c role={NIGHTLY_ROLE}",
        "DO_NOT_TRACK": "1",
    }


def target_dir(project_dir: Path = settings.DBT_PROJECT_DIR) -> Path:
    """Where dbt writes manifest.json, run_results.json and docs for ``project_dir``.

    The bundled project uses ``$SHEETFEED_HOME/dbt/target``; another copy (a test's edited
    seeds) gets a folder of its own so partial parsing never mixes the two.
    """
    base = settings.state_dir("dbt")
    if Path(project_dir).resolve() == settings.DBT_PROJECT_DIR.resolve():
        return base / "target"
    return base / f"target-{hashlib.sha256(str(Path(project_dir).resolve()).encode()).hexdigest()[:12]}"


def build(
    url: str,
    select: list[str] | None = None,
    full_refresh: bool = False,
    project_dir: Path = settings.DBT_PROJECT_DIR,
) -> DbtResult:
    """``dbt build`` (seeds, models, data and unit tests in DAG order); raises DbtBuildFailed on any failure."""
    args = ["build"]
    if select:
        args += ["--select", *select]
    if full_refresh:
        args.append("--full-refresh")
    result = _invoke(url, args, project_dir)
    return _summarise(result)


def seed(url: str, project_dir: Path = settings.DBT_PROJECT_DIR) -> None:
    """``dbt seed``: (re)load the seed tables, which validation reads before the night's build."""
    _invoke(url, ["seed", "--quiet"], project_dir)


def parse_manifest(url: str, project_dir: Path = settings.DBT_PROJECT_DIR) -> Path:
    """``dbt parse``; returns the manifest.json that Cosmos (LoadMode.DBT_MANIFEST) renders."""
    _invoke(url, ["parse"], project_dir)
    return target_dir(project_dir) / "manifest.json"


def generate_docs(url: str, project_dir: Path = settings.DBT_PROJECT_DIR) -> Path:
    """``dbt docs generate`` over the built warehouse, published as a folder that opens offline.

    dbt's own index.html fetches manifest.json and catalog.json at run time, which a browser
    refuses for a file opened from disk; ``--static`` writes one page with both inside. That
    page becomes ``index.html`` of ``docs_dir()`` (what ``sheetfeed docs`` names and the
    Cosmos plugin serves in the Airflow UI), beside the JSON artifacts for tools that read
    them. The folder is replaced whole, so a reader never sees half of two builds.

    The page shows the project (the manifest) over the warehouse's tables and columns (the
    catalog), never their rows: a night that only loaded sheets would write the same page
    again, 1 s of dbt for nothing. The folder keeps the stamp of what it shows
    (``docs_stamp``); while tonight's is the same, only ``sources.json`` (the latest
    freshness, when one was checked) is brought up to date.
    """
    import shutil

    from sheetfeed.publish import replace_file, replace_folder

    stamp = docs_stamp(url, project_dir)
    target = target_dir(project_dir)
    published = docs_dir()
    if _published_stamp(published) == stamp:
        if (target / "sources.json").exists():
            replace_file(published / "sources.json", (target / "sources.json").read_bytes())
        return published
    # Tests are not compiled for the docs: their SQL is dbt's, generated from a line of YAML, and compiling
    # the 164 of them took 1.5 of the 2.5 s of a night's docs. Models and seeds keep their compiled SQL.
    _invoke(url, ["docs", "generate", "--static", "--exclude", "resource_type:test", "resource_type:unit_test"],
            project_dir)

    def write(folder: Path) -> None:
        shutil.copyfile(target / "static_index.html", folder / "index.html")
        for artifact in ("manifest.json", "catalog.json", "sources.json"):
            if (target / artifact).exists():
                shutil.copyfile(target / artifact, folder / artifact)
        (folder / DOCS_STAMP).write_text(stamp + "\n", encoding="ascii")

    return replace_folder(published, write)


DOCS_STAMP = "docs_stamp.txt"
DOCS_FILES = ("index.html", "manifest.json", "catalog.json")

# What dbt's catalog of a PostgreSQL warehouse holds (dbt-postgres's get_catalog: every table, view and
# column with its type, comment and owner, no statistics), digested in the database: one row back.
_CATALOG_DIGEST = r"""
select current_database(), md5(coalesce(string_agg(concat_ws(E'\t',
    n.nspname, c.relname, c.relkind, pg_get_userbyid(c.relowner), coalesce(td.description, ''),
    a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), coalesce(cd.description, '')),
    E'\n' order by n.nspname, c.relname, a.attnum), ''))
from pg_catalog.pg_namespace n
join pg_catalog.pg_class c on c.relnamespace = n.oid
join pg_catalog.pg_attribute a on a.attrelid = c.oid
left join pg_catalog.pg_description td on td.objoid = c.oid and td.objsubid = 0
left join pg_catalog.pg_description cd on cd.objoid = c.oid and cd.objsubid = a.attnum
where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\_%'
  and c.relkind in ('r', 'v', 'f', 'p', 'm') and c.relpersistence in ('p', 'u')
  and a.attnum > 0 and not a.attisdropped
"""


def docs_stamp(url: str, project_dir: Path = settings.DBT_PROJECT_DIR) -> str:
    """What the docs page is made of: dbt's version, the project's files, and the warehouse's catalog
    (database, tables, columns, types, comments, owners). Equal stamps make the same page."""
    from importlib.metadata import version

    from sheetfeed.warehouse.connection import connect

    with connect(url) as conn:
        database, catalog = conn.execute(_CATALOG_DIGEST).fetchone()
    parts = (version("dbt-core"), version("dbt-postgres"), project_fingerprint(project_dir), database, catalog)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _published_stamp(folder: Path) -> str | None:
    """The stamp of the docs published in ``folder``; None when any of their files is missing."""
    if not all((folder / name).is_file() for name in (*DOCS_FILES, DOCS_STAMP)):
        return None
    return (folder / DOCS_STAMP).read_text(encoding="ascii").strip()


def docs_dir() -> Path:
    """Where the published dbt docs live: ``$SHEETFEED_HOME/dbt_docs`` (index.html opens offline)."""
    return settings.home() / "dbt_docs"


@dataclass(frozen=True)
class Freshness:
    """One source table's freshness: pass, warn or error, the last load, and its age in hours."""

    source: str
    status: str
    max_loaded_at: str | None
    age_hours: float | None


def source_freshness(url: str, project_dir: Path = settings.DBT_PROJECT_DIR) -> list[Freshness]:
    """``dbt source freshness`` (raw: warn after 2 days without a load, error after 8).

    Returns every checked table, errors included, instead of raising on them: the caller decides
    whether a stale feed fails the night. What dbt writes (sources.json) feeds the docs' view.
    """
    result = _invoke(url, ["source", "freshness"], project_dir, allow=FRESHNESS_STATUSES)
    return [_freshness(node_result) for node_result in result.results]


def _freshness(node_result) -> Freshness:
    """One result as Freshness; a table never loaded (dbt reports year 1 as its last load) has no load time or age."""
    loaded_at = getattr(node_result, "max_loaded_at", None)
    never_loaded = loaded_at is None or loaded_at.year == 1
    return Freshness(
        source=node_result.node.unique_id.removeprefix("source.sheetfeed."),
        status=str(node_result.status),
        max_loaded_at=None if never_loaded else str(loaded_at),
        age_hours=None if never_loaded else round(node_result.age / 3600, 1),
    )


@contextmanager
def _environment(values: dict[str, str]):
    """Set environment variables for the duration of one dbt call (dbt reads os.environ)."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def list_nodes(url: str, select: str, resource_type: str = "model",
               project_dir: Path = settings.DBT_PROJECT_DIR) -> list[str]:
    """The names ``dbt ls --select SELECT`` lists, e.g. ``+exposure:analysts_report``: what feeds a report."""
    args = ["ls", "--select", select, "--resource-type", resource_type, "--output", "name", "--quiet"]
    return sorted(_invoke(url, args, project_dir))


def _invoke(url: str, args: list[str], project_dir: Path, allow: set[str] = frozenset()):
    from dbt.cli.main import dbtRunner

    project_dir = Path(project_dir).resolve()
    common = [
        "--project-dir", str(project_dir),
        "--profiles-dir", str(project_dir),
        "--target-path", str(target_dir(project_dir)),
        "--log-path", str(settings.state_dir("dbt") / "logs"),
        "--no-use-colors",
    ]
    with _environment(dbt_env(url)):
        outcome = dbtRunner().invoke([*args, *common])
    if outcome.exception is not None:
        raise DbtBuildFailed(f"dbt {args[0]} could not run: {outcome.exception}") from outcome.exception
    failures = _failures(outcome.result, allow)
    if failures or (not outcome.success and not allow):
        raise DbtBuildFailed(f"dbt {args[0]} failed: " + ("; ".join(failures) or "see the dbt log"))
    return outcome.result


def _failures(result, allow: set[str] = frozenset()) -> list[str]:
    """'<unique_id>: <message>' for every node dbt reported as failed (statuses in ``allow`` excepted)."""
    return [
        f"{node_result.node.unique_id}: {(node_result.message or '').strip()}"
        for node_result in getattr(result, "results", None) or []
        if str(node_result.status) in FAILED_STATUSES - set(allow)
    ]


def _summarise(result) -> DbtResult:
    counts = {"model": 0, "seed": 0, "test": 0, "unit_test": 0}
    seconds = {"model": 0.0, "test": 0.0, "unit_test": 0.0}
    warnings = []
    for node_result in result.results:
        kind = str(node_result.node.resource_type)
        if kind in seconds:
            seconds[kind] += node_result.execution_time or 0.0
        if str(node_result.status) == "warn":
            warnings.append(node_result.node.unique_id)
        if kind in counts and str(node_result.status) in {"success", "pass", "warn"}:
            counts[kind] += 1
    return DbtResult(
        models=counts["model"],
        seeds=counts["seed"],
        tests=counts["test"],
        unit_tests=counts["unit_test"],
        warnings=warnings,
        elapsed_s=round(result.elapsed_time, 3),
        model_s=round(seconds["model"], 3),
        test_s=round(seconds["test"] + seconds["unit_test"], 3),
    )


# What a dbt parse reads: a change to any of these (a model, a test, a seed, a macro) changes the DAG's shape.
_PROJECT_SKIP = {"target", "logs", "dbt_packages", "__pycache__"}


def project_fingerprint(project_dir: Path = settings.DBT_PROJECT_DIR) -> str:
    """sha256 over the project's files (relative path and bytes): the identity of the graph dbt parses from it."""
    project_dir = Path(project_dir).resolve()
    digest = hashlib.sha256()
    for path in sorted(project_dir.rglob("*")):
        relative = path.relative_to(project_dir)
        if path.is_dir() or _PROJECT_SKIP.intersection(relative.parts) or path.name.startswith("."):
            continue
        digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _manifest_paths(project_dir: Path) -> tuple[Path, Path]:
    """This project version's manifest in the home (``$SHEETFEED_HOME/dbt/manifests``) and in the install's
    BUILT_MANIFESTS: ``<root>/<fingerprint>/manifest.json``, the project hashed once for both."""
    version = project_fingerprint(project_dir)[:16]
    return (settings.state_dir("dbt") / "manifests" / version / "manifest.json",
            BUILT_MANIFESTS / version / "manifest.json")


def manifest_path(project_dir: Path = settings.DBT_PROJECT_DIR) -> Path:
    """Where the home keeps the manifest of this exact project version."""
    return _manifest_paths(project_dir)[0]


# Written by the install (`make venv`: ``python -m sheetfeed.transform.dbt``), so a fresh home never runs
# dbt parse inside Airflow's DAG import (whose 30 s timeout a loaded machine can pass).
BUILT_MANIFESTS = settings.REPO_ROOT / "build" / "manifests"


# dbt parse resolves the profile's variables but opens no connection: any well-formed values do.
_PARSE_ONLY_URL = "postgresql://parse@127.0.0.1:5432/parse"


def ensure_manifest(project_dir: Path = settings.DBT_PROJECT_DIR) -> Path:
    """The manifest of the project as it is now: the home's copy, else the install's, else ``dbt parse``.

    Keyed by the project's fingerprint, so the graph the DAG renders always
    follows the code: a stale manifest is never read, and a missing one is
    made (once per project version and home, under a lock; about 5 s).
    """
    import fcntl
    import shutil

    manifest, built = _manifest_paths(project_dir)
    if manifest.exists():
        return manifest
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with open(manifest.parent / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not manifest.exists():
            shutil.copyfile(built if built.exists() else parse_manifest(_PARSE_ONLY_URL, project_dir), manifest)
    return manifest


def build_manifest(project_dir: Path = settings.DBT_PROJECT_DIR) -> Path:
    """Write the project's manifest under BUILT_MANIFESTS (the install's build step); returns its path."""
    built = _manifest_paths(project_dir)[1]
    if not built.exists():
        built.parent.mkdir(parents=True, exist_ok=True)
        parse_manifest(_PARSE_ONLY_URL, project_dir).replace(built)
    return built


if __name__ == "__main__":
    print(build_manifest())
