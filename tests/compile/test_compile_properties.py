"""Property: scaling every money input (benchmark, taxes, subsidies, old-base series) by k scales
levels by k and leaves growth, structure and deflators unchanged (compile is linear in levels).
In memory, few examples."""

from __future__ import annotations

import io

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from xladdin.compile import compile_view
from xladdin.templates.builder import build_workbook
from xladdin.templates.sample import province_fill
from xladdin.workbook.model import SetValue
from xladdin.workbook.xlsx_reader import open_xlsx


def _compiled(k: float):
    fill, years = province_fill()
    fill.blocks["benchmark"] = fill.blocks["benchmark"] * k
    yrs = fill.blocks["years"].copy()
    yrs["taxes_current"] = yrs["taxes_current"] * k
    yrs["subsidies_current"] = yrs["subsidies_current"] * k
    for key in ("old_current", "old_constant"):
        fill.blocks[key] = fill.blocks[key] * k
    fill.blocks["years"] = yrs
    buf = io.BytesIO()
    build_workbook("province-gdp", years=years, fill=fill).save(buf)
    result = compile_view(open_xlsx(buf.getvalue()), validate=False)
    return {
        (op.sheet, op.cell): op.value for op in result.patch.ops if isinstance(op, SetValue)
    }, result


BASE, BASE_RESULT = _compiled(1.0)


@settings(max_examples=4, deadline=None)
@given(st.floats(min_value=0.01, max_value=1000.0))
def test_levels_scale_and_ratios_do_not(k):
    scaled, result = _compiled(k)
    bound = BASE_RESULT.bound
    assert result.exit_code == 0
    for key, linear in (
        ("gva_current", True),
        ("gva_constant", True),
        ("growth", False),
        ("structure", False),
        ("deflator", False),
        ("contributions", False),
        ("chain", True),
        ("chain_growth", False),
        ("chain_contributions", False),
        ("back_current", True),
        ("back_constant", True),
        ("back_deflator", False),
    ):
        block = bound.block(key)
        for code in ("AGR", "GVA", "TAX", "GDP"):
            for year in (2013, 2020, 2026):
                cell = (block.sheet, block.cell(code, year))
                want = BASE[cell] * (k if linear else 1.0)
                assert np.isclose(scaled[cell], want, rtol=1e-8), (key, code, year)
