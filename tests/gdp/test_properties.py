"""Property tests (hypothesis): identities and invariants that hold for any input."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from xladdin.gdp import (
    contributions,
    deflate,
    gdp,
    growth,
    gva,
    rereference,
    shares,
    splice_interpolate,
    splice_ratio,
)

positive = st.floats(min_value=0.5, max_value=1e6, allow_nan=False, allow_infinity=False)
real = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


def series(elements=positive, min_size=2, max_size=30):
    return st.integers(min_size, max_size).flatmap(lambda n: arrays(float, n, elements=elements))


@settings(max_examples=60, deadline=None)
@given(series(), st.data())
def test_rereference_keeps_growth_rates(x, data):
    ref = data.draw(st.integers(1, x.size))
    np.testing.assert_allclose(growth(rereference(x, ref))[1:], growth(x)[1:], rtol=1e-9, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(series(min_size=3), st.data())
def test_ratio_splice_keeps_old_growth_before_link_and_new_from_it(old, data):
    k = data.draw(st.integers(1, old.size - 1))  # first overlap (0-based)
    new = np.full(old.size, np.nan)
    new[k:] = data.draw(arrays(float, old.size - k, elements=positive))
    link = data.draw(st.integers(k + 1, old.size))  # 1-based link anywhere in the overlap
    r = splice_ratio(old, new, link=link)
    linked = r.series
    # old growth rates up to and into the link period, new growth rates from it
    np.testing.assert_allclose(
        growth(linked[:link])[1:], growth(old[:link])[1:], rtol=1e-9, atol=1e-9
    )
    np.testing.assert_array_equal(linked[link - 1 :], new[link - 1 :])
    assert r.link_position == link
    assert (linked > 0).all()


@settings(max_examples=60, deadline=None)
@given(series(min_size=3), st.data())
def test_interpolated_ratios_linear_between_benchmarks_and_positive(old, data):
    k = data.draw(st.integers(1, old.size - 1))
    new = np.full(old.size, np.nan)
    new[k:] = data.draw(arrays(float, old.size - k, elements=positive))
    b = data.draw(st.integers(1, k))  # 1-based old base, before the 1-based link k + 1
    value = data.draw(st.none() | positive)
    r = splice_interpolate(old, new, old_base=b, old_base_value=value)
    ratio = r.series / old
    r_b = 1.0 if value is None else value / old[b - 1]
    np.testing.assert_allclose(ratio[:b], r_b, rtol=1e-9)  # constant up to the old base
    np.testing.assert_allclose(ratio[k], new[k] / old[k], rtol=1e-9)
    # linear from the old base to the link: equal steps
    steps = np.diff(ratio[b - 1 : k + 1])
    np.testing.assert_allclose(steps, (ratio[k] - r_b) / (k + 1 - b), rtol=1e-7, atol=1e-9)
    np.testing.assert_array_equal(r.series[k:], new[k:])
    assert (r.series > 0).all()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 8), st.integers(1, 8), st.data())
def test_shares_sum_to_100(rows, cols, data):
    x = data.draw(arrays(float, (rows, cols), elements=positive))
    if cols == 1:
        np.testing.assert_allclose(shares(x[:, 0]).sum(), 100.0, rtol=1e-9)
    else:
        np.testing.assert_allclose(shares(x).sum(axis=1), 100.0, rtol=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.data())
def test_gdp_identity(rows, cols, data):
    out = data.draw(arrays(float, (rows, cols), elements=real))
    inter = data.draw(arrays(float, (rows, cols), elements=real))
    taxes = data.draw(arrays(float, rows, elements=real))
    subs = data.draw(arrays(float, rows, elements=real))
    value_added = gva(out, inter)
    total = gdp(value_added, taxes, subs)
    expected = out.sum(axis=1) - inter.sum(axis=1) + taxes - subs
    np.testing.assert_allclose(total, expected, rtol=1e-9, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 10), st.integers(1, 5), st.data())
def test_contributions_add_up_to_growth(rows, cols, data):
    parts = data.draw(arrays(float, (rows, cols), elements=positive))
    total = parts.sum(axis=1)
    c = contributions(parts, total)
    np.testing.assert_allclose(c[1:].sum(axis=1), growth(total)[1:], rtol=1e-9, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(series(), series())
def test_inputs_never_mutated(a, b):
    n = min(a.size, b.size)
    a, b = a[:n], b[:n]
    a0, b0 = a.copy(), b.copy()
    listed = a.tolist()
    for f in (gva, deflate, shares, contributions, growth, splice_ratio):
        try:
            f(a, b) if f not in (shares, growth) else f(a)
            f(listed, b.tolist()) if f not in (shares, growth) else f(listed)
        except Exception:
            pass
    np.testing.assert_array_equal(a, a0)
    np.testing.assert_array_equal(b, b0)
    assert listed == a0.tolist()
