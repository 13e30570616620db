"""Fill a province workbook's SEZ table from SEZ returns (``xladdin sez import``, issue 9, 1).

The SEZ sheet of the province template (1.2) has an input table ``tblSezGva``: SEZ GVA at
current prices by industry and year. ``xladdin sez import PROVINCE.xlsx SEZ.xlsx ...`` fills
it from SEZ returns (``sez-enterprise``): GVA = output - intermediate consumption of every
enterprise whose host province is the province (:func:`xladdin.review.sez.sez_gva_table`),
summed over zones and returns, converted from each return's money unit to the province's.

Input cells are the province's: the command writes only into ``tblSezGva`` and only when the
user runs it; it replaces the whole table (industries or years without a SEZ value are
emptied), so a second import of the same returns gives the same table. The "Included" setting
and the SEZ price index are never touched. The SEZ returns are read as untrusted files with the
stamp rules of ``xladdin consolidate`` (``--accept FILE`` for an unstamped or changed one).

:func:`province_sez` is pure over the extracted frames.
"""

from __future__ import annotations

import math

import pandas as pd

from xladdin.review.sez import split_key

__all__ = ["province_sez"]


def province_sez(
    tables: list[tuple[pd.DataFrame, float]], province: str, years: list[int]
) -> tuple[pd.DataFrame, list[int]]:
    """SEZ GVA of one host province by industry and year, in the province's unit.

    .. math::

        S(i,t) = \\sum_f \\sum_{z} GVA_f(z, p, i, t) \\cdot u_f

    over the SEZ returns f and their zones z hosted by province p, with u_f the size of the
    return's unit divided by the size of the province's unit (both from ``units.csv``).

    Parameters
    ----------
    tables : list of (DataFrame, float)
        Each return's :func:`~xladdin.review.sez.sez_gva_table` and its unit factor u_f.
    province : str
        The province code (two digits).
    years : list of int
        The year columns of the province's table.

    Returns
    -------
    (DataFrame, list of int)
        Index industry code, columns ``years`` (NaN where no SEZ value; a zone-year whose
        GVA is blank in its return is left out: the SEZ return's own compile and validate
        report the blank), and the years with SEZ values that the province's table lacks.
    """
    sums: dict[tuple[str, int], float] = {}
    lost: set[int] = set()
    for table, factor in tables:
        if table is None or table.empty:
            continue
        for key in table.index:
            _zone, prov, ind = split_key(str(key))
            if prov != province or not ind:
                continue
            for year in table.columns:
                value = table.loc[key, year]
                if pd.isna(value):  # no value for this zone and year (or a blank one)
                    continue
                if int(year) not in years:
                    lost.add(int(year))
                    continue
                k = (ind, int(year))
                sums[k] = sums.get(k, 0.0) + float(value) * factor
    out = pd.DataFrame(math.nan, index=sorted({i for i, _ in sums}), columns=years, dtype=float)
    for (ind, year), value in sums.items():
        if year in years:
            out.loc[ind, year] = value
    return out, sorted(lost)
