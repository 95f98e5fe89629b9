"""What a night has to do: whether validation and dbt have anything to work on.

Read from the warehouse with plain SQL (no GX, no dbt imported): submissions
without a verdict, verdicts and steward decisions newer than the last
successful build, and the dbt project's fingerprint against the one last
built (``ops.dbt_builds``, written by ``record_build`` once the marts are
published). A night with none of these skips validation and dbt.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class NightWork:
    pending: int
    reasons: list[str] = field(default_factory=list)
    fingerprint: str = ""

    @property
    def anything(self) -> bool:
        return bool(self.reasons)

    def as_dict(self) -> dict:
        return {**asdict(self), "anything": self.anything}


def night_work(conn, fingerprint: str) -> NightWork:
    """The reasons to validate and build tonight (empty when there are none)."""
    pending = conn.execute(
        "select count(*) from raw.submissions s where not exists"
        " (select 1 from quality.submission_verdicts v where v.submission_id = s.submission_id)").fetchone()[0]
    last = conn.execute("select project_fingerprint, verdicts_through, events_through from ops.dbt_builds"
                        " order by build_id desc limit 1").fetchone()
    verdicts, events = _watermarks(conn)
    reasons = []
    if pending:
        reasons.append(f"{pending} submission(s) to validate")
    if last is None:
        reasons.append("no dbt build has succeeded on this warehouse yet")
    else:
        built_fingerprint, verdicts_through, events_through = last
        if built_fingerprint != fingerprint:
            reasons.append("the dbt project or its seeds changed since the last build")
        if verdicts is not None and (verdicts_through is None or verdicts > verdicts_through):
            reasons.append("verdicts newer than the last build")
        if events is not None and (events_through is None or events > events_through):
            reasons.append("a steward released or superseded a submission since the last build")
    return NightWork(pending=pending, reasons=reasons, fingerprint=fingerprint)


def _watermarks(conn) -> tuple:
    """The newest verdict time and steward event id: what a build made from the current state covers."""
    verdicts = conn.execute("select max(decided_at) from quality.submission_verdicts").fetchone()[0]
    events = conn.execute("select max(event_id) from quality.quarantine_events").fetchone()[0]
    return verdicts, events


def record_build(conn, pipeline_run_id: str, fingerprint: str, watermarks: dict) -> None:
    """Remember that the marts were built from this project and this state (``watermarks`` from ``mark``)."""
    conn.execute("insert into ops.dbt_builds (pipeline_run_id, project_fingerprint, verdicts_through, events_through)"
                 " values (%s, %s, %s, %s)",
                 (pipeline_run_id, fingerprint, watermarks.get("verdicts_through"), watermarks.get("events_through")))


def mark(conn) -> dict:
    """The watermarks to record after a build that starts now (taken after validation, before dbt reads)."""
    verdicts, events = _watermarks(conn)
    return {"verdicts_through": verdicts.isoformat() if verdicts else None, "events_through": events}
