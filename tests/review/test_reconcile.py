"""Raking provincial current-price GVA to national totals, and top-down allocation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from xladdin.review.reconcile import allocate_top_down, rake_panel, reaggregate
from xladdin.review.sample import add_aggregates


def _panel(values: dict[str, dict[str, float]], year: int = 2022) -> pd.DataFrame:
    """(province, line) x [year] panel from {province: {industry: value}} with aggregates."""
    frames = {}
    for prov, inds in values.items():
        df = pd.DataFrame({year: inds}).astype(float)
        frames[prov] = add_aggregates(df, tax_share=0.1)
    out = pd.concat(frames, names=["province", "line"])
    return out


PANEL = _panel({"01": {"01": 100, "02": 50, "07": 30}, "02": {"01": 60, "02": 10, "07": 20}})


def _national(**lines: float) -> pd.DataFrame:
    return pd.DataFrame({2022: lines})


def test_sector_totals_are_met_and_proportional():
    # National gives sectors only: AGR (industry 01), IND (02), SER (07) and TAX.
    nat = _national(AGR=176.0, IND=66.0, SER=55.0, TAX=27.0)
    rec = rake_panel(PANEL, nat)
    adj = rec.adjusted
    sums = adj.groupby(level="line").sum()
    for line, total in nat[2022].items():
        assert sums.loc[line, 2022] == pytest.approx(total)
    # Proportional: both provinces' 01 scaled by the same factor 176/160.
    assert adj.loc[("01", "01"), 2022] == pytest.approx(100 * 176 / 160)
    assert adj.loc[("02", "01"), 2022] == pytest.approx(60 * 176 / 160)
    # Aggregates re-added from the adjusted industries.
    for prov in ("01", "02"):
        block = adj.loc[prov, 2022]
        assert block["GVA"] == pytest.approx(block["01"] + block["02"] + block["07"])
        assert block["GDP"] == pytest.approx(block["GVA"] + block["TAX"])
    # Every change is visible cell by cell.
    diff = rec.difference
    assert diff.loc[("01", "01"), 2022] == pytest.approx(adj.loc[("01", "01"), 2022] - 100)
    assert set(rec.log["met"]) == {True}
    assert {f.code for f in rec.findings} == {"reconcile-adjusted"}


def test_input_not_mutated():
    before = PANEL.copy()
    rake_panel(PANEL, _national(AGR=200.0))
    pd.testing.assert_frame_equal(PANEL, before)


def test_held_cells_do_not_move():
    nat = _national(IND=90.0)  # provinces: 50 + 10 = 60
    alter = pd.DataFrame({"02": {"01": 0.0}})  # province 01's mining is held fixed
    adj = rake_panel(PANEL, nat, alterability=alter).adjusted
    assert adj.loc[("01", "02"), 2022] == 50
    assert adj.loc[("02", "02"), 2022] == pytest.approx(40)


def test_total_not_met_when_everything_is_held():
    nat = _national(IND=90.0)
    alter = pd.DataFrame({"02": {"01": 0.0, "02": 0.0}})
    rec = rake_panel(PANEL, nat, alterability=alter)
    codes = [f.code for f in rec.findings]
    assert "rake-total-not-met" in codes
    (f,) = [f for f in rec.findings if f.code == "rake-total-not-met"]
    assert f.severity.value == "warning"
    # why, in each language: the core's own English, the kind of problem in Lao (issue #12)
    from xladdin.findings.words import word

    assert "cannot meet total 90" in f.message_en
    assert word("calc_infeasible", "lo") in f.message_lo and "cannot" not in f.message_lo
    assert rec.log.iloc[0]["met"] == False  # noqa: E712
    # Left as submitted.
    assert rec.adjusted.loc[("01", "02"), 2022] == 50


def test_industry_detail_used_when_national_has_every_industry_of_a_sector():
    nat = _national(**{"01": 200.0, "AGR": 999.0})
    rec = rake_panel(PANEL, nat)
    assert list(rec.log["line"]) == ["01"]  # the industry, not the (inconsistent) sector
    assert rec.adjusted.xs("01", level="line")[2022].sum() == pytest.approx(200)


def test_reaggregate_keeps_missing_as_missing():
    p = PANEL.copy()
    p.loc[("01", "07"), 2022] = np.nan
    out = reaggregate(p)
    assert out.loc[("01", "SER"), 2022] == pytest.approx(0.0) or np.isnan(
        out.loc[("01", "SER"), 2022]
    )


def test_allocation_by_population_and_by_gva():
    nat = _national(GDP=1000.0, AGR=100.0)
    pop = pd.Series({"01": 300.0, "02": 100.0})
    by_pop = allocate_top_down(nat, 2022, "population", population=pop)
    assert by_pop.loc["01", "GDP"] == pytest.approx(750)
    assert by_pop["GDP"].sum() == pytest.approx(1000)
    by_gva = allocate_top_down(nat, 2022, "gva", panel=PANEL)
    assert by_gva.loc["01", "AGR"] == pytest.approx(100 * 100 / 160)
    with pytest.raises(ValueError):
        allocate_top_down(nat, 2022, "households")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_values = st.floats(min_value=0.5, max_value=1e5, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(
    a=st.lists(_values, min_size=3, max_size=3),
    b=st.lists(_values, min_size=3, max_size=3),
    factor=st.floats(min_value=0.5, max_value=2.0),
    fixed=st.booleans(),
)
def test_raking_properties(a, b, factor, fixed):
    panel = _panel({"01": dict(zip(["01", "02", "07"], a)), "02": dict(zip(["01", "02", "07"], b))})
    before = panel.copy()
    sums = {"AGR": a[0] + b[0], "IND": a[1] + b[1], "SER": a[2] + b[2]}
    nat = _national(**{k: v * factor for k, v in sums.items()})
    alter = pd.DataFrame({"02": {"01": 0.0}}) if fixed else None
    rec = rake_panel(panel, nat, alterability=alter)
    pd.testing.assert_frame_equal(panel, before)  # input never mutated
    adj = rec.adjusted
    for line, ind in (("AGR", "01"), ("IND", "02"), ("SER", "07")):
        assert adj.xs(ind, level="line")[2022].sum() == pytest.approx(nat.loc[line, 2022], rel=1e-9)
    if fixed:
        assert adj.loc[("01", "02"), 2022] == a[1]
    # The difference sheet is exactly adjusted - original.
    np.testing.assert_allclose(rec.difference.to_numpy(), (adj - panel).to_numpy())


def test_national_gva_only_rakes_every_industry_together():
    rec = rake_panel(PANEL, _national(GVA=540.0, GDP=600.0))
    assert list(rec.log["line"]) == ["GVA"]
    gva = rec.adjusted.xs("GVA", level="line")[2022].sum()
    assert gva == pytest.approx(540.0)
    assert rec.adjusted.loc[("01", "01"), 2022] == pytest.approx(100 * 2)


def test_raking_mixed_signs_that_turns_a_value_negative_is_said():
    # Industry 02 (IND): province 01 has 50, province 02 a loss of -45; the nation says -20.
    # In proportion to the values the discrepancy -25 moves each by its share of the sum 5:
    # 50 + 50/5 * -25 = -200 and -45 + (-45/5) * -25 = 180 (rake's formula,
    # x_i + w_i (T - sum x) / sum w with w = x), so 01's positive 50 becomes -200.
    panel = _panel({"01": {"01": 100, "02": 50}, "02": {"01": 60, "02": -45}})
    rec = rake_panel(panel, _national(IND=-20.0))
    assert rec.adjusted.loc[("01", "02"), 2022] == pytest.approx(-200.0)
    assert rec.adjusted.loc[("02", "02"), 2022] == pytest.approx(180.0)
    flips = [f for f in rec.findings if f.code == "rake-negative-result"]
    assert len(flips) == 1
    assert flips[0].details["value"] == pytest.approx(-200.0)
    assert "IND 2022" in flips[0].message_en and "01" in flips[0].message_en
    assert flips[0].message_lo  # both languages from the catalogue


def test_raking_that_keeps_signs_says_nothing_about_them():
    rec = rake_panel(PANEL, _national(AGR=176.0, IND=66.0, SER=55.0, TAX=27.0))
    assert not [f for f in rec.findings if f.code == "rake-negative-result"]
