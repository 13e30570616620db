"""``records()`` (no pandas) reads every data CSV as ``read_csv()`` (pandas) does."""

from __future__ import annotations

import pytest

from xladdin.templates.data import DATA_DIR, read_csv, records

CSVS = sorted(DATA_DIR.glob("*.csv"))


@pytest.mark.parametrize("path", CSVS, ids=lambda p: p.name)
def test_records_equal_read_csv(path):
    frame = read_csv(path)
    rows = records(path)
    assert len(rows) == len(frame)
    assert [list(r) for r in rows] == [list(frame.columns)] * len(rows)
    assert [list(r.values()) for r in rows] == frame.astype(str).values.tolist()
