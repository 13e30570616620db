"""Attacks on a returned file, end to end: ``xladdin verify`` AND ``xladdin consolidate``.

The promise under attack: *a forged or stale return cannot change the national totals, and
``verify`` catches every change consolidation would read*. Two provinces' returns (03, 17) are
built from the real template, compiled and prepared once; each test copies them, edits one
by hand with ``zipfile`` and text edits only (never xladdin's writer), and asserts

(a) ``xladdin verify`` exits non-zero on the forged file, and
(b) ``consolidate`` either does not sum it (``review-not-accepted``) or sums national totals
    exactly equal to those of the unforged run.

Edits that change nothing consolidation reads (a table part nobody references, a number
format that hides values, sheet order, ...) are the exception to (a): for them ``verify``
rightly says intact and the test shows the totals are the unforged ones -- each such test
says so in its name. The forgeries already in ``test_forgery.py`` are not repeated here.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from xladdin.cli import main
from xladdin.review.consolidate import Options, consolidate
from xladdin.templates.binding import bind
from xladdin.workbook.xlsx_reader import open_xlsx

pytest.importorskip("xladdin.templates.builder")

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE_DOC = R_NS + "/officeDocument"
TABLE_REL = R_NS + "/table"


# --- the prepared returns -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Prepared returns of provinces 03 and 17 (and their compiled books in ``compiled/``)."""
    from xladdin.review.sample import write_compiled_provinces

    folder = tmp_path_factory.mktemp("attacks")
    paths = write_compiled_provinces(folder, ["03", "17"])
    return {p.name.split("-")[1]: p for p in paths}


@pytest.fixture(scope="module")
def honest(built, tmp_path_factory):
    """The unforged consolidation of both returns."""
    folder = tmp_path_factory.mktemp("honest")
    for p in built.values():
        shutil.copy2(p, folder / p.name)
    r = consolidate([folder], None)
    assert sorted(s.code for s in r.used) == ["03", "17"]
    assert all(s.stamp_state == "intact" and s.recomputed for s in r.used)
    return r


@pytest.fixture
def folder(tmp_path, built) -> Path:
    out = tmp_path / "in"
    out.mkdir()
    for p in built.values():
        shutil.copy2(p, out / p.name)
    return out


# --- editing by hand (zip + text) ---------------------------------------------------------------


def _read(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def _write(path: Path, parts: dict[str, bytes]) -> None:
    tmp = path.with_suffix(".tmp-edit")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    tmp.replace(path)


def _text(parts: dict[str, bytes], name: str) -> str:
    return parts[name].decode("utf-8")


def _put(parts: dict[str, bytes], name: str, text: str) -> None:
    parts[name] = text.encode("utf-8")


def _rels_name(part: str) -> str:
    folder, _, file = part.rpartition("/")
    return f"{folder}/_rels/{file}.rels"


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    out = base.split("/") if base else []
    for piece in target.split("/"):
        if piece == "..":
            out.pop()
        elif piece not in ("", "."):
            out.append(piece)
    return "/".join(out)


def _sheet_part(parts: dict[str, bytes], sheet: str) -> str:
    wb = _text(parts, "xl/workbook.xml")
    tag = re.search(rf'<(?:\w+:)?sheet\b[^>]*\bname="{re.escape(sheet)}"[^>]*>', wb).group(0)
    rid = re.search(r'\b\w+:id="([^"]+)"', tag).group(1)
    rels = _text(parts, "xl/_rels/workbook.xml.rels")
    rel = re.search(rf'<Relationship\b[^>]*\bId="{rid}"[^>]*>', rels).group(0)
    return _resolve("xl", re.search(r'Target="([^"]+)"', rel).group(1))


def _table_part(parts: dict[str, bytes], table: str) -> str:
    for name in parts:
        if name.startswith("xl/tables/") and f'displayName="{table}"' in _text(parts, name):
            return name
    raise KeyError(table)


def _cell_re(cell: str) -> re.Pattern[str]:
    return re.compile(rf'<c r="{cell}"(?:\s[^>]*)?(?:/>|>.*?</c>)', re.DOTALL)


def _edit_cell(parts: dict[str, bytes], sheet: str, cell: str, edit) -> None:
    part = _sheet_part(parts, sheet)
    text = _text(parts, part)
    m = _cell_re(cell).search(text)
    assert m, f"{sheet}!{cell}"
    new = edit(m.group(0))
    assert new != m.group(0)
    _put(parts, part, text[: m.start()] + new + text[m.end() :])


def _set_number(parts: dict[str, bytes], sheet: str, cell: str, value: float) -> None:
    def edit(c: str) -> str:
        head = re.match(r"<c\b[^>]*?(?=/?>)", c).group(0)
        head = re.sub(r'\st="[^"]*"', "", head)
        inner = re.search(r"<f\b.*?(?:/>|</f>)", c, re.DOTALL)
        return f"{head}>{inner.group(0) if inner else ''}<v>{value!r}</v></c>"

    _edit_cell(parts, sheet, cell, edit)


def _forge(folder: Path, name: str, edit) -> Path:
    path = folder / name
    parts = _read(path)
    edit(parts)
    _write(path, parts)
    return path


def _file_of(folder: Path, code: str) -> str:
    return next(p.name for p in folder.glob(f"province-{code}-*.xlsx"))


def _verify_exit(path: Path) -> int:
    return main(["verify", str(path), "--lang", "en"])


def _same_totals(r, honest) -> None:
    for attr in ("sum_current", "sum_constant"):
        got, want = getattr(r.tables, attr), getattr(honest.tables, attr)
        pd.testing.assert_frame_equal(got, want, check_exact=True)


def _attack(folder: Path, forged: Path, honest, *, changed: bool = True):
    """The two assertions of every attack; returns the consolidation result.

    ``changed`` False: an edit that changes nothing the review reads -- verify says intact
    (exit 0) and the summed totals are exactly the unforged ones."""
    code = _verify_exit(forged)
    r = consolidate([folder], None)
    summed = [s for s in r.used if Path(s.path).name == forged.name]
    if changed:
        assert code != 0
        mine = {f.code for f in r.report if f.details.get("file") == forged.name}
        assert not summed or r.tables.sum_current.equals(honest.tables.sum_current), mine
        if not summed:
            assert "review-not-accepted" in mine or any(
                f.refuses for f in r.report if f.details.get("file") == forged.name
            ), mine
    else:
        assert code == 0
        _same_totals(r, honest)
    return r


def _volume(path: Path):
    view = open_xlsx(path)
    return bind(view).block("volume")


# --- inputs ------------------------------------------------------------------------------------


def test_input_edited_and_outputs_recomputed_consistently_by_a_forger(folder, honest):
    """A forger who knows the method: one Volume input raised 10 %, and every output cell set
    to what xladdin's own compile gives for the new inputs (computed in memory; written by
    text edits). Recomputation sees nothing wrong -- the stamp does, and the file is not summed
    unless accepted; accepted, its (consistent) numbers are summed and the Status says so."""
    from xladdin.compile import compile_view
    from xladdin.workbook.model import SetValue

    name = _file_of(folder, "03")
    volume = _volume(folder / name)
    year = volume.years[-1]
    cell = volume.cell("03", year)
    old = float(volume.values.loc["03", year])

    def edit(parts):
        _set_number(parts, volume.sheet, cell, old * 1.1)
        scratch = folder.parent / "scratch.xlsx"
        _write(scratch, parts)
        res = compile_view(open_xlsx(scratch), validate=False)
        ops = [op for op in res.patch.ops if isinstance(op, SetValue)]
        assert ops
        for op in ops:
            if isinstance(op.value, (int, float)) and not isinstance(op.value, bool):
                try:
                    _set_number(parts, op.sheet, op.cell, float(op.value))
                except AssertionError:  # the same value already
                    pass
        scratch.unlink()

    forged = _forge(folder, name, edit)
    r = _attack(folder, forged, honest)
    assert [s.code for s in r.used] == ["17"]
    accepted = consolidate([folder], None, options=Options(accept=(name,)))
    sub = next(s for s in accepted.used if s.code == "03")
    assert sub.stamp_state == "changed" and sub.recomputed
    assert not [f for f in accepted.report if f.code == "review-output-differs"]
    assert not accepted.tables.sum_current.equals(honest.tables.sum_current)


def test_two_industry_rows_swapped_in_an_input_table(folder, honest):
    """Rows 03 and 04 of the Volume table swapped, codes moving with their values."""
    name = _file_of(folder, "03")
    volume = _volume(folder / name)
    r1 = int(re.sub(r"\D", "", volume.cell("03", volume.years[0])))
    r2 = int(re.sub(r"\D", "", volume.cell("04", volume.years[0])))

    def edit(parts):
        part = _sheet_part(parts, volume.sheet)
        text = _text(parts, part)
        rows = {}
        for r in (r1, r2):
            m = re.search(rf'<row r="{r}"[^>]*>(.*?)</row>', text, re.DOTALL)
            rows[r] = m
        inner1 = re.sub(rf'r="([A-Z]+){r1}"', rf'r="\g<1>{r2}"', rows[r1].group(1))
        inner2 = re.sub(rf'r="([A-Z]+){r2}"', rf'r="\g<1>{r1}"', rows[r2].group(1))
        a, b = sorted((rows[r1], rows[r2]), key=lambda m: m.start())
        first, second = (inner2, inner1) if a is rows[r1] else (inner1, inner2)
        text = text[: a.start(1)] + first + text[a.end(1) : b.start(1)] + second + text[b.end(1) :]
        _put(parts, part, text)

    forged = _forge(folder, name, edit)
    _attack(folder, forged, honest)


# --- shared strings ----------------------------------------------------------------------------


def _shared_strings(parts) -> list[str]:
    text = _text(parts, "xl/sharedStrings.xml")
    return re.findall(r"<si>(.*?)</si>", text, re.DOTALL)


def test_industry_code_changed_in_shared_strings(folder, honest):
    """An industry code edited in xl/sharedStrings.xml, not in any sheet."""
    name = _file_of(folder, "03")

    def edit(parts):
        if "xl/sharedStrings.xml" not in parts:
            pytest.skip("the writer stores no shared strings")
        text = _text(parts, "xl/sharedStrings.xml")
        text, n = re.subn(r"<si><t>03</t></si>", "<si><t>04</t></si>", text, count=1)
        if n == 0:
            text, n = re.subn(r"(<si><t[^>]*>)Agriculture", r"\1Mining", text, count=1)
        assert n == 1
        _put(parts, "xl/sharedStrings.xml", text)

    _attack(folder, _forge(folder, name, edit), honest)


def test_year_header_changed_in_shared_strings(folder, honest):
    """A year header (as text) edited in xl/sharedStrings.xml: 2015 -> 2014."""
    name = _file_of(folder, "03")

    def edit(parts):
        if "xl/sharedStrings.xml" not in parts:
            pytest.skip("the writer stores no shared strings")
        text = _text(parts, "xl/sharedStrings.xml")
        text, n = re.subn(r"(<si><t[^>]*>)2015(</t></si>)", r"\g<1>2014\2", text, count=1)
        if n == 0:
            pytest.skip("no year header stored as a shared string")
        _put(parts, "xl/sharedStrings.xml", text)

    _attack(folder, _forge(folder, name, edit), honest)


def test_shared_strings_reordered_consistently_changes_nothing(folder, honest):
    """The shared strings reversed and every ``t="s"`` index rewritten to match: the same
    cells, so verify says intact and the totals are the unforged ones."""
    name = _file_of(folder, "03")

    def edit(parts):
        if "xl/sharedStrings.xml" not in parts:
            pytest.skip("the writer stores no shared strings")
        text = _text(parts, "xl/sharedStrings.xml")
        items = re.findall(r"<si>.*?</si>", text, re.DOTALL)
        n = len(items)
        start = text.index(items[0])
        end = text.rindex(items[-1]) + len(items[-1])
        _put(parts, "xl/sharedStrings.xml", text[:start] + "".join(reversed(items)) + text[end:])
        for part in [p for p in parts if p.startswith("xl/worksheets/sheet")]:
            sheet = _text(parts, part)
            sheet = re.sub(
                r'(<c\b[^>]*\bt="s"[^>]*>\s*<v>)(\d+)(</v>)',
                lambda m: f"{m.group(1)}{n - 1 - int(m.group(2))}{m.group(3)}",
                sheet,
            )
            _put(parts, part, sheet)

    _attack(folder, _forge(folder, name, edit), honest, changed=False)


# --- styles ------------------------------------------------------------------------------------


def _xf_of(parts, sheet: str, cell: str) -> int:
    part = _sheet_part(parts, sheet)
    m = _cell_re(cell).search(_text(parts, part))
    s = re.search(r'\ss="(\d+)"', m.group(0))
    return int(s.group(1)) if s else 0


def _set_xf_format(parts, xf: int, code: str) -> None:
    """Give cell style ``xf`` the number format ``code`` by editing styles.xml only."""
    styles = _text(parts, "xl/styles.xml")
    block = re.search(r"<cellXfs\b[^>]*>(.*?)</cellXfs>", styles, re.DOTALL)
    xfs = list(re.finditer(r"<xf\b[^>]*?(?:/>|>.*?</xf>)", block.group(1), re.DOTALL))
    old = xfs[xf].group(0)
    new = re.sub(r'\snumFmtId="\d+"', "", old)
    new = new.replace("<xf ", '<xf numFmtId="200" applyNumberFormat="1" ', 1)
    new = re.sub(r'(applyNumberFormat="[^"]*"\s*)(applyNumberFormat="[^"]*")', r"\1", new)
    start = block.start(1) + xfs[xf].start()
    styles = styles[:start] + new + styles[start + len(old) :]
    fmt = f'<numFmt numFmtId="200" formatCode="{code}"/>'
    if "<numFmts" in styles:
        styles = re.sub(r"(<numFmts\b[^>]*>)", r"\1" + fmt, styles, count=1)
        styles = re.sub(
            r'<numFmts count="(\d+)"', lambda m: f'<numFmts count="{int(m.group(1)) + 1}"', styles
        )
    else:
        styles = re.sub(
            r"(<styleSheet\b[^>]*>)", r'\1<numFmts count="1">' + fmt + "</numFmts>", styles
        )
    _put(parts, "xl/styles.xml", styles)


def test_input_style_number_format_made_a_date_in_styles_only(folder, honest):
    """The number format of the style an input cell uses turned into a date (styles.xml edited,
    the sheet untouched): every number with that style now reads as a date."""
    name = _file_of(folder, "03")
    volume = _volume(folder / name)
    cell = volume.cell("03", volume.years[-1])

    def edit(parts):
        _set_xf_format(parts, _xf_of(parts, volume.sheet, cell), "yyyy\\-mm\\-dd")

    forged = _forge(folder, name, edit)
    assert not isinstance(open_xlsx(forged).value(volume.sheet, cell), float)
    _attack(folder, forged, honest)


def test_number_format_that_hides_values_changes_nothing_read(folder, honest):
    """``;;;`` hides what the input cells show; the review reads the numbers, unchanged."""
    name = _file_of(folder, "03")
    volume = _volume(folder / name)
    cell = volume.cell("03", volume.years[-1])

    def edit(parts):
        _set_xf_format(parts, _xf_of(parts, volume.sheet, cell), ";;;")

    forged = _forge(folder, name, edit)
    assert isinstance(open_xlsx(forged).value(volume.sheet, cell), float)
    _attack(folder, forged, honest, changed=False)


# --- defined names -----------------------------------------------------------------------------


def _other_code_cell(path: Path) -> str:
    view = open_xlsx(path)
    rows = view.values("Lists", view.used_range("Lists"))
    for i, row in enumerate(rows):
        if row and row[0] in ("01", 1, "1"):
            return f"'Lists'!$A${i + 1}"
    raise AssertionError("no province 01 on the Lists sheet")


def _add_name(parts, xml: str, first: bool = False) -> None:
    wb = _text(parts, "xl/workbook.xml")
    if first:
        wb, n = re.subn(r"(<definedNames>)", r"\1" + xml, wb, count=1)
    else:
        wb, n = re.subn(r"(</definedNames>)", xml + r"\1", wb, count=1)
    assert n == 1
    _put(parts, "xl/workbook.xml", wb)


def test_sheet_scoped_province_code_name_added(folder, honest):
    """A second ``xl_province_code`` with ``localSheetId`` pointing at province 01's code:
    Excel uses it inside that sheet. The review reads workbook-scoped names only (the file is
    still province 03), but every definition is hashed with its scope, so verify flags it and
    the file is not summed unless accepted. (Before the fix: verify said intact.)"""
    name = _file_of(folder, "03")
    other = _other_code_cell(folder / name)
    for local in range(3):
        forged = _forge(
            folder,
            name,
            lambda parts, local=local: _add_name(
                parts,
                f'<definedName name="xl_province_code" localSheetId="{local}">'
                f"{other}</definedName>",
            ),
        )
    r = _attack(folder, forged, honest)
    assert "01" not in {s.code for s in r.used}


@pytest.mark.parametrize("first", [True, False], ids=["before", "after"])
def test_province_code_name_added_again_in_another_case(folder, honest, first):
    """``XL_PROVINCE_CODE`` (workbook scope) pointing at province 01's code, before or after
    the real one: names match without case, so one of them is a second definition."""
    name = _file_of(folder, "03")
    other = _other_code_cell(folder / name)
    forged = _forge(
        folder,
        name,
        lambda parts: _add_name(
            parts, f'<definedName name="XL_PROVINCE_CODE">{other}</definedName>', first
        ),
    )
    r = _attack(folder, forged, honest)
    assert "01" not in {s.code for s in r.used}


@pytest.mark.parametrize("first", [True, False], ids=["before", "after"])
def test_province_code_name_defined_twice_same_case(folder, honest, first):
    name = _file_of(folder, "03")
    other = _other_code_cell(folder / name)
    forged = _forge(
        folder,
        name,
        lambda parts: _add_name(
            parts, f'<definedName name="xl_province_code">{other}</definedName>', first
        ),
    )
    r = _attack(folder, forged, honest)
    assert "01" not in {s.code for s in r.used}


def test_province_code_name_made_hidden(folder, honest):
    """``hidden="1"`` on xl_province_code: hashed since the fix (before: verify intact)."""
    name = _file_of(folder, "03")

    def edit(parts):
        wb = _text(parts, "xl/workbook.xml")
        wb, n = re.subn(
            r'<definedName name="xl_province_code"',
            '<definedName hidden="1" name="xl_province_code"',
            wb,
        )
        assert n == 1
        _put(parts, "xl/workbook.xml", wb)

    _attack(folder, _forge(folder, name, edit), honest)


# --- tables ------------------------------------------------------------------------------------


def _add_table_part(parts, xml: str, sheet: str | None) -> str:
    """A new table part; attached to ``sheet`` (relationship + tablePart) unless None."""
    n = 1 + max(int(m) for p in parts for m in re.findall(r"^xl/tables/table(\d+)\.xml$", p))
    part = f"xl/tables/table{n}.xml"
    _put(parts, part, xml)
    ct = _text(parts, "[Content_Types].xml")
    ct = ct.replace(
        "</Types>",
        f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.table+xml"/></Types>',
    )
    _put(parts, "[Content_Types].xml", ct)
    if sheet is None:
        return part
    sp = _sheet_part(parts, sheet)
    rels = _rels_name(sp)
    rel = f'<Relationship Id="rIdX{n}" Type="{TABLE_REL}" Target="/{part}"/>'
    if rels in parts:
        _put(parts, rels, _text(parts, rels).replace("</Relationships>", rel + "</Relationships>"))
    else:
        _put(
            parts,
            rels,
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rel}</Relationships>',
        )
    text = _text(parts, sp)
    tp = f'<tablePart xmlns:r="{R_NS}" r:id="rIdX{n}"/>'
    if "<tableParts" in text:
        text = re.sub(r"(<tableParts\b[^>]*>)", r"\1" + tp, text, count=1)
        text = re.sub(r'<tableParts count="\d+"', "<tableParts", text)
    else:
        text = text.replace("</worksheet>", f"<tableParts>{tp}</tableParts></worksheet>")
    _put(parts, sp, text)
    return part


def _twin(parts, table: str, new_id: int = 900) -> str:
    text = _text(parts, _table_part(parts, table))
    return re.sub(r'(<table\b[^>]*?\bid=")\d+"', rf'\g<1>{new_id}"', text, count=1)


def test_second_table_with_the_same_display_name_on_another_sheet(folder, honest):
    """A copy of tblGvaCurrent (same displayName, same ref) attached to the Volume sheet:
    which one a reader keeps is reader-dependent; since the fix a twin is hashed (before:
    verify intact, the review reading the original)."""
    name = _file_of(folder, "03")
    volume = _volume(folder / name)

    def edit(parts):
        _add_table_part(parts, _twin(parts, "tblGvaCurrent"), volume.sheet)

    _attack(folder, _forge(folder, name, edit), honest)


def test_table_part_present_but_unreferenced_changes_nothing_read(folder, honest):
    """A forged tblGvaCurrent in the package that no sheet references: nobody reads it."""
    name = _file_of(folder, "03")

    def edit(parts):
        xml = _twin(parts, "tblGvaCurrent")
        xml = re.sub(r'\bref="[^"]+"', 'ref="A1:C3"', xml, count=1)
        _add_table_part(parts, xml, None)

    _attack(folder, _forge(folder, name, edit), honest, changed=False)


@pytest.mark.parametrize(
    "attribute", ['headerRowCount="0"', 'totalsRowCount="1"'], ids=["no-header", "totals-row"]
)
def test_results_table_header_or_totals_row_count_changed(folder, honest, attribute):
    """``headerRowCount="0"`` (Excel then reads the header row as data) or a totals row: the
    table's shape as Excel sees it changed. The review reads the same cells either way; since
    the fix the shape is hashed (before: verify intact)."""
    name = _file_of(folder, "03")

    def edit(parts):
        part = _table_part(parts, "tblGvaCurrent")
        text = _text(parts, part)
        key = attribute.split("=")[0]
        text = re.sub(rf'\s{key}="\d+"', "", text)
        _put(parts, part, re.sub(r"<table\b", f"<table {attribute}", text, count=1))

    _attack(folder, _forge(folder, name, edit), honest)


# --- workbook structure ------------------------------------------------------------------------


def _sheet_tags(wb: str) -> list[str]:
    block = re.search(r"<sheets>(.*?)</sheets>", wb, re.DOTALL).group(1)
    return re.findall(r"<sheet\b[^>]*/>", block)


def test_sheets_reordered_changes_nothing_read(folder, honest):
    """The <sheet> entries of workbook.xml reversed (xladdin reads by name, never position;
    sheet-scoped names, which follow position, are not read)."""
    name = _file_of(folder, "03")

    def edit(parts):
        wb = _text(parts, "xl/workbook.xml")
        tags = _sheet_tags(wb)
        block = re.search(r"<sheets>(.*?)</sheets>", wb, re.DOTALL)
        wb = wb[: block.start(1)] + "".join(reversed(tags)) + wb[block.end(1) :]
        wb = re.sub(r'\s(activeTab|firstSheet)="\d+"', "", wb)
        _put(parts, "xl/workbook.xml", wb)

    _attack(folder, _forge(folder, name, edit), honest, changed=False)


def test_sheet_renamed_and_every_reference_fixed(folder, honest):
    """Volume renamed everywhere a text editor finds it (workbook.xml, defined names,
    formulas): the sheet name is part of every cell line."""
    name = _file_of(folder, "03")
    volume = _volume(folder / name)
    old = volume.sheet

    def edit(parts):
        for part in list(parts):
            if part.endswith(".xml") and part.startswith("xl/"):
                text = _text(parts, part)
                new = text.replace(f'name="{old}"', f'name="{old}X"')
                new = new.replace(f"'{old}'!", f"'{old}X'!").replace(f"{old}!", f"{old}X!")
                if new != text:
                    _put(parts, part, new)

    _attack(folder, _forge(folder, name, edit), honest)


def test_data_sheet_made_very_hidden(folder, honest):
    name = _file_of(folder, "03")
    volume = _volume(folder / name)

    def edit(parts):
        wb = _text(parts, "xl/workbook.xml")
        tag = re.search(rf'<sheet\b[^>]*\bname="{volume.sheet}"[^>]*/>', wb).group(0)
        new = re.sub(r'\sstate="\w+"', "", tag).replace("<sheet ", '<sheet state="veryHidden" ')
        _put(parts, "xl/workbook.xml", wb.replace(tag, new))

    _attack(folder, _forge(folder, name, edit), honest)


def test_second_workbook_part_behind_a_first_office_document_relationship(folder, honest):
    """A forged copy of the workbook (its Volume sheet pointing at a forged sheet part with one
    input changed) put first in _rels/.rels; the real workbook stays, second. Whichever
    workbook part a reader takes, verify and consolidation take the same."""
    name = _file_of(folder, "03")
    volume = _volume(folder / name)
    cell = volume.cell("03", volume.years[-1])
    value = float(volume.values.loc["03", volume.years[-1]])

    def edit(parts):
        real = _sheet_part(parts, volume.sheet)
        forged_sheet = "xl/worksheets/forged.xml"
        parts[forged_sheet] = parts[real]
        m = _cell_re(cell).search(_text(parts, forged_sheet))
        new = re.sub(r"<v>[^<]*</v>", f"<v>{value * 3!r}</v>", m.group(0))
        text = _text(parts, forged_sheet)
        _put(parts, forged_sheet, text[: m.start()] + new + text[m.end() :])
        if _rels_name(real) in parts:
            parts[_rels_name(forged_sheet)] = parts[_rels_name(real)]
        rels = _text(parts, "xl/_rels/workbook.xml.rels")
        base = real.split("/", 1)[1]
        rels = rels.replace(f'Target="{base}"', 'Target="worksheets/forged.xml"').replace(
            f'Target="/{real}"', f'Target="/{forged_sheet}"'
        )
        assert "forged.xml" in rels
        _put(parts, "xl/_rels/workbook2.xml.rels", rels)
        parts["xl/workbook2.xml"] = parts["xl/workbook.xml"]
        ct = _text(parts, "[Content_Types].xml")
        wb_ct = re.search(r'<Override PartName="/xl/workbook.xml" ContentType="([^"]+)"', ct)
        ws_ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
        ct = ct.replace(
            "</Types>",
            f'<Override PartName="/xl/workbook2.xml" ContentType="{wb_ct.group(1)}"/>'
            f'<Override PartName="/{forged_sheet}" ContentType="{ws_ct}"/></Types>',
        )
        _put(parts, "[Content_Types].xml", ct)
        root = _text(parts, "_rels/.rels")
        root = re.sub(
            r"(<Relationships\b[^>]*>)",
            rf'\1<Relationship Id="rIdW2" Type="{OFFICE_DOC}" Target="xl/workbook2.xml"/>',
            root,
            count=1,
        )
        _put(parts, "_rels/.rels", root)

    _attack(folder, _forge(folder, name, edit), honest)


def test_content_type_override_of_a_sheet_changed(folder, honest):
    """[Content_Types].xml says the Volume sheet is a macro sheet."""
    name = _file_of(folder, "03")
    volume = _volume(folder / name)

    def edit(parts):
        part = _sheet_part(parts, volume.sheet)
        ct = _text(parts, "[Content_Types].xml")
        ct, n = re.subn(
            rf'(<Override PartName="/{re.escape(part)}" ContentType=")[^"]+"',
            r'\1application/vnd.ms-excel.macrosheet+xml"',
            ct,
        )
        assert n == 1
        _put(parts, "[Content_Types].xml", ct)

    forged = _forge(folder, name, edit)
    code = _verify_exit(forged)
    r = consolidate([folder], None)
    summed = [s for s in r.used if Path(s.path).name == forged.name]
    # Either refused/caught, or nothing read changed: never other totals.
    assert code != 0 or not summed or r.tables.sum_current.equals(honest.tables.sum_current)
    if summed:
        _same_totals(r, honest)


# --- the stamp ---------------------------------------------------------------------------------


def test_stamp_part_removed_entirely(folder, honest):
    """docProps/custom.xml deleted with its relationship and content type: unstamped."""
    name = _file_of(folder, "03")

    def edit(parts):
        del parts["docProps/custom.xml"]
        root = _text(parts, "_rels/.rels")
        _put(parts, "_rels/.rels", re.sub(r'<Relationship\b[^>]*custom\.xml"[^>]*/>', "", root))
        ct = _text(parts, "[Content_Types].xml")
        _put(
            parts,
            "[Content_Types].xml",
            re.sub(r'<Override PartName="/docProps/custom\.xml"[^>]*/>', "", ct),
        )

    forged = _forge(folder, name, edit)
    assert _verify_exit(forged) == 2
    r = _attack(folder, forged, honest)
    assert [s.code for s in r.used] == ["17"]


def _duplicate_stamp_property(parts, key: str, value: str, first: bool) -> None:
    text = _text(parts, "docProps/custom.xml")
    prop = re.search(
        rf'<property\b[^>]*name="xladdin\.return\.{key}"[^>]*>.*?</property>', text, re.DOTALL
    ).group(0)
    forged = re.sub(r"(<(?:\w+:)?lpwstr>)[^<]*", rf"\g<1>{value}", prop)
    forged = re.sub(r'\bpid="\d+"', 'pid="99"', forged)
    new = forged + prop if first else prop + forged
    _put(parts, "docProps/custom.xml", text.replace(prop, new, 1))


@pytest.mark.parametrize("first", [True, False], ids=["forged-first", "forged-last"])
def test_stamp_time_property_duplicated(folder, honest, first):
    """Two ``xladdin.return.stamped_utc`` properties, the real one and 2099: a reader taking
    the first and one taking the last would disagree about the stamp time."""
    name = _file_of(folder, "03")
    forged = _forge(
        folder,
        name,
        lambda parts: _duplicate_stamp_property(
            parts, "stamped_utc", "2099-01-01T00:00:00Z", first
        ),
    )
    _attack(folder, forged, honest)


def test_stamp_fields_copied_into_core_properties_change_nothing_read(folder, honest):
    """A forged stamp time written into docProps/core.xml: the stamp is read from the custom
    properties only."""
    name = _file_of(folder, "03")

    def edit(parts):
        core = _text(parts, "docProps/core.xml")
        core, n = re.subn(
            r"(</(?:\w+:)?coreProperties>)",
            r'<dc:description xmlns:dc="http://purl.org/dc/elements/1.1/">'
            r"xladdin.return.stamped_utc=2099-01-01T00:00:00Z</dc:description>\1",
            core,
        )
        assert n == 1  # the prefix declared on the element: well-formed whatever the root binds
        _put(parts, "docProps/core.xml", core)

    _attack(folder, _forge(folder, name, edit), honest, changed=False)


def test_province_a_file_renamed_as_province_b_is_still_province_a(folder, honest, built):
    """Province 03's whole intact return copied under province 17's file name (17's own file
    gone): it is filed as 03 (the file name never decides the province), superseding nothing of
    17's, and 17 is reported missing."""
    real17 = folder / _file_of(folder, "17")
    real17.unlink()
    fake = folder / "province-17-return.xlsx"
    shutil.copy2(built["03"], fake)
    assert _verify_exit(fake) == 0  # intact: it is 03's genuine return
    r = consolidate([folder], None)
    assert {s.code for s in r.used} == {"03"}
    assert "17" in {
        f.details.get("province") for f in r.report if f.code == "review-province-missing"
    }
    only03 = consolidate([built["03"]], None)
    _same_totals(r, only03)


def test_older_intact_return_replayed_with_later_mtime_and_name_does_not_win(
    folder, honest, built, tmp_path
):
    """An older intact return of province 03 (stamped a year earlier, from an earlier compiled
    book) put next to the current one, with a later modification time and a file name that
    sorts last: the stamp time decides, the older return is superseded."""
    import datetime as dt

    from xladdin.returned.prepare import prepare_package

    compiled = built["03"].parent / "compiled" / "province-03.xlsx"
    older = prepare_package(
        compiled,
        out=folder / "province-03-zz-resent.xlsx",
        compiler="office 03",
        now=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    ).path
    later = (folder / _file_of(folder, "03")).stat().st_mtime + 3600
    os.utime(older, (later, later))
    assert _verify_exit(older) == 0
    r = consolidate([folder], None)
    used03 = [Path(s.path).name for s in r.used if s.code == "03"]
    assert used03 == [built["03"].name]
    superseded = [
        f for f in r.report if f.code == "review-superseded" and f.details.get("file") == older.name
    ]
    assert superseded
    _same_totals(r, honest)


# --- Surgery.r_prefix: only a prefix the workbook root declares --------------------------------


def _hand_package(path: Path, workbook_xml: str) -> Path:
    ct = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"'
        "/></Types>"
    )
    root = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{OFFICE_DOC}"'
        ' Target="xl/workbook.xml"/></Relationships>'
    )
    _write(
        path,
        {
            "[Content_Types].xml": ct.encode(),
            "_rels/.rels": root.encode(),
            "xl/workbook.xml": workbook_xml.encode(),
        },
    )
    return path


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize(
    ("workbook_xml", "expected"),
    [
        # openpyxl + lxml style: r: declared only on a descendant element -> not reusable
        (
            f'<workbook xmlns="{MAIN_NS}"><sheets><sheet name="A" sheetId="1" '
            f'xmlns:r="{R_NS}" r:id="rId1"/></sheets></workbook>',
            None,
        ),
        # declared on the root: reused, whatever its name
        (
            f'<workbook xmlns="{MAIN_NS}" xmlns:rel="{R_NS}"><sheets><sheet name="A" '
            'sheetId="1" rel:id="rId1"/></sheets></workbook>',
            "rel",
        ),
        # a prefixed root element
        (
            f'<x:workbook xmlns:x="{MAIN_NS}" xmlns:r="{R_NS}"><x:sheets/></x:workbook>',
            "r",
        ),
    ],
    ids=["declared-on-a-descendant-only", "declared-on-the-root", "prefixed-root"],
)
def test_surgery_r_prefix_reuses_only_a_prefix_the_root_declares(tmp_path, workbook_xml, expected):
    from xladdin.returned.surgery import Surgery
    from xladdin.workbook.package import EditablePackage

    path = _hand_package(tmp_path / "hand.xlsx", workbook_xml)
    assert Surgery(EditablePackage(path)).r_prefix() == expected
