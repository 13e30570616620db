"""Tiny workbooks built from XML text, each carrying the quirks a returned file must lose.

``udf_link_macro_xlsm``: an .xlsm with
- ``GDP_`` add-in formulas stored the way Excel stores add-in functions (``[1]!GDP_GVA(...)``
  through an external link to the .xlam), plus a shared ``_xludf.GDP_`` formula, a string-valued
  one and one without a cached value;
- an external link to another workbook (``[2]Rates!B2``) and a defined name using it;
- a native ``SUM`` (kept) and ``TODAY()`` (volatile: frozen);
- a hidden sheet; a VBA project (xlwings' quickstart.xlsm's ``vbaProject.bin``); a calc chain.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

QUICKSTART = Path(
    "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/xlwings/quickstart.xlsm"
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HDR = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _vba_bytes() -> bytes:
    try:
        import xlwings

        path = Path(xlwings.__file__).parent / "quickstart.xlsm"
    except ImportError:  # pragma: no cover
        path = QUICKSTART
    with zipfile.ZipFile(path) as z:
        return z.read("xl/vbaProject.bin")


def _sheet(rows: str) -> str:
    return (
        HDR
        + f'<worksheet xmlns="{MAIN}" xmlns:r="{R}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" mc:Ignorable="x14ac">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


INPUTS = _sheet(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    '<row r="2"><c r="A2"><v>100</v></c><c r="B2"><v>40</v></c></row>'
    '<row r="3"><c r="A3"><v>200</v></c><c r="B3"><v>80</v></c></row>'
    '<row r="4"><c r="A4"><v>300.5</v></c><c r="B4"><v>120</v></c></row>'
)

OUTPUTS = _sheet(
    '<row r="1"><c r="A1" t="s"><v>2</v></c></row>'
    '<row r="2">'
    '<c r="B2"><f>[1]!GDP_GVA(Inputs!A2,Inputs!B2)</f><v>60</v></c>'
    '<c r="C2"><f>SUM(B2:B4)</f><v>240.5</v></c>'
    '<c r="D2"><f>[2]Rates!$B$2</f><v>8500</v></c>'
    '<c r="E2" s="1"><f>TODAY()</f><v>46000</v></c>'
    '<c r="F2" t="str"><f>_xludf.GDP_LABEL("a&amp;b")</f><v>ok &amp; fine</v></c>'
    '<c r="G2"><f>_xludf.GDP_GROWTH(Inputs!A2:A4)</f></c>'
    '<c r="H2"><f>Rate*2</f><v>17000</v></c>'
    "</row>"
    '<row r="3"><c r="B3"><f t="shared" ref="B3:B4" si="0">_xludf.GDP_GVA(Inputs!A3,Inputs!B3)</f><v>120</v></c></row>'
    '<row r="4"><c r="B4"><f t="shared" si="0"/><v>60.5</v></c></row>'
)

HIDDEN = _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>kept but hidden</t></is></c></row>')

WORKBOOK = (
    HDR + f'<workbook xmlns="{MAIN}" xmlns:r="{R}"><workbookPr codeName="ThisWorkbook"/>'
    "<bookViews><workbookView/></bookViews>"
    "<sheets>"
    '<sheet name="Inputs" sheetId="1" r:id="rId1"/>'
    '<sheet name="Outputs" sheetId="2" r:id="rId2"/>'
    '<sheet name="Notes" sheetId="3" state="hidden" r:id="rId3"/>'
    "</sheets>"
    '<externalReferences><externalReference r:id="rId7"/><externalReference r:id="rId8"/></externalReferences>'
    "<definedNames>"
    '<definedName name="Rate">[2]Rates!$B$2</definedName>'
    '<definedName name="Outputs_GVA">Outputs!$B$2:$B$4</definedName>'
    "</definedNames>"
    '<calcPr calcId="191029"/></workbook>'
)

WORKBOOK_RELS = (
    HDR + f'<Relationships xmlns="{PKG}">'
    f'<Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{R}/worksheet" Target="worksheets/sheet2.xml"/>'
    f'<Relationship Id="rId3" Type="{R}/worksheet" Target="worksheets/sheet3.xml"/>'
    f'<Relationship Id="rId4" Type="{R}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId5" Type="{R}/sharedStrings" Target="sharedStrings.xml"/>'
    '<Relationship Id="rId6" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
    f'<Relationship Id="rId7" Type="{R}/externalLink" Target="externalLinks/externalLink1.xml"/>'
    f'<Relationship Id="rId8" Type="{R}/externalLink" Target="externalLinks/externalLink2.xml"/>'
    f'<Relationship Id="rId9" Type="{R}/calcChain" Target="calcChain.xml"/>'
    "</Relationships>"
)

EXT_ADDIN = (
    HDR + f'<externalLink xmlns="{MAIN}" xmlns:r="{R}"><externalBook r:id="rId1"/></externalLink>'
)
EXT_RATES = (
    HDR + f'<externalLink xmlns="{MAIN}" xmlns:r="{R}"><externalBook r:id="rId1">'
    '<sheetNames><sheetName val="Rates"/></sheetNames>'
    '<sheetDataSet><sheetData sheetId="0"><row r="2"><cell r="B2"><v>8500</v></cell></row></sheetData></sheetDataSet>'
    "</externalBook></externalLink>"
)


def _ext_rels(target: str) -> str:
    return (
        HDR + f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{R}/externalLinkPath" Target="{target}" TargetMode="External"/></Relationships>'
    )


STYLES = (
    HDR + f'<styleSheet xmlns="{MAIN}"><numFmts count="0"/>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    "</styleSheet>"
)

SHARED = (
    HDR + f'<sst xmlns="{MAIN}" count="3" uniqueCount="3"><si><t>Output</t></si><si><t>IC</t></si>'
    "<si><t>GVA ມູນຄ່າເພີ່ມ</t></si></sst>"
)

CALC_CHAIN = HDR + f'<calcChain xmlns="{MAIN}"><c r="B2" i="2"/><c r="C2"/></calcChain>'

CONTENT_TYPES = (
    HDR + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>'
    + "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in (1, 2, 3)
    )
    + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>'
    '<Override PartName="/xl/externalLinks/externalLink2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>'
    '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)

ROOT_RELS = (
    HDR + f'<Relationships xmlns="{PKG}">'
    f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)

CORE = (
    HDR
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Somphone</dc:creator>'
    "<cp:lastModifiedBy>Somphone K.</cp:lastModifiedBy></cp:coreProperties>"
)


def build_udf_link_macro_xlsm(path: Path) -> Path:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "docProps/core.xml": CORE,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": INPUTS,
        "xl/worksheets/sheet2.xml": OUTPUTS,
        "xl/worksheets/sheet3.xml": HIDDEN,
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": SHARED,
        "xl/calcChain.xml": CALC_CHAIN,
        "xl/externalLinks/externalLink1.xml": EXT_ADDIN,
        "xl/externalLinks/_rels/externalLink1.xml.rels": _ext_rels(
            "file:///C:/xladdin/xladdin.xlam"
        ),
        "xl/externalLinks/externalLink2.xml": EXT_RATES,
        "xl/externalLinks/_rels/externalLink2.xml.rels": _ext_rels("file:///C:/data/Rates.xlsx"),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
        z.writestr("xl/vbaProject.bin", _vba_bytes())
    return path
