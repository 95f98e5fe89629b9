"""GX imported as the validation run imports it: modules deferred yet working, GX's objects frozen, garbage collected.

Each check runs in a fresh interpreter, since the test session may have imported GX already.
"""
from __future__ import annotations

import subprocess
import sys

_PRELUDE = """
import gc, sys
from sheetfeed.quality.gx_import import great_expectations
gx = great_expectations()
def kinds():
    return " ".join(type(sys.modules[name]).__name__ for name in ("scipy.stats", "altair", "mistune"))
print(kinds())
"""

_KL_DIVERGENCE = _PRELUDE + """
import pandas as pd
context = gx.get_context(mode="ephemeral")
batch = context.data_sources.add_pandas("frame").add_dataframe_asset("values").add_batch_definition_whole_dataframe(
    "all").get_batch(batch_parameters={"dataframe": pd.DataFrame({"x": [0.1, 0.4, 0.5, 0.9, 1.3]})})
result = batch.validate(gx.expectations.ExpectColumnKLDivergenceToBeLessThan(
    column="x", partition_object={"bins": [0, 1, 2], "weights": [0.5, 0.5]}, threshold=0.1))
print(result.success, round(result.result["observed_value"], 3), kinds())
"""

_CHART = _PRELUDE + """
import altair as alt
import pandas as pd
spec = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x").to_dict()
print(spec["mark"]["type"], spec["encoding"]["x"]["field"], kinds())
"""

_SUBMODULE = _PRELUDE + """
import scipy.stats._stats_py  # the package imports it too
import scipy.stats
import altair.utils.execeval  # the package does not import it
print(scipy.stats._stats_py.ttest_ind is scipy.stats.ttest_ind, scipy.stats.__spec__.origin.endswith("__init__.py"),
      sys.modules["altair.utils.execeval"] is altair.utils.execeval, kinds())
"""

_FROZEN = _PRELUDE + """
import weakref
class Node:
    pass
frozen = gc.get_freeze_count()
node = Node()
node.self = node  # a cycle made after the import: only the collector frees it
alive = weakref.ref(node)
del node
gc.collect()
print(frozen > 100_000, alive() is None)
"""


def run(script: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-2:]


def test_scipy_stats_is_deferred_and_runs_in_full_when_a_gx_expectation_uses_it():
    after_import, after_validation = run(_KL_DIVERGENCE)

    assert after_import == "DeferredModule DeferredModule DeferredModule"
    # 4 of 5 values in [0, 1) against an even split: KL divergence 0.8 ln 1.6 + 0.2 ln 0.4 = 0.193, by scipy.stats;
    # the expectation's module imports altair for its charts, which validating does not draw
    assert after_validation == "False 0.193 module DeferredModule DeferredModule"


def test_altair_runs_in_full_on_first_use_and_draws_a_chart():
    after_import, after_chart = run(_CHART)

    assert after_import == "DeferredModule DeferredModule DeferredModule"
    assert after_chart == "point x DeferredModule module DeferredModule"


def test_importing_a_submodule_of_a_deferred_package_runs_the_package_first_and_the_submodule_once():
    _, after = run(_SUBMODULE)

    assert after == "True True True module module DeferredModule"


def test_gx_import_is_frozen_and_garbage_made_afterwards_is_still_collected():
    _, after = run(_FROZEN)

    assert after == "True True"
