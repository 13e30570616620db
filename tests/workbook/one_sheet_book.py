"""A workbook package of one sheet, written by hand at the XML level (tests only).

The quirk tests of the sheet scan (``tests/security/test_sheet_scan_quirks.py``) and of the
tokenised reader (``tests/workbook/test_sheet_tokens.py``) give the sheet part's bytes exactly
as a zip tool and a text editor would leave them; everything around it is the least a reader
needs: content types, the package and workbook relationships, ``xl/workbook.xml`` naming one
sheet ``S``, the shared strings and, when given, the styles.
"""

from __future__ import annotations

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_PART = "xl/worksheets/sheet1.xml"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_DECL = '<?xml version="1.0" encoding="UTF-8"?>'


def one_sheet_book(sheet: str | bytes, shared_strings: str, styles: str | None = None) -> bytes:
    """The bytes of an .xlsx package whose one worksheet part is ``sheet`` (as given),
    with ``shared_strings`` as ``xl/sharedStrings.xml`` and ``styles`` as ``xl/styles.xml``
    (no styles part when None)."""
    rels = [("rId1", "worksheet", "worksheets/sheet1.xml")]
    overrides = [
        ("/xl/workbook.xml", "sheet.main+xml"),
        ("/xl/worksheets/sheet1.xml", "worksheet+xml"),
    ]
    if styles is not None:
        rels.append(("rId2", "styles", "styles.xml"))
        overrides.append(("/xl/styles.xml", "styles+xml"))
    rels.append(("rId3", "sharedStrings", "sharedStrings.xml"))
    overrides.append(("/xl/sharedStrings.xml", "sharedStrings+xml"))
    content_types = (
        f'{_DECL}<Types xmlns="{_PKG}/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{_CT_SHEET}.{t}"/>' for p, t in overrides)
        + "</Types>"
    )
    package_rels = (
        f'{_DECL}<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_OD}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook_rels = (
        f'{_DECL}<Relationships xmlns="{_PKG}/relationships">'
        + "".join(f'<Relationship Id="{i}" Type="{_OD}/{t}" Target="{p}"/>' for i, t, p in rels)
        + "</Relationships>"
    )
    workbook = (
        f'{_DECL}<workbook xmlns="{MAIN}" xmlns:r="{_OD}">'
        '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", package_rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        if styles is not None:
            z.writestr("xl/styles.xml", styles)
        z.writestr("xl/sharedStrings.xml", shared_strings)
        z.writestr(SHEET_PART, sheet)
    return buf.getvalue()
