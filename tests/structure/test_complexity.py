"""No function of ``extract/`` above cyclomatic complexity 20 (radon rank D or worse; issue 11 point 6).

A reader that grows a branch per layout is what this catches: the next layout should be
a row in a table or a state of a small machine, not one more ``elif``. Measured with
radon's own API, so the figures are those of ``radon cc -n D extract/``.
"""
from __future__ import annotations

from pathlib import Path

from radon.complexity import cc_rank, cc_visit

REPO = Path(__file__).resolve().parents[2]
WORST_ALLOWED = "C"  # A–C: 1 to 20


def blocks(code: str):
    """Every function, method, closure and class radon measures in ``code``."""
    pending = list(cc_visit(code))
    while pending:
        block = pending.pop()
        yield block
        pending += getattr(block, "methods", []) + getattr(block, "closures", [])


def ranked_worse(top: Path) -> list[str]:
    """``file:line name rank (complexity)`` of each block under ``top`` ranked worse than allowed."""
    found = []
    for path in sorted(top.rglob("*.py")):
        for block in blocks(path.read_text(encoding="utf-8")):
            if cc_rank(block.complexity) > WORST_ALLOWED:
                found.append(f"{path.relative_to(top)}:{block.lineno} {block.name} {cc_rank(block.complexity)} ({block.complexity})")
    return sorted(found)


def test_no_function_of_extract_is_ranked_d_or_worse():
    assert ranked_worse(REPO / "extract") == []


def test_the_check_sees_a_complex_function(tmp_path):
    """The check can fail: a function of 21 branches is ranked D and named, a method and a closure too."""
    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(21))
    (tmp_path / "probe.py").write_text(
        f"def flat(x):\n{branches}"
        f"class Reader:\n    def read(self, x):\n" + branches.replace("    ", "        ")
        + "def outer():\n    def inner(x):\n" + branches.replace("    ", "        ") + "    return inner\n")
    assert {entry.split(" ")[1] for entry in ranked_worse(tmp_path)} >= {"flat", "read", "inner"}
