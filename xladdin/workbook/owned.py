"""Sheets xladdin owns inside a user's workbook: recognised by their content, never by name alone.

xladdin writes three sheets of its own into workbooks: ``Checks`` (findings of validate/compile),
``Audit`` (what ``xladdin prepare`` froze and removed) and the hidden ``_xladdin`` marker of a
template. A user may well have a sheet called "Checks" or "Audit" of their own; xladdin must never
clear it, leave it out of the data hash, or skip it in validation. So a sheet is xladdin's only when

- its cell A1 starts with xladdin's marker text for that sheet (``"xladdin checks"``,
  ``"xladdin audit"``), which xladdin writes there itself; or
- it is the ``Checks`` sheet of an xladdin template (the template spec owns it; before the first
  compile its A1 holds the template's title); or
- it is the template marker sheet ``_xladdin``.

When a user's own sheet has the name xladdin wants, xladdin writes beside it under the first free
name of ``"<name> (xladdin)"``, ``"<name> (xladdin 2)"``, ...
"""

from __future__ import annotations

from xladdin.workbook.model import WorkbookView

__all__ = [
    "AUDIT",
    "CHECKS",
    "TEMPLATE_MARKER_SHEET",
    "OwnedSheet",
    "owned_sheet_name",
    "owned_sheets",
]

TEMPLATE_MARKER_SHEET = "_xladdin"


class OwnedSheet:
    """A kind of sheet xladdin writes: its preferred name and the marker text of its A1."""

    def __init__(self, name: str, marker: str, template_owned: bool = False) -> None:
        self.name = name
        self.marker = marker
        self.template_owned = template_owned

    def is_ours(self, view: WorkbookView, sheet: str) -> bool:
        """True when ``sheet`` of ``view`` is an xladdin-written sheet of this kind."""
        if sheet not in view.sheet_names():
            return False
        text = _a1(view, sheet)
        if isinstance(text, str) and text.strip().lower().startswith(self.marker):
            return True
        return (
            self.template_owned
            and sheet == self.name
            and TEMPLATE_MARKER_SHEET in view.sheet_names()
        )


CHECKS = OwnedSheet("Checks", "xladdin checks", template_owned=True)
AUDIT = OwnedSheet("Audit", "xladdin audit")
_KINDS = (CHECKS, AUDIT)


def _a1(view: WorkbookView, sheet: str) -> object:
    try:
        rows = view.values(sheet, "A1")
    except Exception:  # an unreadable sheet is simply not ours
        return None
    return rows[0][0] if rows and rows[0] else None


def owned_sheet_name(view: WorkbookView, kind: OwnedSheet) -> str:
    """The sheet xladdin should (re)write for ``kind``: an existing sheet of ours (by marker),
    else ``kind.name`` if free, else the first free ``"<name> (xladdin[ n])"``."""
    names = view.sheet_names()
    for sheet in names:
        if kind.is_ours(view, sheet):
            return sheet
    taken = {n.lower() for n in names}  # Excel sheet names are case-insensitive
    candidates = [kind.name, f"{kind.name} (xladdin)"]
    candidates += [f"{kind.name} (xladdin {i})" for i in range(2, 100)]
    free = next((c for c in candidates if c.lower() not in taken), None)
    if free is None:  # a hostile file took all 100: any valid unused name (Excel's limits)
        from xladdin.workbook.excel_limits import sheet_title

        free = sheet_title(f"{kind.name} (xladdin)", taken=names)
    return free


def owned_sheets(view: WorkbookView) -> frozenset[str]:
    """Every sheet of ``view`` that xladdin wrote (Checks, Audit, the template marker)."""
    found = {s for s in view.sheet_names() for kind in _KINDS if kind.is_ours(view, s)}
    if TEMPLATE_MARKER_SHEET in view.sheet_names():
        found.add(TEMPLATE_MARKER_SHEET)
    return frozenset(found)
