"""What a consolidation produced: :class:`ConsolidationResult`.

It lives below both :mod:`xladdin.review.consolidate` (which makes it) and the writers of the
review workbook (:mod:`xladdin.review.book`, :mod:`xladdin.review.levels`, which read
it), so the writers do not import the consolidation (no import cycle, issue #12).
``xladdin.review.consolidate`` re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from xladdin.findings import Report
from xladdin.review.analysis import Tables
from xladdin.review.national import NationalTotals
from xladdin.review.reconcile import Reconciliation
from xladdin.review.submission import Submission

__all__ = ["ConsolidationResult"]


@dataclass
class ConsolidationResult:
    """What :func:`xladdin.review.consolidate.consolidate` did."""

    out: Path | None
    register: Path | None
    submissions: list[Submission]
    used: list[Submission]
    tables: Tables
    national: NationalTotals | None
    reconciliation: Reconciliation | None
    allocation: pd.DataFrame
    report: Report
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return self.report.exit_code
