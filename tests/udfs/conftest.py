"""Fixtures for the UDF tests: a stand-in for xlwings' Windows ``excel`` engine."""

from __future__ import annotations

import pytest
import xlwings
from excel_call import WindowsLikeEngine
from xlwings.main import Engine


@pytest.fixture(scope="module", autouse=True)
def excel_engine():
    """Register the stand-in ``excel`` engine for each test module here only (unless one exists)."""
    engines = xlwings.engines
    if "excel" in engines.engines_by_name:
        yield engines["excel"]
        return
    engine = Engine(impl=WindowsLikeEngine())
    engines.add(engine)
    try:
        yield engine
    finally:
        engines.engines.remove(engine)
        del engines.engines_by_name["excel"]
