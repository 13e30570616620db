"""Finding types for the template area (recognition, versions, tables, names, rows).

Emitted by :mod:`xladdin.templates.binding`.
"""

from xladdin.findings.model import Category, Severity, define

S = Category.STRUCTURE

NOT_RECOGNISED = define("template-not-recognised", Severity.INFO, S)
VERSION_UNSUPPORTED = define("template-version-unsupported", Severity.ERROR, S, refuses=True)
UPGRADED = define("template-upgraded", Severity.INFO, S)
ID_MISMATCH = define("template-id-mismatch", Severity.WARNING, S)
TABLE_MISSING = define("template-table-missing", Severity.ERROR, S)
COLUMN_MISSING = define("template-column-missing", Severity.ERROR, S)
NO_YEARS = define("template-no-year-columns", Severity.ERROR, S)
NAME_MISSING = define("template-name-missing", Severity.ERROR, S)
NAME_BROKEN = define("template-name-broken", Severity.ERROR, S)
ROW_MISSING = define("template-row-missing", Severity.WARNING, S)
DUPLICATE_CODE = define("template-duplicate-code", Severity.ERROR, S)
UNKNOWN_CODE = define("template-unknown-code", Severity.WARNING, S)
ROW_WITHOUT_CODE = define("template-row-without-code", Severity.WARNING, S)
SHEET_RENAMED = define("template-sheet-renamed", Severity.INFO, S)
