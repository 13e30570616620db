"""Fixtures for the UDF tests: a stand-in for xlwings' Windows ``excel`` engine."""

from __future__ import annotations

import pytest

from tests.udfs.excel_call import windows_like_engine


@pytest.fixture(scope="module", autouse=True)
def excel_engine():
    """Register the stand-in ``excel`` engine for each test module here only (unless one exists)."""
    with windows_like_engine() as engine:
        yield engine
