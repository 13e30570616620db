"""Fixtures for the workbook layer tests (helpers: wb_support.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from wb_support import FIXTURES


@pytest.fixture
def fixture_copy(tmp_path):
    """Copy a fixture workbook into tmp_path and return the copy's path."""

    def copy(name: str) -> Path:
        dst = tmp_path / name
        shutil.copyfile(FIXTURES / name, dst)
        return dst

    return copy
