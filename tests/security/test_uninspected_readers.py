"""No command reads a user's or a returned file without the inspection (issue #10 item 5).

``open_xlsx`` and ``read_findings`` (``xladdin.workbook`` / ``xladdin.workbook.xlsx_reader``)
open a package with the headless reader but skip :func:`xladdin.workbook.safety.open_untrusted`.
They stay for files xladdin wrote itself. This test walks the syntax tree of every module of the
package and fails when a module outside :data:`ALLOWED` imports or calls them, so a new command
cannot use them on an untrusted file by mistake.
"""

from __future__ import annotations

import ast
from pathlib import Path

import xladdin

PACKAGE = Path(xladdin.__file__).resolve().parent
UNINSPECTED = {"open_xlsx", "read_findings"}

# module -> why it may use an uninspected reader
ALLOWED = {
    "xladdin/workbook/__init__.py": "defines the public wrappers",
    "xladdin/workbook/xlsx_reader.py": "defines them",
    "xladdin/returned/prepare.py": "re-reads its own output bytes, built from the inspected file",
    "xladdin/compile/formula_twin.py": "test and bench tool on xladdin's own compiled templates",
}


def _uses(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found |= {a.name for a in node.names} & UNINSPECTED
        elif isinstance(node, ast.Attribute) and node.attr in UNINSPECTED:
            found.add(node.attr)
        elif isinstance(node, ast.Name) and node.id in UNINSPECTED:
            found.add(node.id)
    return found


def test_only_allowed_modules_use_the_uninspected_readers():
    users = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        used = _uses(path)
        if used and rel not in ALLOWED:
            users[rel] = sorted(used)
    assert users == {}, (
        "use xladdin.workbook.safety.open_untrusted / open_checked for a user's or returned "
        f"file: {users}"
    )


def test_the_checker_sees_an_import_and_an_attribute_call(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text(
        "import xladdin.workbook as wb\n"
        "from xladdin.workbook.xlsx_reader import read_findings\n"
        "def f(p):\n    return wb.open_xlsx(p)\n",
        encoding="utf-8",
    )
    assert _uses(sample) == {"open_xlsx", "read_findings"}


def test_the_ribbon_and_the_cli_are_not_allowed():
    assert not any(m.startswith(("xladdin/ribbon/", "xladdin/cli/")) for m in ALLOWED)
