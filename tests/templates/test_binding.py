"""Binding finds every block by table name, header text and defined name -- never by address --
and reports structure problems as findings."""

from __future__ import annotations

import math

import openpyxl
import pandas as pd
import pytest

from tests.template_version import set_template_version
from xladdin.templates.binding import bind, recognise
from xladdin.templates.builder import build, build_workbook
from xladdin.templates.sample import province_fill
from xladdin.workbook.xlsx_reader import open_xlsx


def _codes(findings):
    return {f.code for f in findings}


def _edit(src, dst, func):
    wb = openpyxl.load_workbook(src)
    func(wb)
    wb.save(dst)
    return open_xlsx(dst)


def test_recognises_each_template(built):
    for tid, path in built.items():
        info, findings = recognise(open_xlsx(path))
        assert info is not None and info.id == tid and not findings


def test_plain_workbook_is_not_recognised(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    wb.save(tmp_path / "plain.xlsx")
    info, findings = recognise(open_xlsx(tmp_path / "plain.xlsx"))
    assert info is None and _codes(findings) == {"template-not-recognised"}
    assert bind(open_xlsx(tmp_path / "plain.xlsx")) is None


def test_older_version_with_migration_is_upgraded(built, tmp_path):
    def old(wb):
        wb["Volume"].tables["tblVolume"].displayName = "tblVol"
        set_template_version(wb, "0.9")

    view = _edit(built["province-gdp"], tmp_path / "v09.xlsx", old)
    bound = bind(view)
    assert bound is not None and bound.info.upgraded
    assert "template-upgraded" in _codes(bound.findings)
    assert bound.block("volume").table == "tblVol"
    assert "template-table-missing" not in _codes(bound.findings)


def test_unsupported_version_is_refused(built, tmp_path):
    view = _edit(
        built["province-gdp"], tmp_path / "v05.xlsx", lambda wb: set_template_version(wb, "0.5")
    )
    info, findings = recognise(view)
    assert info is None
    (f,) = findings
    assert f.code == "template-version-unsupported" and f.refuses


def test_missing_table_and_name_are_structure_findings(built, tmp_path):
    def damage(wb):
        del wb["Prices"].tables["tblPrices"]
        del wb.defined_names["xl_base_year"]

    bound = bind(_edit(built["province-gdp"], tmp_path / "damaged.xlsx", damage))
    codes = _codes(bound.findings)
    assert {"template-table-missing", "template-name-missing"} <= codes
    assert bound.block("prices") is None and bound.block("volume") is not None


def test_renamed_sheet_does_not_matter(built, tmp_path):
    def rename(wb):
        wb["Volume"].title = "Volume indices 2024"

    bound = bind(_edit(built["province-gdp"], tmp_path / "renamed.xlsx", rename))
    assert bound.block("volume").sheet == "Volume indices 2024"
    assert "template-sheet-renamed" in _codes(bound.findings)
    assert not [f for f in bound.findings if f.severity.value == "error"]


def test_code_typed_as_a_number_is_normalised(built, tmp_path):
    def number(wb):
        ws = wb["Volume"]
        ref = ws.tables["tblVolume"].ref
        first = ws[ref][3][0]  # body row of industry 03
        assert first.value == "03"
        first.value = 3

    bound = bind(_edit(built["province-gdp"], tmp_path / "num.xlsx", number))
    assert "03" in bound.block("volume").rows
    assert "template-unknown-code" not in _codes(bound.findings)


def test_moved_blocks_bind_to_the_same_values_at_other_cells(tmp_path):
    fill, years = province_fill()
    std = build("province-gdp", tmp_path / "std.xlsx", years=years, fill=fill)
    moved = tmp_path / "moved.xlsx"
    build_workbook("province-gdp", years=years, fill=fill, layout="shifted").save(moved)
    a, b = bind(open_xlsx(std)), bind(open_xlsx(moved))
    for key in ("volume", "prices", "benchmark", "years", "rebase"):
        pd.testing.assert_frame_equal(a.block(key).values, b.block(key).values)
    assert a.block("volume").cell("03", 2015) != b.block("volume").cell("03", 2015)
    assert a.scalar("base_year").value == b.scalar("base_year").value == 2012
    assert not b.findings


@pytest.mark.parametrize("key,row,col", [("volume", "03", 2015), ("benchmark", "21", "output")])
def test_every_value_has_its_cell(tmp_path, key, row, col):
    fill, years = province_fill()
    path = build("province-gdp", tmp_path / "p.xlsx", years=years, fill=fill)
    view = open_xlsx(path)
    bound = bind(view)
    sheet, cell = bound.where(key, row, col)
    assert view.values(sheet, cell)[0][0] == bound.block(key).values.at[row, col]


def _insert_rows_like_excel(wb, sheet, at, n):
    """openpyxl moves cells but not tables or names; shift those too, as Excel does."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    ws = wb[sheet]
    ws.insert_rows(at, n)
    for table in ws.tables.values():
        rng = CellRange(table.ref)
        if rng.min_row >= at:
            rng.shift(row_shift=n)
            table.ref = rng.coord
            if table.autoFilter is not None:
                table.autoFilter.ref = rng.coord
    for dn in wb.defined_names.values():
        dest = list(dn.destinations)
        if len(dest) == 1 and dest[0][0] == sheet:
            rng = CellRange(dest[0][1].replace("$", ""))
            if rng.min_row >= at:
                rng.shift(row_shift=n)
                col = get_column_letter(rng.min_col)
                dn.attr_text = f"'{sheet}'!${col}${rng.min_row}"


def test_rows_inserted_above_blocks_bind_to_the_same_values(tmp_path):
    fill, years = province_fill()
    path = build("province-gdp", tmp_path / "p.xlsx", years=years, fill=fill)
    before = bind(open_xlsx(path))

    def insert(wb):
        _insert_rows_like_excel(wb, "Volume", 2, 3)
        _insert_rows_like_excel(wb, "Settings", 3, 2)

    after = bind(_edit(path, tmp_path / "inserted.xlsx", insert))
    assert not after.findings
    pd.testing.assert_frame_equal(before.block("volume").values, after.block("volume").values)
    assert after.scalar("base_year").value == 2012
    assert after.scalar("base_year").cell != before.scalar("base_year").cell
    assert after.block("volume").rows["01"] == before.block("volume").rows["01"] + 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3,483.3", 3483.3),  # thousands comma, decimal point: unambiguous
        ("697 540", 697540.0),  # space grouping
        ("໑໒໓", 123.0),  # Lao digits
        ("1234,5", 1234.5),  # decimal comma
        (" 12 ", 12.0),
        ("16", 16.0),
        ("1.234", None),  # thousands or decimals? not used until retyped
        ("5,463", None),
        ("n.a.", None),
        ("-", None),
    ],
)
def test_numbers_typed_as_text_are_read_explicitly(text, expected):
    from xladdin.templates.binding import to_number

    value = to_number(text)
    if expected is None:
        assert math.isnan(value)
    else:
        assert value == expected


def test_structure_messages_name_tables_by_their_title_not_their_excel_name(built, tmp_path):
    """Users see "Volume index" / "ດັດຊະນີປະລິມານ", never "tblVolume"; machines keep the Excel
    table name in ``details["table"]``."""

    def damage(wb):
        vol = wb["Volume"]
        body = vol[vol.tables["tblVolume"].ref]
        body[3][0].value = "80"  # industry 03 mistyped: unknown code, 03 missing
        body[5][0].value = None  # industry 05: values without a code
        body[5][4].value = 101.5
        bench = wb["Benchmark"]
        table = bench.tables["tblBenchmark"]
        next(c for c in bench[table.ref][0] if c.value == "Output").value = "Outputs"
        next(c for c in table.tableColumns if c.name == "Output").name = "Outputs"
        prices = wb["Prices"][wb["Prices"].tables["tblPrices"].ref]
        prices[7][0].value = "06"  # industry 07 typed as 06: a duplicate
        del wb["Results"].tables["tblGrowth"]

    bound = bind(_edit(built["province-gdp"], tmp_path / "titles.xlsx", damage))
    by_code: dict = {}
    for f in bound.findings:
        by_code.setdefault(f.code, f)
    expected = {
        "template-unknown-code": (
            "Code '80' in table 'Volume index' is not one of the template's codes",
            "ລະຫັດ '80' ໃນຕາຕະລາງ 'ດັດຊະນີປະລິມານ' ບໍ່ແມ່ນລະຫັດຂອງແບບຟອມ",
            "tblVolume",
        ),
        "template-row-missing": (
            "Table 'Volume index' has no row with code '03'",
            "ຕາຕະລາງ 'ດັດຊະນີປະລິມານ' ບໍ່ມີແຖວລະຫັດ '03'",
            "tblVolume",
        ),
        "template-row-without-code": (
            "A row of table 'Volume index' has values but no code",
            "ແຖວໜຶ່ງຂອງຕາຕະລາງ 'ດັດຊະນີປະລິມານ' ມີຄ່າແຕ່ບໍ່ມີລະຫັດ",
            "tblVolume",
        ),
        "template-column-missing": (
            "Table 'Base-year benchmark' has no column with header 'Output'",
            "ຕາຕະລາງ 'ຂໍ້ມູນປີຖານ' ບໍ່ມີຖັນ 'Output'",
            "tblBenchmark",
        ),
        "template-duplicate-code": (
            "Code '06' appears more than once in table 'Price index'",
            "ລະຫັດ '06' ຊ້ຳກັນໃນຕາຕະລາງ 'ດັດຊະນີລາຄາ'",
            "tblPrices",
        ),
        "template-table-missing": (
            "Table 'Growth rate' is missing",
            "ບໍ່ພົບຕາຕະລາງ 'ອັດຕາການຂະຫຍາຍຕົວ'",
            "tblGrowth",
        ),
    }
    for code, (en, lo, table) in expected.items():
        f = by_code[code]
        assert f.message_en.startswith(en), f.message_en
        assert f.message_lo.startswith(lo), f.message_lo
        assert f.details["table"] == table
        if code != "template-table-missing":  # restoring a table needs its Excel name
            assert "tbl" not in f.message_en + f.message_lo, f
    # a missing row points at the header of the code column, not at another industry's code
    missing = [f for f in bound.findings if f.code == "template-row-missing"]
    assert {(f.sheet, f.cell) for f in missing} == {("Volume", "B6"), ("Prices", "B6")}
