"""Returned files: what a province sends to Vientiane, and how a reviewer checks it.

``prepare`` writes ``BOOK-return.xlsx`` beside the workbook (never modifying it). An xladdin
template is compiled first, into the copy (so the returned outputs follow from the returned
inputs; a template that cannot be compiled is refused). Then: add-in (``GDP_``), external-link,
DDE and volatile formulas frozen to their cached values, the formula text kept on a visible
``Audit`` sheet; ``xl/externalLinks`` removed; the VBA project removed and the content type set
to .xlsx; hidden sheets made visible; and a stamp in custom document properties
(``xladdin.return.*``): who compiled it, when (UTC), xladdin version, template id and version,
the validation result, and a SHA-256 over everything the review reads -- typed cell values,
formulas with their cached values, Excel Tables (range, sheet, columns), defined names, sheet
visibility and ownership, the return's identity and the stamp's own fields (definition:
:mod:`xladdin.returned.hashing`, scheme ``xladdin-data-v2``).

``verify`` recomputes that hash and says whether anything it covers changed after the stamp,
and what (sheet, table, name, identity, stamp field).

Library API::

    prepare_file(path, out=None, compiler=None) -> Path
    prepare_package(path, out=None, compiler=None) -> PrepareResult(path, stamp, report, frozen, removed)
    data_hash(view, stamp=None) -> str
    verify_view(view) -> VerifyResult(intact, stamp, findings)
    verify_file(path) -> VerifyResult
"""

from typing import Any

from xladdin.returned.hashing import HASH_SCHEME, data_hash, hashed_sheets, sheet_hashes
from xladdin.returned.verify import VerifyResult, read_stamp, verify_file, verify_view

__all__ = [
    "AUDIT_SHEET",
    "HASH_SCHEME",
    "STAMP_KEYS",
    "PrepareResult",
    "VerifyResult",
    "data_hash",
    "hashed_sheets",
    "prepare_file",
    "prepare_package",
    "read_stamp",
    "returned_path",
    "sheet_hashes",
    "verify_file",
    "verify_view",
]

_PREPARE = (
    "AUDIT_SHEET",
    "STAMP_KEYS",
    "PrepareResult",
    "prepare_file",
    "prepare_package",
    "returned_path",
)


def __getattr__(name: str) -> Any:
    """The names of :mod:`xladdin.returned.prepare`, imported on first use: verifying a file
    (``consolidate``, once per file) does not load prepare and what it alone uses (compile,
    the package editor)."""
    if name in _PREPARE:
        from xladdin.returned import prepare

        return getattr(prepare, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
