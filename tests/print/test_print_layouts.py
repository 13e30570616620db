"""Every kind of workbook xladdin writes prints on A4 at 8 pt or more, with no blank page.

Each workbook -- the three empty templates, the compiled demo, a returned file and a review
workbook -- is rendered to PDF by LibreOffice headless and read page by page with poppler's
``pdftotext -bbox`` (:mod:`pdfpages`): the page count stays within bounds, every page has text
on it, and the font size read from the word boxes (5th percentile of each page's words, so one
stray glyph does not decide) is at least 8 pt less the estimate's tolerance. The estimate is
calibrated here first, on 8 pt and 11 pt text printed at 100 %.

Page-count bounds: at least one page per visible sheet; at most what the layout gives today
plus a quarter (a regression to "fit everything on one page at 4 pt" or to a page per empty row
shows up as too few or too many pages). Look at pages with ``pdftoppm -png -r 50``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pdfpages import BOX_PER_POINT, pages, to_pdf

pytestmark = pytest.mark.libreoffice

MIN_PT = 8.0
TOLERANCE_PT = 0.4
"""How far the box-height estimate may fall below the true size (calibration spread)."""

#: kind -> (fewest pages, most pages)
BOUNDS = {
    "district-growth": (5, 20),
    "province-gdp": (10, 125),
    "sez-enterprise": (5, 30),
    "demo": (10, 140),
    "returned": (10, 150),
    "review": (10, 40),
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
    return out


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
