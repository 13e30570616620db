"""Finding types of returned files: ``xladdin prepare`` (making a file safe to send) and
``xladdin verify`` (checking its stamp). Emitted by :mod:`xladdin.returned`."""

from xladdin.findings.model import Category, Severity, define

# --- verify ---------------------------------------------------------------------------------

STAMP_MISSING = define("return-stamp-missing", Severity.ERROR, Category.SECURITY, refuses=True)

STAMP_UNKNOWN_SCHEME = define(
    "return-stamp-unknown-scheme", Severity.ERROR, Category.SECURITY, refuses=True
)

STAMP_INTACT = define("return-stamp-intact", Severity.INFO, Category.SECURITY)

DATA_CHANGED = define("return-data-changed", Severity.ERROR, Category.SECURITY)

SHEET_CHANGED = define("return-sheet-changed", Severity.ERROR, Category.SECURITY)

SHEET_ADDED = define("return-sheet-added", Severity.ERROR, Category.SECURITY)

SHEET_REMOVED = define("return-sheet-removed", Severity.ERROR, Category.SECURITY)

UDF_FORMULA_PRESENT = define("return-udf-formula", Severity.ERROR, Category.SECURITY)

MACROS_PRESENT = define("return-macros-present", Severity.ERROR, Category.SECURITY)

EXTERNAL_LINKS_PRESENT = define("return-external-links-present", Severity.ERROR, Category.SECURITY)

# --- prepare --------------------------------------------------------------------------------

FORMULAS_FROZEN = define("return-formulas-frozen", Severity.INFO, Category.SECURITY)

FROZEN_WITHOUT_VALUE = define("return-formula-no-cached-value", Severity.WARNING, Category.DATA)

MACROS_REMOVED = define("return-macros-removed", Severity.INFO, Category.SECURITY)

EXTERNAL_LINK_REMOVED = define("return-external-link-removed", Severity.INFO, Category.SECURITY)

NAME_REMOVED = define("return-name-removed", Severity.INFO, Category.SECURITY)

SHEET_UNHIDDEN = define("return-sheet-unhidden", Severity.INFO, Category.SECURITY)

TEMPLATE_UNKNOWN = define("return-template-unknown", Severity.WARNING, Category.STRUCTURE)

VALIDATION_ERRORS = define("return-validation-errors", Severity.WARNING, Category.CONSISTENCY)

# --- stamp scheme v2: what changed (diagnostics; the hash decides) ----------------------------

STAMP_OLD_SCHEME = define(
    "return-stamp-old-scheme", Severity.ERROR, Category.SECURITY, refuses=True
)

SHEETS_CHANGED = define("return-sheets-changed", Severity.ERROR, Category.SECURITY)

TABLES_CHANGED = define("return-tables-changed", Severity.ERROR, Category.SECURITY)

NAMES_CHANGED = define("return-names-changed", Severity.ERROR, Category.SECURITY)

IDENTITY_CHANGED = define("return-identity-changed", Severity.ERROR, Category.SECURITY)

STAMP_EDITED = define("return-stamp-edited", Severity.ERROR, Category.SECURITY)

# --- prepare compiles first -------------------------------------------------------------------

COMPILED = define("return-compiled", Severity.INFO, Category.CONSISTENCY)

OUTPUTS_WERE_STALE = define("return-outputs-were-stale", Severity.WARNING, Category.CONSISTENCY)

COMPILE_REFUSED = define("return-compile-refused", Severity.ERROR, Category.STRUCTURE, refuses=True)

# --- validate: outputs current (rule xladdin.validate.rules.current) --------------------------

OUTPUTS_NOT_CURRENT = define("outputs-not-current", Severity.ERROR, Category.CONSISTENCY)
