"""The rule engine: every registered rule runs, every finding is kept (pandera style).

A rule is a small function ``rule(ctx) -> Iterable[Finding]`` registered with :func:`rule`,
which names it and says which workbooks it applies to:

- ``templates="*"`` (default): every workbook, recognised template or not (the generic data
  rules: numbers stored as text, Lao digits, legacy fonts, ambiguous separators);
- ``templates="any"``: any recognised template (the workbook is bound);
- ``templates=("province-gdp", ...)``: only these template ids.

A rule that raises yields a ``rule-error`` finding naming the rule; the other rules still run.
"""

from __future__ import annotations

from collections.abc import Iterable

from xladdin.errors import WorkbookError
from xladdin.findings import Finding, finding
from xladdin.validate.registry import RULES, Context, Rule, rule

__all__ = ["Context", "Rule", "rule", "rules", "run_rules", "truncate_findings"]


def rules() -> list[Rule]:
    """Every registered rule, in registration order (imports the built-in rules first)."""
    import xladdin.validate.rules  # noqa: F401  (registers the built-in rules; pandas, so on use)

    return list(RULES.values())


def truncate_findings(found: list[Finding], limit: int) -> list[Finding]:
    """Keep at most ``limit`` findings per (code, sheet); the rest become one
    ``findings-truncated`` finding per (code, sheet) (its field ``of`` names the code)."""
    seen: dict[tuple[str, str | None], int] = {}
    kept: list[Finding] = []
    for f in found:
        key = (f.code, f.sheet)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= limit:
            kept.append(f)
    for (code, sheet), count in seen.items():
        if count > limit:
            kept.append(finding("findings-truncated", sheet=sheet, count=count - limit, of=code))
    return kept


def run_rules(ctx: Context, selected: Iterable[Rule] | None = None) -> list[Finding]:
    """Run every applicable rule on ``ctx`` and collect all findings.

    A rule that raises contributes one ``rule-error`` finding; a rule's findings beyond
    ``config.max_findings_per_sheet`` per code and sheet are summarised.
    """
    out: list[Finding] = []
    for r in rules() if selected is None else selected:
        if not r.applies(ctx.template_id, ctx.bound):
            continue
        try:
            found = list(r.func(ctx) or ())
        except WorkbookError:  # I/O, not data: the caller turns it into a refusal
            raise
        except Exception as exc:  # a broken rule must not stop the run
            out.append(finding("rule-error", rule=r.id, error=f"{type(exc).__name__}: {exc}"))
            continue
        out.extend(truncate_findings(found, ctx.config.max_findings_per_sheet))
    return out
