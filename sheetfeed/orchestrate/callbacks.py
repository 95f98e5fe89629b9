"""Alerts: a task that failed for good (after its retries), and a validation run that held submissions back.

Always: one ``sheetfeed alert:`` line in the task's log (``sheetfeed run``
prints these lines back). When the environment says so, also:

- ``SHEETFEED_ALERT_WEBHOOK``: POST a JSON body (``text`` plus the details; the
  shape Slack, Mattermost and Teams incoming webhooks accept);
- ``SHEETFEED_ALERT_EMAIL``: comma-separated recipients, sent through
  ``SHEETFEED_SMTP_URL`` (``smtp://[user:password@]host[:port]``, ``smtps://``
  for TLS from the start, ``?starttls=1`` to upgrade; default
  ``smtp://localhost:25``) from ``SHEETFEED_ALERT_FROM``.

A failing alert channel is logged and never raised: the task's own failure
is what matters, and it is already recorded.
"""
from __future__ import annotations

import json
import logging
import os
import smtplib
import urllib.request
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from sheetfeed.warehouse.connection import redact

log = logging.getLogger(__name__)

ALERT_PREFIX = "sheetfeed alert:"
TIMEOUT_S = 10


def describe(context) -> dict:
    """The facts of the failure, from the Airflow task context."""
    ti = context["ti"]
    exception = context.get("exception")
    map_index = getattr(ti, "map_index", -1)
    return {
        "dag_id": ti.dag_id,
        "task_id": ti.task_id,
        "map_index": map_index if map_index is not None and map_index >= 0 else None,
        "run_id": ti.run_id,
        "try_number": ti.try_number,
        "error": redact(_error_text(exception)),
        "log_url": getattr(ti, "log_url", None),
    }


def _error_text(exception) -> str:
    """The error for the alert; a full warehouse disk is said first, whatever layer reported it."""
    if exception is None:
        return "unknown error"
    from sheetfeed.orchestrate.outage import is_disk_full

    text = " ".join(f"{type(exception).__name__}: {exception}".split())  # one line, whatever dbt printed
    if is_disk_full(exception) and "disk is full" not in text:
        text = f"the warehouse's disk is full (SQLSTATE 53100): {text}"
    return text


def text_of(facts: dict) -> str:
    task = facts["task_id"] + (f"[{facts['map_index']}]" if facts["map_index"] is not None else "")
    return f"{facts['dag_id']}.{task} failed in run {facts['run_id']} (try {facts['try_number']}): {facts['error']}"


def on_failure(context, detail: str | None = None) -> None:
    """``on_failure_callback`` of every task of the nightly DAG."""
    facts = describe(context)
    if detail:
        facts["error"] += f" (dbt: {detail})"
    text = text_of(facts)
    log.error("%s %s", ALERT_PREFIX, text)
    alert(f"[sheetfeed] {facts['dag_id']}.{facts['task_id']} failed", text, facts)


def held_text(run_id: str | None, validation: dict) -> str:
    """The stewards' message for a run that quarantined submissions: one line each (id, file, program, first reason)."""
    held = validation.get("held") or []
    lines = [f"sheetfeed run {run_id or validation.get('run_id')}: {len(held)} submission(s) held back for review"
             f" (report: {validation.get('data_docs_path')})"]
    lines += [f"- {item['submission_id']}: {item['source_path']}"
              + ("" if item.get("sheet_index") is None else f" #{item['sheet_index']}")
              + f" ({item.get('program_code') or 'no program code'}): {item['reason']}" for item in held]
    lines.append("Review with: sheetfeed steward list / show ID / release ID --reason TEXT")
    return "\n".join(lines)


def on_quarantine(run_id: str | None, validation: dict) -> None:
    """Tell stewards, through every alert channel, what a validation run held back (nothing when it held nothing)."""
    held = validation.get("held") or []
    if not held:
        return
    text = held_text(run_id, validation)
    log.warning("%s %s", ALERT_PREFIX, text)
    alert(f"[sheetfeed] {len(held)} submission(s) held back for review", text,
          {"run_id": run_id, "validation_run_id": validation.get("run_id"), "held": held,
           "report": validation.get("data_docs_path")})


def alert(subject: str, text: str, facts: dict) -> None:
    """Send ``text`` to the configured channels: the webhook (``text`` plus ``facts`` as JSON) and the mail."""
    webhook = os.environ.get("SHEETFEED_ALERT_WEBHOOK")
    if webhook:
        _guarded("webhook", post_webhook, webhook, {"text": text, **facts})
    recipients = [item.strip() for item in os.environ.get("SHEETFEED_ALERT_EMAIL", "").split(",") if item.strip()]
    if recipients:
        _guarded("mail", send_mail, recipients, subject, text)


def on_dbt_node_failure(context) -> None:
    """``on_failure_callback`` of a dbt node's task: alert unless the build (the producer) failed and alerted.

    When the night's ``dbt build`` fails, the producer's alert names every node
    that failed; their tasks then fail too, silently. A node's task alerts for a
    failure of its own: its retry (running its node alone) failing, or the
    warehouse lost after a build that succeeded.
    """
    ti = context["ti"]
    producer = getattr(context.get("task"), "producer_task_id", None)
    try:
        states = ti.get_task_states(dag_id=ti.dag_id, task_ids=[producer], run_ids=[ti.run_id])
        build_failed = states.get(ti.run_id, {}).get(producer) == "failed"
    except Exception:  # unsure: alert rather than stay silent
        log.exception("could not read the state of %s", producer)
        build_failed = False
    if not build_failed:
        on_failure(context, detail=_dbt_message(context, producer))


def _dbt_message(context, producer: str | None) -> str | None:
    """What dbt said about the task's node in the night's build (the consumer's own error only names the status)."""
    node = getattr(context.get("task"), "model_unique_id", None)
    if not node or not producer:
        return None
    from cosmos.operators._watcher.state import get_dbt_event_xcom_key

    try:
        event = context["ti"].xcom_pull(task_ids=producer, key=get_dbt_event_xcom_key(node)) or {}
    except Exception:
        return None
    return " ".join((event.get("msg") or "").split()) or None


def _guarded(channel: str, send, *args) -> None:
    try:
        send(*args)
    except Exception:
        log.exception("%s could not send the %s alert", ALERT_PREFIX, channel)


def post_webhook(url: str, payload: dict) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
        response.read()


def send_mail(recipients: list[str], subject: str, body: str) -> None:
    parts = urlsplit(os.environ.get("SHEETFEED_SMTP_URL") or "smtp://localhost:25")
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = os.environ.get("SHEETFEED_ALERT_FROM") or "sheetfeed@localhost"
    message["To"] = ", ".join(recipients)
    message.set_content(body)
    client = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with client(parts.hostname or "localhost", parts.port or (465 if parts.scheme == "smtps" else 25),
                timeout=TIMEOUT_S) as smtp:
        if parse_qs(parts.query).get("starttls", ["0"])[0] in ("1", "true", "yes"):
            smtp.starttls()
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        smtp.send_message(message)
