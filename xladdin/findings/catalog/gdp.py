"""Finding types for the gdp area: calculation problems surfaced as findings.

The calculation core (:mod:`xladdin.gdp`) raises typed exceptions; compile and review callers
turn the ones that describe the *data* (not a bug) into these findings, so the run continues
and the reviewer sees where and by how much.
"""

from xladdin.findings.model import Category, Severity, define

RAKE_TOTAL_NOT_MET = define("rake-total-not-met", Severity.WARNING, Category.CONSISTENCY)

RAKE_NEGATIVE_RESULT = define("rake-negative-result", Severity.WARNING, Category.PLAUSIBILITY)
