"""Low-level surgery on an xlsx/xlsm package for returned files.

Everything here edits the package's XML *text* with narrow regular expressions, so every byte
we do not mean to change stays as it was (namespace prefixes, ``mc:Ignorable`` lists, extension
lists, charts, images, comments). Nothing is re-serialised through an XML library or openpyxl.

Untrusted input: parts are read with a size budget (zip bombs), and any XML part we edit that
declares a DOCTYPE or an entity is refused (entity tricks). Nothing in the package is executed.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from xladdin.errors import RefusedWorkbookError, UnreadableWorkbookError
from xladdin.workbook.package import Package as _CPackage
from xladdin.workbook.package import PackageWriter as _Writer
from xladdin.workbook.package import atomic_write as _atomic_write

__all__ = ["Package", "Rel", "attr", "rels_name", "set_attr", "unescape"]

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


@dataclass(frozen=True)
class Rel:
    """One relationship of a part: id, type URI, target (as written) and target mode."""

    id: str
    type: str
    target: str
    external: bool = False

    @property
    def kind(self) -> str:
        """The last segment of the type URI, e.g. ``"worksheet"`` or ``"vbaProject"``."""
        return self.type.rstrip("/").rsplit("/", 1)[-1]


def attr(tag_text: str, name: str) -> str | None:
    """Value of attribute ``name`` (prefix allowed, e.g. ``r:id``) in one start tag, or None."""
    m = re.search(r"(?:^|\s)" + re.escape(name) + r"\s*=\s*(\"([^\"]*)\"|'([^']*)')", tag_text)
    if not m:
        return None
    value = m.group(2) if m.group(2) is not None else m.group(3)
    return _unescape(value)


def set_attr(tag_text: str, name: str, value: str | None) -> str:
    """Return the start tag with attribute ``name`` set to ``value`` (None removes it)."""
    pattern = re.compile(r"\s" + re.escape(name) + r"\s*=\s*(\"[^\"]*\"|'[^']*')")
    if value is None:
        return pattern.sub("", tag_text, count=1)
    new = f' {name}="{escape(value, {chr(34): "&quot;"})}"'
    if pattern.search(tag_text):
        return pattern.sub(lambda _m: new, tag_text, count=1)
    close = "/>" if tag_text.endswith("/>") else ">"
    return tag_text[: -len(close)].rstrip() + new + close


def _unescape(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        ent = m.group(1)
        if ent.startswith("#x"):
            return chr(int(ent[2:], 16))
        if ent.startswith("#"):
            return chr(int(ent[1:]))
        return {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}.get(ent, m.group(0))

    return re.sub(r"&(#x[0-9A-Fa-f]+|#\d+|\w+);", repl, text)


def unescape(text: str) -> str:
    """XML character and predefined entity references resolved (no DTD entities, ever)."""
    return _unescape(text)


class Package:
    """A writable OOXML package: reads through :class:`xladdin.workbook.package.Package` (size
    limits, encryption and truncation detection), keeps edits in memory, and saves atomically
    with every untouched part copied raw (byte-identical compressed data).

    Parameters
    ----------
    path : str or Path
        The package to open.

    Raises
    ------
    UnreadableWorkbookError
        Not a readable package (truncated, encrypted, legacy .xls, not a zip).
    RefusedWorkbookError
        A part is too large or compresses like a zip bomb.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.source = os.fspath(path)
        self.src = _CPackage(path)
        if not self.src.has("[Content_Types].xml"):
            raise UnreadableWorkbookError(
                f"{Path(path).name}: no [Content_Types].xml, not an xlsx package"
            )
        self._order = [n for n in self.src.names() if not n.endswith("/")]
        self._edited: dict[str, bytes] = {}
        self._removed: set[str] = set()

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Package:
        return cls(path)

    # --- parts -------------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Current part names: original order first, then new parts."""
        out = [n for n in self._order if n not in self._removed]
        out += [n for n in self._edited if n not in self._order]
        return out

    def has(self, name: str) -> bool:
        return self._key(name) is not None

    def _key(self, name: str) -> str | None:
        name = name.lstrip("/")
        if name in self._edited:
            return name
        found = self.src.find(name)
        if found is None or found in self._removed:
            return None
        return found

    def read(self, name: str) -> bytes:
        key = self._key(name)
        if key is None:
            raise KeyError(name)
        if key in self._edited:
            return self._edited[key]
        return self.src.read(key)

    def text(self, name: str) -> str:
        """A part decoded as XML text; DOCTYPE/ENTITY declarations are refused."""
        data = self.read(name)
        if data[:3] == b"\xef\xbb\xbf":
            data = data[3:]
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8", errors="strict")
        upper = text.upper()
        if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
            raise RefusedWorkbookError(
                f"part {name} declares a DOCTYPE or entity (XML entity trick)"
            )
        return text

    def put(self, name: str, data: bytes | str) -> None:
        """Add or replace a part."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        key = self._key(name) or name.lstrip("/")
        self._removed.discard(key)
        self._edited[key] = data

    def remove(self, name: str) -> bool:
        """Drop a part, its own relationships part and its content-type override."""
        key = self._key(name)
        if key is None:
            return False
        self._drop(key)
        rels = self._key(rels_name(key))
        if rels is not None:
            self._drop(rels)
        self.remove_override(key)
        return True

    def _drop(self, key: str) -> None:
        self._edited.pop(key, None)
        if key in self._order:
            self._removed.add(key)

    def save(self, out: str | os.PathLike[str]) -> Path:
        """Write the package atomically to ``out`` (no backup: ``out`` is a new file)."""
        return _atomic_write(out, self._produce, backup=False)

    def to_bytes(self) -> bytes:
        """The package as it would be saved, in memory."""
        buf = io.BytesIO()
        self._produce(buf)
        return buf.getvalue()

    def _produce(self, fh: IO[bytes]) -> None:
        names = self.names()
        names.sort(key=lambda n: n != "[Content_Types].xml")
        writer = _Writer(fh)
        for name in names:
            if name in self._edited:
                writer.write(name, self._edited[name], self.src.infos.get(name))
            else:
                info, raw = self.src.raw(name)
                writer.copy_raw(info, raw)
        writer.close()

    # --- relationships -----------------------------------------------------------------------

    def rels(self, part: str) -> list[Rel]:
        """Relationships of ``part`` (``""`` for the package root)."""
        name = rels_name(part)
        if not self.has(name):
            return []
        out = []
        for m in re.finditer(r"<(?:\w+:)?Relationship\b[^>]*?/?>", self.text(name)):
            tag = m.group(0)
            out.append(
                Rel(
                    attr(tag, "Id") or "",
                    attr(tag, "Type") or "",
                    attr(tag, "Target") or "",
                    (attr(tag, "TargetMode") or "") == "External",
                )
            )
        return out

    def remove_rel(self, part: str, rel_id: str) -> None:
        name = rels_name(part)
        if not self.has(name):
            return
        text = self.text(name)
        text = re.sub(
            r"<(?:\w+:)?Relationship\b[^>]*?\bId\s*=\s*[\"']"
            + re.escape(rel_id)
            + r"[\"'][^>]*?/>",
            "",
            text,
        )
        self.put(name, text)

    def add_rel(self, part: str, rel_type: str, target: str) -> str:
        """Add a relationship to ``part`` and return its new id."""
        name = rels_name(part)
        if self.has(name):
            text = self.text(name)
        else:
            text = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<Relationships xmlns="{REL_NS}"></Relationships>'
            )
        text = re.sub(r"<((?:\w+:)?Relationships)\b([^>]*?)\s*/>", r"<\1\2></\1>", text, count=1)
        used = {r.id for r in self.rels(part)} if self.has(name) else set()
        n = 1
        while f"rId{n}" in used or f"rIdX{n}" in used:
            n += 1
        rid = f"rId{n}"
        text = re.sub(
            r"</(\w+:)?Relationships>",
            lambda m: (
                f'<{m.group(1) or ""}Relationship Id="{rid}" Type="{rel_type}" '
                f'Target="{escape(target)}"/>' + m.group(0)
            ),
            text,
            count=1,
        )
        self.put(name, text)
        return rid

    def resolve(self, part: str, target: str) -> str:
        """Part name a relationship target points to, relative to ``part``."""
        if target.startswith("/"):
            return target.lstrip("/")
        base = posixpath.dirname(part)
        return posixpath.normpath(posixpath.join(base, target))

    # --- content types -----------------------------------------------------------------------

    def content_type(self, name: str) -> str | None:
        text = self.text("[Content_Types].xml")
        for m in re.finditer(r"<(?:\w+:)?Override\b[^>]*?/?>", text):
            if (attr(m.group(0), "PartName") or "").lstrip("/") == name.lstrip("/"):
                return attr(m.group(0), "ContentType")
        ext = name.rsplit(".", 1)[-1].lower()
        for m in re.finditer(r"<(?:\w+:)?Default\b[^>]*?/?>", text):
            if (attr(m.group(0), "Extension") or "").lower() == ext:
                return attr(m.group(0), "ContentType")
        return None

    def remove_override(self, name: str) -> None:
        text = self.text("[Content_Types].xml")

        def drop(m: re.Match[str]) -> str:
            return (
                ""
                if (attr(m.group(0), "PartName") or "").lstrip("/") == name.lstrip("/")
                else m.group(0)
            )

        new = re.sub(r"<(?:\w+:)?Override\b[^>]*?/>", drop, text)
        if new != text:
            self.put("[Content_Types].xml", new)

    def remove_default(self, extension: str) -> None:
        text = self.text("[Content_Types].xml")

        def drop(m: re.Match[str]) -> str:
            ext = (attr(m.group(0), "Extension") or "").lower()
            return "" if ext == extension.lower() else m.group(0)

        self.put("[Content_Types].xml", re.sub(r"<(?:\w+:)?Default\b[^>]*?/>", drop, text))

    def set_override(self, name: str, content_type: str) -> None:
        """Add or replace the content-type override of a part."""
        self.remove_override(name)
        text = self.text("[Content_Types].xml")
        tag = f'Override PartName="/{name.lstrip("/")}" ContentType="{content_type}"/>'
        text = re.sub(
            r"</(\w+:)?Types>", lambda m: f"<{m.group(1) or ''}{tag}" + m.group(0), text, count=1
        )
        self.put("[Content_Types].xml", text)


def rels_name(part: str) -> str:
    """``"xl/workbook.xml"`` -> ``"xl/_rels/workbook.xml.rels"``; ``""`` -> ``"_rels/.rels"``."""
    part = part.lstrip("/")
    if not part:
        return "_rels/.rels"
    head, tail = posixpath.split(part)
    return posixpath.join(head, "_rels", tail + ".rels")
