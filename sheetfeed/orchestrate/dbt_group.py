"""The dbt part of the nightly DAG: a Cosmos ``DbtTaskGroup`` (one task per model, seed and test), or one ``dbt build`` task.

Cosmos renders the group from dbt's ``manifest.json`` (``LoadMode.DBT_MANIFEST``:
no dbt process at parse time, ≈ 0.4 s for 20 models). ``sheetfeed run`` and
the compose init service write that manifest before the DAG is parsed; when it
is missing (a fresh checkout, a scheduler started by hand) the DAG still
imports and falls back to one task that runs ``dbt build``, and says so in its
log and its doc. Paths are resolved from the DAG file's folder so the
deployment can mount the repository anywhere.
"""
from __future__ import annotations

import logging
from pathlib import Path

import yaml

from sheetfeed.orchestrate import tasks

log = logging.getLogger(__name__)

GROUP_ID = "dbt"


def manifest_path() -> Path:
    """The manifest Cosmos renders from: the one ``dbt parse`` writes under ``$SHEETFEED_HOME/dbt``."""
    from sheetfeed.transform.dbt import target_dir

    return target_dir() / "manifest.json"


def _profile(project_dir: Path) -> tuple[str, str]:
    """The profile name (from dbt_project.yml) and its default target (from profiles.yml)."""
    profile = yaml.safe_load((project_dir / "dbt_project.yml").read_text(encoding="utf-8"))["profile"]
    profiles = yaml.safe_load((project_dir / "profiles.yml").read_text(encoding="utf-8"))
    return profile, profiles[profile]["target"]


def dbt_tasks(dag_dir: Path):
    """The Cosmos task group for the project beside ``dag_dir``, or the single ``dbt build`` task without a manifest."""
    from airflow.sdk import task

    project_dir = (dag_dir.parent / "dbt_project").resolve()
    manifest = manifest_path()
    if not manifest.exists():
        log.warning("no dbt manifest at %s: dbt runs as one 'dbt build' task (run `sheetfeed run` "
                    "or the compose init service to render one task per model)", manifest)
        return task(tasks.dbt_build, task_id="dbt_build", doc_md=(
            f"Fallback: no manifest at `{manifest}` when the DAG was parsed, so dbt runs as one `dbt build`."))()

    from cosmos import DbtTaskGroup, ExecutionConfig, LoadMode, ProfileConfig, ProjectConfig, RenderConfig
    from cosmos.constants import ExecutionMode, InvocationMode, TestBehavior, TestIndirectSelection

    profile_name, target_name = _profile(project_dir)
    return DbtTaskGroup(
        group_id=GROUP_ID,
        project_config=ProjectConfig(dbt_project_path=project_dir, manifest_path=manifest,
                                     install_dbt_deps=False),
        profile_config=ProfileConfig(profile_name=profile_name, target_name=target_name,
                                     profiles_yml_filepath=project_dir / "profiles.yml"),
        # Cautious: a model's task runs only the tests whose parents are all built by then.
        execution_config=ExecutionConfig(execution_mode=ExecutionMode.LOCAL, invocation_mode=InvocationMode.DBT_RUNNER,
                                         test_indirect_selection=TestIndirectSelection.CAUTIOUS),
        # Our own assets mark the marts (publish_marts); Cosmos's per-model ones would
        # carry the warehouse host in their URIs, which differs between deployments.
        # One `dbt build` task per model or seed (its tests included); a test over several
        # models (a relationship, a singular test) is its own task once all of them are built.
        render_config=RenderConfig(load_method=LoadMode.DBT_MANIFEST, emit_datasets=False,
                                   test_behavior=TestBehavior.BUILD, should_detach_multiple_parents_tests=True),
        operator_args={"install_deps": False, "pre_execute": tasks.before_dbt},
    )
