"""The stamp hash's two fast line builders (``_sheet_line_list`` over a dense range and
``_sparse_line_list`` over the reader's non-empty cells) inline the canonical form of the common
cell types for speed; the hash depends on it byte for byte. Property test: for any sheet, both
give exactly the lines of the plain generator ``_sheet_lines`` (one cell at a time through
``canonical``)."""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from xladdin.returned.hashing import _sheet_line_list, _sheet_lines
from xladdin.workbook.xlsx_reader import XlsxView, open_xlsx

_VALUES = st.one_of(
    st.floats(min_value=-1e300, max_value=1e300),  # (openpyxl rounds the largest to inf)
    st.sampled_from([0.0, -0.0, 1e-300, 1e300, 0.1 + 0.2, 1 / 3, 123456789012345.6]),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.booleans(),
    st.text(alphabet=st.sampled_from("ab ລາວ\t'\"=+-_x0D&<"), max_size=8),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.sampled_from(["=1+1", "=SUM(A1:A2)", "=A1*2"]),
)
_CELLS = st.dictionaries(
    st.tuples(st.integers(1, 12), st.integers(1, 6)), _VALUES, min_size=0, max_size=30
)


class _Dense:
    """The same sheet through the view contract only (the dense path of the builder)."""

    def __init__(self, view: XlsxView) -> None:
        self.view = view

    def used_range(self, sheet):
        return self.view.used_range(sheet)

    def values(self, sheet, ref):
        return self.view.values(sheet, ref)

    def formulas(self, sheet, ref):
        return self.view.formulas(sheet, ref)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_CELLS)
def test_fast_line_builders_equal_the_plain_generator(tmp_path, cells):
    wb = Workbook()
    ws = wb.active
    ws.title = "S"
    for (r, c), v in cells.items():
        ws.cell(row=r, column=c, value=v)
    path = tmp_path / "sheet.xlsx"
    wb.save(path)
    view = open_xlsx(path)
    plain = [line for _r, _c, line in _sheet_lines(view, "S")]
    assert _sheet_line_list(view, "S", frozenset()) == plain  # sparse: the reader's cells
    assert _sheet_line_list(_Dense(view), "S", frozenset()) == plain  # dense: a range
