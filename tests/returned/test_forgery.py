"""Forgeries of a returned file, made by hand: zip + XML string edits, never xladdin's writer.

Each test starts from the same prepared province return (the illustrative province 16 data,
built from the template, compiled and prepared), changes it the way someone with a zip tool
and a text editor would, and shows that ``xladdin verify`` no longer vouches for it: exit 1
(changed) with the finding that names what changed, or exit 2 where the stamp cannot be
checked at all. The edits are the ones issue 10 lists (what the review sums or files the
return under), plus a few found while writing these.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.returned.province16 import read_parts, stamped_return_16, write_parts
from xladdin.cli import main
from xladdin.returned import STAMP_KEYS, verify_file
from xladdin.returned.hashing import canonical
from xladdin.templates.binding import bind
from xladdin.workbook.canonical import _serial
from xladdin.workbook.xlsx_reader import open_xlsx

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TABLE_REL = R_NS + "/table"


# --- the prepared return ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    return stamped_return_16(tmp_path_factory.mktemp("forgery"))


# --- editing by hand ----------------------------------------------------------------------------


def _text(parts: dict[str, bytes], name: str) -> str:
    return parts[name].decode("utf-8")


def _target(base_dir: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    out: list[str] = base_dir.split("/") if base_dir else []
    for piece in target.split("/"):
        if piece == "..":
            out.pop()
        elif piece not in ("", "."):
            out.append(piece)
    return "/".join(out)


def _rels_name(part: str) -> str:
    folder, _, file = part.rpartition("/")
    return f"{folder}/_rels/{file}.rels"


def _rels(parts: dict[str, bytes], part: str) -> dict[str, str]:
    """Relationship id -> target part of ``part`` (parsed by regex, as a text editor sees it)."""
    name = _rels_name(part)
    if name not in parts:
        return {}
    out = {}
    for rel in re.findall(r"<Relationship\b[^>]*>", _text(parts, name)):
        rid = re.search(r'\bId="([^"]+)"', rel).group(1)
        target = re.search(r'\bTarget="([^"]+)"', rel).group(1)
        out[rid] = _target(part.rpartition("/")[0], target)
    return out


def _sheet_part(parts: dict[str, bytes], sheet: str) -> str:
    wb = _text(parts, "xl/workbook.xml")
    tag = re.search(rf'<sheet\b[^>]*\bname="{re.escape(sheet)}"[^>]*>', wb).group(0)
    rid = re.search(r'\br:id="([^"]+)"', tag).group(1)
    return _rels(parts, "xl/workbook.xml")[rid]


def _table_part(parts: dict[str, bytes], table: str) -> str:
    for name in parts:
        if name.startswith("xl/tables/") and f'displayName="{table}"' in _text(parts, name):
            return name
    raise KeyError(table)


def _set_cell(parts: dict[str, bytes], sheet: str, cell: str, edit) -> str:
    """Replace the ``<c r="cell">`` element of ``sheet`` by ``edit(old_element)``."""
    part = _sheet_part(parts, sheet)
    text = _text(parts, part)
    m = re.search(rf'<c r="{cell}"(?:\s[^>]*)?(?:/>|>.*?</c>)', text, re.DOTALL)
    assert m, f"{sheet}!{cell} not found"
    new = edit(m.group(0))
    assert new != m.group(0)
    parts[part] = (text[: m.start()] + new + text[m.end() :]).encode("utf-8")
    return m.group(0)


def _rewrite_cell(parts: dict[str, bytes], sheet: str, cell: str, pattern: str, repl) -> str:
    """:func:`_set_cell` with the element rewritten by ``re.sub(pattern, repl)`` (across lines)."""
    return _set_cell(parts, sheet, cell, lambda c: re.sub(pattern, repl, c, flags=re.DOTALL))


def _custom(parts: dict[str, bytes], key: str, new_value: str) -> None:
    text = _text(parts, "docProps/custom.xml")
    name = re.escape(STAMP_KEYS[key])
    text, n = re.subn(
        rf'(<property [^>]*name="{name}"[^>]*>\s*<(\w+:)?lpwstr[^>]*>)(.*?)(</)',
        lambda m: m.group(1) + new_value + m.group(4),
        text,
        flags=re.DOTALL,
    )
    assert n == 1, key
    parts["docProps/custom.xml"] = text.encode("utf-8")


def _forge(prepared: Path, tmp_path: Path, name: str, edit) -> Path:
    parts = read_parts(prepared)
    edit(parts)
    out = tmp_path / f"{name}.xlsx"
    write_parts(parts, out)
    return out


def _gva(prepared: Path, code: str = "GDP") -> tuple[str, str, float]:
    """(sheet, cell, value) of a current-price GVA/GDP result of the base year."""
    view = open_xlsx(prepared)
    bound = bind(view)
    block = bound.block("gva_current")
    year = bound.scalar("base_year").value
    return block.sheet, block.cell(code, year), float(block.values.loc[code, year])


def _changed(path: Path, *codes: str, exit_code: int = 1) -> list[str]:
    result = verify_file(path)
    found = [f.code for f in result.findings]
    assert result.exit_code == exit_code, found
    assert not result.intact
    for code in codes:
        assert code in found, (code, found)
    assert main(["verify", str(path), "--lang", "en"]) == exit_code
    return found


# --- the untouched file -------------------------------------------------------------------------


def test_the_prepared_return_verifies_and_a_plain_rezip_changes_nothing(prepared, tmp_path):
    assert verify_file(prepared).exit_code == 0
    same = _forge(prepared, tmp_path, "rezipped", lambda parts: None)
    assert same.read_bytes() != prepared.read_bytes()
    assert verify_file(same).intact


# --- the forgeries of issue 10 ------------------------------------------------------------------


def test_literal_formula_with_a_different_cached_value(prepared, tmp_path):
    """``<f>10930.66</f><v>15930.66</v>``: the formula says one number, the review reads the
    cached other one."""
    sheet, cell, value = _gva(prepared)

    def edit(parts):
        _set_cell(
            parts,
            sheet,
            cell,
            lambda c: re.sub(r"<v>[^<]*</v>", f"<f>{value!r}</f><v>{value + 5000!r}</v>", c),
        )

    found = _changed(_forge(prepared, tmp_path, "literal-formula", edit), "return-data-changed")
    assert "return-sheet-changed" in found


def test_literal_formula_with_the_same_cached_value_is_still_a_change_of_type(prepared, tmp_path):
    """A value turned into a formula (even one giving the same number) is a different cell."""
    sheet, cell, value = _gva(prepared)

    def edit(parts):
        _set_cell(parts, sheet, cell, lambda c: re.sub(r"<v>", f"<f>{value!r}+0</f><v>", c))

    _changed(_forge(prepared, tmp_path, "formula-same-value", edit), "return-sheet-changed")


def test_results_table_moved_onto_an_owned_sheet(prepared, tmp_path):
    """tblGvaCurrent re-attached to the Checks sheet (xladdin's own, left out of the cell
    lines): the table's sheet is part of the hash, and so are table cells on owned sheets."""

    def edit(parts):
        results = _sheet_part(parts, "Results")
        checks = _sheet_part(parts, "Checks")
        table = _table_part(parts, "tblGvaCurrent")
        rid = next(r for r, t in _rels(parts, results).items() if t == table)
        # off the Results sheet ...
        text = _text(parts, results)
        text = re.sub(rf'<tablePart\b[^>]*r:id="{rid}"[^>]*/>', "", text)
        text = re.sub(
            r'<tableParts count="(\d+)"',
            lambda m: f'<tableParts count="{int(m.group(1)) - 1}"',
            text,
        )
        parts[results] = text.encode()
        rels = _text(parts, _rels_name(results))
        rels = re.sub(rf'<Relationship\b[^>]*\bId="{rid}"[^>]*/>', "", rels)
        parts[_rels_name(results)] = rels.encode()
        # ... onto Checks
        rel = f'<Relationship Id="rIdForged" Type="{TABLE_REL}" Target="/{table}"/>'
        name = _rels_name(checks)
        if name in parts:
            text = _text(parts, name).replace("</Relationships>", rel + "</Relationships>")
            parts[name] = text.encode()
        else:
            parts[name] = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'relationships">{rel}</Relationships>'
            ).encode()
        text = _text(parts, checks)
        assert "<tableParts" not in text
        text = text.replace(
            "</worksheet>",
            f'<tableParts count="1"><tablePart xmlns:r="{R_NS}" r:id="rIdForged"/>'
            "</tableParts></worksheet>",
        )
        parts[checks] = text.encode()

    forged = _forge(prepared, tmp_path, "table-on-checks", edit)
    assert open_xlsx(forged).tables()["tblGvaCurrent"].sheet == "Checks"
    _changed(forged, "return-data-changed", "return-tables-changed")
    assert any("tblgvacurrent" in f.message_en for f in verify_file(forged).findings)


def test_table_ref_shrunk(prepared, tmp_path):
    """tblGvaCurrent cut short so its last rows (GDP among them) are not read."""

    def edit(parts):
        table = _table_part(parts, "tblGvaCurrent")
        text = _text(parts, table)
        ref = re.search(r'\bref="([A-Z]+\d+):([A-Z]+)(\d+)"', text)
        short = f"{ref.group(1)}:{ref.group(2)}{int(ref.group(3)) - 5}"
        parts[table] = text.replace(ref.group(0)[5:-1], short).encode()

    forged = _forge(prepared, tmp_path, "table-ref-shrunk", edit)
    _changed(forged, "return-data-changed", "return-tables-changed")
    message = next(f for f in verify_file(forged).findings if f.code == "return-tables-changed")
    assert "was " in message.message_en and "now " in message.message_en
    print(message.message_en)


def test_year_column_renamed_in_the_table_part(prepared, tmp_path):
    """The binding reads year headers from the table part's column names: 2012 relabelled
    2011 shifts every number by a year without touching a cell."""

    def edit(parts):
        table = _table_part(parts, "tblGvaCurrent")
        text = _text(parts, table)
        parts[table] = text.replace('name="2012"', 'name="2011"', 1).encode()

    _changed(_forge(prepared, tmp_path, "year-renamed", edit), "return-tables-changed")


def test_table_renamed(prepared, tmp_path):
    """tblGvaCurrent renamed: the review no longer finds the province's results."""

    def edit(parts):
        table = _table_part(parts, "tblGvaCurrent")
        parts[table] = _text(parts, table).replace('"tblGvaCurrent"', '"tblGvaCurrentX"').encode()

    _changed(_forge(prepared, tmp_path, "table-renamed", edit), "return-tables-changed")


def test_numbers_retyped_as_text_str(prepared, tmp_path):
    """``t="str"``: the number becomes the text "760.5"; the review reads NaN and drops it."""
    sheet, cell, _ = _gva(prepared, "03")

    def edit(parts):
        _set_cell(parts, sheet, cell, lambda c: c.replace(f'r="{cell}"', f'r="{cell}" t="str"', 1))

    forged = _forge(prepared, tmp_path, "retyped-str", edit)
    assert isinstance(open_xlsx(forged).value(sheet, cell), str)
    _changed(forged, "return-data-changed", "return-sheet-changed")


def test_numbers_retyped_as_inline_string(prepared, tmp_path):
    sheet, cell, value = _gva(prepared, "03")

    def edit(parts):
        _rewrite_cell(
            parts,
            sheet,
            cell,
            r"<c ([^>]*?)>.*</c>",
            lambda m: f'<c {m.group(1)} t="inlineStr"><is><t>{value!r}</t></is></c>',
        )

    _changed(_forge(prepared, tmp_path, "retyped-inline", edit), "return-sheet-changed")


def test_numbers_reformatted_as_dates(prepared, tmp_path):
    """The cell keeps its number but gets a date style (built-in format 14): readers turn it
    into a date and the review no longer sums it."""
    sheet, cell, _ = _gva(prepared, "03")

    def edit(parts):
        styles = _text(parts, "xl/styles.xml")
        m = re.search(r'<cellXfs count="(\d+)"', styles)
        index = int(m.group(1))
        styles = styles.replace(m.group(0), f'<cellXfs count="{index + 1}"', 1)
        styles = styles.replace(
            "</cellXfs>",
            '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>'
            "</cellXfs>",
            1,
        )
        parts["xl/styles.xml"] = styles.encode()
        _set_cell(parts, sheet, cell, lambda c: re.sub(r'\ss="\d+"', f' s="{index}"', c, count=1))

    forged = _forge(prepared, tmp_path, "reformatted-date", edit)
    assert isinstance(open_xlsx(forged).value(sheet, cell), datetime.datetime)
    _changed(forged, "return-data-changed", "return-sheet-changed")


def test_province_code_name_pointed_at_another_cell(prepared, tmp_path):
    """xl_province_code pointed at a cell holding another province's code: the file would be
    summed as that province and supersede its real return."""
    view = open_xlsx(prepared)
    other = None
    for sheet in ("Lists",):
        rows = view.values(sheet, view.used_range(sheet))
        for i, row in enumerate(rows):
            if row and row[0] in ("01", 1, "1"):
                other = f"'{sheet}'!$A${i + 1}"
                break
    assert other, "no other province code on the Lists sheet"

    def edit(parts):
        wb = _text(parts, "xl/workbook.xml")
        wb, n = re.subn(
            r'(<definedName name="xl_province_code"[^>]*>)[^<]*(</definedName>)',
            lambda m: m.group(1) + other + m.group(2),
            wb,
        )
        assert n == 1
        parts["xl/workbook.xml"] = wb.encode()

    forged = _forge(prepared, tmp_path, "province-name-moved", edit)
    _changed(forged, "return-names-changed", "return-identity-changed")


def test_stamp_time_edited(prepared, tmp_path):
    """A later stamp time would make this return supersede a newer one of the province."""

    def edit(parts):
        _custom(parts, "stamped_utc", "2099-01-01T00:00:00Z")

    _changed(_forge(prepared, tmp_path, "stamp-time", edit), "return-stamp-edited")


def test_compiler_name_edited(prepared, tmp_path):
    def edit(parts):
        _custom(parts, "compiled_by", "someone else")

    _changed(_forge(prepared, tmp_path, "compiler", edit), "return-stamp-edited")


def test_a_value_edited(prepared, tmp_path):
    """An input typed over: Volume index of one industry and year."""
    view = open_xlsx(prepared)
    volume = bind(view).block("volume")
    year = volume.years[-1]
    cell = volume.cell("03", year)

    def edit(parts):
        _set_cell(
            parts,
            volume.sheet,
            cell,
            lambda c: re.sub(r"<v>([^<]*)</v>", lambda m: f"<v>{float(m.group(1)) + 1}</v>", c),
        )

    _changed(_forge(prepared, tmp_path, "value", edit), "return-sheet-changed")
    result = verify_file(tmp_path / "value.xlsx")
    changed = [f.message_en for f in result.findings if f.code == "return-sheet-changed"]
    assert len(changed) == 1 and f"'{volume.sheet}'" in changed[0]


def test_an_output_value_edited(prepared, tmp_path):
    sheet, cell, value = _gva(prepared)

    def edit(parts):
        _set_cell(parts, sheet, cell, lambda c: re.sub(r"<v>[^<]*</v>", f"<v>{value + 1}</v>", c))

    _changed(_forge(prepared, tmp_path, "output-value", edit), "return-sheet-changed")


def test_a_sheet_hidden(prepared, tmp_path):
    def edit(parts):
        wb = _text(parts, "xl/workbook.xml")
        tag = re.search(r'<sheet\b[^>]*\bname="Volume"[^>]*>', wb).group(0)
        if 'state="' in tag:
            hidden = re.sub(r'state="\w+"', 'state="hidden"', tag)
        else:
            hidden = tag.replace("<sheet ", '<sheet state="hidden" ', 1)
        wb, n = wb.replace(tag, hidden, 1), wb.count(tag)
        assert n == 1
        parts["xl/workbook.xml"] = wb.encode()

    forged = _forge(prepared, tmp_path, "hidden", edit)
    assert open_xlsx(forged).sheet_visibility("Volume") == "hidden"
    _changed(forged, "return-data-changed", "return-sheets-changed")


# --- further forgeries found while writing these ------------------------------------------------


def test_data_sheet_disguised_as_xladdins_audit_sheet(prepared, tmp_path):
    """A1 of a data sheet set to xladdin's Audit marker: the sheet would count as xladdin's
    own and drop out of the cell lines."""

    def edit(parts):
        part = _sheet_part(parts, "About")
        text = _text(parts, part)
        cell = '<c r="A1" t="inlineStr"><is><t>xladdin audit</t></is></c>'
        if re.search(r'<c r="A1"[\s>/]', text):
            text = re.sub(r'<c r="A1"(?:\s[^>]*)?(?:/>|>.*?</c>)', cell, text, count=1, flags=re.S)
        elif '<row r="1"' in text:
            text = re.sub(r'(<row r="1"[^>]*>)', r"\1" + cell, text, count=1)
        else:
            text = text.replace("<sheetData>", f'<sheetData><row r="1">{cell}</row>', 1)
        parts[part] = text.encode()

    _changed(_forge(prepared, tmp_path, "disguised", edit), "return-data-changed")


def test_template_version_edited_on_the_marker_sheet(prepared, tmp_path):
    """The ``_xladdin`` marker sheet is xladdin's own (not in the cell lines), but the template
    identity read from it is hashed."""

    def edit(parts):
        part = _sheet_part(parts, "_xladdin")
        text = _text(parts, part)
        text, n = re.subn(r"<t>1\.\d+</t>", "<t>0.9</t>", text, count=1)
        if n == 0:
            text, n = re.subn(r"(<t[^>]*>)(1\.\d+)(</t>)", r"\g<1>0.9\3", text, count=1)
        assert n == 1
        parts[part] = text.encode()

    _changed(_forge(prepared, tmp_path, "template-version", edit), "return-identity-changed")


def test_uncached_formula_list_extended_in_the_stamp(prepared, tmp_path):
    """The stamp lists the formulas that had no cached value (their recalculated value is
    accepted); adding a cell to that list to slip in a forged cached value is an edit of the
    stamp."""
    stamp = json.loads(verify_file(prepared).stamp["uncached_formulas"] or "{}")
    sheet, cell, _ = _gva(prepared)
    stamp.setdefault(sheet, []).append(cell)

    def edit(parts):
        _custom(parts, "uncached_formulas", json.dumps(stamp, separators=(",", ":")))

    _changed(_forge(prepared, tmp_path, "uncached-list", edit), "return-stamp-edited")


def test_stamp_hash_recomputed_under_the_old_scheme_is_not_verifiable(prepared, tmp_path):
    """A stamp claiming the old scheme (which hashed neither cached values nor tables) cannot
    be checked: exit 2, ``return-stamp-old-scheme``."""

    def edit(parts):
        _custom(parts, "hash_scheme", "xladdin-data-v1")

    _changed(_forge(prepared, tmp_path, "old-scheme", edit), "return-stamp-old-scheme", exit_code=2)


def test_a_copy_of_the_prepared_file_under_another_name_still_verifies(prepared, tmp_path):
    """The file name is not part of what is hashed (the source file name in the stamp is)."""
    copy = tmp_path / "renamed.xlsx"
    shutil.copyfile(prepared, copy)
    assert verify_file(copy).intact


# --- the type of a value is part of its line (property tests) ----------------------------------


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_number_and_the_same_digits_as_text_never_hash_alike(x):
    assert canonical(x)[0] == "n"
    assert canonical(repr(x)) != canonical(x)
    assert canonical(format(x, ".15g")) != canonical(x)


@given(st.datetimes(min_value=datetime.datetime(1900, 3, 1)))
def test_a_date_never_hashes_like_the_serial_number_it_holds(when):
    serial = round(_serial(when), 8)
    assert canonical(when) == ("d", canonical(serial)[1])
    assert canonical(when) != canonical(serial)


# --- where readers of one package could differ (found by an attacker's review, issue #12) ------
SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SST_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = R_NS + "/sharedStrings"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _refused(path: Path, code: str) -> None:
    """Not verifiable (exit 2), with ``code`` saying why; ``consolidate`` sums nothing of it."""
    result = verify_file(path)
    assert result.exit_code == 2 and not result.intact
    assert code in [f.code for f in result.findings], [f.code for f in result.findings]
    assert main(["verify", str(path), "--lang", "en"]) == 2


def _relationship_id_twice(prepared: Path, tmp_path: Path, forged_first: bool) -> Path:
    """The workbook's relationship to the sheet of GDP given twice under one Id: once to the
    real part, once to a copy whose GDP is changed (one reader opens the first, another the
    last)."""
    sheet, cell, _value = _gva(prepared)

    def edit(parts):
        part = _sheet_part(parts, sheet)
        forged = dict(parts)
        _set_cell(forged, sheet, cell, lambda c: re.sub(r"<v>[^<]*</v>", "<v>9999</v>", c))
        parts["xl/worksheets/forged.xml"] = forged[part]
        wb = _text(parts, "xl/workbook.xml")
        rid = re.search(
            rf'<sheet\b[^>]*\bname="{re.escape(sheet)}"[^>]*\br:id="([^"]+)"', wb
        ).group(1)
        rels = _text(parts, "xl/_rels/workbook.xml.rels")
        real = re.search(rf'<Relationship\b[^>]*\bId="{rid}"[^>]*/>', rels).group(0)
        copy = re.sub(r'Target="[^"]*"', 'Target="/xl/worksheets/forged.xml"', real)
        both = copy + real if forged_first else real + copy
        parts["xl/_rels/workbook.xml.rels"] = rels.replace(real, both).encode()
        ct = _text(parts, "[Content_Types].xml")
        override = f'<Override PartName="/xl/worksheets/forged.xml" ContentType="{SHEET_CT}"/>'
        parts["[Content_Types].xml"] = ct.replace("</Types>", override + "</Types>").encode()

    return _forge(
        prepared, tmp_path, f"rel-id-twice-forged-{'first' if forged_first else 'last'}", edit
    )


@pytest.mark.parametrize("forged_first", [True, False], ids=["forged-first", "forged-last"])
def test_a_relationship_id_given_twice_is_refused(prepared, tmp_path, forged_first):
    """ECMA-376 Part 2 §9.3.2.1: an Id is unique in its rels part. xladdin kept the last of two,
    LibreOffice opens the first: a changed GDP behind an intact stamp. Refused now."""
    forged = _relationship_id_twice(prepared, tmp_path, forged_first)
    _refused(forged, "xml-malformed")
    said = [f.message_en for f in verify_file(forged).findings if f.code == "xml-malformed"]
    assert "given twice" in said[0]


def _shared_strings(prepared: Path, tmp_path: Path, name: str, sst_body: str) -> Path:
    """The province code cell turned into shared string 0 of a shared-strings part with
    ``sst_body``, where an XML parser's first item of the list is another province's code."""
    view = open_xlsx(prepared)
    code_ref = view.defined_names()["xl_province_code"]
    sheet, cell = code_ref.replace("$", "").replace("'", "").split("!")

    def edit(parts):
        _rewrite_cell(
            parts,
            sheet,
            cell,
            r'<c ([^>]*?)t="inlineStr"([^>]*)>.*</c>',
            r'<c \1t="s"\2><v>0</v></c>',
        )
        parts["xl/sharedStrings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" xmlns:mc="{MC_NS}">'
            f"{sst_body}</sst>"
        ).encode()
        rels = _text(parts, "xl/_rels/workbook.xml.rels")
        rel = f'<Relationship Id="rIdSst9" Type="{SST_REL}" Target="sharedStrings.xml"/>'
        parts["xl/_rels/workbook.xml.rels"] = rels.replace(
            "</Relationships>", rel + "</Relationships>"
        ).encode()
        ct = _text(parts, "[Content_Types].xml")
        override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_CT}"/>'
        parts["[Content_Types].xml"] = ct.replace("</Types>", override + "</Types>").encode()

    return _forge(prepared, tmp_path, name, edit)


@pytest.mark.parametrize(
    "name, body",
    [
        ("string-inside-a-string", "<si><t>02</t><si><t>16</t></si></si>"),
        (
            "strings-in-alternate-content",
            '<mc:AlternateContent><mc:Choice Requires="x"><si><t>16</t></si></mc:Choice>'
            "<mc:Fallback><si><t>02</t></si></mc:Fallback></mc:AlternateContent>",
        ),
        (
            "string-inside-the-extension-list",
            "<extLst><si><t>16</t></si></extLst><si><t>02</t></si>",
        ),
    ],
)
def test_shared_strings_outside_the_list_are_refused(prepared, tmp_path, name, body):
    """Strings counted by one reader and not by another shift every index after them (the
    province code read as 16 here, 02 by LibreOffice): refused, never read either way."""
    forged = _shared_strings(prepared, tmp_path, name, body)
    _refused(forged, "workbook-unreadable")


def test_shared_strings_as_excel_writes_them_are_read(prepared, tmp_path):
    """The same edit with a plain list: read as written (the stamp hashes a shared and an
    inline string alike), so the refusals above are about the shape only."""
    forged = _shared_strings(prepared, tmp_path, "plain-list", "<si><t>16</t></si>")
    assert verify_file(forged).intact


@pytest.mark.parametrize("digits", ["9" * 400, "9" * 400 + ".0", "1" + "0" * 309])
def test_a_number_beyond_a_double_is_refused(prepared, tmp_path, digits):
    """A number cell holds a double (at most about 1.8E308): 400 digits, written as an integer
    or with a decimal point, is refused as ``1E400`` is, never read as a Python int or as inf."""
    sheet, cell, _value = _gva(prepared)

    def edit(parts):
        _set_cell(parts, sheet, cell, lambda c: re.sub(r"<v>[^<]*</v>", f"<v>{digits}</v>", c))

    _refused(
        _forge(prepared, tmp_path, f"number-{len(digits)}-digits", edit), "cell-value-not-a-number"
    )
