"""Turning a GX validation result into ``quality.validation_results`` rows: one per failing row.

Every expectation in the project is row-level and carries ``meta.rule`` and
``meta.severity``; with result format COMPLETE, GX lists every failing row by
its ``submission_id``, ``line`` and ``row``, so nothing here samples.
``meta.observed_columns`` names the columns worth quoting for a finding (say,
both sides of a sum); without it the checked column's value is quoted.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

SEVERITIES = ("error", "warning")


@dataclass
class Finding:
    submission_id: int
    expectation: str
    severity: str
    column_name: str
    observed: str
    expected: str
    line: int | None
    message: str


def show(value) -> str:
    """A cell as a steward reads it: integers without a decimal point, empty as 'empty'."""
    if value is None or (not isinstance(value, (list, tuple, str)) and pd.isna(value)):
        return "empty"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def expected_text(config) -> str:
    """What the expectation asked for, in a few words."""
    kwargs = config.kwargs
    kind = config.type
    if kind == "expect_column_values_to_match_regex":
        return f"matches {kwargs['regex']}"
    if kind == "expect_column_values_to_not_be_null":
        return "a value"
    if kind == "expect_column_values_to_be_between":
        return f"between {show(kwargs.get('min_value'))} and {show(kwargs.get('max_value'))}"
    if kind == "expect_column_values_to_be_in_set":
        values = list(kwargs["value_set"])
        if values == [True]:
            return "true"
        listed = ", ".join(show(v) for v in values[:12]) + (", …" if len(values) > 12 else "")
        return f"one of {listed}"
    if kind == "expect_column_pair_values_to_be_equal":
        return f"{kwargs['column_A']} = {kwargs['column_B']}"
    if kind == "expect_column_pair_values_a_to_be_greater_than_b":
        relation = "≥" if kwargs.get("or_equal") else ">"
        return f"{kwargs['column_A']} {relation} {kwargs['column_B']}"
    return kind


def _checked_columns(config) -> list[str]:
    kwargs = config.kwargs
    return [kwargs["column"]] if "column" in kwargs else [kwargs["column_A"], kwargs["column_B"]]


def _raised(info) -> str | None:
    """The message of an exception GX caught while evaluating an expectation, if any.

    GX reports it either flat or keyed by the metric that raised it.
    """
    if not info:
        return None
    entries = [info] if "raised_exception" in info else [v for v in info.values() if isinstance(v, dict)]
    messages = [entry.get("exception_message") or "unknown error" for entry in entries if entry.get("raised_exception")]
    return "; ".join(messages) or None


def from_validation(validation, frame: pd.DataFrame) -> list[Finding]:
    """Every failing row of every failed expectation of one suite's validation of ``frame``."""
    found = []
    for result in validation.results:
        config = result.expectation_config
        raised = _raised(result.exception_info)
        if raised:
            raise RuntimeError(f"expectation {config.meta.get('rule', config.type)} could not be evaluated: {raised}")
        if result.success:
            continue
        severity, rule = config.meta.get("severity"), config.meta.get("rule")
        if severity not in SEVERITIES or not rule:
            raise ValueError(f"expectation {config.type} of suite {validation.suite_name} lacks meta.rule/severity")
        failing = result.result.get("unexpected_index_list")
        if failing is None:
            raise ValueError(f"rule {rule} is not a row-level expectation; every rule must name its failing rows")
        columns = _checked_columns(config)
        quoted = config.meta.get("observed_columns") or columns
        for index in failing:
            row = frame.iloc[int(index["row"])]
            observed = "; ".join(f"{column}={show(row[column])}" for column in quoted) if len(quoted) > 1 \
                else show(row[quoted[0]])
            line = None if pd.isna(row["line"]) else int(row["line"])
            found.append(Finding(
                submission_id=int(row["submission_id"]), expectation=rule, severity=severity,
                column_name=", ".join(columns), observed=observed, expected=expected_text(config), line=line,
                message=f"{config.description} Found: {observed}."))
    return found
