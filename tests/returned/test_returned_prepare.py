"""prepare / verify of returned files on a tiny .xlsm with every quirk (see conftest)."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from xladdin.returned import (
    STAMP_KEYS,
    data_hash,
    prepare_file,
    prepare_package,
    read_stamp,
    returned_path,
    verify_file,
    verify_view,
)
from xladdin.workbook.model import CellError
from xladdin.workbook.package import EditablePackage
from xladdin.workbook.xlsx_reader import open_xlsx

GDP_RE = re.compile(r"GDP_|_xludf", re.IGNORECASE)


def _formulas(path: Path) -> dict[str, str]:
    view = open_xlsx(path)
    out = {}
    for sheet in view.sheet_names():
        if sheet == "Audit":
            continue
        for cell, text in view.formula_cells(sheet).items():
            out[f"{sheet}!{cell}"] = text
    return out


def _set_cell(src: Path, dst: Path, part: str, old: str, new: str) -> None:
    """Copy a package, replacing one exact XML snippet in one part (a user editing a cell)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == part:
                text = data.decode()
                assert old in text, (old, text)
                data = text.replace(old, new, 1).encode()
            zout.writestr(info, data)


def test_prepared_file_is_frozen_linkless_macro_free_and_stamped(udf_link_macro_xlsm: Path):
    original = udf_link_macro_xlsm.read_bytes()
    out = prepare_file(udf_link_macro_xlsm, compiler="Khamla")
    assert out == udf_link_macro_xlsm.with_name("Oudomxay GDP-return.xlsx")
    assert udf_link_macro_xlsm.read_bytes() == original  # the original is never modified

    names = zipfile.ZipFile(out).namelist()
    assert not [n for n in names if "externalLink" in n]
    assert not [n for n in names if "vbaProject" in n]
    assert "xl/calcChain.xml" not in names
    pkg = EditablePackage(out)
    assert pkg.content_type("xl/workbook.xml") == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    )
    assert "vbaProject" not in pkg.text("[Content_Types].xml")
    assert "externalReferences" not in pkg.text("xl/workbook.xml")

    formulas = _formulas(out)
    assert not [f for f in formulas.values() if GDP_RE.search(f) or "[" in f]
    assert formulas == {"Outputs!C2": "=SUM(B2:B4)"}  # native formula kept

    view = open_xlsx(out)
    assert view.values("Outputs", "B2:B4") == [[60], [120], [60.5]]
    assert view.value("Outputs", "F2") == "ok & fine"
    assert view.value("Outputs", "D2") == 8500
    assert view.sheet_visibility("Notes") == "visible"
    assert "Rate" not in view.defined_names()
    assert view.defined_names()["Outputs_GVA"] == "Outputs!$B$2:$B$4"

    props = view.doc_properties()
    assert props[STAMP_KEYS["compiled_by"]] == "Khamla"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", props[STAMP_KEYS["stamped_utc"]])
    assert props[STAMP_KEYS["xladdin_version"]]
    assert props[STAMP_KEYS["data_sha256"]] == data_hash(view, read_stamp(view))
    result = verify_view(view)
    assert result.intact and result.exit_code == 0
    assert [f.code for f in result.findings] == ["return-stamp-intact"]


def test_audit_sheet_lists_every_frozen_formula(udf_link_macro_xlsm: Path):
    result = prepare_package(udf_link_macro_xlsm)
    view = open_xlsx(result.path)
    assert view.sheet_visibility("Audit") == "visible"
    rows = view.values("Audit", view.used_range("Audit"))
    frozen = {(r[1], r[2]): r[3] for r in rows if r[0] == "frozen"}
    assert frozen[("Outputs", "B2")] == "=[1]!GDP_GVA(Inputs!A2,Inputs!B2)"
    assert frozen[("Outputs", "B4")] == "=_xludf.GDP_GVA(Inputs!A4,Inputs!B4)"  # shared, shifted
    assert frozen[("Outputs", "E2")] == "=TODAY()"
    assert ("Outputs", "C2") not in frozen
    removed = [r[2] for r in rows if r[0] == "removed"]
    assert "file:///C:/data/Rates.xlsx" in removed and "xl/vbaProject.bin" in removed
    codes = {f.code for f in result.report}
    assert {"return-formulas-frozen", "return-macros-removed", "return-sheet-unhidden"} <= codes
    assert "return-formula-no-cached-value" in codes  # G2 had no cached value


def test_changing_one_data_cell_breaks_verification(udf_link_macro_xlsm: Path, tmp_path: Path):
    out = prepare_file(udf_link_macro_xlsm)
    assert verify_file(out).exit_code == 0
    edited = tmp_path / "edited.xlsx"
    _set_cell(
        out, edited, "xl/worksheets/sheet1.xml", '<c r="A3"><v>200</v>', '<c r="A3"><v>201</v>'
    )
    result = verify_file(edited)
    assert not result.intact and result.exit_code == 1
    codes = [(f.code, f.sheet) for f in result.findings]
    assert ("return-data-changed", None) in codes
    assert ("return-sheet-changed", "Inputs") in codes
    assert ("return-sheet-changed", "Outputs") not in codes


def test_audit_and_checks_sheets_are_not_data(udf_link_macro_xlsm: Path, tmp_path: Path):
    out = prepare_file(udf_link_macro_xlsm)
    edited = tmp_path / "audit-edited.xlsx"
    _set_cell(
        out, edited, "xl/worksheets/sheet4.xml", "xladdin audit /", "xladdin audit (edited) /"
    )
    assert verify_file(edited).intact


def test_unstamped_and_unreadable_files_exit_2(udf_link_macro_xlsm: Path, tmp_path: Path):
    result = verify_file(udf_link_macro_xlsm)
    assert result.exit_code == 2
    codes = {f.code for f in result.findings}
    assert {
        "return-stamp-missing",
        "return-macros-present",
        "return-external-links-present",
    } <= codes
    bad = tmp_path / "truncated.xlsx"
    bad.write_bytes(udf_link_macro_xlsm.read_bytes()[:200])
    assert [f.code for f in verify_file(bad).findings] == ["workbook-truncated"]


def test_data_hash_ignores_number_spelling_and_sheet_order():
    from xladdin.returned.hashing import canonical

    assert canonical(5) == canonical(5.0) == ("n", "5")
    assert canonical(0.1 + 0.2) == canonical(0.3)  # 15 significant digits, like Excel
    assert canonical(-0.0) == ("n", "0")
    assert canonical("") is None and canonical(None) is None
    assert canonical(True) == ("b", "TRUE")
    assert canonical(CellError("#N/A")) == ("e", "#N/A")
    assert canonical("5") == ("s", "'5'")  # text is not a number


def test_cli_prepare_and_verify_exit_codes(udf_link_macro_xlsm: Path, tmp_path: Path):
    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "xladdin", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
        )

    done = cli("prepare", str(udf_link_macro_xlsm), "--compiler", "Khamla")
    assert done.returncode == 0, done.stderr
    out = Path(done.stdout.splitlines()[0])
    assert out == returned_path(udf_link_macro_xlsm) and out.exists()
    ok = cli("verify", str(out))
    assert ok.returncode == 0 and "INTACT" in ok.stdout and "ຄົບຖ້ວນ" in ok.stdout
    assert cli("verify", str(udf_link_macro_xlsm)).returncode == 2
    edited = tmp_path / "edited.xlsx"
    _set_cell(out, edited, "xl/worksheets/sheet1.xml", "<v>40</v>", "<v>41</v>")
    changed = cli("verify", str(edited), "--json")
    assert changed.returncode == 1 and '"return-data-changed"' in changed.stdout
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_text("not a workbook")
    assert cli("prepare", str(garbage)).returncode == 2


# --- LibreOffice: the prepared file opens without #NAME? or any other error value ----------------

_RECALC = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _libreoffice_recalc(soffice: str, book: Path, outdir: Path) -> Path:
    """Open ``book`` in LibreOffice headless with recalculation on load forced, save as xlsx."""
    profile = outdir / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC)
    conv = outdir / "converted"
    conv.mkdir(exist_ok=True)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(conv),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return conv / (book.stem + ".xlsx")


def _error_cells(path: Path) -> list[str]:
    view = open_xlsx(path)
    bad = []
    for sheet in view.sheet_names():
        for cell, value in view.cells(sheet).items():
            if isinstance(value, CellError) or (
                isinstance(value, str) and value.startswith("#NAME")
            ):
                bad.append(f"{sheet}!{cell}={value}")
    return bad


@pytest.mark.libreoffice
def test_prepared_file_recalculated_in_libreoffice_has_no_error_values(
    soffice: str, udf_link_macro_xlsm: Path, tmp_path: Path
):
    source = tmp_path / "source.xlsm"
    source.write_bytes(udf_link_macro_xlsm.read_bytes())
    out = prepare_file(source)
    converted = _libreoffice_recalc(soffice, out, tmp_path / "lo")
    assert _error_cells(converted) == []
    view = open_xlsx(converted)
    assert view.values("Outputs", "B2:D2") == [[60, 240.5, 8500]]
    # Re-saved by another spreadsheet program (new bytes, recalculated formulas): still intact.
    assert verify_file(converted).intact
    # Control: the unprepared workbook does show #NAME? after the same recalculation.
    control = _libreoffice_recalc(soffice, source, tmp_path / "lo-control")
    assert any("#NAME?" in e for e in _error_cells(control))


def test_freeze_reasons_read_formulas_not_string_literals():
    from xladdin.returned.surgery import freeze_reasons

    assert freeze_reasons("GDP_GVA(A1:A3,B1:B3)") == ["udf"]
    assert freeze_reasons("[1]!GDP_GROWTH(A1:A9)") == ["udf", "external-link"]
    assert freeze_reasons("cmd|' /C calc'!A0") == ["dde"]
    assert freeze_reasons("NOW()-A1") == ["volatile"]
    assert freeze_reasons('CONCAT("GDP_GVA(", "[1]", "|")') == []  # only text
    assert freeze_reasons("SUM(MYGDP_X)") == []  # a name, not a GDP_ call
    assert freeze_reasons("Rate*2", frozenset({"Rate"})) == ["removed-name"]


def test_an_entity_trick_in_a_sheet_is_refused(udf_link_macro_xlsm: Path, tmp_path: Path):
    from xladdin.errors import RefusedWorkbookError

    bad = tmp_path / "entity.xlsm"
    _set_cell(
        udf_link_macro_xlsm,
        bad,
        "xl/worksheets/sheet3.xml",
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>',
    )
    with pytest.raises(RefusedWorkbookError):
        prepare_file(bad)
    assert not returned_path(bad).exists()


# --- the workbook team's quirk fixtures ----------------------------------------------------------

WB_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "workbook"
OWNED_PARTS = {
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "docProps/custom.xml",
}


@pytest.mark.parametrize(
    "name",
    [
        "all_parts.xlsx",
        "date1904.xlsx",
        "prefixed_namespace.xlsx",
        "shared_formulas_calcchain.xlsx",
        "vba_macro.xlsm",
    ],
)
def test_prepare_keeps_every_part_it_does_not_own_byte_identical(name: str, tmp_path: Path):
    src = WB_FIXTURES / name
    if not src.exists():
        pytest.skip(f"{name} not built")
    book = tmp_path / name
    book.write_bytes(src.read_bytes())
    result = prepare_package(book)
    assert verify_file(result.path).intact
    frozen_sheets = {f.sheet for f in result.frozen}
    before, after = zipfile.ZipFile(book), zipfile.ZipFile(result.path)
    after_names = set(after.namelist())
    view = open_xlsx(book)
    for part in before.namelist():
        if part in OWNED_PARTS or "vbaProject" in part or part.endswith("calcChain.xml"):
            continue
        if part.startswith("xl/worksheets/sheet") and frozen_sheets:
            continue  # a sheet whose formulas were frozen (checked by the tests above)
        assert part in after_names, part
        if part == "xl/styles.xml" and after.read(part) != before.read(part):
            _assert_only_a_wrap_format_appended(before.read(part), after.read(part))
            continue
        assert after.read(part) == before.read(part), part
    # Prefixed-namespace workbooks get the Audit sheet in the same namespace prefix.
    wb = after.read("xl/workbook.xml").decode()
    prefix = "x:" if "<x:sheets" in wb else ""
    assert f'<{prefix}sheet name="Audit"' in wb
    assert "Audit" in open_xlsx(result.path).sheet_names()
    assert view.sheet_names() == [s for s in open_xlsx(result.path).sheet_names() if s != "Audit"]


def _assert_only_a_wrap_format_appended(before: bytes, after: bytes) -> None:
    """The one change prepare may make to a foreign ``styles.xml``: one wrap-only cell format
    appended at the end of ``cellXfs`` (for the Audit sheet) and the list's count raised by one.
    Taking that format out again and restoring the count gives back the original bytes."""
    text = after.decode("utf-8")
    m = re.search(
        r'(<(?:\w+:)?cellXfs\b[^>]*?count=")(\d+)("[^>]*>.*?)'
        r'(<(?:\w+:)?xf [^>]*><(?:\w+:)?alignment vertical="top" wrapText="1"/></(?:\w+:)?xf>)'
        r"(</(?:\w+:)?cellXfs>)",
        text,
        re.S,
    )
    assert m is not None, "styles.xml changed, but not by one appended wrap format"
    restored = (
        text[: m.start()]
        + m.group(1)
        + str(int(m.group(2)) - 1)
        + m.group(3)
        + m.group(5)
        + text[m.end() :]
    )
    assert restored.encode("utf-8") == before


@pytest.mark.parametrize(
    "name",
    [
        "docx_renamed.xlsx",
        "encrypted_ole_stub.xlsx",
        "legacy_ole_stub.xls",
        "not_a_zip.xlsx",
        "truncated.xlsx",
        "xxe_entity.xlsx",
    ],
)
def test_prepare_and_verify_refuse_unreadable_files(name: str, tmp_path: Path):
    from xladdin.errors import RefusedWorkbookError, UnreadableWorkbookError

    src = WB_FIXTURES / name
    if not src.exists():
        pytest.skip(f"{name} not built")
    book = tmp_path / name
    book.write_bytes(src.read_bytes())
    with pytest.raises((UnreadableWorkbookError, RefusedWorkbookError)):
        prepare_file(book)
    assert not returned_path(book).exists()
    assert verify_file(book).exit_code == 2


@pytest.mark.libreoffice
def test_returned_files_resaved_by_libreoffice_still_verify(soffice: str, tmp_path: Path):
    """Another program re-saving the file (new bytes, recalculated formulas, LibreOffice
    writing TRUE as =TRUE()) is not a change of the data."""
    prepared = []
    for name in ("all_parts.xlsx", "date1904.xlsx", "prefixed_namespace.xlsx",
                 "shared_formulas_calcchain.xlsx", "vba_macro.xlsm"):  # fmt: skip
        if (WB_FIXTURES / name).exists():
            book = tmp_path / name
            book.write_bytes((WB_FIXTURES / name).read_bytes())
            prepared.append(prepare_file(book))
    if not prepared:
        pytest.skip("workbook fixtures not built")
    outdir = tmp_path / "lo"
    profile = outdir / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC)
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(outdir / "out"), *map(str, prepared)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    for path in prepared:
        resaved = outdir / "out" / path.name
        assert resaved.read_bytes() != path.read_bytes()
        assert verify_file(resaved).intact, path.name


def test_audit_sheet_never_writes_nan_or_inf_as_a_number():
    import math
    from xml.etree import ElementTree as ET

    from xladdin.returned.prepare import sheet_xml

    xml = sheet_xml([["frozen", math.nan, math.inf, -math.inf, 2, 2.5, True, "x" * 40000]])
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    cells = {c.get("r"): c for c in ET.fromstring(xml).iter(ns + "c")}
    assert "B1" not in cells  # NaN: an empty cell, as the patcher writes it
    assert [(cells[r].get("t"), cells[r].findtext(ns + "v")) for r in ("C1", "D1", "E1", "G1")] == [
        ("e", "#NUM!"),
        ("e", "#NUM!"),
        (None, "2"),
        ("b", "1"),
    ]
    assert float(cells["F1"].findtext(ns + "v")) == 2.5
    assert len(cells["H1"].findtext(f"{ns}is/{ns}t")) == 32767


def test_prepare_keeps_other_custom_properties_byte_identical(
    udf_link_macro_xlsm: Path, tmp_path: Path
):
    """A user's property (here one linked to a cell) keeps its attributes and pid; a stamp
    property already present (a file prepared before) is replaced in place, not doubled."""
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
    linked = (
        f'<property fmtid="{fmtid}" pid="2" name="Region" linkTarget="RegionCell">'
        "<vt:lpwstr>North</vt:lpwstr></property>"
    )
    old_stamp = (
        f'<property fmtid="{fmtid}" pid="3" name="{STAMP_KEYS["compiled_by"].upper()}">'
        "<vt:lpwstr>Someone else</vt:lpwstr></property>"
    )
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        f' xmlns:vt="{vt}">{linked}{old_stamp}</Properties>'
    )
    src = tmp_path / "with props.xlsm"
    with zipfile.ZipFile(udf_link_macro_xlsm) as zin, zipfile.ZipFile(src, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "_rels/.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/custom-properties" '
                    b'Target="docProps/custom.xml"/></Relationships>',
                )
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
                )
            zout.writestr(info, data)
        zout.writestr("docProps/custom.xml", custom)
    out = prepare_file(src, compiler="Khamla")
    text = EditablePackage(out).text("docProps/custom.xml")
    assert linked in text
    assert "Someone else" not in text and text.count(STAMP_KEYS["compiled_by"]) == 1
    pids = re.findall(r'pid="(\d+)"', text)
    assert len(pids) == len(set(pids)) == 1 + len(STAMP_KEYS) and min(map(int, pids)) == 2
    props = open_xlsx(out).doc_properties()
    assert props["Region"] == "North" and props[STAMP_KEYS["compiled_by"]] == "Khamla"
