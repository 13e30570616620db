"""parse_number: explicit separators, Lao digits, ambiguity, missing markers (docs/design.md §9)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xladdin.text import LAO_DIGITS, parse_number


@pytest.mark.parametrize(
    "text, value",
    [
        ("1234", 1234.0),
        ("1,234.5", 1234.5),
        ("1,234,567", 1234567.0),
        ("1,234,567.25", 1234567.25),
        ("1.234.567", 1234567.0),
        ("1.234,5", 1234.5),
        ("1 234 567", 1234567.0),
        ("1\u00a0234,50", 1234.5),
        ("12,5", 12.5),
        ("0,463", 0.463),
        ("0.123", 0.123),
        ("1234.567", 1234.567),
        (".5", 0.5),
        ("12.", 12.0),
        ("-3.5", -3.5),
        ("+3.5", 3.5),
        ("\u22125", -5.0),
        ("(1,234.5)", -1234.5),
        ("5.2%", 0.052),
        ("1.5e3", 1500.0),
        ("  42  ", 42.0),
    ],
)
def test_parses_unambiguous_numbers(text, value):
    p = parse_number(text)
    assert p.value == pytest.approx(value)
    assert not p.ambiguous
    assert not p.had_lao_digits


@pytest.mark.parametrize(
    "text, value, alternative",
    [
        ("1.234", 1.234, 1234.0),
        ("5,463", 5463.0, 5.463),
        ("-1.234", -1.234, -1234.0),
        ("999,999", 999999.0, 999.999),
    ],
)
def test_one_separator_before_three_digits_is_ambiguous(text, value, alternative):
    p = parse_number(text)
    assert p.ambiguous and p.reason == "ambiguous-separator"
    assert p.value == pytest.approx(value)
    assert p.alternative == pytest.approx(alternative)


def test_lao_digits_are_converted_and_reported():
    p = parse_number("໒໐໒໓")
    assert p.value == 2023.0 and p.had_lao_digits and not p.ambiguous
    p = parse_number("໑,໒໓໔.໕")
    assert p.value == 1234.5 and p.had_lao_digits
    assert parse_number("໑,໒໓໔").ambiguous
    assert [parse_number(d).value for d in LAO_DIGITS] == [float(i) for i in range(10)]


@pytest.mark.parametrize("text", ["-", "–", "n.a.", "N/A", "na", "..", "…", "x", "ບໍ່ມີ"])
def test_missing_markers_are_not_numbers(text):
    p = parse_number(text)
    assert p.value is None and p.reason == "missing-marker"


@pytest.mark.parametrize(
    "text",
    ["abc", "1,2,3", "1,23,456", "12 34", "1.2.3,4,5", "๑๒๓", "1e400", "nan", "inf", "1-2", "₭100"],
)
def test_not_numbers(text):
    p = parse_number(text)
    assert p.value is None and p.reason == "not-a-number"


def test_empty_and_other_types():
    assert parse_number("").reason == "empty"
    assert parse_number("   ").reason == "empty"
    assert parse_number(None).value is None
    assert parse_number(True).value is None
    assert parse_number(7).value == 7.0
    assert parse_number(float("nan")).value is None


def test_python_unicode_digits_are_not_trusted():
    # float() accepts any Unicode digit; parse_number only Lao and ASCII ones.
    assert parse_number("١٢٣").value is None  # Arabic-Indic


finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15)


@given(finite)
def test_round_trip_repr(x):
    p = parse_number(repr(x))
    assert p.value == x


@given(finite, st.integers(min_value=0, max_value=6))
def test_round_trip_fixed_and_grouped(x, places):
    for text in (f"{x:.{places}f}", f"{x:,.{places}f}"):
        p = parse_number(text)
        assert p.value is not None
        assert math.isclose(p.value, round(x, places), rel_tol=1e-12, abs_tol=10**-places)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_round_trip_integers_grouped(n):
    p = parse_number(f"{n:,}")
    assert p.value == float(n)
    # Grouped integers of 4-6 digits have one comma before three digits: ambiguous.
    assert p.ambiguous == (1000 <= abs(n) < 1_000_000)
