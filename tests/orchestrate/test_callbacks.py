"""Failure alerts: the log line always, a webhook POST and a mail when the environment configures them.

The webhook and SMTP endpoints are real servers on 127.0.0.1 started by the test.
"""
from __future__ import annotations

import email
import email.policy
import logging
import threading
from types import SimpleNamespace

import pytest

from sheetfeed.orchestrate import callbacks


def failure_context(error: Exception) -> dict:
    ti = SimpleNamespace(dag_id="program_sheets_nightly", task_id="extract_and_load", map_index=2,
                         run_id="scheduled__2026-11-24T17:00:00+00:00", try_number=4, log_url="http://airflow/log")
    return {"ti": ti, "exception": error}


@pytest.fixture
def smtp_server():
    """A minimal SMTP server (stdlib smtpd, Python 3.11) collecting what it receives."""
    import asyncore
    import smtpd

    received = []

    class Collector(smtpd.SMTPServer):
        def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
            received.append((mailfrom, rcpttos, data.decode("utf-8")))

    server = Collector(("127.0.0.1", 0), None)
    port = server.socket.getsockname()[1]
    thread = threading.Thread(target=asyncore.loop, kwargs={"timeout": 0.1}, daemon=True)
    thread.start()
    yield f"smtp://127.0.0.1:{port}", received
    server.close()
    thread.join(timeout=2)


def test_a_failure_is_logged_with_its_task_run_and_error(caplog, monkeypatch):
    monkeypatch.delenv("SHEETFEED_ALERT_WEBHOOK", raising=False)
    monkeypatch.delenv("SHEETFEED_ALERT_EMAIL", raising=False)
    with caplog.at_level(logging.ERROR, logger="sheetfeed.orchestrate.callbacks"):
        callbacks.on_failure(failure_context(ValueError("raw.files: duplicate key")))
    (line,) = [record.getMessage() for record in caplog.records]
    assert line.startswith(callbacks.ALERT_PREFIX)
    assert "program_sheets_nightly.extract_and_load[2]" in line
    assert "scheduled__2026-11-24T17:00:00+00:00" in line and "try 4" in line
    assert "ValueError: raw.files: duplicate key" in line


def test_the_webhook_receives_the_alert_as_json(webhook, monkeypatch):
    url, received = webhook
    monkeypatch.setenv("SHEETFEED_ALERT_WEBHOOK", url)
    monkeypatch.delenv("SHEETFEED_ALERT_EMAIL", raising=False)
    callbacks.on_failure(failure_context(RuntimeError("dbt build failed: 협치론장")))
    (payload,) = received
    assert payload["task_id"] == "extract_and_load" and payload["map_index"] == 2
    assert "dbt build failed: 협치론장" in payload["text"]
    assert payload["log_url"] == "http://airflow/log"


def test_mail_goes_to_every_recipient(smtp_server, monkeypatch):
    url, received = smtp_server
    monkeypatch.setenv("SHEETFEED_SMTP_URL", url)
    monkeypatch.setenv("SHEETFEED_ALERT_EMAIL", "data-team@city.example, steward@city.example")
    monkeypatch.setenv("SHEETFEED_ALERT_FROM", "airflow@city.example")
    monkeypatch.delenv("SHEETFEED_ALERT_WEBHOOK", raising=False)
    callbacks.on_failure(failure_context(TimeoutError("warehouse unreachable")))
    ((mailfrom, recipients, data),) = received
    message = email.message_from_string(data, policy=email.policy.default)
    assert mailfrom == "airflow@city.example"
    assert recipients == ["data-team@city.example", "steward@city.example"]
    assert message["Subject"] == "[sheetfeed] program_sheets_nightly.extract_and_load failed"
    assert "TimeoutError: warehouse unreachable" in message.get_content()


def test_a_broken_alert_channel_never_raises(caplog, monkeypatch):
    monkeypatch.setenv("SHEETFEED_ALERT_WEBHOOK", "http://127.0.0.1:9/unreachable")
    monkeypatch.delenv("SHEETFEED_ALERT_EMAIL", raising=False)
    with caplog.at_level(logging.ERROR, logger="sheetfeed.orchestrate.callbacks"):
        callbacks.on_failure(failure_context(ValueError("x")))
    assert any("could not send the webhook alert" in record.getMessage() for record in caplog.records)


def test_a_run_that_holds_submissions_back_tells_stewards_on_every_channel(warehouse_url, tmp_path, webhook,
                                                                           smtp_server, monkeypatch):
    """The validate task itself, on a real warehouse: one message listing each held submission; none when clean."""
    from sheetfeed.load import load_inbox
    from sheetfeed.orchestrate import tasks

    from sheetfeed import settings

    seed = (settings.SAMPLE_INBOX / "000_e072749cb9628477.txt").read_text(encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "rate.txt").write_text(seed.replace("이행률(%)\t100%", "이행률(%)\t120%"), encoding="utf-8")
    (inbox / "memo.txt").write_text("제목 없는 메모\n", encoding="utf-8")
    hook, posted = webhook
    smtp, mailed = smtp_server
    monkeypatch.setenv("WAREHOUSE_URL", warehouse_url)
    monkeypatch.setenv("SHEETFEED_ALERT_WEBHOOK", hook)
    monkeypatch.setenv("SHEETFEED_ALERT_EMAIL", "steward@city.example")
    monkeypatch.setenv("SHEETFEED_SMTP_URL", smtp)
    load_inbox(warehouse_url, inbox, "night-1")

    report = tasks.validate("night-1")

    (payload,) = posted
    held = {item["source_path"]: item for item in payload["held"]}
    assert set(held) == {str(inbox / "rate.txt"), str(inbox / "memo.txt")} and report["quarantined"] == 2
    rate = held[str(inbox / "rate.txt")]
    assert rate["program_code"] == "소통행정-3" and rate["reason"].startswith("rate_within_0_100 at line 4")
    for item in held.values():
        assert f"- {item['submission_id']}: {item['source_path']}" in payload["text"]
        assert item["reason"] in payload["text"]
    ((_, recipients, data),) = mailed
    body = email.message_from_string(data, policy=email.policy.default).get_content()
    assert recipients == ["steward@city.example"] and rate["reason"] in body and "2 submission(s) held back" in body

    assert tasks.validate("night-2")["quarantined"] == 0
    assert len(posted) == 1 and len(mailed) == 1

