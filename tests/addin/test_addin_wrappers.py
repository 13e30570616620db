"""The generated VBA wrappers: golden file, xlwings' own generator, Function Wizard text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from xladdin.addin import wrappers
from xladdin.errors import AddinBuildError

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def fixtures_on_path(monkeypatch):
    monkeypatch.syspath_prepend(str(FIXTURES))


def test_wrappers_match_golden():
    generated = wrappers.generated_modules()[wrappers.WRAPPER_MODULE].replace("\r\n", "\n")
    golden = wrappers.GOLDEN.read_text(encoding="ascii").replace("\r\n", "\n")
    assert generated == golden, (
        "The VBA wrappers of the GDP_ Excel functions changed "
        f"(golden file {wrappers.GOLDEN}).\n"
        "Renaming an Excel function or changing its arguments breaks every saved workbook "
        "that uses it: such cells show #NAME? or wrong results after the update.\n"
        "If the change is deliberate (and announced to the provinces), update the golden "
        "file and commit it:\n"
        "    python -m xladdin.addin.wrappers --update-golden"
    )


def test_generator_is_xlwings_own(fixtures_on_path):
    mods = wrappers.generated_modules("fake_udfs")
    text = mods[wrappers.WRAPPER_MODULE].replace("\r\n", "\n")
    assert text.startswith('Attribute VB_Name = "xlwings_udfs"\n')
    assert "Function GDP_FAKE_GROWTH(series, Optional lag)" in text
    # xlwings passes ActiveWorkbook from an add-in, and calls the Python module by name.
    assert (
        'GDP_FAKE_GVA = XLPy.CallUDF("fake_udfs", "GDP_FAKE_GVA", Array(output, intermediate), '
        "ActiveWorkbook, Application.Caller)" in text
    )
    assert "\r\n" in mods[wrappers.WRAPPER_MODULE]  # VBA line endings


def test_help_module_has_descriptions(fixtures_on_path):
    text = wrappers.generated_modules("fake_udfs")[wrappers.HELP_MODULE].replace("\r\n", "\n")
    assert "Public Sub xladdin_RegisterFunctionHelp()" in text
    assert (
        'Application.MacroOptions Macro:="\'" & ThisWorkbook.Name & "\'!GDP_FAKE_GVA", '
        'Description:="Gross value added: output minus intermediate consumption.", '
        'Category:="GDP", ArgumentDescriptions:=a' in text
    )
    assert 'a(1) = "Intermediate consumption (""IC""), same shape"' in text  # quotes doubled
    # xlwings' default category is replaced by ours.
    assert '\'!GDP_FAKE_GROWTH", Description:="Percent change.", Category:="GDP"' in text


def test_generation_leaves_no_trace(fixtures_on_path):
    import xlwings

    before = xlwings.func
    wrappers.generated_modules("fake_udfs")
    assert xlwings.func is before
    assert "pythoncom" not in sys.modules
    assert "fake_udfs" not in sys.modules
    assert "xlwings.udfs" not in sys.modules


def test_non_ascii_wizard_text_is_refused(fixtures_on_path):
    with pytest.raises(AddinBuildError, match="not ASCII"):
        wrappers.generated_modules("fake_udfs_lao")


def test_vba_keyword_argument_is_refused(fixtures_on_path):
    with pytest.raises(AddinBuildError, match="'date'"):
        wrappers.generated_modules("fake_udfs_reserved")


def test_missing_module_is_a_build_error():
    with pytest.raises(AddinBuildError, match="cannot import"):
        wrappers.generated_modules("no_such_udfs_module")


def test_every_real_udf_documents_its_arguments():
    import udfs

    with wrappers.decorated_udf_module() as (module, _):
        records = wrappers.udf_metadata(module)
    assert {rec["name"] for rec in records} == set(udfs.FUNCTIONS)
    for rec in records:
        assert rec["ret"]["doc"], rec["name"]
        for arg in rec["args"]:
            assert not arg["doc"].startswith("Positional argument"), (rec["name"], arg["name"])


def test_update_golden_writes_the_generated_module(tmp_path, monkeypatch, capsys):
    target = tmp_path / "golden.bas"
    monkeypatch.setattr(wrappers, "GOLDEN", target)
    assert wrappers.main(["--update-golden"]) == 0
    assert target.read_bytes() == wrappers.generated_modules()[wrappers.WRAPPER_MODULE].encode()
    assert "updated" in capsys.readouterr().out
