"""The return stamp's names: the custom document properties ``prepare`` writes and ``verify``
reads, and the Audit sheet's name and marker (no writer imported: verifying a file does not
load openpyxl)."""

from __future__ import annotations

from xladdin.workbook.owned import AUDIT

__all__ = ["AUDIT_MARKER", "AUDIT_SHEET", "PREFIX", "STAMP_KEYS"]

AUDIT_SHEET = AUDIT.name
"""Preferred name of the Audit sheet; beside a user's own "Audit" it is "Audit (xladdin)"."""
AUDIT_MARKER = AUDIT.marker
"""Text of the Audit sheet's A1 (how xladdin recognises its own Audit sheet)."""

PREFIX = "xladdin.return."
STAMP_KEYS = {
    "compiled_by": PREFIX + "compiled_by",
    "stamped_utc": PREFIX + "stamped_utc",
    "xladdin_version": PREFIX + "xladdin_version",
    "template_id": PREFIX + "template_id",
    "template_version": PREFIX + "template_version",
    "data_sha256": PREFIX + "data_sha256",
    "hash_scheme": PREFIX + "hash_scheme",
    "data_cells": PREFIX + "data_cells",
    "source_file": PREFIX + "source_file",
    "validation_errors": PREFIX + "validation_errors",
    "validation_warnings": PREFIX + "validation_warnings",
    "validation_xladdin_version": PREFIX + "validation_xladdin_version",
    "uncached_formulas": PREFIX + "uncached_formulas",
}
"""Short key -> custom document property name of the return stamp. The ``validation_*`` keys
hold the result of :func:`xladdin.validate.validate_view` on the returned data;
``uncached_formulas`` the formula cells that had no cached value (JSON ``{sheet: [A1...]}``,
empty when none). Every field but ``data_sha256`` is covered by the data hash (scheme v2), so
an edited stamp time or compiler name no longer verifies; other document properties are not."""
