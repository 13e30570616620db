"""L5: the built .xlam, read back by parsers independent of the writer (oletools, olefile, zipfile)."""

from __future__ import annotations

import re
import zipfile

import pytest
from defusedxml import ElementTree as ET

from xladdin.addin import build, conf, verify
from xladdin.addin.wrappers import HELP_MODULE, WRAPPER_MODULE
from xladdin.errors import AddinBuildError

# The contract with xladdin.ribbon.run(tag) (helper H): every tag the buttons may send.
RIBBON_TAGS = {
    "validate", "compile", "prepare", "new-province", "new-district", "new-sez",
    "rebase", "sez-import", "review", "consolidate", "language", "help", "selftest",
}  # fmt: skip
CUI = "{http://schemas.microsoft.com/office/2009/07/customui}"


def test_build_verifies_itself(built_addin):
    report = verify.verify_addin(built_addin, libreoffice=False)
    names = {c.name: c.ok for c in report.checks}
    assert not report.failures
    for check in (
        "package",
        "ribbon XML",
        "_VBA_PROJECT",
        "VBA project name",
        "olevba read-back",
        "ASCII",
        "VBA line length",
        "VBA block structure",
        "ribbon icons",
        "ribbon callbacks",
        "dispatcher tags",
        "xlwings config",
    ):
        assert names[check] is True, check


def test_package_structure(addin_parts):
    assert "xl/vbaProject.bin" in addin_parts
    rels = ET.fromstring(addin_parts["_rels/.rels"])
    ui = [r.get("Target") for r in rels if r.get("Type") == verify.EXTENSIBILITY_REL]
    assert ui == ["customUI/customUI14.xml"]
    assert "customUI/customUI14.xml" in addin_parts
    assert "customUI/customUI.xml" not in addin_parts  # xlwings' sample ribbon is gone
    types = addin_parts["[Content_Types].xml"].decode()
    # An .xlam's workbook part has the add-in type, not the .xlsm "sheet" type.
    assert (
        'PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.addin.macroEnabled.main+xml"'
        in types
    )
    assert "application/vnd.ms-office.vbaProject" in types


def test_vba_project_default_is_cache_zeroed_with_the_template_version(addin_parts):
    # pyOpenVBA docs/ms-ovba-implementation-guide_v2.md section 5: keep the 5-byte header
    # (Reserved1 0x61CC, Version, Reserved2 0x00) and zero the performance cache body.
    # xlwings' ribbon template carries Version 0xFFFF and a 2-byte body 0x0001 (read from the
    # template below, not from the code under test).
    from pyopenvba.cfb import CFB

    template = zipfile.ZipFile(build.template_path()).read("xl/vbaProject.bin")
    original = CFB.from_bytes(template).get_stream_in_storage("VBA", "_VBA_PROJECT")
    assert original == bytes.fromhex("cc61ffff000100")
    header = verify.vba_project_header(addin_parts["xl/vbaProject.bin"])
    assert header[:5] == original[:5]  # version kept
    assert len(header) == len(original) and not any(header[5:])  # cache zeroed
    assert build.DEFAULT_VBA_PROJECT == "cache-zeroed"


def test_stub_variant_is_the_ms_ovba_writer_form(tmp_path):
    # [MS-OVBA] 2.3.4.1: Version 0xFFFF on write, no PerformanceCache; the same 7 bytes as
    # xlwings' own xlwings.xlam.
    path = build.build_addin(tmp_path / "stub.xlam", libreoffice=False, vba_project="stub")
    header = verify.vba_project_header(build.read_parts(path)["xl/vbaProject.bin"])
    assert header == bytes.fromhex("cc61ffff000100")
    report = verify.verify_addin(path, libreoffice=False, vba_project="stub")
    assert not report.failures
    with pytest.raises(AddinBuildError, match="_VBA_PROJECT"):
        verify.verify_addin(path, libreoffice=False, vba_project="cache-zeroed")


def test_unknown_vba_project_variant_is_refused(tmp_path):
    with pytest.raises(AddinBuildError, match="unknown VBA project variant"):
        build.build_addin(tmp_path / "x.xlam", vba_project="fresh")


def test_vba_project_stream_variants():
    excel_saved = bytes.fromhex("cc61b500000300ff") + b"\x17" * 40  # a real cookie and cache
    zeroed = build.vba_project_stream(excel_saved, "cache-zeroed")
    assert zeroed[:5] == bytes.fromhex("cc61b50000") and zeroed[5:] == b"\0" * 43
    assert build.vba_project_stream(excel_saved, "stub") == bytes.fromhex("cc61ffff000100")
    assert verify.vba_project_variant(zeroed) == "cache-zeroed"
    assert verify.vba_project_variant(bytes.fromhex("cc61ffff000100")) == "stub"
    assert verify.vba_project_variant(excel_saved) is None  # a live cache


def test_module_streams_hold_no_compiled_code(built_addin):
    from pyopenvba import ExcelFile

    with ExcelFile(built_addin) as wb:
        offsets = {m.name: m.text_offset for m in wb.vba_project().modules}
    assert offsets and all(v == 0 for v in offsets.values()), offsets


def test_olevba_extracts_the_modules(addin_modules):
    assert set(addin_modules) == {
        "ThisWorkbook",
        "Sheet2",
        "Dictionary",
        "xlwings",
        build.DISPATCHER,
        build.TEXT_MODULE,
        WRAPPER_MODULE,
        HELP_MODULE,
    }
    assert "Private Sub Workbook_Open()" in addin_modules["ThisWorkbook"]
    assert "xladdin_RegisterFunctionHelp" in addin_modules["ThisWorkbook"]
    assert "Public Sub xladdin_OnAction(control As IRibbonControl)" in addin_modules["Dispatcher"]
    for text in addin_modules.values():
        text.encode("ascii")


def test_modules_identical_to_sources(addin_modules):
    expected = build.expected_modules()
    for name, text in expected.items():
        assert addin_modules[name].replace("\r\n", "\n") == text.replace("\r\n", "\n"), name


def _ribbon(addin_parts):
    return ET.fromstring(addin_parts["customUI/customUI14.xml"])


def test_dispatcher_branches_on_every_ribbon_tag(addin_parts, addin_modules):
    root = _ribbon(addin_parts)
    tags = {b.get("tag") for b in root.iter(f"{CUI}button")}
    assert tags == RIBBON_TAGS
    assert all(b.get("onAction") == "xladdin_OnAction" for b in root.iter(f"{CUI}button"))
    assert verify.dispatcher_cases(addin_modules["Dispatcher"]) == RIBBON_TAGS
    # Unknown tags are refused, never pasted into Python.
    assert "Case Else" in addin_modules["Dispatcher"]
    assert "r.run('\" & tag & \"')" in addin_modules["Dispatcher"]


def test_ribbon_has_both_languages(addin_parts):
    root = _ribbon(addin_parts)
    assert root.get("onLoad") == "xladdin_OnLoad"
    tab = next(root.iter(f"{CUI}tab"))
    assert tab.get("label") == "GDP"
    groups = list(root.iter(f"{CUI}group"))
    by_lang = {"lo": [], "en": []}
    for g in groups:
        lang = g.get("id").rsplit("_", 1)[1]
        assert g.get("getVisible") == "xladdin_GetVisible"
        by_lang[lang].append([(b.get("tag"), b.get("imageMso")) for b in g.iter(f"{CUI}button")])
        for b in g.iter(f"{CUI}button"):
            assert b.get("id").endswith("_" + lang)
            assert b.get("label") and b.get("screentip") and b.get("supertip")
    assert by_lang["lo"] == by_lang["en"]  # the same buttons, icons and tags in both
    lao = re.compile("[\u0e80-\u0eff]")
    lo_labels = [b.get("label") for g in groups if g.get("id").endswith("_lo") for b in g]
    assert sum(bool(lao.search(label)) for label in lo_labels) >= len(lo_labels) - 1  # "English"
    assert [g.get("label") for g in groups if g.get("id").endswith("_en")] == [
        "Workbook",
        "New",
        "Tools",
        "Central",
        "Settings",
    ]


def test_every_udf_has_a_wrapper_and_wizard_text(addin_modules):
    import udfs

    wrappers = addin_modules[WRAPPER_MODULE]
    help_text = addin_modules[HELP_MODULE]
    declared = set(re.findall(r"^Function (GDP_\w+)\(", wrappers, re.M))
    assert declared == set(udfs.FUNCTIONS)
    for name in udfs.FUNCTIONS:
        assert f'XLPy.CallUDF("udfs", "{name}"' in wrappers
        assert f"'!{name}\", Description:=" in help_text


def test_config_sheet(addin_parts, addin_modules):
    values = conf.read_sheet(addin_parts[conf.SHEET_PART], addin_parts[conf.STRINGS_PART])
    assert values["UDF MODULES"] == "udfs"
    assert values["ADD_WORKBOOK_TO_PYTHONPATH"] == "false"
    assert values["INTERPRETER_WIN"] is None  # placeholder; install writes it
    assert values["USE UDF SERVER"] is False
    assert 'name="xladdin.conf"' in addin_parts["xl/workbook.xml"].decode()
    assert "felix" not in addin_parts["xl/workbook.xml"].decode().lower()
    xlw = addin_modules["xlwings"]
    assert 'PROJECT_NAME As String = "xladdin"' in xlw
    # An opened (returned) workbook or a file beside it cannot pick the interpreter.
    assert 'If SheetExists(ActiveWorkbook, PROJECT_NAME & ".conf") = True Then' not in xlw
    assert 'If source = "" Or source = "directory" Then' not in xlw


def test_build_is_reproducible(built_addin, tmp_path):
    again = build.build_addin(tmp_path / "again.xlam", verify=False)
    assert again.read_bytes() == built_addin.read_bytes()


def test_build_refuses_other_tool_versions(monkeypatch):
    monkeypatch.setitem(build.PINNED, "xlwings", "0.0.1")
    with pytest.raises(build.AddinBuildError, match=r"pinned to xlwings==0\.0\.1"):
        build.check_pins()


def test_xlwings_patch_must_match_once():
    with pytest.raises(build.AddinBuildError, match="matched 0 times"):
        build.patch_xlwings_module('Attribute VB_Name = "xlwings"\r\n')


@pytest.mark.libreoffice
def test_libreoffice_imports_the_modules(built_addin, soffice):
    report = verify.verify_addin(built_addin, libreoffice=True)
    check = next(c for c in report.checks if c.name == "LibreOffice import")
    assert check.ok is True, check.detail


def test_zip_is_valid(built_addin):
    with zipfile.ZipFile(built_addin) as z:
        assert z.testzip() is None
        assert z.namelist()[0] == "[Content_Types].xml"


def test_ribbon_tags_match_the_python_actions(addin_parts):
    # The other side of the contract: xladdin.ribbon.run(tag) knows every tag the ribbon sends.
    ribbon = pytest.importorskip("xladdin.ribbon")
    root = _ribbon(addin_parts)
    buttons = {b.get("tag") for b in root.iter(f"{CUI}button")}
    assert buttons == set(ribbon.TAGS) | set(ribbon.VBA_TAGS)
    assert not set(ribbon.TAGS) & set(ribbon.VBA_TAGS)


def test_vba_references_office_for_ribbon_types(built_addin):
    from pyopenvba import ExcelFile

    with ExcelFile(built_addin) as wb:
        names = {r.name for r in wb.references()}
    assert "Office" in names  # IRibbonUI / IRibbonControl


def test_config_sheet_read_by_calamine(built_addin):
    # An independent reader (the Rust calamine parser) sees the same settings xlwings will.
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(built_addin))
    assert book.sheet_names == ["xladdin.conf"]
    rows = {r[0]: r[1] for r in book.get_sheet_by_name("xladdin.conf").to_python()}
    assert rows["UDF Modules"] == "udfs"
    assert rows["ADD_WORKBOOK_TO_PYTHONPATH"] == "false"
    assert rows["Interpreter_Win"] == ""


def test_cli_builds_the_stub_variant_on_request(tmp_path):
    from xladdin.cli import main

    out = tmp_path / "stub.xlam"
    args = ["addin", "build", "-o", str(out), "--no-libreoffice", "--vba-project", "stub"]
    assert main(args) == 0
    header = verify.vba_project_header(build.read_parts(out)["xl/vbaProject.bin"])
    assert header == bytes.fromhex("cc61ffff000100")


def test_the_ribbon_texts_come_from_the_catalogue(built_addin):
    """The GDP tab's labels and tips are ribbon-ui rows of xladdin/data/messages.csv (one
    catalogue LSB reviews): the built part has no placeholder left, and each Lao / English
    element carries its row's text in that language."""
    import re
    import zipfile

    from xladdin.findings.texts import pairs

    xml = zipfile.ZipFile(built_addin).read("customUI/customUI14.xml").decode("utf-8")
    assert "@@" not in xml
    rows = pairs("ribbon-ui")
    seen = 0
    for m in re.finditer(r'<\w+\s+id="(\w+)_(lo|en)"([^>]*?)/?>', xml):
        for name, value in re.findall(r'\b(label|screentip|supertip)="([^"]*)"', m[3]):
            en, lo = rows[f"{m[1]}-{name}"]
            assert value == (lo if m[2] == "lo" else en)
            seen += 1
    assert seen == 2 * len(rows)


def test_a_ribbon_placeholder_without_its_row_stops_the_build():
    from xladdin.addin.ribbonxml import ribbon_xml

    with pytest.raises(AddinBuildError, match="btnNowhere-label"):
        ribbon_xml('<customUI><button label="@@btnNowhere-label.lo@@"/></customUI>')
