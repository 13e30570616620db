"""The add-in's Python check and its bilingual message; Declare statements safe for 64-bit Office.

Excel does not run here: these tests read the VBA as text (and olevba reads it back from the
built file); what only Excel can show is in docs/windows-checklist.md.
"""

from __future__ import annotations

import re

from xladdin.addin import build, vbatext, verify

LAO = re.compile("[\u0e80-\u0eff]")


def _code(text: str) -> str:
    return text.replace("\r\n", "\n")


def _vba_from_hex(hexstr: str) -> str:
    """What the VBA xladdin_FromHex computes: ChrW(CLng("&H" & Mid$(s, i, 4))) per 4 digits
    (a 4-digit &H literal is an Integer, so &H8000-&HFFFF are negative; ChrW takes both)."""
    out = []
    for i in range(0, len(hexstr), 4):
        value = int(hexstr[i : i + 4], 16)
        if value >= 0x8000:
            value -= 0x10000
        out.append(chr(value & 0xFFFF))
    return "".join(out)


def test_message_module_decodes_to_lao_and_english(addin_modules):
    text = _code(addin_modules[build.TEXT_MODULE])
    cases = re.findall(
        r'Case "([^"]+)"\n            s = ""\n((?:            s = s & "[0-9A-F]+"\n)+)', text
    )
    assert {key for key, _ in cases} == set(vbatext.load_messages())
    for key, block in cases:
        hexstr = "".join(re.findall(r'"([0-9A-F]+)"', block))
        shown = _vba_from_hex(hexstr)
        en, lo = vbatext.load_messages()[key]
        assert LAO.search(shown) and LAO.search(lo)
        assert "xladdin cannot start its Python" in shown  # the English half
        assert shown.index(lo.split("\n")[0]) < shown.index(en.split("\n")[0])  # Lao first
        assert "{detail}" in shown  # filled in by xladdin_Message
        assert "{version}" not in shown and "xladdin-setup-" in shown


def test_message_names_the_installer_with_this_version():
    from xladdin import __version__

    shown = vbatext.box_text("python-missing")
    assert f"xladdin-setup-{__version__}.exe" in shown
    assert shown.count(f"xladdin-setup-{__version__}.exe") == 2  # in Lao and in English


def test_message_box_is_unicode_and_ptrsafe(addin_modules):
    text = _code(addin_modules[build.TEXT_MODULE])
    assert 'Alias "MessageBoxW"' in text  # MsgBox cannot show Lao outside a Lao code page
    vba7 = text.split("#If VBA7 Then\n", 1)[1].split("#Else\n", 1)[0]
    assert "Declare PtrSafe Function xladdin_MessageBoxW" in vba7
    assert "ByVal hWnd As LongPtr, ByVal lpText As LongPtr, ByVal lpCaption As LongPtr" in vba7
    assert "StrPtr(text), StrPtr(caption)" in text


def test_every_button_checks_python_before_running_it(addin_modules):
    text = _code(addin_modules[build.DISPATCHER])
    run_tag = text.split("Private Sub xladdin_RunTag", 1)[1].split("End Sub", 1)[0]
    check = run_tag.index("If Not xladdin_PythonReady(True) Then Exit Sub")
    assert check < run_tag.index('RunPython "')
    assert run_tag.count('RunPython "') == 1


def test_workbook_open_checks_python_once(addin_modules):
    text = _code(addin_modules["ThisWorkbook"])
    body = text.split("Private Sub Workbook_Open()", 1)[1].split("End Sub", 1)[0]
    assert "On Error Resume Next" in body
    assert "xladdin_PythonReady True" in body


def test_python_check_reads_the_installer_setting_and_the_xlwings_dll(addin_modules):
    text = _code(addin_modules[build.DISPATCHER])
    func = text.split("Public Function xladdin_PythonReady", 1)[1].split("End Function", 1)[0]
    # Never a VBA error dialog: errors are ignored inside the check...
    statements = [s.strip() for s in func.split("\n")[1:] if s.strip()]
    first = next(s for s in statements if not s.startswith(("Dim ", "'")))
    assert first == "On Error Resume Next"
    # ... it reads the same setting xlwings starts Python from ...
    assert 'GetConfig("INTERPRETER_WIN", "")' in func
    # ... and the DLL xlwings' XLPyLoadDLL loads (name from the pinned xlwings version).
    assert '"xlwings64-" & xladdin_XLWINGS_VERSION & ".dll"' in func
    assert '"xlwings32-" & xladdin_XLWINGS_VERSION & ".dll"' in func
    msgs = _code(addin_modules[build.TEXT_MODULE])
    assert f'xladdin_XLWINGS_VERSION As String = "{build.PINNED["xlwings"]}"' in msgs
    assert 'xladdin_Message "python-missing", problem' in func
    # the helpers it uses cannot raise either
    for helper in ("Private Function xladdin_FileThere", "Public Sub xladdin_Message"):
        module = msgs if "Message" in helper else text
        body = module.split(helper, 1)[1].split("End ", 1)[0]
        assert "On Error Resume Next" in body, helper


def test_xlwings_loadlibrary_returns_longptr(addin_modules):
    xlwings = _code(addin_modules["xlwings"])
    vba7 = xlwings.split("#If VBA7 Then\n", 1)[1].split("\n#Else\n", 1)[0]
    assert 'Alias "LoadLibraryA" (ByVal lpLibFileName As String) As LongPtr' in vba7


def test_declare_check_catches_what_64_bit_office_rejects():
    good = (
        "#If VBA7 Then\n"
        "#If Win64 Then\n"
        'Declare PtrSafe Function A Lib "a.dll" (ByVal x As Long) As Long\n'
        "#Else\n"
        'Declare PtrSafe Function A Lib "a32.dll" (ByVal x As Long) As Long\n'
        "#End If\n"
        'Private Declare PtrSafe Function B Lib "user32" (ByVal hWnd As LongPtr) As Long\n'
        "#Else\n"
        'Private Declare Function B Lib "user32" (ByVal hWnd As Long) As Long\n'  # Office 2007
        "#End If\n"
        "#If Not VBA7 Then\n"
        'Declare Function C Lib "c.dll" () As Long\n'
        "#End If\n"
    )
    assert verify.declare_errors({"M": good}) == []
    no_ptrsafe = 'Declare Function D Lib "d.dll" (ByVal x As Long) As Long\n'
    assert "without PtrSafe" in verify.declare_errors({"M": no_ptrsafe})[0]
    handle_long = (
        'Declare PtrSafe Function MessageBoxW Lib "user32" '
        "(ByVal hWnd As Long, ByVal lpText As LongPtr, ByVal height As Long) As Long\n"
    )
    errors = verify.declare_errors({"M": handle_long})
    assert len(errors) == 1 and "hWnd As Long" in errors[0] and "height" not in errors[0]
    loadlib = (
        'Private Declare PtrSafe Function LoadLibrary Lib "KERNEL32" Alias "LoadLibraryA" '
        "(ByVal lpLibFileName As String) As Long\n"
    )
    assert "returns a handle" in verify.declare_errors({"M": loadlib})[0]
    continued = 'Declare Function E Lib "e.dll" _\n    (ByVal x As Long) As Long\n'
    assert "without PtrSafe" in verify.declare_errors({"M": continued})[0]


def test_declare_check_runs_in_verify(built_addin, tmp_path):
    import shutil

    import pytest
    from pyopenvba import ExcelFile

    from xladdin.errors import AddinBuildError

    bad = tmp_path / "declare.xlam"
    shutil.copyfile(built_addin, bad)
    with ExcelFile(bad) as wb:
        src = wb.get_module(build.TEXT_MODULE)
        wb.set_module(
            build.TEXT_MODULE, src.replace("Declare PtrSafe Function", "Declare Function", 1)
        )
        wb.save()
    with pytest.raises(AddinBuildError, match="Declare PtrSafe"):
        verify.verify_addin(bad, libreoffice=False)
