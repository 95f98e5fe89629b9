"""The layers of the code, checked on its import statements (issue 11 point 6, BRIEF "Layout").

``extract`` reads documents and knows nothing of the warehouse, validation, dbt or
Airflow; ``sheetmaker`` (test and benchmark tooling) builds on ``extract`` alone; no
two top-level packages, and no two parts of ``sheetfeed``, import each other in a
circle. Every import counts, also one inside a function (the lazy imports that keep
start-up fast) and one under ``TYPE_CHECKING``: a circle of either is still a circle.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIRST_PARTY = ("extract", "sheetfeed", "sheetmaker", "dags")
WAREHOUSE_AND_ORCHESTRATION = ("airflow", "dbt", "great_expectations", "cosmos", "psycopg", "psycopg2", "psycopg_pool")


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) of every import in a file, relative imports resolved; ``from a import b``
    gives ``a.b``, as ``b`` may be a module (``from sheetfeed import settings``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = ".".join(path.relative_to(REPO).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}".rstrip(".")
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]  # a module or a name in one
    return found


def python_files(top: str) -> list[Path]:
    return sorted(path for path in (REPO / top).rglob("*.py") if "__pycache__" not in path.parts)


def all_imports(top: str) -> list[tuple[str, int, str]]:
    """(file, line, module) of every import under ``top``."""
    return [(str(path.relative_to(REPO)), line, module) for path in python_files(top) for line, module in imports_of(path)]


def root(module: str) -> str:
    return module.split(".")[0]


def unit(module: str) -> str:
    """The part of sheetfeed a module belongs to: ``sheetfeed.load.rows`` → ``sheetfeed.load``."""
    return ".".join(module.split(".")[:2])


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary circle's nodes, found by depth-first search from each node in turn."""
    found = []
    for start in sorted(edges):
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for following in sorted(edges.get(node, ())):
                if following == start:
                    found.append(path)
                elif following not in path and following > start:  # each circle once, from its least node
                    stack.append((following, path + [following]))
    return found


def graph(imports: list[tuple[str, int, str]], name_of) -> dict[str, set[str]]:
    """Edges between the named parts, from (file, line, module) imports; a part's own imports are no edge."""
    edges: dict[str, set[str]] = {}
    for file, _, module in imports:
        source, target = name_of(file.removesuffix(".py").replace("/", ".")), name_of(module)
        if source and target and source != target:
            edges.setdefault(source, set()).add(target)
    return edges


def test_extract_imports_nothing_of_the_warehouse_or_orchestration():
    forbidden = ("sheetfeed", "sheetmaker", "dags", *WAREHOUSE_AND_ORCHESTRATION)
    offending = [f"{file}:{line}: {module}" for file, line, module in all_imports("extract") if root(module) in forbidden]
    assert offending == []


def test_sheetmaker_builds_on_extract_alone():
    imports = all_imports("sheetmaker")
    offending = [f"{file}:{line}: {module}" for file, line, module in imports
                 if root(module) in ("sheetfeed", "dags", *WAREHOUSE_AND_ORCHESTRATION)]
    assert offending == []
    assert {root(module) for _, _, module in imports if root(module) in FIRST_PARTY} == {"extract", "sheetmaker"}


def test_no_circle_between_top_level_packages():
    imports = [found for top in FIRST_PARTY for found in all_imports(top)]
    edges = graph(imports, lambda module: root(module) if root(module) in FIRST_PARTY else None)
    assert cycles(edges) == []
    assert "extract" not in edges  # the bottom layer


def test_no_circle_between_the_parts_of_sheetfeed():
    """load, warehouse, quality, transform, orchestrate, and the cli and settings modules."""
    edges = graph(all_imports("sheetfeed"), lambda module: unit(module) if root(module) == "sheetfeed" else None)
    assert len(edges) >= 3, edges  # the parts do import each other: the check sees them
    assert cycles(edges) == []


@pytest.mark.parametrize("edges, expected", [
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b", "c"}, "b": {"c"}}, []),
])
def test_the_circle_finder_finds_circles(edges, expected):
    """The checks above can fail: a circle in a made-up graph is found, and a tree has none."""
    assert cycles(edges) == expected


def test_the_import_reader_sees_lazy_and_relative_imports(tmp_path, monkeypatch):
    package = tmp_path / "extract" / "sheets"
    package.mkdir(parents=True)
    (package / "probe.py").write_text("def f():\n    import psycopg\nfrom . import values\nfrom ..inbox import x\n")
    monkeypatch.setitem(globals(), "REPO", tmp_path)
    assert sorted(imports_of(package / "probe.py")) == [(2, "psycopg"), (3, "extract.sheets.values"), (4, "extract.inbox.x")]
