"""The layering rules of DESIGN.md §2, checked in fresh interpreters."""

import subprocess
import sys


def _modules_after(import_stmt: str) -> set[str]:
    code = f"import sys; {import_stmt}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_calculation_core_is_pure():
    mods = _modules_after("import xladdin.gdp")
    assert "xlwings" not in mods
    assert "openpyxl" not in mods


def test_cli_runs_without_importing_xlwings():
    # The CLI must run on a Linux server with no Excel: xlwings is imported lazily
    # (only by udfs/, the ribbon and the xlwings adapter).
    mods = _modules_after("import xladdin.cli; xladdin.cli.build_parser()")
    assert "xlwings" not in mods
