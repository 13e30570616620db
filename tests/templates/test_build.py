"""Templates are built reproducibly from their spec, carry their stamp, and separate input from
computed cells; the committed templates equal a fresh build."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from xladdin.templates.binding import META_SHEET, PROP_ID, PROP_VERSION
from xladdin.templates.spec import SPECS

ROOT = Path(__file__).resolve().parents[2]


def _content(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    cells = {
        ws.title: {
            c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None
        }
        for ws in wb.worksheets
    }
    tables = {t.name: (ws.title, t.ref) for ws in wb.worksheets for t in ws.tables.values()}
    names = {n: d.attr_text for n, d in wb.defined_names.items()}
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    states = {ws.title: ws.sheet_state for ws in wb.worksheets}
    return {"cells": cells, "tables": tables, "names": names, "props": props, "states": states}


@pytest.mark.parametrize("tid", sorted(SPECS))
def test_committed_template_equals_a_fresh_build(built, tid):
    committed = ROOT / "templates" / f"{tid}.xlsx"
    assert committed.exists(), "run `xladdin templates build` and commit templates/"
    assert _content(committed) == _content(built[tid])


@pytest.mark.parametrize("tid", sorted(SPECS))
def test_template_carries_id_and_version_twice(built, tid):
    c = _content(built[tid])
    assert c["states"][META_SHEET] == "hidden"
    meta = c["cells"][META_SHEET]
    assert meta["B2"] == tid and meta["B3"] == SPECS[tid].version
    assert c["props"][PROP_ID] == tid and c["props"][PROP_VERSION] == SPECS[tid].version


@pytest.mark.parametrize("tid", sorted(SPECS))
def test_inputs_unlocked_outputs_locked_and_no_udf_formulas(built, tid):
    wb = openpyxl.load_workbook(built[tid])
    spec = SPECS[tid]
    for sheet, table in spec.tables():
        ws = wb[sheet.name]
        ref = ws.tables[table.name].ref
        body = ws[ref][1:]
        last = body[-1]
        if table.role == "output":
            assert all(c.protection.locked for c in last)
        else:
            assert any(not c.protection.locked for c in last)
        assert ws.protection.sheet
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    assert "GDP_" not in c.value.upper()


def test_first_sheet_explains_the_workbook_in_lao_and_english(built):
    wb = openpyxl.load_workbook(built["province-gdp"])
    about = wb.worksheets[0]
    assert about.title == "About"
    text = " ".join(str(c.value) for row in about.iter_rows() for c in row if c.value)
    assert "Yellow cells are inputs" in text and "ຫ້ອງສີເຫຼືອງ" in text and "†" in text


def test_data_validation_on_codes_and_years(built):
    wb = openpyxl.load_workbook(built["sez-enterprise"])
    kinds = {dv.type for dv in wb["Enterprises"].data_validations.dataValidation}
    assert {"list", "whole"} <= kinds
