"""Patched and prepared outputs keep every part in schema element order (what Excel demands).

The fixture is a workbook whose sheet holds nearly every CT_Worksheet element kind, including
the ones that repeat *inside* other elements (``pageMargins``, ``pageSetup``, ``headerFooter``,
``autoFilter``, ``rowBreaks`` inside ``customSheetViews``; ``extLst`` inside ``workbookView``
and ``cellStyle``) and an ``mc:AlternateContent`` around ``controls``. It has no hyperlinks,
no conditional formats, no ``calcPr`` and no ``dxfs``, so a patch must insert each of them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from ooxml_order import order_errors

from xladdin.returned import prepare_package
from xladdin.workbook.model import (
    EnsureSheet,
    Patch,
    SetDocProperty,
    SetFormulaText,
    SetHighlights,
    SetHyperlink,
)
from xladdin.workbook.xlsx_patch import apply_patch

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
CT = "application/vnd.openxmlformats-officedocument"

_PRINT = (
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    '<pageSetup orientation="landscape"/><headerFooter><oddHeader>GDP</oddHeader></headerFooter>'
)

SHEET1 = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN}" xmlns:r="{R}" xmlns:mc="{MC}" xmlns:x14="{X14}" xmlns:xm="{XM}" mc:Ignorable="x14">
<sheetPr><tabColor rgb="FF00B050"/><pageSetUpPr fitToPage="1"/></sheetPr>
<dimension ref="A1:C4"/>
<sheetViews><sheetView workbookViewId="0"><selection activeCell="B2" sqref="B2"/></sheetView></sheetViews>
<sheetFormatPr defaultRowHeight="15"/>
<cols><col min="1" max="1" width="20" customWidth="1"/></cols>
<sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Sector</t></is></c><c r="B1" t="inlineStr"><is><t>2023</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>Agriculture</t></is></c><c r="B2"><v>10</v></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>Industry</t></is></c><c r="B3"><v>20</v></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>Total</t></is></c><c r="B4"><f>SUM(B2:B3)</f><v>30</v></c></row>
</sheetData>
<sheetProtection sheet="1" objects="1" scenarios="1"/>
<protectedRanges><protectedRange sqref="B2:B3" name="Inputs"/></protectedRanges>
<autoFilter ref="A1:B3"/>
<customSheetViews><customSheetView guid="{{3F2504E0-4F89-11D3-9A0C-0305E82C3301}}" fitToPage="1">
<selection activeCell="A1" sqref="A1"/><rowBreaks count="1" manualBreakCount="1"><brk id="3" max="16383" man="1"/></rowBreaks>
{_PRINT}<autoFilter ref="A1:B3"/></customSheetView></customSheetViews>
<mergeCells count="1"><mergeCell ref="C1:C2"/></mergeCells>
<phoneticPr fontId="1"/>
<dataValidations count="1"><dataValidation type="decimal" operator="greaterThanOrEqual" sqref="B2:B3"><formula1>0</formula1></dataValidation></dataValidations>
<printOptions gridLines="1"/>
{_PRINT}
<rowBreaks count="1" manualBreakCount="1"><brk id="3" max="16383" man="1"/></rowBreaks>
<colBreaks count="1" manualBreakCount="1"><brk id="2" max="1048575" man="1"/></colBreaks>
<ignoredErrors><ignoredError sqref="B2:B3" numberStoredAsText="1"/></ignoredErrors>
<drawing r:id="rId1"/>
<legacyDrawing r:id="rId2"/>
<mc:AlternateContent><mc:Choice Requires="x14"><controls><mc:AlternateContent><mc:Choice Requires="x14"><control shapeId="1025" r:id="rId3" name="Check Box 1"/></mc:Choice></mc:AlternateContent></controls></mc:Choice></mc:AlternateContent>
<tableParts count="1"><tablePart r:id="rId4"/></tableParts>
<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}"><x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="{XM}"><x14:cfRule type="dataBar" id="{{00000000-0000-0000-0000-000000000001}}"><x14:dataBar/></x14:cfRule><xm:sqref>B2:B3</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>
</worksheet>"""

SHEET1_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PR}">
<Relationship Id="rId1" Type="{R}/drawing" Target="../drawings/drawing1.xml"/>
<Relationship Id="rId2" Type="{R}/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/>
<Relationship Id="rId3" Type="{R}/ctrlProp" Target="../ctrlProps/ctrlProp1.xml"/>
<Relationship Id="rId4" Type="{R}/table" Target="../tables/table1.xml"/>
</Relationships>"""

WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{R}">
<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="22228"/>
<workbookPr defaultThemeVersion="166925"/>
<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"><extLst><ext uri="{{FAKE}}"/></extLst></workbookView></bookViews>
<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets>
<definedNames><definedName name="Inputs">Data!$B$2:$B$3</definedName></definedNames>
<extLst><ext uri="{{140A7094-0E35-4892-8432-C4D2E57EDEB5}}"/></extLst>
</workbook>"""

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"><extLst><ext uri="{{FAKE}}"/></extLst></cellStyle></cellStyles>
<tableStyles count="0" defaultTableStyle="TableStyleMedium2"/>
<extLst><ext uri="{{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}}"/></extLst>
</styleSheet>"""

TABLE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<table xmlns="{MAIN}" id="1" name="Sectors" displayName="Sectors" ref="A1:B3" totalsRowShown="0">
<autoFilter ref="A1:B3"/><tableColumns count="2"><tableColumn id="1" name="Sector"/><tableColumn id="2" name="2023"/></tableColumns>
<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>"""

DRAWING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/>'
)
VML = '<xml xmlns:v="urn:schemas-microsoft-com:vml"></xml>'
CTRL = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<formControlPr xmlns="{X14}" objectType="CheckBox"/>'
)

CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="vml" ContentType="{CT}.vmlDrawing"/>
<Override PartName="/xl/workbook.xml" ContentType="{CT}.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="{CT}.spreadsheetml.styles+xml"/>
<Override PartName="/xl/tables/table1.xml" ContentType="{CT}.spreadsheetml.table+xml"/>
<Override PartName="/xl/drawings/drawing1.xml" ContentType="{CT}.drawing+xml"/>
<Override PartName="/xl/ctrlProps/ctrlProp1.xml" ContentType="application/vnd.ms-excel.controlproperties+xml"/>
</Types>"""

PARTS = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PR}">'
    f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": WORKBOOK,
    "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PR}">'
    f'<Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{R}/styles" Target="styles.xml"/></Relationships>',
    "xl/styles.xml": STYLES,
    "xl/worksheets/sheet1.xml": SHEET1,
    "xl/worksheets/_rels/sheet1.xml.rels": SHEET1_RELS,
    "xl/tables/table1.xml": TABLE,
    "xl/drawings/drawing1.xml": DRAWING,
    "xl/drawings/vmlDrawing1.vml": VML,
    "xl/ctrlProps/ctrlProp1.xml": CTRL,
}


def build_many_elements_xlsx(path: Path) -> Path:
    """The fixture workbook (every part in schema order, checked by the first test)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in PARTS.items():
            zf.writestr(name, text)
    return path


def all_order_errors(path: Path) -> list[str]:
    errors = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith(".xml") and (
                name.startswith("xl/worksheets/") or name in ("xl/workbook.xml", "xl/styles.xml")
            ):
                errors += order_errors(zf.read(name), name + ": ")
    return errors


@pytest.fixture
def many_elements(tmp_path: Path) -> Path:
    return build_many_elements_xlsx(tmp_path / "many elements.xlsx")


def test_fixture_is_in_schema_order(many_elements: Path):
    assert all_order_errors(many_elements) == []
    # the check itself catches a misplaced element (so the tests below can fail)
    bad = SHEET1.replace('<printOptions gridLines="1"/>\n', "").replace(
        "<phoneticPr", '<printOptions gridLines="1"/><phoneticPr'
    )
    assert order_errors(bad.encode()) == [
        "/worksheet: <phoneticPr> after <printOptions>",
        "/worksheet: <dataValidations> after <printOptions>",
    ]


def test_patch_inserts_every_element_in_schema_order(many_elements: Path, tmp_path: Path):
    patch = (
        Patch()
        .set_value("Data", "B2", 11.5)
        .set_value("Data", "E9", " padded text ")
        .add(SetFormulaText("Data", "B5", "=B4*2", 60))
        .add(SetHyperlink("Data", "A4", "#Data!B4"))
        .add(SetHighlights("Data", ("B2", "B3"), "error"))
        .add(SetHighlights("Data", ("B4",), "warning"))
        .add(SetDocProperty("xladdin.template_id", "provincial-gdp"))
        .add(EnsureSheet("Checks"))
        .set_value("Checks", "A1", "error")
        .add(SetHyperlink("Checks", "E1", "#Data!B2"))
        .add(SetHighlights("Checks", ("A1",), "error"))
    )
    out = apply_patch(many_elements, patch, out=tmp_path / "patched.xlsx")
    with zipfile.ZipFile(out) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
        workbook = zf.read("xl/workbook.xml").decode()
        styles = zf.read("xl/styles.xml").decode()
    # every insertion happened (so the order check below is about them)
    assert sheet.count("<hyperlinks>") == 1 and sheet.count("<conditionalFormatting ") == 2
    assert "<calcPr" in workbook and "<dxfs " in styles
    assert all_order_errors(out) == []


def test_prepared_file_is_in_schema_order(many_elements: Path, tmp_path: Path):
    result = prepare_package(many_elements, out=tmp_path / "returned.xlsx", compiler="Khamla")
    assert all_order_errors(result.path) == []


def test_insertion_skips_alternate_content_and_nested_namesakes():
    from xladdin.workbook.sheet_xml import SheetXml

    xml = (
        f'<worksheet xmlns="{MAIN}" xmlns:r="{R}" xmlns:mc="{MC}"><sheetData/>'
        "<!-- <pageMargins/> in a comment -->"
        '<customSheetViews><customSheetView guid="{1}"><pageMargins left="1" right="1" top="1"'
        ' bottom="1" header="0" footer="0"/></customSheetView></customSheetViews>'
        '<mc:AlternateContent><mc:Choice Requires="x14"><oleObjects><oleObject progId="x"'
        ' shapeId="1" r:id="rId1"/></oleObjects></mc:Choice></mc:AlternateContent></worksheet>'
    )
    sheet = SheetXml(xml.encode())
    sheet.set_hyperlink("A1", "Data!B2")
    out = sheet.to_bytes().decode()
    assert order_errors(out.encode()) == []
    assert out.index("</customSheetViews><hyperlinks>") < out.index("<mc:AlternateContent>")
