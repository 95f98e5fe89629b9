"""Validation of landed submissions with Great Expectations, and the steward tools.

``validate.validate_pending`` is the seam the DAG calls; ``steward.main`` is
``sheetfeed steward``. The rules themselves live in the reviewed GX project in
``expectations/`` (one SQL file per rule, GX native severity, one checkpoint);
this package runs that checkpoint, records what it returns in the ``quality``
schema (SPEC §5), writes the steward's report page, and keeps the seed tables
the rules share with dbt current.
"""
