"""OPC facts shared by the inspection (:mod:`xladdin.workbook.safety`) and the removal side
(:mod:`xladdin.returned.surgery`): which content types and relationship types are macros or
embedded objects, and which external targets reach files or the network.

Sources: ECMA-376 Part 1 (content types and relationship types of SpreadsheetML) and
[MS-OFFCRYPTO]/[MS-OVBA] for the VBA project stream names; Office writes the macro-enabled
types listed here in .xlsm/.xltm/.xlam packages.
"""

from __future__ import annotations

import re

__all__ = [
    "EMBED_CONTENT_TYPES",
    "EMBED_REL_KINDS",
    "EXTERNAL_LINK_PATH_KINDS",
    "MACRO_CONTENT_TYPES",
    "MACRO_REL_KINDS",
    "NS",
    "OLE_MAGIC",
    "VBA_STORAGE",
    "VBA_STREAM",
    "is_encrypted_ole",
    "is_macro_bytes",
    "is_macro_name",
    "rel_kind",
    "targets_file",
]

NS = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "cp": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}
"""XML namespaces of SpreadsheetML and OPC parts, by the prefix xladdin uses for them."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Signature of an OLE compound file (a VBA project, an embedded object, an encrypted package)."""

VBA_STREAM = "_VBA_PROJECT".encode("utf-16-le")
"""Name of the stream every VBA project storage holds ([MS-OVBA] 2.3.4.1), as stored in the
compound file's directory (UTF-16LE)."""

VBA_STORAGE = "VBA".encode("utf-16-le") + b"\x00\x00"
"""The ``VBA`` storage name, NUL-terminated, as stored in a compound file's directory."""

MACRO_CONTENT_TYPES = frozenset(
    {
        "application/vnd.ms-office.vbaproject",
        "application/vnd.ms-office.vbaprojectsignature",
        "application/vnd.ms-office.vbaprojectsignatureagile",
        "application/vnd.ms-office.vbaprojectsignaturev3",
        "application/vnd.ms-excel.macrosheet+xml",
        "application/vnd.ms-excel.intlmacrosheet+xml",
        "application/vnd.ms-excel.dialogsheet+xml",
        "application/vnd.ms-office.keymapcustomizations+xml",
    }
)
"""Content types (lower case) of macro parts: VBA projects and their signatures, Excel 4 (XLM)
macro sheets, dialog sheets, key bindings to macros."""

MACRO_REL_KINDS = frozenset(
    {
        "vbaproject",
        "vbaprojectsignature",
        "vbaprojectsignatureagile",
        "vbaprojectsignaturev3",
        "xlmacrosheet",
        "xlintlmacrosheet",
        "dialogsheet",
        "keymapcustomizations",
    }
)
"""Relationship types (last segment, lower case) that point at macro parts."""

EMBED_CONTENT_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.oleobject",
        "application/vnd.ms-office.activex+xml",
        "application/vnd.ms-office.activex",
    }
)
EMBED_REL_KINDS = frozenset({"oleobject", "control", "activexcontrolbinary", "package"})

EXTERNAL_LINK_PATH_KINDS = frozenset(
    {
        "externallinkpath",
        "xlexternallinkpath",
        "xlpathmissing",
        "xlstartup",
        "xlalternatestartup",
        "xllibrary",
    }
)
"""Relationship types of an external-link part's own target (reported as an external link)."""

_DRIVE = re.compile(r"^[a-z]:[\\/]", re.IGNORECASE)


def rel_kind(rel_type: str) -> str:
    """The last segment of a relationship type URI, lower case (``.../vbaProject`` -> ``vbaproject``)."""
    return rel_type.rstrip("/").rsplit("/", 1)[-1].lower()


def targets_file(target: str) -> bool:
    """True for a target on a local or network file system: ``file:``, UNC ``\\\\server``,
    ``//server``, ``smb:``, a drive letter."""
    low = target.strip().lower()
    return low.startswith(("file:", "\\\\", "//", "smb:")) or bool(_DRIVE.match(low))


_ENCRYPTION_STREAMS = tuple(n.encode("utf-16-le") for n in ("EncryptionInfo", "EncryptedPackage"))


def is_encrypted_ole(data: bytes) -> bool:
    """True for an OLE compound file holding an encrypted OOXML package (a password-protected
    workbook: its ``EncryptionInfo`` and ``EncryptedPackage`` streams, MS-OFFCRYPTO 2.3.4);
    another OLE file is a legacy binary workbook (.xls) or no workbook."""
    return data[:8] == OLE_MAGIC and any(name in data for name in _ENCRYPTION_STREAMS)


def is_macro_bytes(head: bytes, data: bytes | None = None) -> bool:
    """True when a part's bytes are a VBA project (an OLE file holding ``_VBA_PROJECT``) or an
    XML macro / dialog sheet, whatever the part is called."""
    body = data if data is not None else head
    if head[:8] == OLE_MAGIC:
        return VBA_STREAM in body or VBA_STORAGE in body
    return head.lstrip()[:1] == b"<" and bool(
        re.search(rb"<(?:[\w.-]+:)?(?:macrosheet|dialogsheet)\b", head[:4096])
    )


def is_macro_name(part: str) -> bool:
    """True for the names Excel gives macro parts (``vbaProject.bin``, ``xl/macrosheets/``,
    ``xl/dialogsheets/``); content type, relationship and content are checked too."""
    low = part.lower()
    return low.rsplit("/", 1)[-1] == "vbaproject.bin" or low.startswith(
        ("xl/macrosheets/", "xl/dialogsheets/")
    )
