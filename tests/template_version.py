"""Set the template version a workbook declares, as an older or unknown release wrote it."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty


def set_template_version(wb: Workbook, version: str) -> None:
    """Write ``version`` where a template records it: cell B3 of the hidden ``_xladdin`` sheet
    and the ``xladdin.template_version`` document property (replacing any earlier one)."""
    wb["_xladdin"]["B3"] = version
    props = wb.custom_doc_props
    for p in list(props.props):
        if p.name == "xladdin.template_version":
            props.props.remove(p)
    props.append(StringProperty(name="xladdin.template_version", value=version))
