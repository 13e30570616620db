"""Finding types for consistent levels from district to nation (issue 9): constant-price
reconciliation, taxes on products allocated by GVA, districts against their province and
special economic zones against their host provinces (:mod:`xladdin.review.reconcile`,
:mod:`xladdin.compile.district`, :mod:`xladdin.review.levels`)."""

from xladdin.findings.model import Category, Severity, define

VOLUME_RECONCILE_ADJUSTED = define("volume-reconcile-adjusted", Severity.INFO, Category.CONSISTENCY)
TAXES_ALLOCATED = define("taxes-allocated", Severity.INFO, Category.CONSISTENCY)
DISTRICT_GROWTH_GAP = define("district-growth-gap", Severity.WARNING, Category.PLAUSIBILITY)
DISTRICT_WEIGHTS_MISSING = define("district-weights-missing", Severity.WARNING, Category.DATA)
SEZ_DOUBLE_COUNTED = define("sez-double-counted", Severity.ERROR, Category.CONSISTENCY)
SEZ_OMITTED = define("sez-omitted", Severity.WARNING, Category.CONSISTENCY)
SEZ_INCLUSION_UNKNOWN = define("sez-inclusion-unknown", Severity.INFO, Category.DATA)
