"""Outputs current: a compiled workbook's outputs follow from the inputs now in it.

Compares the inputs hash compile recorded (:mod:`xladdin.templates.current`) with the inputs of
the workbook as it is: an input changed after the last compile, or a workbook compiled by an
xladdin that recorded no hash, gives ``outputs-not-current`` on each sheet holding outputs.
"""

from __future__ import annotations

from collections.abc import Iterator

from xladdin.findings import Finding, finding
from xladdin.findings.words import word
from xladdin.validate.registry import Context, rule

__all__ = ["outputs_current_rule"]


@rule("outputs-current")
def outputs_current_rule(ctx: Context) -> Iterator[Finding]:
    """Recorded inputs hash == inputs hash now (compiled templates only)."""
    if ctx.bound is None:  # not a template (compile, binding and pandas are not loaded)
        return
    from xladdin.templates.binding import block_title
    from xladdin.templates.current import INPUTS_PROPERTY, outputs_current

    try:
        props = ctx.view.doc_properties() or {}
    except Exception:  # a view without document properties: cannot tell
        return
    current = outputs_current(ctx.bound, props)
    if current is None or current:
        return
    why = "stale_changed" if props.get(INPUTS_PROPERTY) else "stale_unrecorded"
    en, lo = word(why, "en"), word(why, "lo")
    by_sheet: dict[str, list] = {}
    for block in ctx.bound.outputs.values():
        by_sheet.setdefault(block.sheet, []).append(block)
    for sheet, blocks in by_sheet.items():
        titles = [block_title(b) for b in blocks]
        yield finding(
            "outputs-not-current",
            sheet=sheet,
            cell=blocks[0].ref.split(":")[0],
            tables=", ".join(t["title"] for t in titles),
            tables_lo=", ".join(t["title_lo"] for t in titles),
            table=", ".join(b.table for b in blocks),
            reason=en,
            reason_lo=lo,
        )
