"""Fixtures of the extraction tests."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def seed_text(seed_sheet) -> str:
    return seed_sheet.read_text(encoding="utf-8")
