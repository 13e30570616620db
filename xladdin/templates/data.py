"""Loaders for the versioned data files in :mod:`xladdin.data` (glossary, industries, geography,
units, illustrative sample). Everything a template shows -- labels, codes, units, the base year of
the sample -- comes from these files, never from constants in code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is loaded by the tables that are DataFrames, not on import
    import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SAMPLE_DIR = DATA_DIR / "sample"
UNCONFIRMED_MARK = "†"

__all__ = [
    "DATA_DIR",
    "UNCONFIRMED_MARK",
    "Term",
    "about",
    "districts",
    "geography",
    "industries",
    "is_national",
    "label",
    "load_sample",
    "nation",
    "provinces",
    "read_csv",
    "records",
    "term",
    "unit_kip",
    "unit_term",
    "units",
]


def _rows(path: Path) -> list[list[str]]:
    """The rows of a data CSV (header first), skipping ``#`` banner lines at the top."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.reader(lines))


def records(path: Path) -> list[dict[str, str]]:
    """A data CSV as one dict per row (header -> text; a missing cell is ``""``), without
    pandas."""
    header, *rows = _rows(path)
    return [
        dict(zip(header, [*row, *[""] * (len(header) - len(row))], strict=False)) for row in rows
    ]


def read_csv(path: Path) -> pd.DataFrame:
    """Read a data CSV as text columns, skipping ``#`` banner lines at the top of the file."""
    import pandas as pd

    rows = _rows(path)
    return pd.DataFrame(rows[1:], columns=rows[0], dtype=object).fillna("")


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    key: str
    en: str
    lo: str
    confirmed: bool

    @property
    def lo_marked(self) -> str:
        """Lao text with the † mark when LSB has not confirmed the term."""
        return self.lo if self.confirmed else f"{self.lo}{UNCONFIRMED_MARK}"


@lru_cache(maxsize=1)
def _glossary() -> dict[str, Term]:
    return {
        r["key"]: Term(r["key"], r["en"], r["lo"], r["status"] == "confirmed")
        for r in records(DATA_DIR / "glossary.csv")
    }


def term(key: str) -> Term:
    """The glossary term for ``key`` (KeyError if the glossary lacks it). A compound key
    ``"a+b"`` joins the terms with ``": "`` ("Output: Current prices"), confirmed when all are."""
    if "+" in key:
        parts = [_glossary()[k] for k in key.split("+")]
        return Term(
            key,
            ": ".join(t.en for t in parts),
            ": ".join(t.lo for t in parts),
            all(t.confirmed for t in parts),
        )
    return _glossary()[key]


def label(key: str, sep: str = " / ", *, marked: bool = True) -> str:
    """Bilingual label ``"English / ລາວ"`` of a glossary term.

    ``marked``: † after a Lao term LSB has not confirmed. Sheets that say once, in a legend
    line, what † means pass ``marked=False`` (the glossary and the Lao header's note still say
    which terms are unconfirmed)."""
    t = term(key)
    if not t.lo:
        return t.en
    return f"{t.en}{sep}{t.lo_marked if marked else t.lo}"


@lru_cache(maxsize=1)
def industries() -> pd.DataFrame:
    """Publication lines (sectors, 21 ISIC industries, GVA/TAX/GDP aggregates), in file order."""
    return read_csv(DATA_DIR / "industries.csv")


@lru_cache(maxsize=1)
def provinces() -> pd.DataFrame:
    """The 18 provinces with their two-digit codes."""
    return read_csv(DATA_DIR / "provinces.csv")


@lru_cache(maxsize=1)
def nation() -> pd.DataFrame:
    """The national level as a geography (``nation.csv``: code ``00``, Lao PDR)."""
    return read_csv(DATA_DIR / "nation.csv")


@lru_cache(maxsize=1)
def geography() -> pd.DataFrame:
    """The codes a province-gdp workbook may carry: the nation (``00``) and the 18 provinces
    (columns ``code``, ``name_en``, ``name_lo``), nation first."""
    import pandas as pd

    cols = ["code", "name_en", "name_lo"]
    return pd.concat([nation()[cols], provinces()[cols]], ignore_index=True)


def is_national(code: object) -> bool:
    """True for the national code of ``nation.csv`` (``"00"``, also typed as 0)."""
    text = str(code if code is not None else "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    return text.isdigit() and text.zfill(2) in set(nation()["code"])


@lru_cache(maxsize=1)
def districts() -> pd.DataFrame:
    """The 147 districts (code, province_code, names; status ``unverified`` until LSB confirms)."""
    return read_csv(DATA_DIR / "districts.csv")


@lru_cache(maxsize=1)
def about(template_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The About sheet of a template: its English and its Lao sentences, in order."""
    lines = sorted(
        (r for r in records(DATA_DIR / "about.csv") if r["template"] == template_id),
        key=lambda r: int(r["line"]),
    )
    # aligned by line; an empty cell is skipped
    return tuple(r["en"] for r in lines), tuple(r["lo"] for r in lines)


def units() -> pd.DataFrame:
    """Money units and their size in kip."""
    df = read_csv(DATA_DIR / "units.csv")
    df["kip"] = df["kip"].astype(float)
    return df


def unit_term(unit: str) -> Term | None:
    """The glossary term of a money unit as a workbook names it (``"million kip"`` ->
    ລ້ານກີບ: ``units.csv`` names its glossary key); None for a unit the table lacks."""
    table = units()
    keys = table[table.key.str.casefold() == str(unit).strip().casefold()].glossary_key
    return term(str(keys.iloc[0])) if len(keys) else None


def unit_kip(unit: object) -> float | None:
    """Size in kip of a money unit typed by the user (case and spaces ignored); None if unknown."""
    table = units()
    match = table[
        table.key.str.casefold() == str(unit if unit is not None else "").strip().casefold()
    ]
    return None if match.empty else float(match.iloc[0]["kip"])


def load_sample() -> dict[str, pd.DataFrame]:
    """The illustrative (not official) sample for the demo, one DataFrame per file."""
    out = {}
    for name in ("settings", "benchmark", "indicators", "years", "rebase", "ic_prices", "old_base"):
        out[name] = read_csv(SAMPLE_DIR / f"province_{name}.csv")
    return out
