"""A UDF never raises: random junk in every argument gives numbers or one #GDP! text cell."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import udfs
from tests.udfs.excel_call import call_like_excel

scalar = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.sampled_from([-2146826246, -2146826281, True, False, "", " ", "-", "n.a.", "abc", "TRUE"]),
    st.text(max_size=5),
)
rect = st.integers(1, 4).flatmap(
    lambda w: st.lists(st.tuples(*[scalar] * w), min_size=1, max_size=6).map(tuple)
)
nested = st.recursive(scalar, lambda inner: st.lists(inner, max_size=3).map(tuple), max_leaves=8)
junk = st.one_of(scalar, rect, nested)

names = sorted(udfs.FUNCTIONS)


def _ok_cell(v):
    return v == "" or isinstance(v, str) or (isinstance(v, float) and math.isfinite(v))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(names), st.lists(junk, min_size=0, max_size=8))
def test_udfs_never_raise(name, args):
    func = udfs.FUNCTIONS[name]
    args = args[: len(func.__xlfunc__["args"])]
    result = call_like_excel(func, *args)
    assert isinstance(result, list) and result and all(isinstance(r, list) for r in result)
    cells = [v for r in result for v in r]
    strings = [v for v in cells if isinstance(v, str) and v.startswith("#GDP!")]
    if strings:
        assert len(cells) == 1, result
    else:
        assert all(_ok_cell(v) for v in cells), result
    assert all(
        not isinstance(v, str) or v in ("", "OK") or v.startswith("#GDP!") or _is_number(v)
        for v in cells
    ), result


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(names), st.lists(junk, min_size=0, max_size=8))
def test_udfs_never_raise_from_python(name, args):
    """Called directly from Python (no xlwings conversion) the same holds."""
    func = udfs.FUNCTIONS[name]
    n = len(func.__xlfunc__["args"])
    required = n - sum(1 for a in func.__xlfunc__["args"] if "optional" in a)
    args = (args + [None] * n)[: max(required, min(len(args), n))]
    func(*args)  # must not raise
