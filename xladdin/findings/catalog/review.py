"""Finding types for central review: consolidation of returned files, comparison with the
national totals and reconciliation (:mod:`xladdin.review`)."""

from xladdin.findings.model import Category, Severity, define

REVIEW_FILE_UNRECOGNISED = define("review-file-unrecognised", Severity.ERROR, Category.STRUCTURE)
REVIEW_SEZ_NOT_SUMMED = define("review-sez-not-summed", Severity.INFO, Category.STRUCTURE)
REVIEW_UNSTAMPED = define("review-unstamped", Severity.WARNING, Category.CONSISTENCY)
REVIEW_NOT_ACCEPTED = define("review-not-accepted", Severity.ERROR, Category.SECURITY, refuses=True)
REVIEW_ACCEPTED = define("review-accepted", Severity.WARNING, Category.SECURITY)
REVIEW_OUTPUT_DIFFERS = define("review-output-differs", Severity.ERROR, Category.CONSISTENCY)
REVIEW_OUTPUT_DIFFERS_MORE = define(
    "review-output-differs-more", Severity.ERROR, Category.CONSISTENCY
)
REVIEW_NOT_RECOMPUTED = define("review-not-recomputed", Severity.WARNING, Category.CONSISTENCY)
REVIEW_READ_FAILED = define("review-read-failed", Severity.ERROR, Category.STRUCTURE, refuses=True)
REVIEW_FILE_SKIPPED = define("review-file-skipped", Severity.INFO, Category.STRUCTURE)
REVIEW_TEXT_CLEANED = define("review-text-cleaned", Severity.INFO, Category.STRUCTURE)
REVIEW_NO_RESULTS = define("review-no-results", Severity.ERROR, Category.DATA)
REVIEW_UNKNOWN_PROVINCE = define("review-unknown-province", Severity.ERROR, Category.IDENTITY)
REVIEW_SUPERSEDED = define("review-superseded", Severity.INFO, Category.CONSISTENCY)
REVIEW_PROVINCE_MISSING = define("review-province-missing", Severity.WARNING, Category.CONSISTENCY)
REVIEW_NATIONAL_MISSING = define("review-national-missing", Severity.INFO, Category.CONSISTENCY)
NATIONAL_FILE_INVALID = define("national-file-invalid", Severity.ERROR, Category.STRUCTURE)
PROVINCE_SUM_DIFFERS = define("province-sum-differs", Severity.WARNING, Category.CONSISTENCY)
VOLUME_SUM_DIFFERS = define("volume-sum-differs", Severity.INFO, Category.CONSISTENCY)
GROWTH_GAP = define("growth-gap", Severity.WARNING, Category.PLAUSIBILITY)
BASE_YEARS_MIXED = define("base-years-mixed", Severity.WARNING, Category.CONSISTENCY)
RECONCILE_ADJUSTED = define("reconcile-adjusted", Severity.INFO, Category.CONSISTENCY)
RECONCILE_INCOMPLETE = define("reconcile-incomplete", Severity.WARNING, Category.CONSISTENCY)

# rake-total-not-met (raking in reconciliation) is defined once, in catalog/gdp.py.
