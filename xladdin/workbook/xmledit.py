"""Edits of OOXML part text, as text: a part is never re-serialised by an XML library, so
what xladdin does not touch stays byte for byte as the user's file had it.

Decoding a part for editing (:func:`decode_part`), inserting a child where the schema orders it
(:func:`insert_child`, :func:`append_child`), reading and setting an attribute of a start tag,
and the relationship and content-type entries a patch adds or removes. The package itself
(reading, limits, writing the zip) is :mod:`xladdin.workbook.package`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from xladdin.errors import WorkbookError
from xladdin.workbook.cells import xml_attr, xml_unescape
from xladdin.workbook.opc import NS

__all__ = [
    "EMPTY_RELS",
    "add_override",
    "add_relationship",
    "append_child",
    "decode_part",
    "get_attr",
    "insert_child",
    "map_start_tags",
    "new_rel_id",
    "remove_attributes_valued",
    "remove_default",
    "remove_elements",
    "remove_override",
    "remove_relationship",
    "root_prefix",
    "same_part",
    "set_attr",
]

_DECL_ENCODING = re.compile(r"""^(<\?xml[^>]*?encoding=)(["'])[^"']*\2""")


def decode_part(data: bytes, part: str = "") -> str:
    """Text of an XML part for editing (UTF-8 or UTF-16, BOM dropped). A UTF-16 declaration is
    changed to UTF-8, because edited parts are always written back as UTF-8.

    Raises
    ------
    WorkbookError
        The part is neither UTF-8 nor UTF-16.
    """
    try:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            text = data.decode("utf-16")
        elif data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
            text = data.decode("utf-16-le" if data[:1] == b"<" else "utf-16-be")
        else:
            return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorkbookError(f"{part}: not UTF-8/UTF-16 text ({exc})") from exc
    return _DECL_ENCODING.sub(lambda m: f"{m.group(1)}{m.group(2)}UTF-8{m.group(2)}", text, count=1)


_TOKEN = re.compile(
    r"<(?:!--.*?-->|!\[CDATA\[.*?\]\]>|\?.*?\?>|!DOCTYPE[^>]*>"
    r"""|(/?)([^\s/>!?]+)(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>)""",
    re.DOTALL,
)
_ALTERNATE_CONTENT = "AlternateContent"


def insert_child(
    text: str, name: str, order: tuple[str, ...], xml: str, *, root: str | None = None
) -> str:
    """Insert ``xml`` (an element ``name``) among the children of a root element at the place
    the schema ``order`` gives it: before the first existing child that comes later in
    ``order``, else before the root's end tag.

    Only direct children count: an element of the same name nested deeper (``pageMargins``
    inside ``customSheetView``, ``extLst`` inside ``workbookView``) is not a position. An
    ``mc:AlternateContent`` child stands for the element its first choice holds.

    ``root`` names the root element (its first start tag is looked for in ``text``); without
    it, ``text`` is the tail of a part that starts among the root's children (the text after
    ``</sheetData>``, say) and ends with the root's end tag.
    """
    later = set(order[order.index(name) + 1 :])
    pos, depth = 0, 1
    if root is not None:
        start = re.search(rf"<(?:[A-Za-z_][\w.-]*:)?{re.escape(root)}\b", text)
        if start is None:
            raise WorkbookError(f"no <{root}> element")
        pos, depth = start.start(), 0
    alternate: int | None = None  # start of a top-level mc:AlternateContent being looked into
    for m in _TOKEN.finditer(text, pos):
        tag = m.group(2)
        if tag is None:
            continue  # comment, CDATA, processing instruction
        closing, empty = m.group(1) == "/", m.group(3) == "/"
        if closing:
            depth -= 1
            if depth == 0:
                return text[: m.start()] + xml + text[m.start() :]
            continue
        here = tag.rpartition(":")[2]
        if depth == 1:
            if here in later:
                return text[: m.start()] + xml + text[m.start() :]
            alternate = m.start() if here == _ALTERNATE_CONTENT and not empty else None
        elif depth == 3 and alternate is not None:
            if here in later:
                return text[:alternate] + xml + text[alternate:]
            alternate = None
        if not empty:
            depth += 1
    raise WorkbookError(f"no end tag for the element receiving <{name}>")


# --- editing XML text -------------------------------------------------------------------------


def get_attr(tag_text: str, name: str) -> str | None:
    """Value of attribute ``name`` (prefix allowed, e.g. ``r:id``) in one start tag, or None."""
    m = re.search(r"(?:^|\s)" + re.escape(name) + r"\s*=\s*(\"([^\"]*)\"|'([^']*)')", tag_text)
    if not m:
        return None
    return xml_unescape(m.group(2) if m.group(2) is not None else m.group(3))


def set_attr(tag_text: str, name: str, value: str | None) -> str:
    """The start tag with attribute ``name`` set to ``value`` (escaped here; None removes it)."""
    pattern = re.compile(r"\s" + re.escape(name) + r"\s*=\s*(\"[^\"]*\"|'[^']*')")
    if value is None:
        return pattern.sub("", tag_text, count=1)
    new = f' {name}="{xml_attr(value)}"'
    if pattern.search(tag_text):
        return pattern.sub(lambda _m: new, tag_text, count=1)
    close = "/>" if tag_text.rstrip().endswith("/>") else ">"
    return tag_text.rstrip()[: -len(close)].rstrip() + new + close


def map_start_tags(text: str, name: str, change: Callable[[str], str], *, count: int = 0) -> str:
    """``text`` with each start tag of the element ``name`` (any namespace prefix; the first
    ``count`` only, when given) replaced by ``change(tag)``."""
    pattern = rf"<(?:\w+:)?{re.escape(name)}\b[^>]*>"
    return re.sub(pattern, lambda m: change(m.group(0)), text, count=count)


def remove_elements(text: str, name: str, *, empty_only: bool = False) -> str:
    """``text`` without the elements ``name`` (any prefix; ``<x/>`` or ``<x>...</x>``, not
    nested in themselves); with ``empty_only``, only those with nothing but white space in
    them (an emptied ``<definedNames>`` is invalid)."""
    n = re.escape(name)
    if empty_only:
        return re.sub(rf"<(?:\w+:)?{n}\b[^>]*>\s*</(?:\w+:)?{n}>", "", text)
    return re.sub(rf"<(?:\w+:)?{n}\b[^>]*?(?:/>|>.*?</(?:\w+:)?{n}>)", "", text, flags=re.DOTALL)


def remove_attributes_valued(text: str, value: str) -> str:
    """``text`` without every namespaced attribute (``r:id="..."``, ``r:embed="..."``) whose
    value is ``value`` (a relationship id that is gone)."""
    return re.sub(r'\s[\w.-]+:[\w.-]+\s*=\s*"' + re.escape(value) + r'"', "", text)


def root_prefix(text: str, root: str) -> str:
    """The namespace prefix (with its colon, ``""`` when none) of a part's root element."""
    m = re.search(rf"<(?:([A-Za-z_][\w.-]*):)?{re.escape(root)}\b", text)
    return f"{m.group(1)}:" if m and m.group(1) else ""


def append_child(text: str, root: str, xml: str) -> str:
    """Append ``xml`` as the last child of the root element (also when it is empty, ``<x/>``)."""
    p = re.escape(root_prefix(text, root))
    close = re.search(rf"</{p}{root}\s*>", text)
    if close is not None:
        return text[: close.start()] + xml + text[close.start() :]
    empty = re.search(rf"<({p}{root})\b([^>]*?)\s*/>", text)
    if empty is None:
        raise WorkbookError(f"malformed part: no <{root}> element")
    return (
        text[: empty.start()]
        + f"<{empty.group(1)}{empty.group(2)}>{xml}</{empty.group(1)}>"
        + text[empty.end() :]
    )


EMPTY_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{NS["rel"]}"></Relationships>'
)
"""A relationships part with no relationship."""

_REL_TAG = re.compile(r"<(?:[\w.-]+:)?Relationship\b[^>]*?/>")


def new_rel_id(used: set[str] | list[str]) -> str:
    """A relationship id (``rIdN``) not in ``used``."""
    taken = set(used)
    n = len(taken) + 1
    while f"rId{n}" in taken:
        n += 1
    return f"rId{n}"


def add_relationship(text: str, rid: str, rel_type: str, target: str) -> str:
    """``text`` (a rels part) with a relationship appended."""
    prefix = root_prefix(text, "Relationships")
    entry = f'<{prefix}Relationship Id="{xml_attr(rid)}" Type="{xml_attr(rel_type)}" Target="{xml_attr(target)}"/>'
    return append_child(text, "Relationships", entry)


def remove_relationship(text: str, rid: str) -> str:
    """``text`` (a rels part) without the relationship ``rid``."""
    return _REL_TAG.sub(lambda m: "" if get_attr(m.group(0), "Id") == rid else m.group(0), text)


_OVERRIDE_TAG = re.compile(r"<(?:[\w.-]+:)?Override\b[^>]*?/>")
_DEFAULT_TAG = re.compile(r"<(?:[\w.-]+:)?Default\b[^>]*?/>")


def same_part(a: str | None, b: str) -> bool:
    """True when ``a`` and ``b`` name the same part (OPC part names ignore case and a leading
    ``/``)."""
    return (a or "").lstrip("/").casefold() == b.lstrip("/").casefold()


def add_override(text: str, part: str, content_type: str) -> str:
    """``[Content_Types].xml`` text with an override for ``part`` (kept when one exists)."""
    if any(same_part(get_attr(m.group(0), "PartName"), part) for m in _OVERRIDE_TAG.finditer(text)):
        return text
    prefix = root_prefix(text, "Types")
    entry = f'<{prefix}Override PartName="/{xml_attr(part.lstrip("/"))}" ContentType="{xml_attr(content_type)}"/>'
    return append_child(text, "Types", entry)


def remove_override(text: str, part: str) -> str:
    """``[Content_Types].xml`` text without the override of ``part``."""
    return _OVERRIDE_TAG.sub(
        lambda m: "" if same_part(get_attr(m.group(0), "PartName"), part) else m.group(0), text
    )


def remove_default(text: str, extension: str) -> str:
    """``[Content_Types].xml`` text without the default for ``extension``."""
    ext = extension.lower()
    return _DEFAULT_TAG.sub(
        lambda m: "" if (get_attr(m.group(0), "Extension") or "").lower() == ext else m.group(0),
        text,
    )
