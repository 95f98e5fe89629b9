"""The checkpoint action that records a checkpoint's results in the ``quality`` schema.

A stored checkpoint holds only reviewed configuration, so what belongs to one
validation run (its id, the open warehouse transaction, the frames that were
validated) is bound for the duration of the run with :func:`bind_run`; the
action finds it there. Each entity has its own checkpoint, and every action
call leaves the run's verdicts, quarantine and totals up to date for what has
been validated so far; the runner supersedes and commits once, after the last
checkpoint, so readers never see a half-validated run.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

import pandas as pd
from great_expectations.checkpoint import ValidationAction

from sheetfeed.quality import findings, record


@dataclass
class RunState:
    """What one validation run shares with the checkpoint actions it triggers."""

    run_id: str
    conn: object  # psycopg connection inside the run's transaction
    submission_ids: list[int]
    frames: dict[str, pd.DataFrame]


_current_run: ContextVar[RunState | None] = ContextVar("sheetfeed_validation_run", default=None)


@contextmanager
def bind_run(state: RunState):
    token = _current_run.set(state)
    try:
        yield state
    finally:
        _current_run.reset(token)


class WriteQualityTables(ValidationAction):
    """Write every failing row of the checkpoint's validations to ``quality.validation_results``,
    then bring ``submission_verdicts``, ``quarantine`` and ``validation_runs`` up to date (see ``record.settle``)."""

    type: Literal["sheetfeed_quality_tables"] = "sheetfeed_quality_tables"

    def run(self, checkpoint_result, action_context=None) -> dict:
        state = _current_run.get()
        if state is None:
            raise RuntimeError("the sheetfeed quality action runs only inside sheetfeed.quality.validate")
        written = 0
        for validation in checkpoint_result.run_results.values():
            entity = validation.suite_name
            rows = findings.from_validation(validation, state.frames[entity])
            record.write_results(state.conn, state.run_id, entity, rows)
            written += len(rows)
        record.settle(state.conn, state.run_id, state.submission_ids)
        return {"results_written": written}
