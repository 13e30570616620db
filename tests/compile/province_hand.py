"""A tiny province workbook for hand-derived method tests: 21 industries with round numbers.

Every industry: output 1000, IC 400 (GVA 600) in base year 2012, volume and price indices flat
at 100 unless a test sets them; taxes 1260 a year (volume index flat 100), no subsidies;
population 1,000,000; 8,000 kip per USD; unit billion kip. Not sample data: the numbers are
chosen so the tests can write every expected value by hand.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from xladdin.compile import compile_view
from xladdin.compile.province import compute_province
from xladdin.templates.builder import Fill, build_workbook
from xladdin.templates.data import industries

CODES = list(industries().query("level == 'industry'")["code"])
YEARS = (2012, 2013, 2014)


def flat(value: float = 100.0, years=YEARS) -> pd.DataFrame:
    return pd.DataFrame(value, index=CODES, columns=list(years), dtype=float)


def tiny_fill(years=YEARS) -> Fill:
    yrs = pd.DataFrame(
        {
            "population": 1_000_000.0,
            "kip_per_usd": 8000.0,
            "taxes_current": 1260.0,
            "taxes_volume": 100.0,
            "subsidies_current": np.nan,
        },
        index=list(years),
    )
    return Fill(
        scalars={"province_code": "16", "base_year": years[0], "unit": "billion kip"},
        blocks={
            "benchmark": pd.DataFrame({"output": 1000.0, "ic": 400.0}, index=CODES),
            "volume": flat(100.0, years),
            "prices": flat(100.0, years),
            "years": yrs,
        },
    )


def compile_fill(fill: Fill, years=YEARS):
    """(compile result, ProvinceResult) of a workbook built from ``fill``."""
    from xladdin.workbook.xlsx_reader import open_xlsx

    buf = io.BytesIO()
    build_workbook("province-gdp", years=tuple(years), fill=fill).save(buf)
    result = compile_view(open_xlsx(buf.getvalue()), validate=False)
    return result, compute_province(result.bound)
