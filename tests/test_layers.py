"""The layering rules of docs/design.md §2, checked in fresh interpreters."""

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


def _bench_imports():
    """``bench/bench_imports.py``, loaded from its path (bench/ is not a package)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "bench" / "bench_imports.py"
    spec = importlib.util.spec_from_file_location("bench_imports", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_import_cycles_among_xladdin_modules():
    # Issue #12: every import counts, including those inside functions, behind TYPE_CHECKING
    # and through import_module("literal"); registries replace the hidden cycles.
    bench = _bench_imports()
    edges = bench.graph()
    assert len(edges) > 100  # the counter found the package
    assert bench.cycles(edges) == []


def test_the_cycle_counter_sees_imports_inside_functions_and_import_module(tmp_path):
    # A hand-made package with one hidden cycle of each kind the counter must see.
    bench = _bench_imports()
    pkg = tmp_path / "pkg"
    (pkg / "cmds").mkdir(parents=True)
    (pkg / "sub").mkdir()
    files = {
        "__init__.py": "",
        # 1. an import inside a function (and one behind TYPE_CHECKING)
        "a.py": "def f():\n    from pkg import b\n",
        "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import f\n",
        # 2. import_module with a literal name
        "c.py": "import importlib\nimportlib.import_module('pkg.d')\n",
        "d.py": "from . import c\n",
        # 3. import_module with an f-string: every module under its literal prefix
        "cmds/__init__.py": "import importlib\nfor n in ['x']:\n    importlib.import_module(f'pkg.cmds.{n}')\n",
        "cmds/x.py": "def g():\n    from pkg.cmds import helper\n",
        "e.py": "import pkg.a\n",  # no cycle
        # 4. through a package's __init__: importing pkg.sub.low runs pkg/sub/__init__, which
        #    re-exports pkg.sub.high, which imports pkg.f, which imports pkg.sub.low
        "sub/__init__.py": "from pkg.sub.high import h\n",
        "sub/high.py": "from pkg import f\n",
        "sub/low.py": "",
        "f.py": "from pkg.sub.low import *\n",
    }
    for name, text in files.items():
        (pkg / name).write_text(text, encoding="utf-8")
    found = bench.cycles(bench.graph(tmp_path, ("pkg",)))
    assert sorted(found) == [
        ["pkg.a", "pkg.b"],
        ["pkg.c", "pkg.d"],
        ["pkg.cmds", "pkg.cmds.x"],
        ["pkg.f", "pkg.sub", "pkg.sub.high"],
    ]


def test_validating_a_workbook_that_is_not_a_template_loads_no_pandas(tmp_path):
    # Issue #12: a generic workbook is validated on the reader's tokens and the generic rules;
    # pandas (the template binding's tables) is not imported for it.
    from openpyxl import Workbook

    path = tmp_path / "plain.xlsx"
    wb = Workbook()
    wb.active.append(["id", "value", "note"])
    wb.active.append([1, 2.5, "1,234"])
    wb.save(path)
    mods = _modules_after(
        "from xladdin.validate import validate_file; "
        f"r = validate_file({str(path)!r}); "
        "assert any(f.code == 'template-not-recognised' for f in r)"
    )
    assert "pandas" not in mods


def test_verifying_a_return_loads_no_openpyxl():
    # Reading and verifying a returned file (what consolidate does per file) needs no writer.
    mods = _modules_after(
        "import xladdin.returned.verify, xladdin.workbook.safety, xladdin.review.intake"
    )
    assert "openpyxl" not in mods


def test_the_review_writer_loads_no_openpyxl():
    # Issue #12: the review workbook is XlsxWriter's; openpyxl is for the templates and the
    # district workbook only.
    mods = _modules_after("import xladdin.review.book, xladdin.review.consolidate")
    assert "openpyxl" not in mods


def test_only_the_atomic_writer_replaces_files():
    """One atomic writer (issue #12): ``os.replace`` and ``os.rename`` appear in
    xladdin/workbook/atomic.py only; every other module saves through it (the add-in
    installer's verified copy through ``replace_staged``)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "xladdin"
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).as_posix() == "workbook/atomic.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("replace", "rename", "renames")
                and isinstance(node.value, ast.Name)
                and node.value.id == "os"
            ):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    assert found == []


def test_every_environment_variable_the_package_reads_is_in_the_readme():
    """A setting read from the environment is documented (issue #12): the README's table
    names every ``XLADDIN_*`` variable xladdin or the UDFs read."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    used = set()
    for pkg in ("xladdin", "udfs"):
        for path in (root / pkg).rglob("*.py"):
            used |= set(re.findall(r"XLADDIN_[A-Z_]+", path.read_text(encoding="utf-8")))
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert used and sorted(v for v in used if f"`{v}`" not in readme) == []


def test_only_the_runtime_module_touches_the_garbage_collector():
    """One home for process-wide settings (issue #12): ``gc.freeze``, ``gc.disable``,
    ``gc.set_threshold`` ... are called in xladdin/runtime.py only, each restored after use."""
    import ast
    import gc
    from pathlib import Path

    from xladdin.runtime import fewer_gc_passes, frozen_for_fork

    root = Path(__file__).resolve().parents[1]
    found = []
    for pkg in ("xladdin", "udfs"):
        for path in sorted((root / pkg).rglob("*.py")):
            if path.relative_to(root).as_posix() == "xladdin/runtime.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "gc"
                    and node.attr not in ("collect", "get_threshold", "isenabled")
                ):
                    found.append(f"{path.relative_to(root)}:{node.lineno} gc.{node.attr}")
    assert found == []
    before = (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled())
    with frozen_for_fork(), fewer_gc_passes():
        assert gc.isenabled()
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


def test_console_command_runs_with_fewer_gc_passes(monkeypatch):
    """``xladdin`` (the console command) runs :func:`main`, imports included, with the
    collector's first threshold raised, and exits with main's code; a host calling
    :func:`main` keeps its own threshold."""
    import gc

    import xladdin.cli as cli
    import xladdin.runtime as runtime

    seen = {}
    monkeypatch.setattr(cli, "main", lambda: seen.setdefault("threshold", gc.get_threshold()) and 3)

    def fake_exit(code):
        seen["code"] = code
        seen["after"] = gc.get_threshold()

    monkeypatch.setattr(runtime, "exit_without_last_collection", fake_exit)
    before = gc.get_threshold()
    cli.run()
    assert seen["threshold"][0] >= 50_000 and seen["code"] == 3
    assert seen["after"] == before == gc.get_threshold()
