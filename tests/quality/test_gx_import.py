"""GX imported as the validation run imports it: ``scipy.stats`` is deferred, yet GX's statistics still work.

Each check runs in a fresh interpreter, since the test session may have imported GX already.
"""
from __future__ import annotations

import subprocess
import sys

_SCRIPT = """
import sys
from sheetfeed.quality.gx_import import great_expectations
gx = great_expectations()
print(type(sys.modules["scipy.stats"]).__name__)
import pandas as pd
context = gx.get_context(mode="ephemeral")
batch = context.data_sources.add_pandas("frame").add_dataframe_asset("values").add_batch_definition_whole_dataframe(
    "all").get_batch(batch_parameters={"dataframe": pd.DataFrame({"x": [0.1, 0.4, 0.5, 0.9, 1.3]})})
result = batch.validate(gx.expectations.ExpectColumnKLDivergenceToBeLessThan(
    column="x", partition_object={"bins": [0, 1, 2], "weights": [0.5, 0.5]}, threshold=0.1))
print(result.success, round(result.result["observed_value"], 3), type(sys.modules["scipy.stats"]).__name__)
"""


def test_scipy_stats_is_deferred_and_runs_in_full_when_a_gx_expectation_uses_it():
    done = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=True)
    after_import, after_validation = done.stdout.strip().splitlines()[-2:]
    assert after_import == "_LazyModule"
    # 4 of 5 values in [0, 1) against an even split: KL divergence 0.8 ln 1.6 + 0.2 ln 0.4 = 0.193, by scipy.stats
    assert after_validation == "False 0.193 module"
