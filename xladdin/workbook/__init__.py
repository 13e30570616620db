"""Reading and writing workbooks: the view/patch contract (model), the headless xlsx package
reader and patcher, and the xlwings adapter (imported lazily, only inside Excel)."""

from xladdin.workbook.model import (  # noqa: F401
    CellError,
    ClearRange,
    EnsureSheet,
    Patch,
    SetDocProperty,
    SetFormulaText,
    SetHighlights,
    SetHyperlink,
    SetValue,
    TableRef,
    WorkbookView,
    parse_ref,
    parse_refers_to,
)
