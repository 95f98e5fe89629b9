"""Who wrote the sheet and how to reach them: the 작성 자 row, and its other wordings.

Offices label their authors 작성 자 (the template), 담당자, 문의처, 연락처 …, in a cell of
its own or before a colon (``※ 문의 : 마을자치과 홍길동 (1040)``), or write only roles,
names and extensions (``마을자치과장 : 홍길동 (1040) 팀장 : 김철수 (2201)``). Wherever such a
row stands it is read as contacts: names and extensions of staff are personal data
that must never become activity, plan or any other text of the sheet.
"""
from __future__ import annotations

import re

from extract.sheets.labels import label_key

# The template's footer rows: the footer starts at the first of them.
FOOTER_LABELS = frozenset(("작성자", "협업부서", "중앙정부"))
# Labels of a row of contacts. Only 작성 자 starts the footer: a 담당자 row may stand anywhere.
CONTACT_LABELS = frozenset(("작성자", "작성", "담당자", "담당", "문의처", "문의", "연락처", "담당자연락처"))
LABELS = FOOTER_LABELS | CONTACT_LABELS
LABEL_FIRST = frozenset(label[0] for label in LABELS)
MARKS = "※*○◦•·ㅇ▪-–"
_PHONE = r"\(\s*(?:☎|☏|내선|[Tt][Ee][Ll]\.?)?\s*(\d[\d-]{2,13})\s*\)"
# A person: a role (perhaps spaced out for alignment: 팀 장), a colon, a name, an extension.
_PERSON = rf"(?:[가-힣] )*[가-힣]+\s*[:：]\s*[가-힣]{{2,5}}\s*{_PHONE}"
_CONTACT_LINE = re.compile(rf"[{re.escape(MARKS)}]?\s*{_PERSON}(?:\s*[,/]?\s*{_PERSON})*")
_ROLE = re.compile(r"(?<!\S)((?:[가-힣] )+[가-힣](?= ?[:：])|\S+)\s*[:：]\s*")
_PHONE_IN = re.compile(_PHONE)


def label_of(cell: str) -> tuple[str, str] | None:
    """(label, the rest of the cell) when a cell opens with a contact or footer label: a label
    cell (``작성 자``, ``담당자:``) or a label and a colon before an extension in one cell
    (``※ 문의처 : 마을자치과 홍길동 (1040)``); None otherwise. A bullet mark may open only the
    second form: ``- 중앙정부`` is an activity about the central government."""
    if cell[:1] in LABEL_FIRST and (key := label_key(cell).rstrip(":：")) in LABELS:
        return key, ""
    text = cell.lstrip(MARKS + " ")
    if text[:1] not in LABEL_FIRST:
        return None
    head, colon, rest = text.partition(":") if ":" in text else text.partition("：")
    if colon and label_key(head) in CONTACT_LABELS and _PHONE_IN.search(rest):
        return label_key(head), rest.strip()
    return None


def may_open_contact_line(first: str) -> bool:
    """Whether a row's first cell may open a row of roles, names and extensions: a role (in
    Hangul, after a bullet mark if any) and its colon."""
    return (":" in first or "：" in first) and "가" <= first.lstrip(MARKS + " ")[:1] <= "힣"


def contact_line(cells: list[str], first: str) -> str | None:
    """The row's text when it is nothing but roles, names and extensions (the last cell ends
    with an extension), else None."""
    if cells[-1][-1:] != ")" or not may_open_contact_line(first):
        return None
    text = cells[0] if len(cells) == 1 else " ".join(cell for cell in cells if cell)
    return text if _CONTACT_LINE.fullmatch(text) else None


def person(role: str | None, value: str) -> dict:
    phone = _PHONE_IN.search(value)
    name = " ".join(_PHONE_IN.sub(" ", value).split())
    return {"role": role, "name": name or None, "phone_ext": phone.group(1) if phone else None}


def contacts(text: str, label: str | None = None) -> list[dict]:
    """``마을자치과장 : 한만석 (1040) 팀장 : 황현혜 (2201)`` → [{role, name, phone_ext}, …]. Text
    before the first role (``홍길동 (1040)`` after a 담당자 label) is a person whose role is
    the label's word."""
    starts = list(_ROLE.finditer(text))
    lead = (text[:starts[0].start()] if starts else text).strip(MARKS + " ")
    people = [person(label, lead)] if lead else []
    for match, following in zip(starts, starts[1:] + [None]):
        people.append(person(match.group(1).replace(" ", ""),
                             text[match.end():following.start() if following else len(text)]))
    return people
