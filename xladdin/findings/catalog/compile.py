"""Finding types for the compile area (emitted by :mod:`xladdin.compile`)."""

from xladdin.findings.model import Category, Severity, define

REFUSED = define("compile-refused", Severity.ERROR, Category.STRUCTURE, refuses=True)
MISSING_INPUT = define("compile-missing-input", Severity.ERROR, Category.DATA)
BASE_YEAR = define("compile-base-year-invalid", Severity.ERROR, Category.DATA)
UNKNOWN_UNIT = define("compile-unknown-unit", Severity.ERROR, Category.DATA)
CALCULATION = define("compile-calculation-failed", Severity.ERROR, Category.DATA)
DIRECT_USED = define("compile-direct-entries-used", Severity.INFO, Category.DATA)
TAXES_EXTRAPOLATED = define("compile-taxes-extrapolated", Severity.INFO, Category.DATA)
DEFLATION_METHODS = define("compile-deflation-methods", Severity.INFO, Category.DATA)
DOUBLE_NOT_POSITIVE = define(
    "compile-double-deflation-not-positive", Severity.WARNING, Category.PLAUSIBILITY
)
OUTPUT_YEAR_MISSING = define("compile-output-year-missing", Severity.WARNING, Category.STRUCTURE)
OUTPUT_TOO_SMALL = define("compile-output-too-small", Severity.WARNING, Category.STRUCTURE)
REBASE_SKIPPED = define("compile-rebase-skipped", Severity.WARNING, Category.DATA)
VALIDATION_UNAVAILABLE = define("compile-validation-unavailable", Severity.INFO, Category.STRUCTURE)
UNKNOWN_DISTRICT = define("compile-unknown-district", Severity.WARNING, Category.DATA)
SEZ_INCLUSION_MISSING = define("compile-sez-inclusion-missing", Severity.WARNING, Category.DATA)
CHAIN_SIGN_CHANGE = define("compile-chain-sign-change", Severity.WARNING, Category.DATA)
