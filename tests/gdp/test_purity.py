"""xladdin.gdp is pure: importing it pulls in neither xlwings nor openpyxl (docs/design.md §2)."""

import subprocess
import sys


def test_gdp_imports_no_excel_libraries():
    code = "import sys, xladdin.gdp; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    mods = set(out.stdout.split())
    assert "xlwings" not in mods
    assert "openpyxl" not in mods
