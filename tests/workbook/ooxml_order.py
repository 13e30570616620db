"""An independent check of OOXML child-element order (ECMA-376 Part 1), for tests.

Excel refuses a part whose children are out of schema order ("We found a problem with some
content"); LibreOffice and openpyxl do not care, so only a check like this one catches it. The
orders are copied from the schema here, not imported from the code under test.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# CT_Worksheet (18.3.1.99)
WORKSHEET = (
    "sheetPr dimension sheetViews sheetFormatPr cols sheetData sheetCalcPr sheetProtection "
    "protectedRanges scenarios autoFilter sortState dataConsolidate customSheetViews mergeCells "
    "phoneticPr conditionalFormatting dataValidations hyperlinks printOptions pageMargins "
    "pageSetup headerFooter rowBreaks colBreaks customProperties cellWatches ignoredErrors "
    "smartTags drawing legacyDrawing legacyDrawingHF drawingHF picture oleObjects controls "
    "webPublishItems tableParts extLst"
).split()
# CT_CustomSheetView (18.3.1.25)
CUSTOM_SHEET_VIEW = (
    "pane selection rowBreaks colBreaks pageMargins printOptions pageSetup headerFooter "
    "autoFilter extLst"
).split()
# CT_Workbook (18.2.27)
WORKBOOK = (
    "fileVersion fileSharing workbookPr workbookProtection bookViews sheets functionGroups "
    "externalReferences definedNames calcPr oleSize customWorkbookViews pivotCaches smartTagPr "
    "smartTagTypes webPublishing fileRecoveryPr webPublishObjects extLst"
).split()
# CT_BookView (18.2.30)
BOOK_VIEW = ["extLst"]
# CT_Stylesheet (18.8.39)
STYLESHEET = (
    "numFmts fonts fills borders cellStyleXfs cellXfs cellStyles dxfs tableStyles colors extLst"
).split()
# CT_CustomProperty (22.3.2.1): exactly one vt: value
ORDERS = {
    "worksheet": WORKSHEET,
    "customSheetView": CUSTOM_SHEET_VIEW,
    "workbook": WORKBOOK,
    "workbookView": BOOK_VIEW,
    "styleSheet": STYLESHEET,
}


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _effective(child: ET.Element) -> str:
    """An mc:AlternateContent stands for the element its first choice holds."""
    if child.tag == MC + "AlternateContent":
        for choice in child:
            for inner in choice:
                return local(inner.tag)
    return local(child.tag)


def order_errors(xml: bytes, where: str = "") -> list[str]:
    """Children out of schema order, or not allowed at all, in every container of ``ORDERS``
    found in the part (recursively, so a ``<hyperlinks>`` slipped into a ``<customSheetView>``
    is caught)."""
    errors: list[str] = []

    def walk(el: ET.Element, path: str) -> None:
        name = local(el.tag)
        order = ORDERS.get(name)
        if order is not None:
            last = -1
            for child in el:
                got = _effective(child)
                if got not in order:
                    errors.append(f"{where}{path}/{name}: <{got}> is not allowed here")
                    continue
                i = order.index(got)
                if i < last:
                    errors.append(f"{where}{path}/{name}: <{got}> after <{order[last]}>")
                last = max(last, i)
        for child in el:
            walk(child, f"{path}/{name}")

    walk(ET.fromstring(xml), "")
    return errors
