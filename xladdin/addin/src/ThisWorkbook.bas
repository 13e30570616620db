' xladdin add-in workbook events (text source: xladdin/addin/src/ThisWorkbook.bas).
' The Attribute header of the ThisWorkbook document module is kept from the template.
Option Explicit

Private Sub Workbook_Open()
    ' Function Wizard text for the GDP_ functions, generated from the Python docstrings
    ' (module xladdin_help). A failure here must never stop the add-in from opening.
    On Error Resume Next
    xladdin_RegisterFunctionHelp
    ' One bilingual message at start-up when the installed Python is missing or damaged
    ' (the GDP_ functions would otherwise only show an error text in each cell).
    xladdin_PythonReady True
End Sub
