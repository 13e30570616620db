"""Shared test fixtures and helpers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Published facts (a committed copy of the shared reference folder, with its sources).
REFERENCE = Path(__file__).resolve().parent / "fixtures" / "reference"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_libreoffice() -> str:
    """Skip when LibreOffice is missing locally; fail in CI (XLADDIN_REQUIRE_LIBREOFFICE=1)."""
    path = soffice_path()
    if path is None:
        if os.environ.get("XLADDIN_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice (soffice) is required in CI but is not installed")
        pytest.skip("LibreOffice (soffice) not installed")
    return path


@pytest.fixture
def soffice() -> str:
    return require_libreoffice()
