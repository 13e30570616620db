"""Issue #3 §4 acceptance test: compiling never loses a part of the user's workbook.

A provincial workbook to which the user added a chart, an image, a cell comment, a data
validation and a sheet of their own is compiled headless. Every package part that xladdin does
not own must be byte-identical afterwards; the parts it may touch are named below, and the
input sheets keep their cells. (Re-saving through openpyxl would drop the chart and the image:
compile patches the package in place.)
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.worksheet.datavalidation import DataValidation
from PIL import Image as PILImage

from xladdin.compile import compile_file
from xladdin.templates.builder import build_workbook
from xladdin.templates.sample import province_fill
from xladdin.workbook.model import SetHighlights
from xladdin.workbook.xlsx_reader import open_xlsx

# Parts compile is allowed to rewrite: the sheets it writes outputs/checks into, and the
# package bookkeeping those writes need (workbook.xml calcPr, rels and content types for a new
# part, the highlight dxf in styles.xml, custom document properties).
BOOKKEEPING = {
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
    "xl/styles.xml",
    "docProps/custom.xml",
    "docProps/app.xml",
    "_rels/.rels",
    "xl/calcChain.xml",
}


def _png() -> bytes:
    buf = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def users_book(tmp_path: Path) -> Path:
    fill, years = province_fill()
    wb = build_workbook("province-gdp", years=years, fill=fill)
    mine = wb.create_sheet("My notes")
    mine["A1"] = "ບັນທຶກຂອງຂ້ອຍ / my own notes"
    mine["A2"], mine["B2"] = "x", 1
    mine["A3"], mine["B3"] = "y", 3
    chart = BarChart()
    chart.add_data(Reference(mine, min_col=2, min_row=2, max_row=3))
    mine.add_chart(chart, "D2")
    mine.add_image(Image(io.BytesIO(_png())), "D20")
    settings = wb["Settings"]
    settings["H2"].comment = Comment("Checked with the planning office", "Khamla")
    dv = DataValidation(type="whole", operator="between", formula1="0", formula2="100")
    mine.add_data_validation(dv)
    dv.add("B2:B3")
    path = tmp_path / "province-with-extras.xlsx"
    wb.save(path)
    return path


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _sheet_parts(path: Path) -> dict[str, str]:
    """sheet name -> its part name, from the package itself."""
    view = open_xlsx(path)
    return {name: view.sheet_info(name).part for name in view.sheet_names()}


def test_compile_keeps_every_part_it_does_not_own(users_book: Path):
    before = _parts(users_book)
    assert any(n.startswith("xl/charts/") for n in before), "fixture must contain a chart"
    assert any(n.startswith("xl/media/") for n in before), "fixture must contain an image"
    assert any("comments" in n for n in before), "fixture must contain a comment"

    result = compile_file(users_book, backup=True)
    assert result.exit_code in (0, 1)
    after = _parts(users_book)

    sheet_part = _sheet_parts(users_book)
    # Sheets the patch really writes to (an empty highlight clear on a sheet without one is a
    # no-op and must leave the sheet's bytes alone).
    writes = [op for op in result.patch.ops if not (isinstance(op, SetHighlights) and not op.refs)]
    touched = {getattr(op, "sheet", None) or getattr(op, "name", None) for op in writes}
    written = {sheet_part[s] for s in touched if s in sheet_part}
    owned = (
        BOOKKEEPING
        | written
        | {f"{p.rsplit('/', 1)[0]}/_rels/{p.rsplit('/', 1)[1]}.rels" for p in written}
    )

    missing = sorted(set(before) - set(after))
    assert not missing, f"compile dropped parts: {missing}"
    changed = sorted(n for n in before if n not in owned and before[n] != after[n])
    assert not changed, f"compile rewrote parts it does not own: {changed}"
    # The user's own sheet, the chart, the image and the comment are among the untouched.
    assert sheet_part["My notes"] not in written
    for name in before:
        if name.startswith(("xl/charts/", "xl/media/", "xl/drawings/")) or "comments" in name:
            assert after[name] == before[name], name


def test_compile_never_rewrites_input_cells(users_book: Path):
    inputs = ["Settings", "Benchmark", "Volume", "Prices", "Direct", "My notes"]
    view = open_xlsx(users_book)
    before = {s: view.values(s, view.used_range(s)) for s in inputs if view.used_range(s)}
    compile_file(users_book, backup=False)
    view = open_xlsx(users_book)
    after = {s: view.values(s, view.used_range(s)) for s in before}
    assert after == before
