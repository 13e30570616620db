"""Fill a province workbook's SEZ table from SEZ returns (``xladdin sez import``, issue 9, 1).

The SEZ sheet of the province template (1.2) has an input table ``tblSezGva``: SEZ GVA at
current prices by industry and year. ``xladdin sez import PROVINCE.xlsx SEZ.xlsx ...`` and the
ribbon's "Import SEZ" button fill it from SEZ returns through one function,
:func:`plan_import` (the command writes the patch into the file, the button into the open
workbook) (``sez-enterprise``): GVA = output - intermediate consumption of every
enterprise whose host province is the province (:func:`xladdin.review.sez.sez_gva_table`),
summed over zones and returns, converted from each return's money unit to the province's.

Input cells are the province's: the command writes only into ``tblSezGva`` and only when the
user runs it; it replaces the whole table (industries or years without a SEZ value are
emptied), so a second import of the same returns gives the same table. The "Included" setting
and the SEZ price index are never touched. The SEZ returns are read as untrusted files with the
stamp rules of ``xladdin consolidate`` (``--accept FILE`` for an unstamped or changed one).

:func:`province_sez` is pure over the extracted frames.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from xladdin.review.sez import split_key
from xladdin.workbook.model import Patch

__all__ = ["SezImport", "SezImportError", "plan_import", "province_sez", "read_sez_return"]


class SezImportError(ValueError):
    """A file cannot be used for the import; the message is one line naming it as given.

    ``str()`` is the English line; ``path``, ``reason`` and ``reason_lo`` let a caller say it
    in the user's language (``word`` row ``cannot_use`` of xladdin/data/messages.csv)."""

    def __init__(self, path: object, key: str = "", *, en: str = "", lo: str = "", **fields):
        from xladdin.findings.words import reason

        self.path = str(path)
        why = reason(key, **fields) if key else {"reason": en, "reason_lo": lo}
        self.reason, self.reason_lo = why["reason"], why["reason_lo"]
        super().__init__(f"cannot use {self.path}: {self.reason}")


@dataclass
class SezImport:
    """What :func:`plan_import` found: the patch for ``tblSezGva`` (None when no enterprise of
    the SEZ returns is hosted by the province), the province code and unit, how many industries
    get a value, and the years with SEZ values that the province's table lacks (not written)."""

    patch: Patch | None
    province: str
    unit: str
    industries: int = 0
    lost: list[int] = field(default_factory=list)
    sheet: str = ""


def read_sez_return(path: str | Path, accept: Sequence[str] = ()) -> Any:
    """A SEZ return read as an untrusted file with the stamp rules of ``consolidate``: one
    without a stamp (or with an unknown scheme) only when accepted by name (``accept``); a
    changed stamp or a security refusal never. Raises :class:`SezImportError`."""
    from xladdin.review.consolidate import ACCEPTABLE, Options, accepted_by, read_submission

    p = Path(path)
    if not p.is_file():
        raise SezImportError(path, "path_folder" if p.is_dir() else "path_missing")
    options = Options(validate=False, accept=tuple(accept))
    sub = read_submission(p, options)
    accepted = accepted_by(sub, options) is not None
    for f in sub.findings:
        if f.refuses and not (accepted and f.code in ACCEPTABLE):
            raise SezImportError(path, en=f.message_en, lo=f.message_lo)
    if sub.stamp_state == "changed" and not accepted:
        raise SezImportError(path, "trust_changed")
    if sub.level != "sez" or "sez_gva" not in sub.tables:
        raise SezImportError(path, "reason_not_sez_return")
    return sub


def plan_import(
    view: Any, name: str, sez_files: Sequence[str | Path], accept: Sequence[str] = ()
) -> SezImport:
    """The patch that fills the province workbook's ``tblSezGva`` from SEZ returns.

    Parameters
    ----------
    view : WorkbookView
        The province workbook (a file opened with ``open_untrusted`` or an open Excel book).
    name : str
        The workbook as the user knows it (named in errors).
    sez_files : sequence of path
        The SEZ returns.
    accept : sequence of str
        File names or wildcards used although unstamped (as ``--accept``).

    Returns
    -------
    SezImport
        Raises :class:`SezImportError` when the workbook or a SEZ return cannot be used.
    """
    from xladdin.compile.writer import write_keyed
    from xladdin.templates.binding import bind, recognise
    from xladdin.templates.data import unit_kip

    info, _ = recognise(view)
    bound = bind(view, info) if info is not None and info.id == "province-gdp" else None
    block = bound.block("sez_gva") if bound is not None else None
    if bound is None or block is None:
        raise SezImportError(name, "reason_not_sez_book")
    code_cell, unit_cell = bound.scalar("province_code"), bound.scalar("unit")
    raw_code = code_cell.raw if code_cell is not None else None
    if isinstance(raw_code, float) and raw_code.is_integer():
        raw_code = int(raw_code)
    code = str(raw_code or "").strip().zfill(2)
    unit = unit_cell.raw if unit_cell is not None else None
    kip = unit_kip(unit)
    if not code.strip("0") or kip is None:
        raise SezImportError(name, "reason_settings_unset")
    tables = []
    for path in sez_files:
        sub = read_sez_return(path, accept)
        sez_kip = unit_kip(sub.unit)
        if sez_kip is None:
            raise SezImportError(path, "reason_unit_unknown", unit=sub.unit)
        tables.append((sub.tables.get("sez_gva"), sez_kip / kip))
    frame, lost = province_sez(tables, code, list(block.years))
    if frame.empty:
        return SezImport(None, code, str(unit), 0, lost, block.sheet)
    patch = Patch()
    write_keyed(patch, block, frame)
    n = int(frame.notna().any(axis=1).sum())
    return SezImport(patch, code, str(unit), n, lost, block.sheet)


def province_sez(
    tables: list[tuple[pd.DataFrame, float]], province: str, years: list[int]
) -> tuple[pd.DataFrame, list[int]]:
    """SEZ GVA of one host province by industry and year, in the province's unit.

    .. math::

        S(i,t) = \\sum_f \\sum_{z} GVA_f(z, p, i, t) \\cdot u_f

    over the SEZ returns f and their zones z hosted by province p, with u_f the size of the
    return's unit divided by the size of the province's unit (both from ``units.csv``).

    Parameters
    ----------
    tables : list of (DataFrame, float)
        Each return's :func:`~xladdin.review.sez.sez_gva_table` and its unit factor u_f.
    province : str
        The province code (two digits).
    years : list of int
        The year columns of the province's table.

    Returns
    -------
    (DataFrame, list of int)
        Index industry code, columns ``years`` (NaN where no SEZ value; a zone-year whose
        GVA is blank in its return is left out: the SEZ return's own compile and validate
        report the blank), and the years with SEZ values that the province's table lacks.
    """
    sums: dict[tuple[str, int], float] = {}
    lost: set[int] = set()
    for table, factor in tables:
        if table is None or table.empty:
            continue
        for key in table.index:
            _zone, prov, ind = split_key(str(key))
            if prov != province or not ind:
                continue
            for year in table.columns:
                value = table.loc[key, year]
                if pd.isna(value):  # no value for this zone and year (or a blank one)
                    continue
                if int(year) not in years:
                    lost.add(int(year))
                    continue
                k = (ind, int(year))
                sums[k] = sums.get(k, 0.0) + float(value) * factor
    out = pd.DataFrame(math.nan, index=sorted({i for i, _ in sums}), columns=years, dtype=float)
    for (ind, year), value in sums.items():
        if year in years:
            out.loc[ind, year] = value
    return out, sorted(lost)
