"""Fixtures for the review tests: small provincial returns written by
:mod:`xladdin.review.sample` (illustrative numbers, openpyxl only, deterministic)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from xladdin.review.consolidate import Options
from xladdin.review.sample import national_from_provinces, province_values, write_province_return

CODES = ["01", "13", "16"]


@pytest.fixture
def returns(tmp_path: Path) -> dict[str, Path]:
    """Three provincial returns in ``tmp_path/in``."""
    folder = tmp_path / "in"
    folder.mkdir()
    return {c: write_province_return(folder / f"province-{c}.xlsx", c) for c in CODES}


@pytest.fixture
def values() -> dict[str, dict[str, pd.DataFrame]]:
    return {c: province_values(c) for c in CODES}


@pytest.fixture
def national_csv(tmp_path: Path, values) -> Path:
    """National totals 2 % above the sum of the three provinces."""
    path = tmp_path / "national.csv"
    national_from_provinces(values, bias=0.02).to_csv(path, index=False)
    return path


@pytest.fixture
def unstamped() -> Options:
    """The sample returns are not stamped: allow that (the stamp is tested separately)."""
    return Options(require_stamp=False, validate=False, rake_incomplete=True)
