"""The add-in's ribbon part (``customUI/customUI14.xml``), rendered from its template.

``src/customUI14.xml`` holds the GDP tab's structure (groups, buttons, callbacks, icons); each
text is a ``@@KEY.LANG@@`` placeholder for the ``ribbon-ui`` row ``KEY`` of the one message
catalogue (``xladdin/data/messages.csv``) in ``en`` or ``lo``, so LSB reviews the ribbon's
wording with every other message. Rendering is pure text: each text is escaped for an XML
attribute; a placeholder without its row is a build error, never an empty label.
"""

from __future__ import annotations

import re
from pathlib import Path

from xladdin.errors import AddinBuildError

__all__ = ["TEMPLATE", "ribbon_xml"]

TEMPLATE = Path(__file__).resolve().parent / "src" / "customUI14.xml"
_PLACEHOLDER = re.compile(r"@@([A-Za-z][\w-]*)\.(en|lo)@@")


def ribbon_xml(template: str | None = None) -> bytes:
    """The ribbon part: ``template`` (default :data:`TEMPLATE`) with every placeholder
    replaced by its catalogue text, UTF-8.

    Raises
    ------
    AddinBuildError
        A placeholder names no ``ribbon-ui`` row of the catalogue.
    """
    from xladdin.findings.texts import pairs
    from xladdin.workbook.cells import xml_attr

    rows = pairs("ribbon-ui")
    text = TEMPLATE.read_text(encoding="utf-8") if template is None else template
    missing = sorted({m[1] for m in _PLACEHOLDER.finditer(text) if m[1] not in rows})
    if missing:
        raise AddinBuildError(f"ribbon texts missing from the catalogue: {missing}")

    def fill(m: re.Match[str]) -> str:
        en, lo = rows[m[1]]
        return xml_attr(en if m[2] == "en" else lo)

    return _PLACEHOLDER.sub(fill, text).encode("utf-8")
