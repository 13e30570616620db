"""Finding types of :mod:`xladdin.validate`: data, identity, plausibility and consistency rules.

The texts (English and Lao message, what to do) are rows of xladdin/data/messages.csv. Lao
wording uses the terms of xladdin/data/glossary.csv; terms the glossary marks ``unconfirmed``
(output, intermediate consumption, deflator) are provisional and should be checked with LSB.
"""

from xladdin.findings.model import Category, Severity, define

# --- data ---------------------------------------------------------------------------------------

NUMBER_STORED_AS_TEXT = define("number-stored-as-text", Severity.WARNING, Category.DATA)

AMBIGUOUS_SEPARATOR = define("ambiguous-separator", Severity.WARNING, Category.DATA)

TEXT_LOOKS_LIKE_FORMULA = define("text-looks-like-formula", Severity.WARNING, Category.SECURITY)

LAO_DIGITS = define("lao-digits", Severity.WARNING, Category.DATA)

LEGACY_LAO_FONT = define("legacy-lao-font", Severity.WARNING, Category.DATA)

MISSING_INPUT = define("missing-input", Severity.ERROR, Category.DATA)

INPUT_NOT_A_NUMBER = define("input-not-a-number", Severity.ERROR, Category.DATA)

NEGATIVE_INPUT = define("negative-input", Severity.ERROR, Category.DATA)

INDEX_NOT_POSITIVE = define("index-not-positive", Severity.ERROR, Category.DATA)

UNKNOWN_PROVINCE_CODE = define("unknown-province-code", Severity.ERROR, Category.DATA)

UNKNOWN_INDUSTRY_CODE = define("unknown-industry-code", Severity.ERROR, Category.DATA)

POPULATION_MISSING = define("population-missing", Severity.ERROR, Category.DATA)

FINDINGS_TRUNCATED = define("findings-truncated", Severity.INFO, Category.DATA)

# --- consistency ---------------------------------------------------------------------------------

INCONSISTENT_BASE_YEAR = define("inconsistent-base-year", Severity.ERROR, Category.CONSISTENCY)

REBASE_OLD_BASE_NOT_EARLIER = define(
    "rebase-old-base-not-earlier", Severity.ERROR, Category.CONSISTENCY
)

# --- identity ------------------------------------------------------------------------------------

GVA_IDENTITY = define("gva-identity", Severity.ERROR, Category.IDENTITY)

GDP_IDENTITY = define("gdp-identity", Severity.ERROR, Category.IDENTITY)

AGGREGATE_SUM = define("aggregate-sum", Severity.ERROR, Category.IDENTITY)

SHARES_SUM = define("shares-sum", Severity.ERROR, Category.IDENTITY)

QUARTERS_SUM = define("quarters-sum", Severity.ERROR, Category.IDENTITY)

# --- plausibility --------------------------------------------------------------------------------

GROWTH_OUT_OF_BAND = define("growth-out-of-band", Severity.WARNING, Category.PLAUSIBILITY)

GROWTH_SIGN_OPPOSITE = define("growth-sign-opposite", Severity.WARNING, Category.PLAUSIBILITY)

DEFLATOR_GROWTH_OUT_OF_BAND = define(
    "deflator-growth-out-of-band", Severity.WARNING, Category.PLAUSIBILITY
)

NEGATIVE_GVA = define("negative-gva", Severity.WARNING, Category.PLAUSIBILITY)

RATIO_JUMP = define("ratio-jump", Severity.WARNING, Category.PLAUSIBILITY)
