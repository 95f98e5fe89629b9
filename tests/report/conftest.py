"""Fixtures of the report tests: marts built from several departments' sheets, and a real headless Chromium
that opens pages offline (no network: every host resolves to nothing)."""
from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest


def _transform_helpers():
    """The transform tests' landing helpers (Warehouse, sheet), loaded under a name of their own."""
    path = Path(__file__).resolve().parent.parent / "transform" / "conftest.py"
    spec = importlib.util.spec_from_file_location("transform_test_helpers", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


Warehouse = _transform_helpers().Warehouse
sheet = _transform_helpers().sheet

HOSTILE_DEPARTMENT = '<script>alert("부서")</script>&<b>감사</b>과'
HOSTILE_METRIC = '<img src=x onerror=alert(1)>민관협치 사업 확대'
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars"]


@pytest.fixture
def hostile() -> dict[str, str]:
    """Free text of the third sheet, written as markup."""
    return {"department": HOSTILE_DEPARTMENT, "metric": HOSTILE_METRIC}


@pytest.fixture
def marts(warehouse_url, tmp_path, seed_sheet) -> Warehouse:
    """Three departments' sheets accepted and built: the seed, a later one, and one whose free text is markup."""
    seed = seed_sheet.read_text(encoding="utf-8")
    hostile = sheet(seed, code="소통행정-7", department=HOSTILE_DEPARTMENT, status="추진중").replace(
        "민관협치 사업 확대", HOSTILE_METRIC, 1)
    warehouse = Warehouse(warehouse_url, tmp_path / "inboxes")
    warehouse.accept(seed, sheet(seed, code="소통행정-4", next_quarter=True, status="정상추진", department="자치행정과"),
                     hostile)
    warehouse.build()
    return warehouse


@pytest.fixture
def empty_marts(warehouse_url, tmp_path) -> Warehouse:
    """The marts built over a warehouse where nothing was accepted yet."""
    warehouse = Warehouse(warehouse_url, tmp_path / "inboxes")
    warehouse.build()
    return warehouse


class Chromium:
    """Debian's chromium, run once per page with a fresh profile."""

    def __init__(self, binary: str, profile_root: Path):
        self.binary = binary
        self.profile_root = profile_root
        self.runs = 0

    def _run(self, url: str, *args: str) -> subprocess.CompletedProcess:
        self.runs += 1
        profile = self.profile_root / f"profile-{self.runs}"
        return subprocess.run([self.binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, url],
                              capture_output=True, text=True, timeout=120, check=True)

    def dom(self, url: str) -> str:
        """The page's DOM after load, as the browser serialises it."""
        return self._run(url, "--virtual-time-budget=5000", "--dump-dom").stdout

    def screenshot(self, url: str, path: Path, width: int = 1200, height: int = 3000) -> Path:
        self._run(url, f"--window-size={width},{height}", f"--screenshot={path}")
        return path


@pytest.fixture(scope="session")
def chromium(tmp_path_factory) -> Chromium:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.fail("chromium is not installed (.ci/run installs Debian's chromium and fonts-nanum)")
    return Chromium(binary, tmp_path_factory.mktemp("chromium"))


class _Resources(HTMLParser):
    """Every resource a page would load: src of any element, href of <link>, and CSS url(…) in style."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name == "src" or (tag == "link" and name == "href") or name == "style"):
                self.found += [value] if name != "style" else re.findall(r"url\(([^)]*)\)", value)


def external_resources(html: str) -> list[str]:
    """What the page would fetch from another host (a plain <a href> is a link, not a load)."""
    parser = _Resources()
    parser.feed(html)
    styles = re.findall(r"<style\b[^>]*>(.*?)</style>", html, flags=re.S)
    urls = parser.found + [url for style in styles for url in re.findall(r"url\(([^)]*)\)", style)]
    return [url for url in urls if re.match(r"""["']?(https?:)?//""", url)]


@pytest.fixture(name="external_resources")
def external_resources_fixture():
    return external_resources
