"""The review workbook is the same whichever way XlsxWriter writes it: in memory (a workbook of
up to ``IN_MEMORY_CELLS`` cells, the 18-province review) or in constant-memory mode (a larger
one, thousands of returns). Both are read back with openpyxl, as a user's Excel would see them:
the values, formats, notes, links, widths, heights and print settings of every cell agree."""

from __future__ import annotations

import zipfile

from openpyxl import load_workbook

import xladdin.review.book as book
from xladdin.review.book.sheet import HEADER, NUM, Sheet, finish


def _planned() -> list[Sheet]:
    """Two sheets with what the review writes: a wrapped bilingual header, numbers in a
    format, Lao text, text that looks like a formula, an empty styled cell, a note, a link,
    a boolean and a frozen pane."""
    main = Sheet("Current")
    r = main.title("GVA at current prices / ມູນຄ່າເພີ່ມ ລາຄາປັດຈຸບັນ", "billion kip")
    main.header(r, ["Province / ແຂວງ", "Line", 2023, 2024])
    for i in range(1, 41):
        main.row(r + i, [f"{i:02d} ແຂວງ", "=not a formula" if i == 3 else "A", i * 1.25, None])
        main.put(r + i, 4, 1000.0 * i + 0.05, {"num_format": NUM})
    main.put(r + 41, 1, True)
    main.put(r + 42, 2, None, HEADER)
    main.notes[(r, 1)] = "a note / ໝາຍເຫດ"
    main.freeze = (r + 1, 3)
    other = Sheet("Findings")
    other.put(1, 1, "see Current / ເບິ່ງ Current")
    other.links[(1, 1)] = "internal:'Current'!A1"
    for sheet in (main, other):
        finish(sheet)
    return [main, other]


def _cells(path) -> dict:
    wb = load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                out[(ws.title, c.coordinate)] = (
                    c.value,
                    c.number_format,
                    c.font.b,
                    c.alignment.wrap_text,
                    c.quotePrefix,
                    c.comment.text if c.comment else None,
                    c.hyperlink.location if c.hyperlink else None,
                )
        out[(ws.title, "layout")] = (
            ws.freeze_panes,
            ws.print_area,
            ws.page_setup.scale,
            ws.print_title_rows,
            {k: v.width for k, v in ws.column_dimensions.items()},
            {k: v.height for k, v in ws.row_dimensions.items()},
        )
    return out


def test_in_memory_and_constant_memory_write_the_same_workbook(tmp_path, monkeypatch):
    small, large = tmp_path / "memory.xlsx", tmp_path / "constant.xlsx"
    with open(small, "wb") as fh:
        book._write(_planned(), fh)
    monkeypatch.setattr(book, "IN_MEMORY_CELLS", 0)  # every workbook counts as large
    with open(large, "wb") as fh:
        book._write(_planned(), fh)
    with zipfile.ZipFile(small) as a, zipfile.ZipFile(large) as b:
        # in memory: text in the shared-strings table; constant memory: inline strings
        assert "xl/sharedStrings.xml" in a.namelist()
        assert "xl/sharedStrings.xml" not in b.namelist()
    assert _cells(small) == _cells(large)


def test_links_past_the_limit_or_too_long_keep_their_text(tmp_path, monkeypatch):
    """XlsxWriter writes no cell text for a link it refuses (past Excel's 65,530 links a
    sheet, or a URL over Excel's 2,079 characters: XlsxWriter's documented limits); the
    review writes the text alone then, and no warning."""
    import warnings

    import xladdin.review.book.sheet as sheet_mod

    monkeypatch.setattr(sheet_mod, "MAX_LINKS", 3)
    sheet = Sheet("Findings")
    for r in range(1, 7):
        sheet.put(r, 1, f"cell {r}")
        sheet.links[(r, 1)] = f"internal:'Findings'!B{r}"
    sheet.put(7, 1, "long")
    sheet.links[(7, 1)] = "https://example.org/" + "x" * 2100
    finish(sheet)
    path = tmp_path / "links.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with path.open("wb") as fh:
            book._write([sheet], fh)
    ws = load_workbook(path)["Findings"]
    assert [ws.cell(r, 1).value for r in range(1, 8)] == [f"cell {r}" for r in range(1, 7)] + [
        "long"
    ]
    assert [ws.cell(r, 1).hyperlink is not None for r in range(1, 8)] == [True] * 3 + [False] * 4
