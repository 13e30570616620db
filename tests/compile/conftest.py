"""Fixtures for compile tests: small filled workbooks for each template."""

from __future__ import annotations

import pytest

from xladdin.templates.builder import build, build_workbook
from xladdin.templates.sample import district_fill, province_fill, sez_fill


@pytest.fixture
def province_book(tmp_path):
    """The illustrative sample province, standard layout."""
    fill, years = province_fill()
    return build("province-gdp", tmp_path / "province.xlsx", years=years, fill=fill)


@pytest.fixture
def province_moved_book(tmp_path):
    """Same data, every block elsewhere (the 'user inserted rows / moved a table' quirk)."""
    fill, years = province_fill()
    path = tmp_path / "province_moved.xlsx"
    build_workbook("province-gdp", years=years, fill=fill, layout="shifted").save(path)
    return path


@pytest.fixture
def district_book(tmp_path):
    fill, years = district_fill()
    return build("district-growth", tmp_path / "district.xlsx", years=years, fill=fill)


@pytest.fixture
def sez_book(tmp_path):
    return build("sez-enterprise", tmp_path / "sez.xlsx", fill=sez_fill())
