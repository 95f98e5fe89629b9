"""Write every case folder of tests/extract/documents/: the carriers and expected.json.

    tests/extract/documents/make/../../../../.tools/bin/python tests/extract/documents/make/build.py [CASE...]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import sheetdoc as sd  # noqa: E402
from cases import CASES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

TEXT_KINDS = {
    # kind: (python codec SPEC names, line end, NFD, write a UTF-8 BOM)
    "text-cp949-crlf": ("cp949", "\r\n", False, False),
    "text-utf8": ("utf-8", "\n", False, False),
    "text-utf8-crlf": ("utf-8", "\r\n", False, False),
    "text-utf8-bom": ("utf-8-sig", "\n", False, True),
    "text-utf8-bom-crlf": ("utf-8-sig", "\r\n", False, True),
    "text-mac-nfd-lf": ("utf-8", "\n", True, False),
    "text-mac-nfd-cr": ("utf-8", "\r", True, False),
}


def write_carrier(path: Path, kind: str, sheets: list) -> dict:
    if kind in ("hwpx", "hwp"):
        sd.write_doc(path, sheets)
        return {"format": kind, "encoding": None, "first_lines": None}
    if kind == "xlsx":
        return {"format": "xlsx", "encoding": None, "first_lines": sd.write_xlsx(path, sheets)}
    if kind == "xls":
        return {"format": "xls", "encoding": None, "first_lines": sd.write_xls(path, sheets)}
    if kind == "text-utf16":
        return {"format": "text", "encoding": "utf-16", "first_lines": sd.write_unicode_text(path, sheets)}
    codec, nl, nfd, bom = TEXT_KINDS[kind]
    first = sd.write_text(path, sheets, encoding="utf-8" if codec == "utf-8-sig" else codec,
                          newline=nl, nfd=nfd, bom=bom)
    return {"format": "text", "encoding": codec, "first_lines": first}


def build(name: str) -> None:
    c = CASES[name]
    folder = ROOT / name
    folder.mkdir(exist_ok=True)
    carriers = {}
    for fname, kind in c["carriers"]:
        info = write_carrier(folder / fname, kind, c["sheets"])
        info["kind"] = kind
        carriers[fname] = info
    exp = {
        "case": name,
        "notes": c["notes"],
        "carriers": carriers,
        "sheets": [sd.expected(s, i) for i, s in enumerate(c["sheets"]) if not isinstance(s, sd.Memo)],
    }
    if all(isinstance(s, sd.Memo) for s in c["sheets"]):
        exp["error"] = True  # SPEC §2: a file in which no title row can be found is an error
    (folder / "expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(name, ", ".join(carriers))


if __name__ == "__main__":
    for n in sys.argv[1:] or CASES:
        build(n)
