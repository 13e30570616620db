"""The national review workbook (the output of ``xladdin consolidate``), written with
XlsxWriter (in memory, or in constant-memory mode for a very large one), one module per sheet or
family of sheets.

Sheets (headers bilingual, English / Lao, from the glossary through
:func:`xladdin.templates.data.label`): About, Status (one row per file), Findings (a summary by
severity and sheet, then every finding with what to do), National (the totals used; type totals
here and re-run with ``--national review.xlsx``), Current and Constant (provinces x lines x
years), Discrepancy (sum of provinces vs national, with charts), Growth (real GDP growth by
province, implied vs official national growth, charts), Structure, PerCapita, Original /
Adjusted / Difference (raking, cell by cell) with the Reconcile log, DistrictGrowth, Taxes,
Volumes, VolumeGrowth, Allocation (top-down), Districts and District levels (when given).

Each sheet is planned first (:class:`xladdin.review.book.sheet.Sheet`), measured (widths,
header heights, the † legend, the print layout) and then written row by row. Text from a
returned file is always a text cell, never a formula. The file is written to a temporary file
beside the target and moved over it by :func:`xladdin.workbook.atomic.atomic_write` (mode from
the umask).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

import xlsxwriter

from xladdin import __version__
from xladdin.findings.words import word
from xladdin.review.book.about import about_sheet
from xladdin.review.book.discrepancy import discrepancy_sheet
from xladdin.review.book.findings import findings_sheet
from xladdin.review.book.growth import growth_sheet
from xladdin.review.book.levels import district_levels_sheet, levels_sheets
from xladdin.review.book.national import national_sheet
from xladdin.review.book.panels import allocation_sheet, districts_sheet, panel_sheet, simple_panel
from xladdin.review.book.reconcile import reconcile_sheets
from xladdin.review.book.sheet import Formats, Sheet, bilingual, finish
from xladdin.review.book.status import status_sheet
from xladdin.review.intake import REVIEW_MARKER  # there: intake reads it, this writes it
from xladdin.review.levels import per_capita_note
from xladdin.workbook.atomic import atomic_write

if TYPE_CHECKING:
    from xladdin.review.results import ConsolidationResult

__all__ = ["REVIEW_MARKER", "plan_review", "write_review"]


def plan_review(
    result: ConsolidationResult,
    allocation_key: str = "population",
    tolerance_pct: float = 0.05,
    out: Path | None = None,
) -> list[Sheet]:
    """Every sheet of the review workbook of ``result``, planned and measured, in order."""
    tables = result.tables
    taxes = result.reconciliation is not None and result.reconciliation.taxes is not None
    body: list[Sheet] = [
        status_sheet(result),
        national_sheet(result),
        panel_sheet(
            "Current",
            bilingual("{gva}, {prices}", gva="gva", prices="current_prices"),
            tables.current,
            word("review_note_current", "both"),
        ),
        panel_sheet(
            "Constant",
            bilingual("{gva}, {prices}", gva="gva", prices="constant_prices"),
            tables.constant,
            word("review_note_constant", "both"),
        ),
        discrepancy_sheet(result, tolerance_pct),
        growth_sheet(result),
        simple_panel(
            "Structure",
            bilingual(
                "{s} ({of_gdp}, {p})", s="structure", of_gdp="share_of_gdp", p="current_prices"
            ),
            tables.structure,
            "0.0",
        ),
        simple_panel(
            "PerCapita",
            bilingual(
                "{gdp} {pc} ({kip}, {usd})", gdp="gdp_abbr", pc="per_capita", kip="kip", usd="usd"
            )
            + (f" – {per_capita_note()}" if taxes else ""),  # taxes on products allocated by GVA
            tables.per_capita,
            "#,##0",
        ),
        *reconcile_sheets(result),
        *levels_sheets(result),  # DistrictGrowth, Taxes, Volumes, VolumeGrowth
        allocation_sheet(result, allocation_key),
        districts_sheet(result),
    ]
    levels = district_levels_sheet(result)
    if levels is not None:
        body.append(levels)
    names = ["About", "Status", "Findings", *(s.name for s in body[1:])]
    sheets = [body[0], findings_sheet(result, out, set(names)), *body[1:]]
    bad = sum(s.cleaned[0] for s in sheets)
    cut = sum(s.cleaned[1] for s in sheets)
    about = about_sheet(result, names)
    if bad or cut:  # said on the About sheet and in the report (terminal, JSON)
        from xladdin.findings import finding

        note = finding("review-text-cleaned", bad=bad, long=cut)
        about.put(about.last_row() + 1, 1, f"{note.message_en} / {note.message_lo}")
        result.report.add(note)
    result.stats["text_cleaned"] = {"bad_characters": bad, "cut": cut}
    finish(about, legend=False)  # the About sheet explains the mark itself
    for sheet in sheets:
        finish(sheet)
    return [about, *sheets]


IN_MEMORY_CELLS = 200_000
"""Largest review workbook (cells) XlsxWriter writes in memory (about 40 MiB for 200,000
cells, measured with tracemalloc; 18 provinces: 89,000 cells)."""


def _write(sheets: list[Sheet], fh: IO[bytes]) -> None:
    """The workbook of ``sheets`` into the binary file ``fh`` (XlsxWriter).

    Up to :data:`IN_MEMORY_CELLS` cells XlsxWriter keeps the workbook in memory: its
    constant-memory mode writes a temporary file per part (about 90 for 18 provinces,
    written, zipped and deleted: 0.5 s of a 1.3 s write on a disk that discards on delete)
    and saved nothing measurable there (peak RSS of 148 district returns 95 MiB either way).
    A larger workbook (thousands of files, a long Findings sheet) is written in
    constant-memory mode, so the peak memory stays flat."""
    cells = sum(len(line) for sheet in sheets for line in sheet.cells.values())
    mode = "in_memory" if cells <= IN_MEMORY_CELLS else "constant_memory"
    wb = xlsxwriter.Workbook(
        fh,
        {
            mode: True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    wb.set_properties(
        {
            "title": "xladdin national review",
            "author": "xladdin",
            "comments": f"Written by xladdin {__version__}",
            "created": datetime.now(UTC).replace(tzinfo=None),
        }
    )
    wb.set_custom_property(REVIEW_MARKER, __version__)
    formats = Formats(wb)
    for sheet in sheets:
        sheet.emit(wb, formats)
    wb.close()


def write_review(
    result: ConsolidationResult,
    out: str | Path,
    allocation_key: str = "population",
    tolerance_pct: float = 0.05,
) -> Path:
    """Write the review workbook atomically (a temporary file beside ``out``, then replaced).

    The atomic writer's temporary file (``.~xladdin-NAME-XXXX.tmp``) is never collected as a
    return, even when a killed run leaves it behind."""
    out = Path(out)
    sheets = plan_review(result, allocation_key, tolerance_pct, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, lambda fh: _write(sheets, fh), backup=False)
    return out
