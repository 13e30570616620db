"""Compile summarises a flood of one finding per sheet instead of listing thousands."""

from xladdin.compile.core import MAX_PER_SHEET
from xladdin.findings import finding
from xladdin.validate.engine import truncate_findings


def test_truncated_findings_name_the_code_they_summarise():
    found = [
        finding("rule-error", sheet="Volume", rule="r", error="e") for _ in range(MAX_PER_SHEET + 7)
    ]
    kept = truncate_findings(found, MAX_PER_SHEET)
    assert len(kept) == MAX_PER_SHEET + 1
    summary = kept[-1]
    assert summary.code == "findings-truncated"
    assert summary.message_en == "7 more 'rule-error' findings on sheet 'Volume' are not listed"
    assert "{" not in summary.message_lo
