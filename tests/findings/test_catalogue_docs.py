"""docs/findings.md is generated from the catalogue and must not drift."""

import pytest

from xladdin.findings import catalogue
from xladdin.findings.docs import DOCS_PATH, REGENERATE, render


def test_committed_docs_equal_a_fresh_generation():
    fresh = render()
    committed = DOCS_PATH.read_text(encoding="utf-8") if DOCS_PATH.exists() else ""
    if committed != fresh:
        stale = sorted(set(fresh.splitlines()) ^ set(committed.splitlines()))
        codes = sorted({line.split("`")[1] for line in stale if line.startswith("| `")})
        pytest.fail(
            f"docs/findings.md is out of date with the finding catalogue "
            f"(codes changed: {', '.join(codes) or 'header'}). Regenerate it with "
            f"`{REGENERATE}` and commit the result.",
            pytrace=False,
        )


def test_every_code_is_documented_once():
    text = render()
    for t in catalogue():
        assert text.count(f"| `{t.code}` |") == 1, t.code


def test_pipes_in_messages_are_escaped():
    from xladdin.findings import Category, FindingType, Severity

    t = FindingType("x-y", Severity.INFO, Category.DATA, "a | b", "ກ | ຂ", "d", todo_lo="ຄ | ງ")
    row = next(line for line in render([t]).splitlines() if "`x-y`" in line)
    assert row.count(" | ") == 6 and "a \\| b" in row  # 7 cells: 6 inner separators
    assert "ຄ \\| ງ" in row
