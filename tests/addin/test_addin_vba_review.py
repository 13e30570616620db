"""What a careful reading of the shipped VBA found, pinned (Excel cannot run here).

Each test reads the modules as olevba extracts them from a fresh build and checks one
behaviour that would only show up in Excel on Windows.
"""

from __future__ import annotations

import re
import shutil

import pytest

from xladdin.addin import verify
from xladdin.addin.wrappers import HELP_MODULE, WRAPPER_MODULE
from xladdin.errors import AddinBuildError


def _sub(text: str, name: str) -> str:
    """The body of ``Sub/Function name`` (continuations kept)."""
    m = re.search(
        rf"^(?:Public |Private )?(?:Sub|Function) {name}\b.*?^End (?:Sub|Function)",
        text.replace("\r\n", "\n"),
        re.M | re.S,
    )
    assert m, name
    return m.group(0)


def test_ribbon_callback_errors_are_caught_in_vba(addin_modules):
    # An unhandled run-time error in a callback resets the project: xladdinRibbon becomes
    # Nothing and the Language button can no longer refresh the tab.
    body = _sub(addin_modules["Dispatcher"], "xladdin_OnAction")
    assert body.splitlines()[3].strip() == "On Error GoTo failed"
    assert "Exit Sub\nfailed:\n    MsgBox" in body


def test_python_is_not_started_without_an_active_workbook(addin_modules):
    # xlwings' RunPython reads ActiveWorkbook.Worksheets and .FullName first: with no workbook
    # open, or a Protected View window active, that is run-time error 91.
    body = _sub(addin_modules["Dispatcher"], "xladdin_RunTag")
    assert body.index("If ActiveWorkbook Is Nothing Then") < body.index('    RunPython "')
    assert "Protected View" in body


def test_language_button_stays_in_vba(addin_modules):
    body = _sub(addin_modules["Dispatcher"], "xladdin_OnAction")
    branch = body.split('Case "language"')[1].split("Case ")[0]
    assert "SaveSetting" in branch and "xladdinRibbon.Invalidate" in branch
    assert "RunPython" not in branch and "xladdin_RunTag" not in branch
    assert "If xladdinRibbon Is Nothing Then" in branch  # no error 91 after a project reset


def test_run_python_quotes_only_known_tags(addin_modules):
    body = _sub(addin_modules["Dispatcher"], "xladdin_RunTag")
    assert 'RunPython "import xladdin.ribbon as r; r.run(\'" & tag & "\')"' in body
    for tag in verify.dispatcher_cases(addin_modules["Dispatcher"]):
        assert re.fullmatch(r"[a-z-]+", tag), tag  # nothing to escape inside '...'


def test_every_macrooptions_call_fails_alone(addin_modules):
    # One refused MacroOptions call must not leave the functions after it without help text,
    # and the hidden-add-in retry runs only when a call failed.
    text = addin_modules[HELP_MODULE].replace("\r\n", "\n")
    body = _sub(text, "xladdin_RegisterAll")
    calls = body.count("Application.MacroOptions ")
    assert calls == 20
    assert body.count("    Err.Clear\n    Application.MacroOptions ") == calls
    assert body.count("If Err.Number <> 0 Then failed = failed + 1") == calls
    assert "xladdin_RegisterAll = failed" in body
    outer = _sub(text, "xladdin_RegisterFunctionHelp")
    assert "If xladdin_RegisterAll() > 0 Then" in outer
    assert outer.index("ThisWorkbook.IsAddin = False") < outer.index("ThisWorkbook.IsAddin = True")


def test_argument_descriptions_fit_each_function(addin_modules):
    # More ArgumentDescriptions than arguments, or one over 255 characters: error 1004.
    wrappers = addin_modules[WRAPPER_MODULE]
    params = {
        m.group(1): [p for p in m.group(2).split(",") if p.strip()]
        for m in re.finditer(r"^Function (\w+)\((.*)\)\s*$", wrappers, re.M)
    }
    text = addin_modules[HELP_MODULE].replace("\r\n", "\n")
    blocks = re.findall(
        r"((?:    ReDim a.*\n)?(?:    a\(\d+\) = .*\n)*)    Err.Clear\n(.*)\n", text
    )
    assert len(blocks) == len(params) == 20
    for descs, call in blocks:
        name = re.search(r"'!(\w+)\"", call).group(1)
        literals = re.findall(r'^    a\(\d+\) = "(.*)"$', descs, re.M)
        assert len(literals) == len(params[name]), name
        assert all(len(s.replace('""', '"')) <= 255 for s in literals), name
        desc = re.search(r'Description:="((?:[^"]|"")*)"', call).group(1)
        assert len(desc.replace('""', '"')) <= 255, name


def test_no_declare_without_ptrsafe_outside_the_vba6_branch(addin_modules):
    # 64-bit Office needs PtrSafe on every Declare compiled under VBA7.
    for name, text in addin_modules.items():
        stack: list[bool] = []
        for line in text.replace("\r\n", "\n").split("\n"):
            code = line.strip()
            low = code.lower()
            if low.startswith("#if "):
                stack.append("vba7" in low and not low.startswith("#if not"))
            elif low.startswith("#else") and stack:
                stack[-1] = not stack[-1] if stack[-1] else False
            elif low.startswith("#end if") and stack:
                stack.pop()
            elif re.match(r"(?:(?:public|private)\s+)?declare\s", low) and any(stack):
                assert "ptrsafe" in low, f"{name}: {code}"
    ours = ("Dispatcher", "ThisWorkbook", HELP_MODULE, WRAPPER_MODULE)
    assert not any("declare " in addin_modules[m].lower() for m in ours)
    # The only Declare of ours: MessageBoxW in xladdin_text, PtrSafe with LongPtr handles.
    assert verify.declare_errors(addin_modules) == []


def test_wrong_callback_signature_is_caught(built_addin, tmp_path):
    from pyopenvba import ExcelFile

    bad = tmp_path / "signature.xlam"
    shutil.copyfile(built_addin, bad)
    with ExcelFile(bad) as wb:
        src = wb.get_module("Dispatcher")
        wb.set_module(
            "Dispatcher",
            src.replace(
                "xladdin_GetVisible(control As IRibbonControl, ByRef returnedVal)",
                "xladdin_GetVisible(control As IRibbonControl)",
            ),
        )
        wb.save()
    with pytest.raises(AddinBuildError) as err:
        verify.verify_addin(bad, libreoffice=False)
    assert "ribbon callback signatures" in str(err.value)
    assert "xladdin_GetVisible(control As IRibbonControl) cannot be the getVisible" in str(
        err.value
    )


def test_callback_signature_rules():
    modules = {
        "M": "Public Sub a(ribbon As IRibbonUI)\nEnd Sub\n"
        "Sub b(control As Office.IRibbonControl)\nEnd Sub\n"
        "Public Sub c(control As IRibbonControl, _\n    ByRef returnedVal)\nEnd Sub\n"
        "Public Sub d(control As IRibbonControl, returnedVal)\nEnd Sub\n"
    }
    cbs = {"a": {"onLoad"}, "b": {"onAction"}, "c": {"getVisible"}, "d": {"getLabel"}}
    assert verify.callback_signature_errors(cbs, modules) == [
        "d(control As IRibbonControl, returnedVal) cannot be the getLabel callback"
    ]


def test_too_many_line_continuations_are_caught(built_addin, tmp_path):
    from pyopenvba import ExcelFile

    bad = tmp_path / "continuations.xlam"
    shutil.copyfile(built_addin, bad)
    with ExcelFile(bad) as wb:
        long = (
            'Sub x()\r\n    MsgBox "a" & _\r\n'
            + '        "a" & _\r\n' * 25
            + '        "a"\r\nEnd Sub\r\n'
        )
        wb.set_module("Dispatcher", wb.get_module("Dispatcher") + long)
        wb.save()
    with pytest.raises(AddinBuildError) as err:
        verify.verify_addin(bad, libreoffice=False)
    assert "over 24 continuations" in str(err.value)


def test_run_python_never_runs_embedded_code_of_the_active_workbook(addin_modules):
    # xlwings' RunPython switches to "embedded code" when ActiveWorkbook has a sheet named
    # "*.py": a returned file could then run its own code (with a licence key) or block
    # every button (without). Only the add-in itself is searched.
    body = _sub(addin_modules["xlwings"], "RunPython")
    assert "For i = 2 To 2" in body and "For i = 1 To 2" not in body
    assert "Set wb = ThisWorkbook" in body
