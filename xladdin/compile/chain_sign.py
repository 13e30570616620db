"""A chain-linked line left empty because its series changes sign (issue #8).

Chain-linked volumes and their growth are not defined for a series that can be positive,
negative or zero: a link factor ``PYP_t / CP_{t-1}`` below zero has no meaning as a volume
relative (IMF Quarterly National Accounts Manual 2017, ch. 8, §8.56-8.58; ``GDP_CHAIN`` refuses
such a series, :func:`xladdin.gdp.chain.chain_link`). Net taxes on products going from positive
to negative is the usual case in a province. Compile leaves that line of the chain-linked table
empty; :func:`note_sign_change` says so with the years where the sign changes
(``compile-chain-sign-change``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from xladdin.findings import Finding, finding

__all__ = ["note_sign_change", "sign_changes"]

TEMPLATE = "province-gdp"
TABLE = "chain"  # the spec key of the chain-linked table (tblChain)


def sign_changes(current: Any, previous_year_prices: Any, years: Sequence[Any]) -> list[str]:
    """``["2015-2016", ...]``: each pair of years whose link factor ``PYP_t / CP_{t-1}`` is
    negative (the value at current prices and the next year's value at its prices have
    opposite signs)."""
    cp = np.asarray(current, dtype=float)
    pyp = np.asarray(previous_year_prices, dtype=float)
    with np.errstate(invalid="ignore"):
        flips = np.flatnonzero(cp[:-1] * pyp[1:] < 0)
    return [f"{years[t]}-{years[t + 1]}" for t in flips]


def _where() -> dict[str, str | None]:
    """The sheet and the table title (English, Lao) of the chain-linked table, from the
    template spec and the glossary (data, not constants here)."""
    from xladdin.templates.data import term
    from xladdin.templates.spec import get_spec

    try:
        spec = get_spec(TEMPLATE)
        sheet = spec.sheet_of(TABLE).name
        title = term(spec.table(TABLE).title)
    except KeyError:  # pragma: no cover - the spec always has the table
        return {"sheet": None, "table": TABLE, "table_lo": TABLE}
    return {"sheet": sheet, "table": title.en, "table_lo": title.lo}


def _line(code: str) -> tuple[str, str]:
    from xladdin.templates.data import industries

    df = industries().set_index("code")
    if code in df.index:
        return f"{code} {df.at[code, 'name_en']}", str(df.at[code, "name_lo"])
    return code, code


def note_sign_change(
    findings: list[Finding],
    code: str,
    current: Any,
    previous_year_prices: Any,
    years: Sequence[Any],
) -> None:
    """Append ``compile-chain-sign-change`` to ``findings`` when the line ``code`` was left
    empty because its series changes sign (nothing otherwise, e.g. a zero value)."""
    flips = sign_changes(current, previous_year_prices, years)
    if not flips:
        return
    item, item_lo = _line(str(code))
    where = _where()
    findings.append(
        finding(
            "compile-chain-sign-change",
            sheet=where["sheet"],
            item=item,
            item_lo=item_lo,
            table=where["table"],
            table_lo=where["table_lo"],
            years=", ".join(flips),
        )
    )
