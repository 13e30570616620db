"""The add-in's own bilingual messages, as a generated VBA module (``xladdin_text``).

VBA source must be ASCII (the VBA editor stores it in the ANSI code page) and ``MsgBox``
cannot show Lao on a PC whose code page is not Lao. So the texts, kept as data in the one
catalogue (the ``addin`` rows of ``xladdin/data/messages.csv``), are stored in the module as
UTF-16 hex, decoded at run time with ``ChrW`` and shown with ``MessageBoxW`` (user32, declared
``PtrSafe`` with ``LongPtr`` handles under ``#If VBA7``, so 32- and 64-bit Office both compile
it).
"""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parent / "src"
MODULE = "xladdin_text"
_HEX_PER_LINE = 800  # 200 characters per line; VBA allows 1023 characters per line


def load_messages() -> dict[str, tuple[str, str]]:
    """``{key: (english, lao)}``: the ``addin`` rows of the catalogue."""
    from xladdin.findings.texts import pairs

    return pairs("addin")


def box_text(key: str, version: str | None = None) -> str:
    """The message shown for ``key``: Lao first, then English, ``{version}`` filled in."""
    if version is None:
        from xladdin import __version__ as version
    en, lo = load_messages()[key]
    return (lo + "\n\n" + en).replace("{version}", version).replace("\n", "\r\n")


def utf16_hex(text: str) -> str:
    """UTF-16 code units as upper-case hex, 4 digits each (what ``xladdin_FromHex`` decodes)."""
    return text.encode("utf-16-be").hex().upper()


def decode_hex(hexstr: str) -> str:
    """Inverse of :func:`utf16_hex` (the VBA ``xladdin_FromHex``, for tests)."""
    return bytes.fromhex(hexstr).decode("utf-16-be")


def text_module(xlwings_version: str) -> str:
    """Source of the ``xladdin_text`` module (LF line endings); ``xlwings_version`` is the
    pinned version the add-in is built for (:data:`xladdin.addin.manifest.PINNED`)."""
    cases = []
    for key in load_messages():
        hexstr = utf16_hex(box_text(key))
        lines = [f'        Case "{key}"', '            s = ""']
        for i in range(0, len(hexstr), _HEX_PER_LINE):
            lines.append(f'            s = s & "{hexstr[i : i + _HEX_PER_LINE]}"')
        cases.append("\n".join(lines))
    body = "\n".join(cases)
    return f'''Attribute VB_Name = "{MODULE}"
' Bilingual messages of the add-in's own dialogs. Generated at build time by xladdin
' (xladdin/addin/vbatext.py) from xladdin/data/messages.csv (addin rows); do not edit.
' Each text is UTF-16 hex (VBA source must be ASCII), decoded with ChrW and shown with
' MessageBoxW, which shows Lao on any Windows (MsgBox shows "?" outside a Lao code page).
Option Explicit

' xlwings' DLL beside pythonw.exe is xlwings64-<version>.dll (xlwings32- in 32-bit Office).
Public Const xladdin_XLWINGS_VERSION As String = "{xlwings_version}"

#If VBA7 Then
Private Declare PtrSafe Function xladdin_MessageBoxW Lib "user32" Alias "MessageBoxW" (ByVal hWnd As LongPtr, ByVal lpText As LongPtr, ByVal lpCaption As LongPtr, ByVal uType As Long) As Long
#Else
Private Declare Function xladdin_MessageBoxW Lib "user32" Alias "MessageBoxW" (ByVal hWnd As Long, ByVal lpText As Long, ByVal lpCaption As Long, ByVal uType As Long) As Long
#End If

Private Function xladdin_FromHex(ByVal hexText As String) As String
    Dim i As Long
    Dim out As String
    For i = 1 To Len(hexText) Step 4
        out = out & ChrW(CLng("&H" & Mid$(hexText, i, 4)))
    Next i
    xladdin_FromHex = out
End Function

' The message for key, Lao then English ("" for an unknown key).
Public Function xladdin_Text(ByVal key As String) As String
    Dim s As String
    Select Case key
{body}
    End Select
    xladdin_Text = xladdin_FromHex(s)
End Function

' Show the message for key, {{detail}} replaced by detail. Never raises.
Public Sub xladdin_Message(ByVal key As String, Optional ByVal detail As String = "")
    Dim text As String
    Dim caption As String
    On Error Resume Next
    text = Replace(xladdin_Text(key), "{{detail}}", detail)
    caption = "xladdin"
    #If Mac Then
        MsgBox text, vbExclamation, caption
    #Else
        ' MB_ICONWARNING (&H30) Or MB_SETFOREGROUND (&H10000)
        xladdin_MessageBoxW Application.Hwnd, StrPtr(text), StrPtr(caption), &H10030
    #End If
End Sub
'''
