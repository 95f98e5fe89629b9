"""Importing Great Expectations without running modules our rules never use, and without GC re-reading it.

Issue 13 point 6 counts imports, and ``import great_expectations`` executes every
core expectation, renderer and datasource module, pulling in packages no rule of
ours touches: ``scipy.stats`` (KL-divergence and distribution metrics: about a
quarter of GX's import), ``altair`` (chart renderers, about a tenth) and
``mistune`` (Data Docs' markdown). ``DEFERRED`` registers each in ``sys.modules``
as a module whose code has not run yet: it has its spec, file and path, so
``import x`` and ``from pkg import x`` bind it, and its code runs in full the
first time anyone reads a name it defines (``stats.entropy``, ``alt.Chart``), so
every GX function that uses one works unchanged (tests run the KL-divergence
expectation and draw a chart). Importing a submodule of one (``import
scipy.stats._stats_py``) runs the package first and the submodule once
(``PackageFirst``). No GX code is patched and no stand-in module is made. The
standard library's ``importlib.util.LazyLoader`` would not do for ``import
altair``: on Python 3.11 the import statement reads the module's ``__spec__``,
which makes LazyLoader run the module at once; this waits for a name the module
does not have yet.

GX's import also leaves about 210,000 objects (classes, functions, pydantic
models) that live as long as the interpreter. Every full collection of the cyclic
garbage collector walks them all, during the run and in the collections of
interpreter exit: about 0.8 s of a 1,000-submission validation process went to
exiting. ``gc.freeze()`` right after the first import moves what is alive then to
the collector's permanent generation (the standard library's mechanism for a
large heap that stays). Nothing is lost: what is made afterwards (context,
engine, connections, results) is collected as before (a test checks), ``atexit``
handlers and module teardown still run at exit, and what was alive at the freeze
is modules and the caller's frames, whose resources (sheetfeed's connection) are
closed by their ``with`` blocks, not by the collector.
"""
from __future__ import annotations

import gc
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
import types

DEFERRED = ("scipy.stats", "altair", "mistune")

_RUNNING = threading.RLock()  # a module run may read another deferred one


class DeferredModule(types.ModuleType):
    """A module registered but not run: the first read of a name it lacks runs its code, then reads the name."""

    def __getattr__(self, name: str):
        run(self)
        return getattr(self, name)


def run(module: types.ModuleType) -> None:
    """Run a deferred module's code now: once, whichever thread asks first."""
    with _RUNNING:
        if type(module) is DeferredModule:
            module.__class__ = types.ModuleType
            module.__spec__.loader.exec_module(module)


class PackageFirst(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Importing a submodule of a deferred package runs the package first, then imports the submodule as usual.

    Without it the submodule would run inside a package whose own code has not run
    (or, were reading ``__path__`` to run it, run twice: once by the package, once by the import).
    """

    def find_spec(self, name, path=None, target=None):
        parent = sys.modules.get(name.rpartition(".")[0])
        return importlib.machinery.ModuleSpec(name, self) if type(parent) is DeferredModule else None

    def create_module(self, spec):
        run(sys.modules[spec.name.rpartition(".")[0]])
        module = importlib.import_module(spec.name)  # the package's own import of it, or the usual one now
        spec.loader_state = module.__spec__  # the import system sets this spec on the module: exec_module restores
        return module

    def exec_module(self, module):
        module.__spec__ = module.__spec__.loader_state


def defer(name: str) -> None:
    """Put ``name`` in ``sys.modules`` as a module whose code runs on first use (unless imported already)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)  # imports the parent package (scipy: a few ms)
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return
    module = importlib.util.module_from_spec(spec)
    module.__class__ = DeferredModule
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
    if not any(isinstance(finder, PackageFirst) for finder in sys.meta_path):
        sys.meta_path.insert(0, PackageFirst())


def great_expectations():
    """The ``great_expectations`` package: imported with ``DEFERRED`` deferred, what it made frozen."""
    if "great_expectations" not in sys.modules:
        for name in DEFERRED:
            defer(name)
        import great_expectations  # noqa: F401

        gc.freeze()
    return sys.modules["great_expectations"]
