"""Importing Great Expectations with ``scipy.stats`` deferred until something uses it.

``import great_expectations`` executes every core expectation module, and one of
them (``expect_column_kl_divergence_to_be_less_than``) and two distribution
metrics do ``from scipy import stats`` at the top: about a quarter of GX's
import time (issue 13 point 6 counts imports), for statistics none of our rules
compute. Registering ``scipy.stats`` through the standard library's
``importlib.util.LazyLoader`` puts the real module in ``sys.modules`` and binds
it on ``scipy``; its code runs in full on the first attribute anyone reads
(``stats.entropy``), so every GX function that uses it works unchanged (a test
runs the KL-divergence expectation). No GX code is patched and no stand-in
module is made. Not deferred: ``altair``, imported there with ``import altair``,
which on Python 3.11 reads the module's ``__spec__`` and so executes it at once.
Caveat of LazyLoader on 3.11: two threads touching the deferred module for the
first time at once may both run it; nothing in sheetfeed uses ``scipy.stats``.
"""
from __future__ import annotations

import importlib.util
import sys

DEFERRED = ("scipy.stats",)


def _defer(name: str) -> None:
    """Put ``name`` in ``sys.modules`` as a lazily executed module (unless imported already)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)  # imports the parent package (scipy: a few ms)
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


def great_expectations():
    """The ``great_expectations`` package, imported with the modules of ``DEFERRED`` deferred."""
    for name in DEFERRED:
        _defer(name)
    import great_expectations as gx

    return gx
