"""GDP_CHAIN refuses quarterly/monthly-looking data when periods_per_year is left at 1 (issue 8).

Quarterly data have no previous-year-price values in the whole first year: the first 4 periods
are empty. Treated as annual, such input would break the chain at period 2 (every later result
empty), so a clear #GDP! saying "give periods_per_year = 4" loses nothing. Data that do not show
this layout (e.g. quarterly data with PYP typed for the first year too) cannot be told from
annual data; docs/functions.md says so.
"""

from tests.udfs.excel_call import call_like_excel, col, row
from udfs import GDP_CHAIN


def _error_text(result):
    assert isinstance(result, list) and len(result) == 1 and len(result[0]) == 1, result
    text = result[0][0]
    assert isinstance(text, str) and text.startswith("#GDP! "), text
    return text


CP = col(10.0, 12.0, 14.0, 12.0, 13.0, 15.0, 16.0, 16.0)
PYP = col(None, None, None, None, 11.0, 13.0, 14.0, 13.0)


def test_quarterly_layout_without_periods_per_year_is_refused():
    text = _error_text(call_like_excel(GDP_CHAIN, CP, PYP))
    assert "first 4 periods" in text and "periods_per_year = 4" in text
    # an explicit 1 is refused the same way
    assert "quarterly" in _error_text(call_like_excel(GDP_CHAIN, CP, PYP, 1, 1))


def test_monthly_layout_is_refused():
    cp = col(*([10.0] * 24))
    pyp = col(*([None] * 12 + [10.0] * 12))
    assert "periods_per_year = 12" in _error_text(call_like_excel(GDP_CHAIN, cp, pyp))


def test_quarterly_with_periods_per_year_and_annual_data_still_work():
    # hand example of tests/udfs/test_functions.py: annual overlap gives 10..14 then 11..13
    res = call_like_excel(GDP_CHAIN, CP, PYP, 1, 4)
    assert [r[0] for r in res] == [10.0, 12.0, 14.0, 12.0, 11.0, 13.0, 14.0, 13.0]
    # annual data: only the first period is empty -> not refused (14, 23, 23 x 66 / 36)
    res = call_like_excel(GDP_CHAIN, col(14.0, 36.0, 89.0), col(None, 23.0, 66.0))
    assert [r[0] for r in res][:2] == [14.0, 23.0]


def test_refusal_also_for_a_row_and_not_for_an_all_empty_series():
    cp = row(10.0, 12.0, 14.0, 12.0, 13.0, 15.0, 16.0, 16.0)
    pyp = row(None, None, None, None, 11.0, 13.0, 14.0, 13.0)
    assert "periods_per_year = 4" in _error_text(call_like_excel(GDP_CHAIN, cp, pyp))
    # one year of quarters and nothing at previous-year prices: nothing to tell, not refused
    res = call_like_excel(GDP_CHAIN, col(10.0, 12.0, 14.0, 12.0), col(None, None, None, None))
    assert not (isinstance(res[0][0], str) and "periods_per_year" in res[0][0])
