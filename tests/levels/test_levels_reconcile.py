"""Provinces and nation at current AND constant prices (issue 9, section 3).

Every expected number is derived by hand in the comments next to it; none comes from the
code under test."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xladdin.findings import get_type
from xladdin.review.reconcile import (
    allocate_taxes,
    derive_volumes,
    per_capita_with_allocated_taxes,
    reaggregate,
    reconcile_national,
)

YEARS = [2021, 2022]
LINES = ["01", "AGR", "02", "IND", "07", "SER", "GVA", "TAX", "GDP"]


def _panel(data: dict[str, dict[str, list[float]]], years: list[int] = YEARS) -> pd.DataFrame:
    """(province, line) x year panel from industry and TAX values; aggregates re-added."""
    rows, index = [], []
    for prov, lines in data.items():
        for line in LINES:
            present = (
                line in lines
                or line in ("GVA", "GDP")
                or (
                    line in ("AGR", "IND", "SER")
                    and any(c in lines for c in {"AGR": ["01"], "IND": ["02"], "SER": ["07"]}[line])
                )
            )
            if present:
                index.append((prov, line))
                rows.append(lines.get(line, [math.nan] * len(years)))
    panel = pd.DataFrame(
        rows, index=pd.MultiIndex.from_tuples(index, names=["province", "line"]), columns=years
    )
    return reaggregate(panel)


# Hand example: two provinces, industries 01 (AGR) and 02 (IND), base year 2021.
CURRENT = _panel(
    {
        "A": {"01": [100.0, 120.0], "02": [40.0, 50.0], "TAX": [10.0, 14.0]},
        "B": {"01": [60.0, 60.0], "02": [20.0, 30.0], "TAX": [2.0, 2.0]},
    }
)
CONSTANT = _panel(
    {
        "A": {"01": [100.0, 110.0], "02": [40.0, 42.0], "TAX": [10.0, 13.0]},
        "B": {"01": [60.0, 57.0], "02": [20.0, 26.0], "TAX": [2.0, 2.0]},
    }
)
NAT_CUR = pd.DataFrame(
    {2021: {"01": 200.0, "02": 60.0, "TAX": 20.0}, 2022: {"01": 225.0, "02": 80.0, "TAX": 24.0}}
)
NAT_CON = pd.DataFrame(
    {2021: {"01": 200.0, "02": 60.0, "TAX": 20.0}, 2022: {"01": 210.0, "02": 64.0, "TAX": 22.0}}
)


def test_hand_example_national_deflators():
    rec = reconcile_national(CURRENT, NAT_CUR, constant=CONSTANT, national_constant=NAT_CON)
    cur = rec.adjusted
    # Current prices: 01 raked by 200/160 = 1.25 (2021) and 225/180 = 1.25 (2022).
    assert cur.loc[("A", "01"), 2022] == pytest.approx(150.0)
    assert cur.loc[("B", "01"), 2022] == pytest.approx(75.0)
    # Taxes allocated by raked GVA: 2022 GVA A = 150 + 50 = 200, B = 75 + 30 = 105:
    # A = 24 * 200/305 = 15.7377049, B = 24 * 105/305 = 8.2622951.
    assert cur.loc[("A", "TAX"), 2022] == pytest.approx(15.7377049)
    assert cur.loc[("B", "TAX"), 2022] == pytest.approx(8.2622951)
    # 2021: GVA A = 125 + 40 = 165, B = 75 + 20 = 95: A = 20 * 165/260 = 12.6923077.
    assert cur.loc[("A", "TAX"), 2021] == pytest.approx(12.6923077)
    assert cur.loc[("A", "GDP"), 2022] == pytest.approx(200.0 + 15.7377049)
    vol = rec.volumes
    assert vol is not None and vol.deflator == "national"
    k = vol.adjusted
    # Deflated with the national 01 deflator 225/210: A = 150 * 210/225 = 140, B = 75 * 210/225 = 70.
    assert k.loc[("A", "01"), 2022] == pytest.approx(140.0)
    assert k.loc[("B", "01"), 2022] == pytest.approx(70.0)
    # 02 deflator 80/64 = 1.25: A = 50/1.25 = 40, B = 30/1.25 = 24.
    assert k.loc[("A", "02"), 2022] == pytest.approx(40.0)
    assert k.loc[("B", "02"), 2022] == pytest.approx(24.0)
    # TAX deflator 24/22: A = 15.7377049 * 22/24 = 14.4262295.
    assert k.loc[("A", "TAX"), 2022] == pytest.approx(14.4262295)
    # Base year: constant = current.
    assert k.loc[("A", "01"), 2021] == pytest.approx(125.0)
    assert vol.source.loc[("A", "01"), 2022] == "national 01"
    assert vol.source.loc[("A", "TAX"), 2022] == "national TAX"
    # Collected taxes kept beside.
    t = rec.taxes.set_index(["province", "year"])
    assert t.loc[("A", 2022), "collected"] == 14.0
    assert t.loc[("A", 2022), "allocated"] == pytest.approx(15.7377049)
    assert t.loc[("A", 2022), "gva_share"] == pytest.approx(200 / 305 * 100)


def test_growth_table_before_and_after():
    rec = reconcile_national(CURRENT, NAT_CUR, constant=CONSTANT, national_constant=NAT_CON)
    g = rec.volumes.growth.set_index(["line", "year"])
    # 01: national 210/200 - 1 = 5 %; submitted (110 + 57)/(100 + 60) - 1 = 4.375 %;
    # after: (140 + 70)/(125 + 75) - 1 = 5 %.
    assert g.loc[("01", 2022), "national"] == pytest.approx(5.0)
    assert g.loc[("01", 2022), "before"] == pytest.approx(4.375)
    assert g.loc[("01", 2022), "after"] == pytest.approx(5.0)
    assert g.loc[("01", 2022), "gap_before"] == pytest.approx(-0.625)
    # 02: national 64/60 - 1 = 6.6667 %; submitted (42 + 26)/(40 + 20) - 1 = 13.3333 %.
    assert g.loc[("02", 2022), "national"] == pytest.approx(6.6666667)
    assert g.loc[("02", 2022), "before"] == pytest.approx(13.3333333)
    assert g.loc[("02", 2022), "gap_after"] == pytest.approx(0.0, abs=1e-9)
    assert 2021 not in g.index.get_level_values(1)  # no previous year


def test_own_deflator_then_raked_to_national_volume():
    rec = reconcile_national(
        CURRENT, NAT_CUR, constant=CONSTANT, national_constant=NAT_CON, deflator="own"
    )
    k = rec.volumes.derived
    # Own deflators 2022: A 120/110, B 60/57: A01 = 150 * 110/120 = 137.5, B01 = 75 * 57/60 = 71.25.
    assert k.loc[("A", "01"), 2022] == pytest.approx(137.5)
    assert k.loc[("B", "01"), 2022] == pytest.approx(71.25)
    # Raked to 210: A = 137.5 * 210/208.75 = 138.3233533, B = 71.25 * 210/208.75 = 71.6766467.
    adj = rec.volumes.adjusted
    assert adj.loc[("A", "01"), 2022] == pytest.approx(138.3233533)
    assert adj.loc[("B", "01"), 2022] == pytest.approx(71.6766467)
    assert rec.volumes.source.loc[("A", "01"), 2022] == "own"
    assert "volume-reconcile-adjusted" in {f.code for f in rec.findings}


def test_held_cell_stays_fixed_at_constant_prices_too():
    alter = pd.DataFrame({"01": {"A": 0.0}})
    rec = reconcile_national(
        CURRENT, NAT_CUR, alter, constant=CONSTANT, national_constant=NAT_CON, deflator="own"
    )
    # A01 held at current prices (120) and at its own-deflated constant price 120*110/120 = 110;
    # B01 takes the whole volume difference: 210 - 110 = 100.
    assert rec.adjusted.loc[("A", "01"), 2022] == pytest.approx(120.0)
    assert rec.volumes.adjusted.loc[("A", "01"), 2022] == pytest.approx(110.0)
    assert rec.volumes.adjusted.loc[("B", "01"), 2022] == pytest.approx(100.0)


def test_taxes_rake_keeps_the_collected_taxes_raked():
    rec = reconcile_national(CURRENT, NAT_CUR, taxes="rake")
    # Collected 14 and 2 raked to 24: A = 14 * 24/16 = 21.
    assert rec.adjusted.loc[("A", "TAX"), 2022] == pytest.approx(21.0)
    assert rec.taxes is None and rec.volumes is None


def test_missing_province_year_is_left_as_submitted_at_both_prices():
    rec = reconcile_national(
        CURRENT, NAT_CUR, expected=["A", "B", "C"], constant=CONSTANT, national_constant=NAT_CON
    )
    assert (rec.adjusted == CURRENT).all().all()
    assert (rec.volumes.adjusted == CONSTANT).all().all()
    assert [f.code for f in rec.findings].count("reconcile-incomplete") == 2


def test_allocated_taxes_add_up_exactly():
    # 7 provinces with awkward shares: the parts must add up to the total in floating point.
    gva = [1.0 / 3, 2.0 / 7, 0.1, 5.5, 1e-3, 123.456, 0.7]
    data = {f"P{i}": {"01": [g, g], "TAX": [0.0, 0.0]} for i, g in enumerate(gva)}
    panel = _panel(data)
    nat = pd.DataFrame({2021: {"TAX": 1234.5678}, 2022: {"TAX": -0.3}})
    out, table = allocate_taxes(panel, nat)
    for year, total in ((2021, 1234.5678), (2022, -0.3)):
        parts = out.xs("TAX", level=1)[year].tolist()
        assert math.fsum(parts) == total
    assert len(table) == 14


def test_per_capita_uses_allocated_gdp():
    rec = reconcile_national(CURRENT, NAT_CUR)
    pop = pd.DataFrame({2022: {"A": 200_000.0, "B": 100_000.0}})
    pc = per_capita_with_allocated_taxes(rec.adjusted, pop)
    # A: (200 + 15.7377049) bn kip / 200,000 = 1,078,688.5 kip.
    assert pc.loc[("A", "GDPPC_KIP"), 2022] == pytest.approx(1_078_688.5245)
    assert math.isnan(pc.loc[("A", "GDPPC_KIP"), 2021])


def test_unknown_options_are_refused():
    with pytest.raises(ValueError, match="deflator"):
        derive_volumes(CURRENT, NAT_CUR, NAT_CON, deflator="regional")
    with pytest.raises(ValueError, match="taxes"):
        reconcile_national(CURRENT, NAT_CUR, taxes="collected")


def test_finding_types_are_bilingual():
    for code in ("volume-reconcile-adjusted", "taxes-allocated"):
        t = get_type(code)
        assert t.en and t.lo and t.description


# ------------------------------------------------------------------ property: sums meet totals
_pos = st.floats(min_value=1.0, max_value=1e5, allow_nan=False, allow_infinity=False)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 5),
    seed=st.integers(0, 10_000),
    deflator=st.sampled_from(["national", "own"]),
    detail=st.sampled_from(["industry", "sector"]),
)
def test_sums_meet_national_at_current_and_constant_prices(n, seed, deflator, detail):
    rng = np.random.default_rng(seed)
    years = [2020, 2021, 2022]
    inds = ["01", "02", "07"]

    def values():
        return {
            f"P{i}": {c: list(rng.uniform(1, 1000, len(years))) for c in [*inds, "TAX"]}
            for i in range(n)
        }

    cur = _panel(values(), years)
    con = _panel(values(), years)
    lines = inds if detail == "industry" else ["AGR", "IND", "SER"]
    # National totals within -20 % .. +25 % of the provinces' sum (raking with unequal
    # alterability can turn cells negative when the discrepancy is larger than the cells).
    sum_cur = cur.groupby(level="line").sum().loc[[*lines, "TAX"]]
    sum_con = con.groupby(level="line").sum().loc[[*lines, "TAX"]]
    nat_cur = sum_cur * rng.uniform(0.8, 1.25, sum_cur.shape)
    nat_con = sum_con * rng.uniform(0.8, 1.25, sum_con.shape)
    alter = pd.DataFrame(
        rng.uniform(0.2, 2.0, (n, 4)), index=[f"P{i}" for i in range(n)], columns=[*inds, "TAX"]
    )
    rec = reconcile_national(
        cur, nat_cur, alter, constant=con, national_constant=nat_con, deflator=deflator
    )
    for panel, nat in ((rec.adjusted, nat_cur), (rec.volumes.adjusted, nat_con)):
        sums = panel.groupby(level="line").sum()
        for line in nat.index:
            for y in years:
                assert sums.loc[line, y] == pytest.approx(nat.loc[line, y], rel=1e-9)
        # Aggregates are the sums of their parts in every province.
        for prov in panel.index.get_level_values(0).unique():
            b = panel.loc[prov]
            assert np.allclose(b.loc["GDP"], b.loc["GVA"] + b.loc["TAX"], rtol=1e-12)
    # Taxes allocated add up exactly.
    for y in years:
        assert math.fsum(rec.adjusted.xs("TAX", level=1)[y]) == nat_cur.loc["TAX", y]
