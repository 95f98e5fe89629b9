"""Validation of landed submissions with Great Expectations, and the steward tools.

``validate.validate_pending`` is the seam the DAG calls; ``steward.main`` is
``sheetfeed steward``. The rules themselves live in the reviewed GX project in
``expectations/`` (one suite per raw entity, each expectation with
``meta.severity``); this package only feeds it data and records its verdicts in
the ``quality`` schema (SPEC §5).
"""
