"""Issue #8 leftover: a chain-linked line whose series changes sign is left empty *with* a
finding (``compile-chain-sign-change``).

The rule comes from the IMF Quarterly National Accounts Manual (2017), ch. 8, §8.56-8.58:
chain-linked volumes (and growth rates) are not defined for a series that can be positive,
negative or zero; the link factor PYP_t / CP_{t-1} is negative where the sign changes. The
numbers are the round numbers of ``province_hand.tiny_fill`` (GVA 600 in each of 21 industries,
prices and volumes flat, taxes on products 1260 in 2012), with a taxes volume index falling and
subsidies on products added; every expected value is derived by hand in the comments, none
comes from xladdin.
"""

from __future__ import annotations

import numpy as np
import pytest
from province_hand import compile_fill, tiny_fill

from xladdin.compile.chain_sign import sign_changes


def _net_taxes_turn_negative():
    # Taxes on products 1260 in 2012, then 1134 (volume index 100, 90, 90; prices flat);
    # subsidies 1200 every year (constant subsidies = 1200 x GVA volume, flat).
    # Net taxes at current prices: 1260 - 1200 = 60, then 1134 - 1200 = -66, -66.
    # At previous-year prices 2013: taxes 1260 x 90/100 = 1134, subsidies 1200 x 1 = 1200,
    # net -66; link factor -66 / 60 < 0: the series changes sign between 2012 and 2013.
    # 2014: net PYP 1134 x 90/90 - 1200 = -66 over CP 2013 -66: link +1 (no change of sign).
    fill = tiny_fill()
    yrs = fill.blocks["years"].copy()
    yrs["taxes_current"] = [1260.0, 1134.0, 1134.0]
    yrs["taxes_volume"] = [100.0, 90.0, 90.0]
    yrs["subsidies_current"] = [1200.0, 1200.0, 1200.0]
    fill.blocks["years"] = yrs
    return compile_fill(fill)[1]


def test_net_taxes_changing_sign_leave_the_chain_line_empty_with_a_finding():
    res = _net_taxes_turn_negative()
    assert res.tables["gva_current"].at["TAX", 2012] == pytest.approx(60.0)
    assert res.tables["gva_current"].at["TAX", 2013] == pytest.approx(-66.0)
    assert np.isnan(res.tables["chain"].loc["TAX"].to_numpy(dtype=float)).all()
    hits = [f for f in res.findings if f.code == "compile-chain-sign-change"]
    assert len(hits) == 1
    f = hits[0]
    assert f.severity.value == "warning"
    assert f.sheet == "Results"  # the chain-linked table's sheet (templates/spec.py)
    assert "TAX Taxes less subsidies on products" in f.message_en
    assert "2012-2013" in f.message_en and "2013-2014" not in f.message_en
    assert "Chain-linked volumes" in f.message_en
    # Lao message: the Lao line name (industries.csv) and table title (glossary.csv)
    assert "ພາສີຫັກເງິນອຸດໜູນຜະລິດຕະພັນ" in f.message_lo and "2012-2013" in f.message_lo
    assert "Taxes less subsidies" not in f.message_lo


def test_the_other_lines_are_still_chain_linked():
    # GDP stays positive: 2012 12600 + 60 = 12660 (reference year: chain = current prices);
    # GDP at previous-year prices 2013: 12600 - 66 = 12534, chain 12660 x 12534 / 12660
    res = _net_taxes_turn_negative()
    assert res.tables["chain"].at["GDP", 2012] == pytest.approx(12660.0)
    assert res.tables["chain"].at["GDP", 2013] == pytest.approx(12534.0)
    assert res.tables["chain"].at["GVA", 2013] == pytest.approx(12600.0)


def test_no_finding_when_no_series_changes_sign():
    _, res = compile_fill(tiny_fill())
    assert not [f for f in res.findings if f.code == "compile-chain-sign-change"]


def test_the_finding_hint_cites_the_imf_manual():
    from xladdin.findings import catalogue

    (ftype,) = [t for t in catalogue() if t.code == "compile-chain-sign-change"]
    hint = ftype.description
    assert "IMF Quarterly National Accounts Manual (2017), ch. 8" in hint
    assert "difference of two chain-linked aggregates" in hint


@pytest.mark.parametrize(
    ("cp", "pyp", "expected"),
    [
        ([60.0, -66.0, -66.0], [np.nan, -66.0, -66.0], ["2012-2013"]),  # the case above
        ([5.0, -3.0, 4.0], [np.nan, -2.0, 1.0], ["2012-2013", "2013-2014"]),
        ([5.0, 0.0, 4.0], [np.nan, 0.0, 1.0], []),  # a zero is not a change of sign
        ([-5.0, -3.0, -4.0], [np.nan, -2.0, -1.0], []),  # negative throughout: links > 0
    ],
)
def test_sign_changes_are_the_negative_link_factors(cp, pyp, expected):
    assert sign_changes(cp, pyp, [2012, 2013, 2014]) == expected
