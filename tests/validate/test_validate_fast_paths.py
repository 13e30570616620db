"""The fast paths of the rules (plain lists/dicts instead of pandas scalar look-ups, memoised
label parsing, numpy growth) give exactly what the pandas versions gave."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from xladdin.validate.blocks import Grid
from xladdin.validate.registry import _row_col
from xladdin.validate.rules.plausibility import growth_table
from xladdin.workbook.model import split_cell


def _same(a, b) -> bool:
    """The same cell value: identical, or equal numbers (NaN equal to NaN), or the same text
    and type (Timestamps, None, text)."""
    if a is b:
        return True
    if _numberish(a, b):
        fa, fb = float(a), float(b)
        return (math.isnan(fa) and math.isnan(fb)) or fa == fb
    return type(a) is type(b) and str(a) == str(b)


def _numberish(a, b) -> bool:
    return all(isinstance(x, (int, float, np.number)) and not isinstance(x, bool) for x in (a, b))


def _num_pandas(df, row, col) -> float:
    """The rules' former look-up, through pandas."""
    if row not in df.index or col not in df.columns:
        return math.nan
    try:
        return float(df.at[row, col])
    except (TypeError, ValueError):
        return math.nan


FRAMES = {
    "floats": pd.DataFrame(
        {2020: [1.5, np.nan, -2.0], 2021: [0.0, 3.0, 1e9]}, index=["01", "02", "GDP"]
    ),
    "objects": pd.DataFrame(
        {"output": [None, "abc", 5, 1.25], "ic": ["", "1,234", True, np.nan]},
        index=["a", "b", "c", "d"],
        dtype=object,
    ),
    "mixed": pd.DataFrame(
        {
            "n": [1, 2],
            "x": [0.5, np.nan],
            "t": ["u", None],
            "d": pd.to_datetime(["2020-01-01", "2021-06-30"]),
            "e": pd.array([1.0, None], dtype="Float64"),
        },
        index=[2019, 2020],
    ),
    "duplicate_rows": pd.DataFrame({"v": [1.0, 2.0, 3.0]}, index=["A", "A", "B"]),
    "duplicate_columns": pd.DataFrame([[1.0, 2.0]], index=["r"], columns=["c", "c"]),
    "empty": pd.DataFrame(index=["a"], columns=pd.Index([], dtype=object)),
}


@pytest.mark.parametrize("name", sorted(FRAMES))
def test_grid_answers_like_pandas(name):
    df = FRAMES[name]
    grid = Grid(df)
    rows = [*df.index, "absent", 1999, float("nan")]
    cols = [*df.columns, "absent", 1999]
    for row in rows:
        assert grid.has_row(row) == (row in df.index)
        for col in cols:
            assert grid.has_col(col) == (col in df.columns)
            expected = _num_pandas(df, row, col)
            got = grid.num(row, col)
            assert (math.isnan(got) and math.isnan(expected)) or got == expected, (row, col)
            if row in df.index and col in df.columns and df.index.is_unique:
                if df.columns.is_unique:
                    a, b = grid.at(row, col), df.at[row, col]
                    assert str(a) == str(b) and _same(a, b), (row, col, a, b)


def test_grid_at_raises_like_pandas_for_absent_labels():
    grid = Grid(FRAMES["floats"])
    with pytest.raises(KeyError):
        grid.at("absent", 2020)


def _growth_pandas(levels: pd.DataFrame) -> pd.DataFrame:
    lv = levels.astype(float)
    prev = lv.shift(1, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (lv / prev.where(prev != 0) - 1.0) * 100.0


@pytest.mark.parametrize("seed", range(5))
def test_growth_table_equals_the_pandas_formula(seed):
    rng = np.random.default_rng(seed)
    data = rng.normal(100, 40, (6, 8))
    data[rng.random(data.shape) < 0.2] = np.nan
    data[rng.random(data.shape) < 0.1] = 0.0
    levels = pd.DataFrame(data, index=list("ABCDEF"), columns=list(range(2015, 2023)))
    levels["note"] = "x"  # not a year: dropped
    got = growth_table(levels)
    expected = _growth_pandas(levels[list(range(2015, 2023))])
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_growth_table_of_no_year_and_one_year():
    assert growth_table(pd.DataFrame({"a": [1.0]})).shape == (1, 0)
    one = growth_table(pd.DataFrame({2020: [1.0, 2.0]}))
    assert one.isna().all().all() and list(one.columns) == [2020]


@pytest.mark.parametrize(
    "cells",
    [
        ["B2", "A10", "AA1", "Z1", "A2", "XFD1048576", "AB3", "C1"],
        ["$B$2", "a1", "b1", "A3", " C2 ", "aa1"],
    ],
)
def test_sort_key_orders_like_split_cell(cells):
    def reference(cell):
        col, row = split_cell(cell)
        return row, col

    assert sorted(cells, key=_row_col) == sorted(cells, key=reference)
    assert [_row_col(c) for c in cells] == [reference(c) for c in cells]


# --- the per-file fast paths consolidate uses (issue #12) --------------------------------------

_BOOKS = sorted(
    [
        *(Path(__file__).resolve().parents[1] / "fixtures" / "validate").glob("*.xlsx"),
        *(Path(__file__).resolve().parents[2] / "templates").glob("*.xlsx"),
    ]
)
_BOOKS = [p for p in _BOOKS if p.name != "not_a_zip.xlsx"]


@pytest.mark.parametrize("path", _BOOKS, ids=lambda p: p.name)
def test_sheet_scans_from_marked_cells_equal_the_full_scan(path):
    from xladdin.validate.registry import _counts_kinds, _scan_grid, _scan_kinds, _texts_kinds
    from xladdin.workbook.xlsx_reader import XlsxView

    view = XlsxView(path)
    for name in view.sheet_names():
        if view.sheet_info(name).kind != "worksheet":
            continue
        got = view.cell_kinds(name)
        if got is None:
            continue
        cells, marked = got
        counts, texts = _scan_grid(cells)
        assert _counts_kinds(cells, marked) == counts, name
        assert _texts_kinds(cells, marked) == texts, name
        assert _scan_kinds(cells, marked) == (counts, texts), name


@pytest.mark.parametrize("path", _BOOKS, ids=lambda p: p.name)
def test_inputs_hash_lines_from_block_bodies_equal_the_frame_lines(path):
    from xladdin.compile.current import _cells, _fast_input_lines, _input_lines
    from xladdin.templates.binding import bind
    from xladdin.templates.recognition import recognise
    from xladdin.workbook.xlsx_reader import XlsxView

    view = XlsxView(path)
    info, _ = recognise(view)
    if info is None:
        pytest.skip("not a template")
    fast = _fast_input_lines(bind(view, info))  # before any raw frame is made
    slow = _input_lines(bind(view, info), _cells)
    assert fast == slow


def test_inputs_hash_lines_equal_on_a_filled_compiled_province(tmp_path):
    from xladdin.compile.current import _cells, _fast_input_lines, _input_lines
    from xladdin.review.sample import write_compiled_provinces
    from xladdin.templates.binding import bind
    from xladdin.templates.recognition import recognise
    from xladdin.workbook.xlsx_reader import XlsxView

    path = write_compiled_provinces(tmp_path, ["16"])[0]
    view = XlsxView(path)
    info, _ = recognise(view)
    fast = _fast_input_lines(bind(view, info))
    assert len(fast) > 100  # a filled workbook: benchmark, indicators, prices, settings
    assert fast == _input_lines(bind(view, info), _cells)
