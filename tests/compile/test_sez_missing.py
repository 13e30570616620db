"""sez-enterprise: an empty cell is a missing value in the sums, never a zero."""

from __future__ import annotations

import io

import numpy as np

from xladdin.compile.sez import compute_sez
from xladdin.templates.binding import bind
from xladdin.templates.builder import build_workbook
from xladdin.templates.sample import sez_fill
from xladdin.workbook.xlsx_reader import open_xlsx


def _tables(edit):
    fill = sez_fill()
    rows = fill.blocks["enterprises"].astype(object)
    edit(rows)
    fill.blocks["enterprises"] = rows
    buf = io.BytesIO()
    build_workbook("sez-enterprise", fill=fill).save(buf)
    tables, findings, _ = compute_sez(bind(open_xlsx(buf.getvalue())))
    return {k: v.set_index(v.columns[0]) for k, v in tables.items()}, findings


def test_empty_employees_stay_empty_not_zero():
    def edit(rows):
        rows.loc[rows.zone == "Golden Triangle", "employees"] = None

    t, _ = _tables(edit)
    assert np.isnan(t["by_zone"].at["Golden Triangle", "employees"])  # was 0
    assert t["by_zone"].at["Savan-Seno", "employees"] == 455  # 400 + 55
    assert t["by_zone"].at["Golden Triangle", "gva"] == 70.0  # (100-60) + (50-20)


def test_a_missing_output_leaves_its_totals_missing_and_is_reported():
    def edit(rows):
        rows.loc[rows.name == "Factory C", "output"] = None

    t, findings = _tables(edit)
    # Savan-Seno GVA = (? - 50) + (40 - 10): unknown, not 30
    assert np.isnan(t["by_zone"].at["Savan-Seno", "gva"])
    assert np.isnan(t["by_zone"].at["Savan-Seno", "output"])
    assert t["by_zone"].at["Savan-Seno", "ic"] == 60.0  # 50 + 10, both known
    assert np.isnan(t["by_province"].at["13", "gva"])
    assert t["by_province"].at["05", "gva"] == 70.0
    assert "compile-missing-input" in {f.code for f in findings}


def test_summary_total_is_not_a_partial_sum():
    fill = sez_fill()
    rows = fill.blocks["enterprises"].astype(object)
    rows.loc[rows.name == "Factory C", "ic"] = None
    fill.blocks["enterprises"] = rows
    buf = io.BytesIO()
    build_workbook("sez-enterprise", fill=fill).save(buf)
    _, _, summary = compute_sez(bind(open_xlsx(buf.getvalue())))
    assert summary["gva_total"] is None  # was 100 = 130 - 30 (Factory C left out)
