"""Returned files: what a province sends to Vientiane, and how a reviewer checks it.

``prepare`` writes ``BOOK-return.xlsx`` beside the workbook (never modifying it): add-in
(``GDP_``), external-link, DDE and volatile formulas frozen to their cached values, the formula
text kept on a visible ``Audit`` sheet; ``xl/externalLinks`` removed; the VBA project removed and
the content type set to .xlsx; hidden sheets made visible; and a stamp in custom document
properties (``xladdin.return.*``): who compiled it, when (UTC), xladdin version, template id and
version, and a SHA-256 over the data cells (definition: :mod:`xladdin.returned.hashing`).

``verify`` recomputes that hash and says whether any data cell changed after the stamp.

Library API::

    prepare_file(path, out=None, compiler=None) -> Path
    prepare_package(path, out=None, compiler=None) -> PrepareResult(path, stamp, report, frozen, removed)
    data_hash(view) -> str
    verify_view(view) -> VerifyResult(intact, stamp, findings)
    verify_file(path) -> VerifyResult
"""

from xladdin.returned.hashing import HASH_SCHEME, data_hash, hashed_sheets, sheet_hashes
from xladdin.returned.prepare import (
    AUDIT_SHEET,
    STAMP_KEYS,
    PrepareResult,
    prepare_file,
    prepare_package,
    returned_path,
)
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
