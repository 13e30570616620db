"""Workbooks for the national-workbook and end-to-end tests of issue 9 (ILLUSTRATIVE, NOT
OFFICIAL FIGURES).

- the **national workbook**: the real ``province-gdp`` template filled with the demo sample
  (:func:`xladdin.templates.sample.province_fill`) and the national code ``00`` (Lao PDR),
  compiled and prepared (stamped) like a provincial return;
- **provincial returns** shaped like compiled ones (:func:`xladdin.review.sample.write_province_return`,
  fast: openpyxl only) whose industries are the national ones split by the 2015 census
  population, with a deterministic +-3 % tilt per province and industry (different at current
  and constant prices) and ``bias`` overall, so that the provinces do *not* add up to the nation
  before reconciliation.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from xladdin.review.geography import provinces
from xladdin.review.sample import add_aggregates, write_province_return


def national_workbook(out: Path) -> tuple[Path, Path]:
    """(compiled, prepared) national workbook in ``out``."""
    from xladdin.compile import compile_file
    from xladdin.returned.prepare import prepare_file
    from xladdin.templates.builder import build
    from xladdin.templates.sample import province_fill

    fill, years = province_fill()
    scalars = {**fill.scalars, "province_code": "00", "compiler": "national (illustrative)"}
    compiled = build(
        "province-gdp", out / "national.xlsx", years=years, fill=replace(fill, scalars=scalars)
    )
    result = compile_file(compiled, backup=False)
    assert result.exit_code == 0, [
        f.message_en for f in result.report if f.severity.value == "error"
    ]
    returned = prepare_file(compiled, out=out / "national-return.xlsx", compiler="LSB national")
    return compiled, returned


def province_values_from(
    nat_cur: pd.DataFrame, nat_con: pd.DataFrame, codes: list[str], bias: float = -0.02
) -> dict[str, dict[str, pd.DataFrame]]:
    """Provincial values (the :func:`write_province_return` shape) from national industries."""
    pop = provinces().set_index("code")["population_2015_census"].astype(float)
    share = pop[codes] / pop[codes].sum()
    inds = [c for c in nat_cur.index if c.isdigit()]
    years = list(nat_cur.columns)
    out: dict[str, dict[str, pd.DataFrame]] = {}
    for code in codes:
        rng = np.random.default_rng(500 + int(code))
        tilt_c = rng.uniform(0.97, 1.03, (len(inds), 1))
        tilt_k = rng.uniform(0.97, 1.03, (len(inds), 1))
        f = share[code] * (1 + bias)
        cur = (nat_cur.loc[inds] * f * tilt_c).round(3)
        con = (nat_con.loc[inds] * f * tilt_k).round(3)
        n = np.arange(len(years))
        yrs = pd.DataFrame(
            {"population": (pop[code] * 1.015**n).round(0), "kip_per_usd": 8000 + 500.0 * n},
            index=years,
        )
        out[code] = {"current": add_aggregates(cur), "constant": add_aggregates(con), "years": yrs}
    return out


def write_returns(folder: Path, values: dict[str, dict[str, pd.DataFrame]]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_province_return(folder / f"province-{c}.xlsx", c, v, base_year=2012)
        for c, v in values.items()
    ]
