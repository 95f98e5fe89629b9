"""Label/value rows: ``추진현황⇥완료⇥이행률(%)⇥100%`` and the footer's ``협업부서⇥…⇥협업내용⇥…``.

Reading them by label rather than by column keeps a sheet readable when a
department shifts cells or a workbook leaves merged cells empty.
"""
from __future__ import annotations

import re

_NOTE = re.compile(r"\(.*?\)")


def label_key(cell: str) -> str:
    """A label cell without spaces and without its parenthesised note: ``완료시기 (완료연도)`` → ``완료시기``."""
    return _NOTE.sub("", cell.replace(" ", ""))


def label_pairs(cells: list[str], labels: dict[str, str]) -> tuple[dict[str, str | None], list[str]]:
    """Read ``label⇥value⇥label⇥value…`` cells: ({field: value or None}, cells that are neither)."""
    found: dict[str, str | None] = {}
    stray = []
    i = 0
    while i < len(cells):
        field = labels.get(label_key(cells[i]))
        if field is None:
            if cells[i]:
                stray.append(cells[i])
            i += 1
            continue
        j = i + 1
        while j < len(cells) and not cells[j]:
            j += 1
        # The cell right after a label is its value whatever it says; past empty cells
        # (a value left blank, or a merged cell) a label starts the next pair.
        if j < len(cells) and (j == i + 1 or label_key(cells[j]) not in labels):
            found[field] = cells[j]
            i = j + 1
        else:
            found[field] = None
            i = j
    return found, stray


def classify(text: str, kinds) -> str | None:
    """The first kind one of whose word sets all occur in ``text`` (spaces ignored): section
    titles and column headers are worded freely around a few words that decide them."""
    key = text.replace(" ", "")
    for kind, word_sets in kinds:
        for words in word_sets:
            for word in words:
                if word not in key:
                    break
            else:
                return kind
    return None
