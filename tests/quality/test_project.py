"""The GX project: one expectation per rule, generated from the rules, listed one to one in the README."""
from __future__ import annotations

import json
import re

from quality_helpers import REPO_ROOT

from sheetfeed.quality import gx_project

PROJECT = REPO_ROOT / "expectations"


def readme_rules() -> dict[str, str]:
    """rule -> severity, from the rules table of expectations/README.md."""
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("## Rules"):]
    return {m[1]: m[2] for m in re.finditer(r"^\| `([a-z0-9_]+)` \| (critical|warning) \|", table, re.M)}


def test_the_readme_lists_every_rule_once_with_its_severity():
    rules = {rule.name: rule.severity for rule in gx_project.read_rules()}
    assert readme_rules() == rules
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert all(text.count(f"| `{name}` |") == 1 for name in rules)


def test_the_suite_and_checkpoint_are_what_the_rules_generate():
    expected = gx_project.project_files(gx_project.read_rules())
    for relative, document in expected.items():
        assert (PROJECT / relative).read_text(encoding="utf-8") == gx_project.render(document), relative
    generated = {path.relative_to(PROJECT).as_posix() for folder in ("suites", "checkpoints", "validation_definitions")
                 for path in (PROJECT / folder).glob("*.json")}
    assert generated == set(expected)


def test_one_named_expectation_per_rule_with_native_severity_and_one_checkpoint():
    suite = json.loads((PROJECT / "suites" / "sheetfeed.json").read_text(encoding="utf-8"))
    names = [e["meta"]["rule"] for e in suite["expectations"]]
    assert len(names) == len(set(names)) == len(gx_project.read_rules())
    assert {e["severity"] for e in suite["expectations"]} == {"critical", "warning"}
    assert all("{batch}" in e["kwargs"]["unexpected_rows_query"] and e["description"] for e in suite["expectations"])
    assert [p.name for p in (PROJECT / "checkpoints").glob("*.json")] == ["nightly.json"]


def test_no_rule_logic_lives_in_python():
    """The rules' tables are read by the SQL of expectations/rules only; the quality package queries none of them."""
    rule_tables = ("raw.targets", "raw.budget_lines", "raw.budget_reported_totals", "raw.quarters",
                   "raw.quarter_counts", "raw.activities", "raw.plans", "raw.contacts", "raw.collaborations",
                   "status_groups", "activity_type_keywords")
    package = REPO_ROOT / "sheetfeed" / "quality"
    offending = {path.name: [t for t in rule_tables if t in path.read_text(encoding="utf-8")]
                 for path in package.glob("*.py")}
    assert {name: tables for name, tables in offending.items()
            if tables and name != "vocabulary.py"} == {}
    assert not (package / "frames.py").exists()
