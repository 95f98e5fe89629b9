"""Run a class of the hostile corpus in a child process under a memory limit, and judge the outcome."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from extract.inbox import shown
from tests.hostile import corpus

REPO_ROOT = Path(__file__).resolve().parents[2]
# The bounds every class must keep (the child's own peak resident memory, and wall time on a shared
# 2-core machine): a bomb that inflates even once to 256 MB crosses the memory bound.
MAX_PEAK_RSS_MB = 250
MAX_SECONDS = 60
ADDRESS_SPACE_LIMIT = 2 * 1024 ** 3  # RLIMIT_AS of the child: a runaway inflation fails there, not the machine


@dataclass
class Outcome:
    name: str
    seconds: float
    peak_rss_mb: float
    cases: list[corpus.Case]
    result: dict
    problems: list[str] = field(default_factory=list)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))


def run_class(name: str, folder: Path, url: str, seed: corpus.Seed, seed_sheet: Path) -> Outcome:
    """Build class ``name`` under ``folder``, load it in a child process, and judge every case."""
    inbox = folder / name
    cases = corpus.build(name, inbox, seed)
    command = [sys.executable, "-m", "tests.hostile.probe", url, str(inbox)]
    if name == "truncated":
        command += ["--sweep", str(seed_sheet)]
    started = time.monotonic()
    child = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, timeout=600,
                           preexec_fn=_limit_memory, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    if child.returncode != 0:
        tail = (child.stderr or "").strip().splitlines()[-5:]
        return Outcome(name, time.monotonic() - started, float("nan"), cases, {},
                       [f"the loader process failed (exit {child.returncode}): " + " | ".join(tail)])
    result = json.loads(child.stdout.strip().splitlines()[-1])
    outcome = Outcome(name, result["seconds"], result["peak_rss_mb"], cases, result)
    outcome.problems = judge(inbox.resolve(), cases, result)
    if outcome.peak_rss_mb > MAX_PEAK_RSS_MB:
        outcome.problems.append(f"peak memory {outcome.peak_rss_mb} MB, over {MAX_PEAK_RSS_MB} MB")
    if outcome.seconds > MAX_SECONDS:
        outcome.problems.append(f"took {outcome.seconds} s, over {MAX_SECONDS} s")
    return outcome


def judge(inbox: Path, cases: list[corpus.Case], result: dict) -> list[str]:
    """What went wrong: a case that did not end as it must, or a good file that did not load."""
    files, problems = result["files"], []
    refused = {item["path"]: item["reason"] for item in result["skipped"]}
    for name in corpus.GOOD_FILES:
        entry = files.get(str(inbox / name))
        if not entry or entry["status"] != "loaded":
            problems.append(f"good file {name} not loaded: {entry}")
    for case in cases:
        path = str(inbox / case.name)
        entry, reason = files.get(path), refused.get(shown(path))
        problem = _case_problem(case, shown(path), entry, reason)
        if problem:
            problems.append(f"{case.name!r}: {problem}" + (f" (waits for {case.waits_for})" if case.waits_for else ""))
    if result.get("unreadable"):
        problems.append(f"files neither loaded nor refused: {result['unreadable']}")
    sweep = result.get("sweep")
    if sweep and sweep["bad_count"]:
        problems.append(f"{sweep['bad_count']} of {sweep['cuts']} cuts broke the contract, e.g. {sweep['bad'][:3]}")
    return problems


def _case_problem(case: corpus.Case, shown_path: str, entry: dict | None, reason: str | None) -> str | None:
    if case.expect == "refused":
        if entry is not None or reason is None:
            return f"should be refused, got {entry or 'nothing'}"
        missing = [word for word in case.words if word not in reason]
        return f"refused as {reason!r}, without {missing}" if missing else None
    if entry is None:
        return f"should be {case.expect}, but was {'refused: ' + reason if reason else 'not seen'}"
    if case.expect == "error":
        error = entry.get("error") or ""
        if entry["status"] != "parse_failed":
            return f"should fail with an error, got {entry['status']}"
        if "\n" in error or not error.startswith(shown_path):
            return f"error is not one line naming the file: {error!r}"
        missing = [word for word in case.words if word not in error]
        return f"error {error!r} lacks {missing}" if missing else None
    if entry["status"] != "loaded":
        return f"should load, got {entry['status']}: {entry.get('error')}"
    return None


# The raw text the marts are built from (an author's name or extension here reaches BI).
MART_TEXT = """
select concat_ws(' ', p.title, p.status, p.description, p.department, array_to_string(p.policy_goals, ' '),
                 (select string_agg(text, ' ') from raw.activities a where a.submission_id = s.submission_id),
                 (select string_agg(text, ' ') from raw.plans l where l.submission_id = s.submission_id),
                 (select string_agg(summary, ' ') from raw.quarters q where q.submission_id = s.submission_id),
                 (select string_agg(metric, ' ') from raw.targets t where t.submission_id = s.submission_id))
from raw.submissions s join raw.programs p using (submission_id) where s.source_path = %s
"""


def landed(url: str, inbox: Path, cases: list[corpus.Case]) -> list[str]:
    """Problems of what landed: each ``warning`` case has a warning holding its words, ``kept`` text is in
    the document verbatim, ``kept_out`` text is in none of the columns the marts read."""
    import psycopg

    problems = []
    with psycopg.connect(url) as conn:
        for case in cases:
            path = shown(inbox.resolve() / case.name)
            found = []
            if case.expect == "warning":
                messages = [row[0] for row in conn.execute(
                    "select w.message from raw.extract_warnings w join raw.submissions s using (submission_id)"
                    " where s.source_path = %s", (path,))]
                if not any(all(word in message for word in case.words) for message in messages):
                    found.append(f"no warning with {case.words} among {messages[:4]}")
            if case.kept:
                documents = " ".join(json.dumps(row[0], ensure_ascii=False) for row in conn.execute(
                    "select document from raw.submissions where source_path = %s", (path,)))
                found += [f"{text!r} not kept verbatim" for text in case.kept if text not in documents]
            if case.kept_out:
                text = " ".join(row[0] or "" for row in conn.execute(MART_TEXT, (path,)))
                found += [f"{word!r} reaches the marts' columns" for word in case.kept_out if word in text]
            problems += [f"{case.name!r}: {problem}" + (f" (waits for {case.waits_for})" if case.waits_for else "")
                         for problem in found]
    return problems
