"""A real browser for the pages stewards open: headless Chromium from the distribution, offline.

``rendered_dom(path)`` loads a local page with every network route closed (an
unreachable proxy, no DNS) and returns the DOM after its scripts ran, so a test
reads what a steward would see, and a page that needs the internet shows it.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"]


def chromium() -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.fail("headless Chromium is missing: .ci/run installs it (apt-get install chromium fonts-nanum)")
    return binary


def rendered_dom(page: Path, timeout: float = 120) -> str:
    with tempfile.TemporaryDirectory(prefix="sf_chromium_") as profile:
        done = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                              capture_output=True, text=True, timeout=timeout, check=True)
    return done.stdout


class Dom(HTMLParser):
    """A page's text (whole, and per h2 group by the group's id), its scripts, event handlers and external links."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.external: list[str] = []
        self.text: list[str] = []
        self.sections: dict[str, list[str]] = {}
        self._open: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes.get("src") or "inline")
        self.handlers += [name for name in attributes if name.startswith("on")]
        self.external += [value for name, value in attrs if name in ("src", "href") and value
                          and value.startswith(("http:", "https:", "//"))]
        if tag == "h2":  # the page's groups: held, unreadable, warned
            self._open = [attributes.get("id") or ""]
            self.sections.setdefault(self._open[0], [])

    def handle_data(self, data):
        self.text.append(data)
        if self._open:
            self.sections[self._open[0]].append(data)

    def section(self, element_id: str) -> str:
        return " ".join(self.sections.get(element_id, []))
