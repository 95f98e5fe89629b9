"""Opening the reviewed GX file project in ``expectations/``.

The project in the repository holds only configuration; the two places GX
writes to at run time (its validation results store and the Data Docs site)
are runtime variables of ``great_expectations.yml`` that point under
``SHEETFEED_HOME``, so a run never changes the repository and two homes never
share results.
"""
from __future__ import annotations

from pathlib import Path

from sheetfeed import settings

DATASOURCE = "sheetfeed_pending"


def data_docs_dir() -> Path:
    return settings.state_dir("data_docs")


def data_docs_index() -> Path:
    return data_docs_dir() / "index.html"


def open_context():
    """The project's FileDataContext, quiet (no progress bars), with its run-time folders under the home."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # Registers the custom checkpoint action before the stored checkpoints are read.
    import sheetfeed.quality.action  # noqa: F401

    runtime = {
        "sheetfeed_validation_results": f"{settings.state_dir('gx') / 'validations'}/",
        "sheetfeed_data_docs": f"{data_docs_dir()}/",
    }
    context = gx.get_context(mode="file", context_root_dir=settings.EXPECTATIONS_DIR, runtime_environment=runtime)
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


def entities(context) -> list[str]:
    """The raw entities the project validates: one checkpoint (and suite, and dataframe asset) each."""
    return sorted(checkpoint.name for checkpoint in context.checkpoints.all())
