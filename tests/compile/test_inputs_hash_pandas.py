"""The inputs hash does not depend on the pandas version (scheme ``xladdin-inputs-v1``: "one line
per non-empty cell").

From pandas 3, ``DataFrame.iterrows`` infers a string dtype for a row holding only text and
empty cells and turns each empty cell (None) into NaN, which hashed as a ``#NUM!`` cell: a
workbook compiled under pandas 2 read as out of date under pandas 3 and the other way round.
The expected digests here are written out by hand from the scheme's definition
(:mod:`xladdin.compile.current` docstring), not computed by the code under test.
"""

from __future__ import annotations

import hashlib
from types import SimpleNamespace

import pandas as pd
import pytest

from xladdin.compile.current import INPUTS_PROPERTY, inputs_hash, outputs_current


def _spec_without_tables():
    def table(key):
        raise KeyError(key)  # every column of the block counts as input

    return SimpleNamespace(table=table)


def _bound(raw: pd.DataFrame) -> SimpleNamespace:
    info = SimpleNamespace(id="t", version="1.0", spec=_spec_without_tables())
    block = SimpleNamespace(raw=raw, years=[])
    return SimpleNamespace(info=info, inputs={"k": block}, scalars={}, memo={})


def _by_hand(*lines: str) -> str:
    text = "xladdin-inputs-v1\ntemplate\tt\t1.0" + "".join("\n" + line for line in sorted(lines))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _text_row_with_an_empty_cell() -> pd.DataFrame:
    return pd.DataFrame([["Rice", None], [None, 12.5]], columns=["name", "2020"], dtype=object)


def test_an_empty_cell_in_a_text_row_is_no_line():
    raw = _text_row_with_an_empty_cell()
    expected = _by_hand("table\tk\t0\tname\ts\t'Rice'", "table\tk\t1\t2020\tn\t12.5")
    assert inputs_hash(_bound(raw)) == expected


def test_the_same_cells_give_the_same_hash_whatever_the_column_dtypes():
    raw = _text_row_with_an_empty_cell()
    mixed = raw.astype({"name": object})  # same objects, another frame
    assert inputs_hash(_bound(raw)) == inputs_hash(_bound(mixed))


def test_a_recorded_hash_is_current_and_a_changed_cell_is_not():
    raw = _text_row_with_an_empty_cell()
    recorded = _by_hand("table\tk\t0\tname\ts\t'Rice'", "table\tk\t1\t2020\tn\t12.5")
    assert outputs_current(_bound(raw), {INPUTS_PROPERTY: recorded}) is True
    changed = raw.copy()
    changed.iloc[1, 1] = 13.5
    assert outputs_current(_bound(changed), {INPUTS_PROPERTY: recorded}) is False


@pytest.mark.skipif(int(pd.__version__.split(".")[0]) < 3, reason="pandas 2 never made NaN here")
def test_a_hash_recorded_under_pandas_3_before_the_fix_still_reads_as_current():
    # What xladdin recorded under pandas 3 before: the empty cells of row 0 hashed as #NUM!.
    raw = _text_row_with_an_empty_cell()
    legacy = _by_hand(
        "table\tk\t0\tname\ts\t'Rice'",
        "table\tk\t0\t2020\te\t#NUM!",
        "table\tk\t1\t2020\tn\t12.5",
    )
    assert outputs_current(_bound(raw), {INPUTS_PROPERTY: legacy}) is True
