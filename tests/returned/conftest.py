"""Fixtures for returned-file tests (the workbooks themselves: quirk_books.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from quirk_books import build_udf_link_macro_xlsm


@pytest.fixture
def udf_link_macro_xlsm(tmp_path: Path) -> Path:
    """The .xlsm with add-in formulas, external links, a hidden sheet and a VBA project."""
    return build_udf_link_macro_xlsm(tmp_path / "Oudomxay GDP.xlsm")
