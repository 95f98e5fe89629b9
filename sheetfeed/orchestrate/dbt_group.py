"""The dbt part of the nightly DAG: one ``dbt build`` per night, one Airflow task per dbt node in the UI.

Cosmos ``ExecutionMode.WATCHER``: a producer task runs ``dbt build`` over the
whole project once; each model, seed and test has a consumer task that reads
its node's result from the producer (XCom) and shows it as its own state and
log. Costs one dbt start per night instead of one per node (BASELINE: 38 tasks
at ≈ 1.4 s each in LOCAL mode).

Retries (Cosmos ≥ 1.14): a retried producer does not run a second build; it
restores what the first try reported, and every consumer whose node had not
succeeded then runs that one node itself. A model that already succeeded in
the night is never rebuilt by a retry or by clearing the failed tasks.

The group renders from a manifest keyed by the dbt project's fingerprint
(``sheetfeed.transform.dbt.ensure_manifest``): the graph is a function of the
code, whatever the home held before. Cosmos's cache lives under
``$SHEETFEED_HOME/cosmos`` (not the shared system temp folder).
"""
from __future__ import annotations

import os
from pathlib import Path

import yaml

from sheetfeed import settings
from sheetfeed.orchestrate import callbacks, tasks

GROUP_ID = "dbt"
PRODUCER_TASK_ID = f"{GROUP_ID}.dbt_producer_watcher"
DONE_MARKER_ID = f"{PRODUCER_TASK_ID}_done"
# A consumer starts once the build has ended, so its result is there at the first poke; one
# still without a result after this long points at a bug, not at a slow build.
CONSUMER_TIMEOUT_S = 300
# Cosmos runs dbt in a temporary copy of the project, removed afterwards: its debug log file
# there is never read (the task's own log has dbt's lines), and its four threads writing every
# query to it took half the build's time under Airflow.
NO_LOG_FILE = ["--log-level-file", "none"]
# The build's manifest.json, run_results.json and graph.gpickle would go to that same temporary copy,
# which nothing reads (a node's task reads its result from the producer's XCom; its compiled SQL comes
# from target/compiled, which dbt writes anyway): writing them twice took 0.6 s of a 100-sheet build.
NO_ARTIFACTS = ["--no-write-json"]


def _profile(project_dir: Path) -> tuple[str, str]:
    """The profile name (from dbt_project.yml) and its default target (from profiles.yml)."""
    profile = yaml.safe_load((project_dir / "dbt_project.yml").read_text(encoding="utf-8"))["profile"]
    profiles = yaml.safe_load((project_dir / "profiles.yml").read_text(encoding="utf-8"))
    return profile, profiles[profile]["target"]


def _configure_cosmos() -> None:
    """Cosmos reads these once, when first imported: its cache under the home, no telemetry."""
    os.environ.setdefault("AIRFLOW__COSMOS__CACHE_DIR", str(settings.state_dir("cosmos")))
    os.environ.setdefault("AIRFLOW__COSMOS__ENABLE_TELEMETRY", "False")
    os.environ.setdefault("DO_NOT_TRACK", "1")


def dbt_tasks(plan):
    """The Cosmos WATCHER task group for the dbt project (``settings.DBT_PROJECT_DIR``); ``plan`` is the task
    that decides whether the night builds (validation), which the DAG puts before the group."""
    from sheetfeed.transform.dbt import ensure_manifest

    _configure_cosmos()
    from cosmos import DbtTaskGroup, ExecutionConfig, LoadMode, ProfileConfig, ProjectConfig, RenderConfig
    from cosmos.constants import ExecutionMode, InvocationMode, TestBehavior, TestIndirectSelection

    project_dir = settings.DBT_PROJECT_DIR.resolve()
    profile_name, target_name = _profile(project_dir)
    project = ProjectConfig(dbt_project_path=project_dir, manifest_path=ensure_manifest(project_dir),
                            install_dbt_deps=False)
    # A local file, read as one: Cosmos wraps every manifest path in Airflow's ObjectStoragePath, whose
    # first open records lineage and so loads every Airflow plugin (Cosmos's own imports FastAPI),
    # 0.44 s of a 2 s DAG parse.
    project.manifest_path = Path(str(project.manifest_path))
    group = DbtTaskGroup(
        group_id=GROUP_ID,
        project_config=project,
        profile_config=ProfileConfig(profile_name=profile_name, target_name=target_name,
                                     profiles_yml_filepath=project_dir / "profiles.yml"),
        execution_config=ExecutionConfig(
            execution_mode=ExecutionMode.WATCHER, invocation_mode=InvocationMode.DBT_RUNNER,
            # A node's task that reruns its model's tests alone (its retry) takes the tests over
            # several models only when the others are built before it, as dbt build orders them.
            test_indirect_selection=TestIndirectSelection.BUILDABLE,
            # The producer alone alerts: its failure names every node that failed. Its dbt prints
            # nothing: the task log's lines come from dbt's events (dbt_producer).
            setup_operator_args={"on_failure_callback": callbacks.on_failure,
                                 "dbt_cmd_global_flags": [*NO_LOG_FILE, *NO_ARTIFACTS, "--log-level", "none"]}),
        # Our own assets mark the marts (publish_marts); Cosmos's per-model ones would
        # carry the warehouse host in their URIs, which differs between deployments.
        # Each model's tests are a task of their own after it. (Cosmos 1.15 never reports a
        # test over several models detached into its own watcher task: such a task would wait
        # forever; attached, it counts among the tests of each model it reads.)
        render_config=RenderConfig(load_method=LoadMode.DBT_MANIFEST, emit_datasets=False,
                                   test_behavior=TestBehavior.AFTER_EACH, should_detach_multiple_parents_tests=False),
        operator_args={
            "install_deps": False,
            "dbt_cmd_global_flags": NO_LOG_FILE,
            "pre_execute": tasks.before_dbt,
            # Consumers poke the producer's results once it has finished (see below): no
            # triggerer needed, no worker slot held while dbt runs.
            "deferrable": False,
            "poke_interval": 5,
            "timeout": CONSUMER_TIMEOUT_S,
            # The build's failure alerts from the producer; a node's task alerts only for a failure
            # of its own (its retry, a lost warehouse).
            "on_failure_callback": callbacks.on_dbt_node_failure,
        },
    )
    _producer_pushes_final_states(group)
    _node_tasks_read_succeeded_nodes(group)
    _consumers_after_producer(group)
    _done_marker_follows_the_plan(group, plan)
    return group


def _producer_pushes_final_states(group) -> None:
    """Make the group's producer a ``FinalStatesProducer`` (node results pushed once the build ends, not per dbt event).

    Cosmos builds its producer from a fixed class path, with no setting to choose another;
    the subclass has no constructor of its own (it only changes how the build's events are
    handled), so the producer Cosmos configured takes it on as it is.
    """
    from sheetfeed.orchestrate.dbt_producer import FinalStatesProducer

    producer = next(task for task in group.iter_tasks() if task.task_id == PRODUCER_TASK_ID)
    producer.__class__ = FinalStatesProducer


def _node_tasks_read_succeeded_nodes(group) -> None:
    """Make each node's task ours (``dbt_nodes``: a succeeded node's result read in few calls), as the producer."""
    from sheetfeed.orchestrate.dbt_nodes import NODE_TASK_CLASSES

    for task in group.iter_tasks():
        task.__class__ = NODE_TASK_CLASSES.get(type(task), type(task))


def _consumers_after_producer(group) -> None:
    """Start the consumers once the build has finished, so each reads its result in one poke.

    Cosmos leaves the root consumers of a task group beside the producer; a sensor
    started early would hold a worker slot for the whole build (and under
    ``dag.test()``, which runs tasks one by one, would wait for a producer that
    cannot start). A root consumer runs whether the build succeeded, failed or was
    retried (its node's own result decides); when the build did not run at all
    (the night had nothing to do, or validation failed) it skips itself
    (``tasks.before_dbt``). The others run once their parents succeeded, as dbt
    would.
    """
    from airflow.sdk import TriggerRule

    members = list(group.iter_tasks())
    producer = next(task for task in members if task.task_id == PRODUCER_TASK_ID)
    inside = {task.task_id for task in members}
    for task in members:
        if task is not producer and hasattr(task, "producer_task_id") and not set(task.upstream_task_ids) & inside:
            producer >> task
            task.trigger_rule = TriggerRule.ALL_DONE


def _done_marker_follows_the_plan(group, plan) -> None:
    """Skip Cosmos's marker after the producer when the night builds nothing, as every other dbt task is.

    The marker (an empty task after the producer, ``none_failed``) lets a retried build reach
    the marts: a retried producer skips itself and the nodes' tasks rebuild what had not
    succeeded. Its one upstream cannot tell that skip from the night's plan skipping the build
    (nothing to do, or discovery failed), so the marker also follows the plan: it succeeds when
    the plan or the build succeeded and nothing failed, and is skipped when both were.
    """
    from airflow.sdk import TriggerRule

    marker = next(task for task in group.iter_tasks() if task.task_id == DONE_MARKER_ID)
    plan >> marker
    marker.trigger_rule = TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS
