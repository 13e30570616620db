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
' module stays ASCII. The Language button toggles the setting and refreshes the ribbon
' here, without starting Python (Python reads the value each time it runs).
'
' Messages here are English only: VBA text must be ASCII and MsgBox cannot show Lao.
' Every other message comes from Python, in Lao and English, except the one that says
' Python cannot start (xladdin_PythonReady): it is Lao and English, from module
' xladdin_text (generated from xladdin/addin/src/messages.csv, shown with MessageBoxW).
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
    ' An error left unhandled in a ribbon callback resets the VBA project (the saved ribbon
    ' object is lost, so the Language button could no longer refresh the tab): catch it.
    On Error GoTo failed
    Select Case control.Tag
        Case "validate", "compile", "prepare"
            xladdin_RunTag control.Tag
        Case "new-province", "new-district", "new-sez"
            xladdin_RunTag control.Tag
        Case "rebase", "sez-import"
            xladdin_RunTag control.Tag
        Case "review", "consolidate"
            xladdin_RunTag control.Tag
        Case "language"
            If xladdin_Language() = "lo" Then
                SaveSetting "xladdin", "ui", "lang", "en"
            Else
                SaveSetting "xladdin", "ui", "lang", "lo"
            End If
            If xladdinRibbon Is Nothing Then
                MsgBox "xladdin: the new language shows after Excel is restarted.", vbInformation, "xladdin"
            Else
                xladdinRibbon.Invalidate
            End If
        Case "help", "selftest"
            xladdin_RunTag control.Tag
        Case Else
            MsgBox "xladdin: this button is not known (" & control.Tag & ").", vbExclamation, "xladdin"
    End Select
    Exit Sub
failed:
    MsgBox "xladdin: " & Err.Description & " (error " & Err.Number & ")", vbExclamation, "xladdin"
End Sub

Private Sub xladdin_RunTag(ByVal tag As String)
    ' xlwings' RunPython reads ActiveWorkbook before it starts Python. It is Nothing when no
    ' workbook is open and when the active window is in Protected View (a file from e-mail).
    ' New, Help and Self-test do not act on a workbook: open a blank one so that RunPython can
    ' start (Excel shows no workbook right after start-up). The others need the user's workbook.
    ' Python first: a missing or damaged Python gets one bilingual message saying what to
    ' do, not xlwings' "Could not find Interpreter!" or a VBA error.
    If Not xladdin_PythonReady(True) Then Exit Sub
    If ActiveWorkbook Is Nothing Then
        If xladdin_NeedsNoBook(tag) Then
            Workbooks.Add
        Else
            MsgBox "xladdin: no workbook is active. Open or create a workbook (in Protected View, " & _
                "click Enable Editing first), then click the button again.", vbExclamation, "xladdin"
            Exit Sub
        End If
    End If
    RunPython "import xladdin.ribbon as r; r.run('" & tag & "')"
End Sub

Private Function xladdin_NeedsNoBook(ByVal tag As String) As Boolean
    xladdin_NeedsNoBook = (tag = "new-province" Or tag = "new-district" Or tag = "new-sez" _
        Or tag = "help" Or tag = "selftest")
End Function

' True when the Python that Excel will start is there: the Interpreter_Win path the installer
' wrote into the xladdin.conf sheet exists, with xlwings' DLL beside it (or one folder up, as
' in a virtual environment), which is where xlwings loads it from. An empty setting (an add-in
' copied by hand, not installed) means xlwings uses Python on PATH: not checked here.
' When not ready and showMessage is True, shows the bilingual "python-missing" message.
' Never raises.
Public Function xladdin_PythonReady(ByVal showMessage As Boolean) As Boolean
    Dim interp As String
    Dim dll As String
    Dim problem As String
    On Error Resume Next
    interp = CStr(GetConfig("INTERPRETER_WIN", ""))
    If interp = "" Or LCase$(interp) = "python" Or LCase$(interp) = "pythonw" Then
        xladdin_PythonReady = True
        Exit Function
    End If
    #If Win64 Then
        dll = "xlwings64-" & xladdin_XLWINGS_VERSION & ".dll"
    #Else
        dll = "xlwings32-" & xladdin_XLWINGS_VERSION & ".dll"
    #End If
    If Not xladdin_FileThere(interp) Then
        problem = interp
    ElseIf Not xladdin_FileThere(xladdin_Folder(interp) & "\" & dll) Then
        If Not xladdin_FileThere(xladdin_Folder(xladdin_Folder(interp)) & "\" & dll) Then
            problem = xladdin_Folder(interp) & "\" & dll
        End If
    End If
    If problem = "" Then
        xladdin_PythonReady = True
    ElseIf showMessage Then
        xladdin_Message "python-missing", problem
    End If
End Function

Private Function xladdin_FileThere(ByVal path As String) As Boolean
    ' Dir$ raises for a malformed path: that counts as not there.
    On Error Resume Next
    If Len(path) > 0 Then xladdin_FileThere = (Len(Dir$(path, vbNormal Or vbReadOnly Or vbHidden)) > 0)
End Function

Private Function xladdin_Folder(ByVal path As String) As String
    Dim i As Long
    i = InStrRev(path, "\")
    If i > 1 Then xladdin_Folder = Left$(path, i - 1)
End Function
