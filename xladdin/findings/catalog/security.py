"""Finding types for untrusted returned files (:mod:`xladdin.workbook.safety`).

Every type here has category ``security``. Types with ``refuses=True`` mean the package must not
be read at all (exit code 2); the others are reported and the values are still read (nothing in
a returned file is ever executed: formulas are not evaluated, macros are not run).

A file that is not a readable workbook at all (not a zip, truncated, encrypted, a legacy .xls, a
zip without a workbook part) gets the reader's ``workbook-*`` codes of
:mod:`xladdin.findings.catalog.workbook`, from the inspection as from the reader: one code per
condition.
"""

from xladdin.findings.model import Category, Severity, define

S = Category.SECURITY

PACKAGE_MISSING = define("package-missing", Severity.ERROR, S, refuses=True)
PACKAGE_TOO_LARGE = define("package-too-large", Severity.ERROR, S, refuses=True)
ZIP_TOO_MANY_PARTS = define("zip-too-many-parts", Severity.ERROR, S, refuses=True)
ZIP_BOMB = define("zip-bomb", Severity.ERROR, S, refuses=True)
XML_ENTITY_DECLARATION = define("xml-entity-declaration", Severity.ERROR, S, refuses=True)
XML_MALFORMED = define("xml-malformed", Severity.ERROR, S, refuses=True)
MACRO_PROJECT_PRESENT = define("macro-project-present", Severity.ERROR, S)
MACRO_PROJECT_REFUSED = define("macro-project-refused", Severity.ERROR, S, refuses=True)
EMBEDDED_OBJECT_PRESENT = define("embedded-object-present", Severity.ERROR, S)
EXTERNAL_LINK_PRESENT = define("external-link-present", Severity.ERROR, S)
DATA_CONNECTION_PRESENT = define("data-connection-present", Severity.ERROR, S)
DDE_FORMULA = define("dde-formula", Severity.ERROR, S, refuses=True)
WEBSERVICE_FORMULA = define("webservice-formula", Severity.ERROR, S)
HYPERLINK_TO_FILE = define("hyperlink-to-file", Severity.ERROR, S)
SHEET_DIMENSION_ABSURD = define("sheet-dimension-absurd", Severity.ERROR, S, refuses=True)
HIDDEN_SHEET_DATA = define("hidden-sheet-data", Severity.ERROR, S)
VERY_HIDDEN_SHEET_DATA = define("very-hidden-sheet-data", Severity.ERROR, S)
ZIP_ENTRY_NAME_UNSAFE = define("zip-entry-name-unsafe", Severity.ERROR, S, refuses=True)
ZIP_ENTRY_DUPLICATE = define("zip-entry-duplicate", Severity.ERROR, S, refuses=True)
EXTERNAL_RELATIONSHIP = define("external-relationship", Severity.ERROR, S)
SHEET_PART_SHARED = define("sheet-part-shared", Severity.ERROR, S, refuses=True)
TABLE_RANGE_ABSURD = define("table-range-absurd", Severity.ERROR, S, refuses=True)
SHARED_STRING_EXPANSION = define("shared-string-expansion", Severity.ERROR, S, refuses=True)
FORMULA_TOO_LONG = define("formula-too-long", Severity.ERROR, S, refuses=True)
INSPECTION_TIME_EXCEEDED = define("inspection-time-exceeded", Severity.ERROR, S, refuses=True)
SHARED_FORMULA_EXPANSION = define("shared-formula-expansion", Severity.ERROR, S, refuses=True)
