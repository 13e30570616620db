Attribute VB_Name = "Dispatcher"
' xladdin: the only VBA behind the GDP ribbon tab (text source: xladdin/addin/src/Dispatcher.bas).
'
' Every button calls xladdin_OnAction, which branches on the button's tag and runs
' xladdin.ribbon.run(tag) in Python through xlwings' RunPython. Only the tags listed
' below can run: a tag is never pasted into Python unchecked.
'
' Language: VBA owns the setting. It is stored per user with SaveSetting under
' HKEY_CURRENT_USER\Software\VB and VBA Program Settings\xladdin\ui, value "lang"
' ("lo" or "en", default "lo"). The ribbon XML holds every group twice (ids ending
' _lo and _en); xladdin_GetVisible shows the set for the current language, so this
' module stays ASCII. The Language button toggles the setting, refreshes the ribbon,
' then calls xladdin.ribbon.run("language") so Python can follow (it reads the value,
' it must not toggle it again).
Option Explicit

Private xladdinRibbon As IRibbonUI

Public Sub xladdin_OnLoad(ribbon As IRibbonUI)
    Set xladdinRibbon = ribbon
End Sub

Private Function xladdin_Language() As String
    Dim lang As String
    lang = LCase$(GetSetting("xladdin", "ui", "lang", "lo"))
    If lang <> "en" Then lang = "lo"
    xladdin_Language = lang
End Function

Public Sub xladdin_GetVisible(control As IRibbonControl, ByRef returnedVal)
    returnedVal = (LCase$(Right$(control.Id, 3)) = "_" & xladdin_Language())
End Sub

Public Sub xladdin_OnAction(control As IRibbonControl)
    Select Case control.Tag
        Case "validate", "compile", "prepare"
            xladdin_RunTag control.Tag
        Case "new-province", "new-district", "new-sez"
            xladdin_RunTag control.Tag
        Case "rebase"
            xladdin_RunTag control.Tag
        Case "review", "consolidate"
            xladdin_RunTag control.Tag
        Case "language"
            If xladdin_Language() = "lo" Then
                SaveSetting "xladdin", "ui", "lang", "en"
            Else
                SaveSetting "xladdin", "ui", "lang", "lo"
            End If
            If Not xladdinRibbon Is Nothing Then xladdinRibbon.Invalidate
            xladdin_RunTag control.Tag
        Case "help", "selftest"
            xladdin_RunTag control.Tag
        Case Else
            MsgBox "xladdin: this button is not known (" & control.Tag & ").", vbExclamation, "xladdin"
    End Select
End Sub

Private Sub xladdin_RunTag(ByVal tag As String)
    RunPython "import xladdin.ribbon as r; r.run('" & tag & "')"
End Sub
