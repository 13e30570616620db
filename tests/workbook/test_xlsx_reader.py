"""The headless reader: values, formulas, names, tables, properties, and bad files as findings."""

from __future__ import annotations

from datetime import datetime

import pytest
from wb_support import FIXTURES

from xladdin.errors import RefusedWorkbookError, UnreadableWorkbookError
from xladdin.findings import get_type
from xladdin.workbook.model import CellError, TableRef, WorkbookView
from xladdin.workbook.xlsx_reader import XlsxView, open_xlsx, read_findings


def test_view_implements_the_protocol():
    view = open_xlsx(FIXTURES / "all_parts.xlsx")
    assert isinstance(view, WorkbookView)
    assert view.source.endswith("all_parts.xlsx")


def test_sheets_names_tables_properties():
    view = open_xlsx(FIXTURES / "all_parts.xlsx")
    assert view.sheet_names() == ["Inputs", "Notes", "Lists"]
    assert [view.sheet_visibility(s) for s in view.sheet_names()] == [
        "visible",
        "visible",
        "hidden",
    ]
    assert view.defined_names() == {"Output": "Inputs!$B$2:$B$5", "SectorCodes": "Lists!$A$1:$A$3"}
    table = view.tables()["T_Sectors"]
    assert table == TableRef("T_Sectors", "Inputs", "A1:D5", ("Sector", "Output", "IC", "GVA"))
    assert table.column_ref("Output") == "B2:B5"
    assert view.doc_properties() == {"xladdin.template": "provincial-gdp"}


def test_values_and_formulas():
    view = open_xlsx(FIXTURES / "all_parts.xlsx")
    assert view.used_range("Inputs") == "A1:F5"
    assert view.values("Inputs", "A1:D2") == [
        ["Sector", "Output", "IC", "GVA"],
        ["Agriculture", 200, 80, None],
    ]
    assert view.formulas("Inputs", "D2:D3") == [["=B2-C2"], ["=B3-C3"]]
    assert view.value("Inputs", "F1") == "ລາຍໄດ້"
    assert view.used_range("Notes") == "A1"


def test_shared_strings_rich_text_types_and_shared_formulas():
    view = open_xlsx(FIXTURES / "shared_formulas_calcchain.xlsx")
    row1 = view.values("Data", "A1:E1")[0]
    assert row1 == ["Plain", "Rich text\nok", "inline ຕື້ກີບ", True, CellError("#DIV/0!")]
    assert view.value("Data", "D2") == datetime(2024, 1, 1)  # date number format -> datetime
    assert view.value("Data", "E2") == "x1"  # formula with a string result
    assert view.value("Data", "C2") == 10 and isinstance(view.value("Data", "C2"), int)
    # shared formula: master and dependents all expanded
    assert [r[0] for r in view.formulas("Data", "C2:C6")] == [
        "=A2*B2",
        "=A3*B3",
        "=A4*B4",
        "=A5*B5",
        "=SUM(C2:C5)",
    ]
    # row 6 and its cells have no r attribute: positions are implicit
    assert view.values("Data", "A6:C6") == [[5.5, -2.25, 300]]
    assert view.used_range("Data") == "A1:E6"
    # sheet-scoped names are not workbook names, but are listed by all_defined_names
    assert view.defined_names() == {"Factor": "Data!$A$2:$A$5"}
    assert ("_xlnm.Print_Area", "Data!$A$1:$E$6", "Data", False) in view.all_defined_names()


def test_prefixed_namespace_and_1904_dates():
    view = open_xlsx(FIXTURES / "prefixed_namespace.xlsx")
    assert view.values("Sheet1", "A1:B2") == [["Name", 1], [None, 2]]
    assert view.formulas("Sheet1", "B2") == [["=B1*2"]]
    view = open_xlsx(FIXTURES / "date1904.xlsx")
    assert view.values("Sheet1", "A1:B1") == [[datetime(1904, 1, 1), datetime(2024, 1, 2)]]


def test_vba_workbook_reads():
    view = open_xlsx(FIXTURES / "vba_macro.xlsm")
    assert view.sheet_names() == ["Sheet1", "_xlwings.conf"]
    assert view.value("_xlwings.conf", "A1") == "Interpreter_Win"
    assert view.value("_xlwings.conf", "B7") is False
    assert view.used_range("Sheet1") is None
    assert view.values("Sheet1", "A1:B1") == [[None, None]]


def test_lazy_and_cached():
    view = open_xlsx(FIXTURES / "all_parts.xlsx")
    assert view._cache == {}
    view.values("Notes", "A1")
    assert list(view._cache) == ["Notes"]
    first = view._cache["Notes"]
    view.values("Notes", "A1:B2")
    assert view._cache["Notes"] is first


def test_unknown_sheet_is_key_error():
    with pytest.raises(KeyError):
        open_xlsx(FIXTURES / "all_parts.xlsx").values("Nope", "A1")


@pytest.mark.parametrize(
    ("name", "code", "error"),
    [
        ("not_a_zip.xlsx", "workbook-unreadable", UnreadableWorkbookError),
        ("truncated.xlsx", "workbook-truncated", UnreadableWorkbookError),
        ("encrypted_ole_stub.xlsx", "workbook-encrypted", UnreadableWorkbookError),
        ("encrypted_password_secret.xlsx", "workbook-encrypted", UnreadableWorkbookError),
        ("legacy_ole_stub.xls", "workbook-legacy-xls", UnreadableWorkbookError),
        ("docx_renamed.xlsx", "workbook-missing-part", UnreadableWorkbookError),
        ("xxe_entity.xlsx", "workbook-refused", RefusedWorkbookError),
        ("no_such_file.xlsx", "package-missing", UnreadableWorkbookError),
    ],
)
def test_bad_files_raise_and_become_refusing_findings(name, code, error):
    with pytest.raises(error):
        open_xlsx(FIXTURES / name)
    view, findings = read_findings(FIXTURES / name)
    assert view is None
    assert [f.code for f in findings] == [code]
    assert findings[0].refuses and get_type(code).refuses
    assert findings[0].message_lo and findings[0].message_en


def test_read_findings_ok():
    view, findings = read_findings(FIXTURES / "all_parts.xlsx")
    assert isinstance(view, XlsxView) and findings == []


def test_bytes_source():
    view = open_xlsx((FIXTURES / "prefixed_namespace.xlsx").read_bytes())
    assert view.source == "<bytes>" and view.sheet_names() == ["Sheet1"]


def test_oversized_part_is_refused(tmp_path):
    from xladdin.workbook.package import Package

    pkg = Package(FIXTURES / "all_parts.xlsx", max_part_bytes=100)
    with pytest.raises(RefusedWorkbookError):
        pkg.read("xl/workbook.xml")
