"""Issue #13: every sentence and word of the review workbook (``xladdin consolidate``'s
output) is bilingual, English / Lao, from the one message catalogue or the glossary.

Every text cell of every sheet either is a data value (a province, industry or file name, a
code, a number, a cell address, a path, a sheet name) or holds Lao; and its Lao part (from the
first Lao letter) has no Latin word beyond what the Lao-only check of the terminal allows
(:func:`tests.lao_check.latin_left`: codes, cell addresses, numbers, paths, quoted names,
options and the catalogue's product names and acronyms)."""

from __future__ import annotations

import re

from openpyxl import load_workbook

from tests.lao_check import latin_left
from xladdin.review.book.panels import industry_lines, line_name
from xladdin.review.consolidate import consolidate
from xladdin.review.geography import province_names

LAO = re.compile("[\u0e80-\u0eff]")
CODE = re.compile(r"[A-Z][A-Z0-9_]*")  # a line or table code: GDP, GDPPC_KIP
SEGMENTS = re.compile(r"\s{3,}| – (?!=)")  # a note and its legend; a title and its note


def _data_values(book, paths: list[str]) -> tuple[str, ...]:
    """Names shown as they are: provinces, industries, files, sheets (English data)."""
    names = [en for en, _ in province_names().values()]
    codes = list(industry_lines().index)
    names += codes + [line_name(c)[0] for c in codes]
    names += list(book.sheetnames)
    return tuple(sorted({n for n in names if n}, key=len, reverse=True))


#: The National sheet's key row under its bilingual header: the column names ``--national``
#: reads back (data, as typed in a national-totals CSV).
NATIONAL_KEYS = ("industry", "year", "current", "constant", "growth")


def _texts(book):
    """(sheet, cell, text, the text of the cell to its right) of every text cell."""
    for ws in book.worksheets:
        for row in ws.iter_rows():
            cells = list(row)
            for i, cell in enumerate(cells):
                if isinstance(cell.value, str) and cell.value.strip():
                    right = cells[i + 1].value if i + 1 < len(cells) else None
                    if ws.title == "National" and cell.value in NATIONAL_KEYS:
                        continue
                    yield ws.title, cell.coordinate, cell.value, str(right or "")


def _left(text: str, paths: list[str], values: tuple[str, ...]) -> list[str]:
    return latin_left(text, paths, values)


def test_every_text_cell_of_the_review_workbook_holds_lao(
    tmp_path, returns, national_csv, unstamped
):
    out = tmp_path / "review.xlsx"
    consolidate([tmp_path / "in"], out, national=national_csv, options=unstamped)
    book = load_workbook(out, read_only=True)
    paths = [str(tmp_path), *(str(p) for p in returns.values())]
    values = _data_values(book, paths)
    english_only, latin_in_lao = [], []
    for sheet, ref, text, right in _texts(book):
        if CODE.fullmatch(text) or not _left(text, paths, values):  # a data value
            continue
        if LAO.search(text) is None:
            # an English column beside its Lao column (Findings: message, what to do; Status:
            # the reason), as the headers above them say
            beside = LAO.search(right)
            if not (beside and not _left(right[beside.start() :], paths, values)):
                english_only.append((sheet, ref, text))
            continue
        for part in SEGMENTS.split(text):  # "note / ໝາຍເຫດ   † legend / ຄຳອະທິບາຍ"
            if not _left(part, paths, values):
                continue
            first = LAO.search(part)
            if first is None:
                english_only.append((sheet, ref, part))
            elif words := _left(part[first.start() :], paths, values):
                latin_in_lao.append((sheet, ref, words, text))
    assert english_only == []
    assert latin_in_lao == []


def test_national_file_reasons_are_in_lao(tmp_path):
    """``national-file-invalid``: the reason in the Lao message is the catalogue's Lao row."""
    from xladdin.findings.words import word
    from xladdin.review.national import read_national

    cases = {
        "industry,year\n01,2020\n": ("national_missing_columns", {"columns": "current"}),
        "industry,year,current\n01,1492,5\n": ("national_bad_year", {"year": "'1492'"}),
        "industry,year,current\n": ("national_no_rows", {}),
    }
    for i, (text, (key, fields)) in enumerate(cases.items()):
        path = tmp_path / f"national-{i}.csv"
        path.write_text(text, encoding="utf-8")
        (f,) = read_national(path).findings
        assert f.code == "national-file-invalid"
        assert word(key, "en", **fields) in f.message_en
        assert word(key, "lo", **fields) in f.message_lo
        assert word(key, "en", **fields) not in f.message_lo
