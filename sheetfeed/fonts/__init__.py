"""The Hangul font every page sheetfeed writes carries inside it, so it shows Korean on any machine, offline.

NanumGothic ships here (SIL Open Font License 1.1, ``OFL.txt``; the same files as
Debian's fonts-nanum): a page never depends on a font the reader's machine may
lack (a server's headless browser, a fresh install, a worker image), and the
analysts' report draws the same everywhere. ``SHEETFEED_REPORT_FONT_DIR`` names
another folder holding the same two files.
"""
from __future__ import annotations

import base64
import io
import logging
import os
from pathlib import Path

BUNDLED_FONT_DIR = Path(__file__).parent
FAMILY = "NanumGothic"
FONT_FILES = {400: "NanumGothic.ttf", 700: "NanumGothicBold.ttf"}  # by CSS font-weight


class FontMissing(RuntimeError):
    """SHEETFEED_REPORT_FONT_DIR names a folder without NanumGothic: the message says which file is missing."""


def font_dir() -> Path:
    """The folder holding NanumGothic: SHEETFEED_REPORT_FONT_DIR when set (a folder lacking the files is an
    error, not a silent fallback), else the bundled one."""
    folder = Path(os.environ.get("SHEETFEED_REPORT_FONT_DIR") or BUNDLED_FONT_DIR)
    missing = [name for name in FONT_FILES.values() if not (folder / name).is_file()]
    if missing:
        raise FontMissing(f"{folder}: no {' or '.join(missing)} for the pages' Hangul "
                          f"(SHEETFEED_REPORT_FONT_DIR must name a folder holding {' and '.join(FONT_FILES.values())})")
    return folder


def subset_font(path: Path, text: str) -> bytes:
    """The TrueType font at ``path`` cut down to the glyphs ``text`` uses (NanumGothic: 4.7 MB → tens of KB)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)  # reads only the glyphs kept: the same bytes, in 60 % of the time
    subsetter = subset.Subsetter(subset.Options())
    subsetter.populate(text=text + "".join(chr(code) for code in range(0x20, 0x7F)))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def font_faces(text: str, weights: tuple[int, ...] = (400, 700)) -> str:
    """CSS ``@font-face`` rules embedding NanumGothic in ``weights``, cut to the characters of ``text``."""
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "TSI1 NOT subset": hinting sources, not needed
    folder = font_dir()
    return "".join(
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; src: url(data:font/ttf;base64,'
        f'{base64.b64encode(subset_font(folder / FONT_FILES[weight], text)).decode()}) format("truetype"); }}\n'
        for weight in weights)
