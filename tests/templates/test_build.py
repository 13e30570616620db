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


def _name_cell(wb, name: str):
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][ref.replace("$", "")]


def test_settings_show_the_province_and_unit_names_beside_their_codes(built):
    wb = openpyxl.load_workbook(built["province-gdp"])
    for name in ("xl_province_code", "xl_unit"):
        cell = _name_cell(wb, name)
        shown = cell.offset(column=1).value
        assert shown.startswith("=IFERROR(") and "Lists!" in shown and cell.coordinate in shown
    lists = wb["Lists"]
    assert lists.sheet_state == "visible" and lists.protection.sheet
    # 00 = Lao PDR (nation.csv: the national workbook), then the 18 provinces
    codes = [c.value for c in lists["A"][5:24]]
    assert codes == list(range(0, 19)) and lists["A6"].number_format == "00"
    assert lists["B6"].value == "Lao PDR"
    kinds = {dv.type for dv in wb["Settings"].data_validations.dataValidation}
    assert "list" in kinds  # province, unit and base-year dropdowns


def test_sez_tables_show_names_beside_codes(built):
    wb = openpyxl.load_workbook(built["sez-enterprise"])
    ws = wb["Enterprises"]
    ref = ws.tables["tblEnterprises"].ref
    header = [c.value for c in ws[ref][0]]
    assert header.index("Province name") == header.index("Host province code") + 1
    assert header.index("Industry name") == header.index("Industry code") + 1
    first = ws[ref][1][header.index("Industry name")]
    assert first.value.startswith("=IFERROR(INDEX(Lists!") and first.protection.locked


def test_columns_fit_bilingual_labels_or_wrap_with_a_taller_row(built):
    from xladdin.templates.builder import text_width

    for tid in SPECS:
        wb = openpyxl.load_workbook(built[tid])
        for ws in wb.worksheets:
            if ws.title in ("About", "Checks", META_SHEET):
                continue
            for t in ws.tables.values():
                top = ws[t.ref][0][0].row
                for row in (top - 1, top):  # the Lao label row and the header row
                    for c in ws[row]:
                        if not isinstance(c.value, str) or not c.value.strip():
                            continue
                        width = ws.column_dimensions[c.column_letter].width
                        bold = bool(c.font and c.font.b)
                        if text_width(c.value, bold) + 1 > width:
                            assert c.alignment.wrap_text, (tid, ws.title, c.coordinate)
                            assert ws.row_dimensions[row].height, (tid, ws.title, c.coordinate)
        settings = wb["Settings"]
        for name, _d in wb.defined_names.items():
            if not name.startswith("xl_"):
                continue
            label = _name_cell(wb, name).offset(column=-1)
            if label.parent.title != "Settings":
                continue
            width = settings.column_dimensions[label.column_letter].width
            assert text_width(label.value, bold=True) + 1 <= width, (tid, label.value)


def test_about_rows_are_as_tall_as_their_wrapped_text(built):
    from xladdin.templates.builder import text_height

    wb = openpyxl.load_workbook(built["province-gdp"])
    ws = wb["About"]
    width = ws.column_dimensions["B"].width
    checked = 0
    for (c,) in ws.iter_rows(min_col=2, max_col=2, min_row=4):
        if isinstance(c.value, str) and c.alignment.wrap_text:
            assert ws.row_dimensions[c.row].height >= text_height(c.value, width) - 0.1
            checked += 1
    assert checked >= 2 * len(SPECS["province-gdp"].about_en)


def test_checks_sheet_widths_print_setup_and_frozen_headers(built):
    wb = openpyxl.load_workbook(built["province-gdp"])
    checks = wb["Checks"]
    widths = [checks.column_dimensions[col].width for col in "ABCDEFGH"]
    assert widths == [15, 24, 12, 11, 9, 42, 42, 38]  # the one set (sheet_xml)
    # one A4 landscape page wide at 73 % (11 pt prints at 8 pt): trunc(w x 7 + 5) px of
    # 0.75 pt a column (ECMA-376 Part 1, 18.3.1.13) make 1043.25 pt; 841.89 pt (ISO 216) less
    # two 0.4 in margins is 784.29 pt, and 1043.25 x 0.73 = 761.6 pt fits
    assert sum(int(w * 7 + 5) * 0.75 for w in widths) == 1043.25
    assert checks.column_dimensions["F"].alignment.wrap_text
    assert checks.column_dimensions["B"].alignment.wrap_text  # a long code breaks at "-"
    assert int(checks.page_setup.scale) == 73
    assert checks.freeze_panes == "A6"
    for name in ("Results", "Volume", "Prices", "Benchmark"):
        assert wb[name].freeze_panes, name
    for ws in wb.worksheets:
        if ws.title == META_SHEET:
            continue
        assert ws.page_setup.orientation == "landscape"
        # an explicit scale that keeps 8 pt (11 pt text at 73 % or more), never "fit to page"
        # at 5 pt (tests/print renders the pages and measures the text)
        assert not ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert int(ws.page_setup.scale) >= 73, ws.title
    title = wb["Results"]["B4"].value  # money tables name the unit chosen on Settings
    assert "xl_unit" in title and title.startswith('="Current prices')
