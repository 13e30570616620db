"""Every kind of workbook xladdin writes prints on A4 at 8 pt or more, with no blank page.

Each workbook -- the three empty templates, the compiled demo, a returned file and a review
workbook -- is rendered to PDF by LibreOffice headless and read page by page with poppler's
``pdftotext -bbox`` (:mod:`pdfpages`): the page count stays within bounds, every page has text
on it, and the font size read from the word boxes (5th percentile of each page's words, so one
stray glyph does not decide) is at least 8 pt less the estimate's tolerance. The estimate is
calibrated here first, on 8 pt and 11 pt text printed at 100 %.

Page-count bounds: at least one page per visible sheet; at most the budget of each sheet, which
the layout of :mod:`xladdin.workbook.printing` meets with Carlito (metric-compatible with
Calibri, so LibreOffice paginates as Excel does; ``.ci/run`` installs it). The pages of each
sheet are told apart by their first line: the sheet's title in row 1 repeats on every page.
Budgets measured 2026-12-07 with LibreOffice 7.4 and Carlito (before the page breaks between
tables, with DejaVu Sans standing in for Calibri, the demo took 128 pages, 92 with Carlito; with
whole tables a page, 100; with the Checks sheet one page wide and the Rebase form in a print
range of its own, 93). Look at pages with
``pdftoppm -png -r 50``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pdfpages import BOX_PER_POINT, by_sheet, pages, to_pdf

pytestmark = pytest.mark.libreoffice

MIN_PT = 8.0
TOLERANCE_PT = 0.4
"""How far the box-height estimate may fall below the true size (calibration spread)."""

#: kind -> (fewest pages, most pages)
BOUNDS = {
    "district-growth": (5, 10),
    "province-gdp": (10, 84),
    "sez-enterprise": (5, 18),
    "demo": (10, 93),
    "returned": (10, 104),
    "review": (10, 40),
    "foreign-returned": (2, 6),
}

_PROVINCE = {
    "About": 2,
    "Settings": 1,
    "Benchmark": 2,
    "Volume": 2,  # 15 years: labels and 7 years, then code, name and 8 years
    "Prices": 4,  # two tables, each whole on a page, two pages across
    "Direct": 4,
    "Results": 22,  # 13 tables, each whole on a page (three small ones share), two across
    "Production": 8,
    # the form (one page across, its own print range: 40 empty rows run onto a 2nd page
    # down), then tables by industry with 23 back-cast years: three pages across
    "Rebase": 20,
    "SEZ": 5,
    "SezResults": 10,
    "Checks": 1,
    "Lists": 3,
}
#: kind -> sheet -> most pages (the review workbook is being rewritten: its total only)
SHEET_PAGES = {
    "province-gdp": _PROVINCE,
    # compile's 41 findings, one page wide (wrapped columns of sheet_xml.OWNED_SHEET_WIDTHS,
    # were 12 pages two across), the overlap sentence the compile writes on Settings
    "demo": {**_PROVINCE, "Settings": 2, "Checks": 9},
    "returned": {**_PROVINCE, "Settings": 2, "Checks": 9, "_xladdin": 1, "Audit": 10},
    "district-growth": {
        "About": 1,
        "Settings": 1,
        "Indices": 2,
        "Results": 2,
        "Checks": 1,
        "Lists": 3,
    },
    "sez-enterprise": {
        "About": 1,
        "Settings": 1,
        "Enterprises": 4,
        "Results": 8,
        "Checks": 1,
        "Lists": 3,
    },
    # 38 long formulas frozen: wrapped in their column, one page wide, five pages down
    "foreign-returned": {"Data": 1, "Audit": 5},
}


def _soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("XLADDIN_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice (soffice) is required in CI but is not installed")
        pytest.skip("LibreOffice (soffice) not installed")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed")
    return path


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """Every workbook kind, written by xladdin as a user would get it."""
    from xladdin.cli.demo import run_demo
    from xladdin.returned import prepare_package
    from xladdin.review.consolidate import consolidate
    from xladdin.templates.builder import build_all

    root = tmp_path_factory.mktemp("print")
    out = {p.stem: p for p in build_all(root / "templates")}
    demo = root / "demo.xlsx"
    run_demo(demo)
    out["demo"] = demo
    returned = Path(prepare_package(demo, out=root / "returned.xlsx").path)
    out["returned"] = returned
    out["review"] = Path(consolidate([returned], root / "review.xlsx").out)
    foreign = _foreign_book(root / "foreign.xlsx")
    out["foreign-returned"] = Path(prepare_package(foreign, out=root / "foreign-r.xlsx").path)
    return out


def _foreign_book(path: Path) -> Path:
    """A workbook not made by xladdin (its styles have no wrap-only cell format) with 38 long
    volatile formulas that ``prepare`` freezes and lists on the Audit sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws["A1"] = "Province data"
    total = "+".join(f"B{k}" for k in range(2, 30))
    for r in range(2, 40):
        ws.cell(r, 1, f"item {r}")
        ws.cell(r, 2, r * 1.5)
        ws.cell(r, 3, f"=B{r}*RAND()+{total}")
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def pdfs(books, tmp_path_factory) -> dict[str, list]:
    soffice = _soffice()
    root = tmp_path_factory.mktemp("pdf")
    return {kind: pages(to_pdf(soffice, book, root / kind)) for kind, book in books.items()}


def test_the_font_size_estimate_is_calibrated(tmp_path):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    for r in range(1, 30):
        ws.cell(r, 1, "Gross domestic product").font = Font(name="Calibri", size=8)
        ws.cell(r, 6, "Growth rate 2023").font = Font(name="Calibri", size=11)
    ws.page_setup.scale = 100
    book = tmp_path / "calibration.xlsx"
    wb.save(book)
    (page,) = pages(to_pdf(_soffice(), book, tmp_path / "pdf"))
    sizes = sorted({round(h / BOX_PER_POINT, 1) for h in page.heights})
    assert len(sizes) == 2
    assert sizes[0] == pytest.approx(8, abs=TOLERANCE_PT)
    assert sizes[1] == pytest.approx(11, abs=TOLERANCE_PT)


@pytest.mark.parametrize("kind", list(BOUNDS))
def test_pages_are_readable_and_none_is_blank(kind, pdfs, books):
    from openpyxl import load_workbook

    got = pdfs[kind]
    low, high = BOUNDS[kind]
    visible = [
        ws
        for ws in load_workbook(books[kind], read_only=True).worksheets
        if ws.sheet_state == "visible"
    ]
    assert max(low, len(visible)) <= len(got) <= high, len(got)
    small = [(p.number, round(p.font_pt(0.05), 1)) for p in got if p.font_pt(0.05) is not None]
    assert [s for s in small if s[1] < MIN_PT - TOLERANCE_PT] == []
    blank = [p.number for p in got if p.blank]
    assert blank == []  # the Audit sheet's long formulas wrap in their column (were 4 pages)


def test_the_empty_national_form_prints_on_one_page(pdfs):
    national = [p for p in pdfs["review"] if "Type national totals here" in p.text]
    assert len(national) == 1  # was 14 pages of line codes and years


def test_no_number_in_the_review_prints_as_hashes(pdfs):
    # kip per capita runs to eight digits: a default-width column printed "###" (issue 13)
    assert [p.number for p in pdfs["review"] if "###" in p.text] == []


def test_the_review_says_unconfirmed_once_a_sheet_not_on_every_label(pdfs):
    # each sheet's legend line carries the mark; headers and titles no longer do
    from xladdin.templates.data import UNCONFIRMED_MARK

    marks = [p.text.count(UNCONFIRMED_MARK) for p in pdfs["review"]]
    assert max(marks) <= 3, marks  # legend, plus About's explanation and attention lines


def _titles(book: Path) -> list[tuple[str, str]]:
    """(sheet, English start of its A1 title) of each visible sheet, in tab order."""
    from openpyxl import load_workbook

    out = []
    for ws in load_workbook(book, read_only=True).worksheets:
        if ws.sheet_state != "visible":
            continue
        a1 = next(ws.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), (None,))[0]
        out.append((ws.title, str(a1 or "").split(" / ")[0].strip()))
    return out


def _carlito() -> None:
    import subprocess

    fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    if "carlito" not in fonts.lower():
        if os.environ.get("XLADDIN_REQUIRE_LIBREOFFICE"):
            pytest.fail("the Carlito font (fonts-crosextra-carlito) is required in CI")
        pytest.skip("Carlito not installed: LibreOffice lays out with a wider font")


@pytest.mark.parametrize("kind", list(SHEET_PAGES))
def test_each_sheet_prints_within_its_page_budget(kind, pdfs, books):
    _carlito()
    per = {name: len(got) for name, got in by_sheet(pdfs[kind], _titles(books[kind])).items()}
    budget = SHEET_PAGES[kind]
    assert set(per) == set(budget)
    assert {n: k for n, k in per.items() if not 1 <= k <= budget[n]} == {}, per


@pytest.mark.parametrize("kind", list(SHEET_PAGES))
def test_the_unconfirmed_mark_is_a_legend_once_a_sheet(kind, pdfs, books):
    # † stands in each sheet's legend (row 2, repeated with the title on every page), not on
    # labels: at most once a page; About also explains it (two sentences and its legend row)
    from xladdin.templates.data import UNCONFIRMED_MARK

    per = by_sheet(pdfs[kind], _titles(books[kind]))
    marks = {n: [p.text.count(UNCONFIRMED_MARK) for p in got] for n, got in per.items()}
    assert {n: m for n, m in marks.items() if n != "About" and max(m, default=0) > 1} == {}
    assert max(marks.get("About", [0])) <= 4
    legend = [n for n, m in marks.items() if m and m[0] == 1]
    assert len(legend) >= len(marks) - 4  # About, Checks (compile rewrites it), _xladdin, Audit


def test_tables_print_whole_as_planned(pdfs, books):
    # A sheet of several tables with planned breaks (rows between tables, columns between
    # years) prints exactly the pages the plan makes: a table the application had to cut at
    # the foot of a page would add one. Prices, Direct, Results, Production, SezResults.
    from openpyxl import load_workbook

    _carlito()
    book = books["province-gdp"]
    per = by_sheet(pdfs["province-gdp"], _titles(book))
    planned = {}
    for ws in load_workbook(book).worksheets:
        rows, cols = len(ws.row_breaks.brk), len(ws.col_breaks.brk)
        if rows and cols:
            planned[ws.title] = (rows + 1) * (cols + 1)
    assert {"Prices", "Results", "Production", "SezResults"} <= set(planned)
    assert {n: len(per[n]) for n in planned} == planned


def test_the_audit_sheet_of_a_foreign_workbook_wraps_one_page_wide(pdfs, books):
    # prepare appended a wrap-only format to the foreign styles: each Audit page holds the
    # sheet and cell columns beside the wrapped formulas (a page across would hold neither)
    audit = by_sheet(pdfs["foreign-returned"], _titles(books["foreign-returned"]))["Audit"]
    assert audit and all("Data" in p.words for p in audit)
    assert sum(p.text.count("RAND()") for p in audit) == 38


def test_the_checks_sheet_prints_one_page_wide(pdfs, books):
    # every page of the compiled findings holds the Severity column (A) beside the wrapped
    # messages and the What-to-do column (H): no page across (was 12 pages, two across)
    _carlito()
    checks = by_sheet(pdfs["demo"], _titles(books["demo"]))["Checks"]
    assert checks
    assert all({"warning", "info", "error"} & set(p.words) for p in checks)
    assert all(p.font_pt(0.05) >= MIN_PT - TOLERANCE_PT for p in checks)
