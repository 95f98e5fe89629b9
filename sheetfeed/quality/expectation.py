"""``ExpectQueryToReturnNoRows``: GX's ``UnexpectedRowsExpectation`` that returns every failing row.

GX's own ``UnexpectedRowsExpectation`` runs its query twice (once to count, once
to fetch) and fetches at most 200 rows (``MAX_RESULT_RECORDS``), so a night with
more failing rows than that would lose findings. This subclass runs the query
once and keeps every row; a rule is still one reviewed SQL query over the
``{batch}`` with GX's native severity, and a failing row is a finding.
"""
from __future__ import annotations

from typing import ClassVar

from great_expectations.core.metric_domain_types import MetricDomainTypes
from great_expectations.execution_engine import SqlAlchemyExecutionEngine
from great_expectations.expectations.core.unexpected_rows_expectation import UnexpectedRowsExpectation
from great_expectations.expectations.metrics.metric_provider import metric_value
from great_expectations.expectations.metrics.query_metrics.query_table.query_table import QueryTable

ALL_ROWS_METRIC = "unexpected_rows_query.all_rows"


class UnexpectedRowsQueryAllRows(QueryTable):
    """Every row the unexpected-rows query returns, not the first 200."""

    metric_name = ALL_ROWS_METRIC
    value_keys = ("unexpected_rows_query",)
    query_param_name: ClassVar[str] = "unexpected_rows_query"

    @metric_value(engine=SqlAlchemyExecutionEngine)
    def _sqlalchemy(cls, execution_engine, metric_domain_kwargs, metric_value_kwargs, metrics,
                    runtime_configuration) -> list[dict]:
        batch, _, _ = execution_engine.get_compute_domain(metric_domain_kwargs, domain_type=MetricDomainTypes.TABLE)
        query = cls._get_substituted_batch_subquery_from_query_and_batch_selectable(
            query=cls._get_query_from_metric_value_kwargs(metric_value_kwargs), batch_selectable=batch,
            execution_engine=execution_engine)
        return cls._get_sqlalchemy_records_from_substituted_batch_subquery(
            substituted_batch_subquery=query, execution_engine=execution_engine, fetch_all=True)


class ExpectQueryToReturnNoRows(UnexpectedRowsExpectation):
    """The batch passes when ``unexpected_rows_query`` returns no row; each row it returns is one finding."""

    metric_dependencies: ClassVar[tuple[str, ...]] = (ALL_ROWS_METRIC,)

    def _validate(self, metrics: dict, runtime_configuration: dict | None = None, execution_engine=None) -> dict:
        rows = metrics[ALL_ROWS_METRIC]
        return {"success": not rows,
                "result": {"observed_value": len(rows), "details": {"unexpected_rows": rows}}}
