"""Shifting relative references (shared formula expansion)."""

import pytest

from xladdin.workbook.formula_shift import shift_formula


@pytest.mark.parametrize(
    ("formula", "drow", "dcol", "expected"),
    [
        ("=B2*$C$1+'My Sheet'!A1", 2, 1, "=C4*$C$1+'My Sheet'!B3"),
        ("=SUM(A:A)+LOG10(B2)", 1, 1, "=SUM(B:B)+LOG10(C3)"),
        ('="A1"&A1', 1, 0, '="A1"&A2'),
        ("=T[[#This Row],[B1]]+1:3", 1, 0, "=T[[#This Row],[B1]]+2:4"),
        ("=$A2+A$2", 3, 3, "=$A5+D$2"),
        ("=A1", -1, 0, "=#REF!"),
        ("=GDP_GVA(B5:B20,C5:C20)", 1, 0, "=GDP_GVA(B6:B21,C6:C21)"),
        ("=A1", 0, 0, "=A1"),
    ],
)
def test_shift(formula, drow, dcol, expected):
    assert shift_formula(formula, drow, dcol) == expected
