"""Every command meets every hostile file through the one inspection (issue #10 item 5).

Each quirk is its own hand-made file (``tests/fixtures/security/make_corpus.py``, named after the
quirk). Each file goes through ``inspect``, ``validate``, ``compile``, ``verify`` and ``prepare``
as a user runs them (``xladdin.cli.main`` in a child process), and a folder of all of them plus
one good provincial return goes through ``consolidate``. Asserted: the finding code, the exit
code (2 refused, 1 errors), no traceback, memory bounded (the child runs under
``RLIMIT_AS`` = 1.5 GiB) and no hang (a subprocess timeout as a guard, not a timing claim).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

resource = pytest.importorskip("resource")  # POSIX only (RLIMIT_AS, FIFOs)

HERE = Path(__file__).resolve().parent
CORPUS_SCRIPT = HERE.parent / "fixtures" / "security" / "make_corpus.py"
MEMORY_LIMIT = int(1.5 * 2**30)
COMMANDS = ("inspect", "validate", "compile", "verify", "prepare")
# Files that used to exhaust memory or time, or block: each gets its own bounded child.
HEAVY = {
    "table_ref_to_last_cell.xlsx",
    "long_shared_string_in_20k_cells.xlsx",
    "long_shared_formula.xlsx",
    "shared_formula_8000_chars_in_10k_cells.xlsx",
    "many_sheets_one_part.xlsx",
    "cell_end_tags_with_space_40k.xlsx",
    "zip_bomb_ratio.xlsx",
    "fifo_named.xlsx",
    "link_to_dev_zero.xlsx",
}


def _load_corpus_module():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module


CORPUS = _load_corpus_module()
EXPECTED = {**CORPUS.EXPECTED, **CORPUS.SPECIAL}

CHILD = r"""
import contextlib, io, json, os, shutil, sys, traceback
from pathlib import Path
from xladdin.cli import main

work = Path(sys.argv[1])
result = {}
for name in sys.argv[2:]:
    path = work / "in" / name
    runs = {}
    for cmd in %(commands)r:
        target = path
        if cmd in ("compile", "prepare") and path.is_file() and not path.is_symlink():
            target = work / cmd / name   # compile writes in place: work on a copy
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(path, target)
        args = [cmd, str(target)]
        if cmd == "compile":
            args.append("--no-backup")
        if cmd == "prepare":
            args += ["-o", str(work / "prepare" / ("returned-" + name))]
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                rc = main(args)
        except SystemExit as exc:
            rc = exc.code
        except BaseException:
            rc = "traceback"
            err.write(traceback.format_exc())
        runs[cmd] = {"rc": rc, "out": out.getvalue()[-3000:], "err": err.getvalue()[-3000:]}
    result[name] = runs
print(json.dumps(result))
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # One BLAS thread: each thread reserves address space, which RLIMIT_AS counts.
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    return env


def _child(work: Path, names: list[str], timeout: float) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD % {"commands": COMMANDS}, str(work), *names],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit_memory,
        env=_env(),
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    CORPUS.make_corpus(root / "in")
    CORPUS.make_special(root / "in")
    return root


@pytest.fixture(scope="module")
def runs(work) -> dict:
    results: dict = {}
    light = sorted(n for n in EXPECTED if n not in HEAVY)
    # Hang guards, generous because the test machine is shared (not timing claims): alone,
    # the light batch takes about 20 s and each heavy file a few seconds.
    results.update(_child(work, light, timeout=1200))
    for name in sorted(HEAVY):
        results.update(_child(work, [name], timeout=300))
    return results


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_command_gives_the_finding_and_never_a_traceback(runs, work, name):
    code, exit_code = EXPECTED[name]
    for cmd in COMMANDS:
        run = runs[name][cmd]
        text = run["out"] + run["err"]
        assert run["rc"] != "traceback", f"{cmd}: {run['err']}"
        assert "Traceback" not in text and "MemoryError" not in text, f"{cmd}: {text}"
        if exit_code == 2:
            # Refused by every command, the code named in what it prints.
            assert run["rc"] == 2, f"{cmd} {name}: {run['rc']} {text}"
            assert code in text, f"{cmd} {name}: {text}"
        elif code is not None and cmd in ("inspect", "validate", "verify"):
            assert code in text, f"{cmd} {name}: {text}"
    if exit_code == 1:
        assert runs[name]["inspect"]["rc"] == 1
        assert runs[name]["validate"]["rc"] in (1, 2)  # errors (2: not a template either)


def _returned(work: Path, name: str) -> Path:
    return work / "prepare" / f"returned-{name}"


@pytest.mark.parametrize(
    "name",
    [
        "vba_project_named_image_png.xlsx",
        "vba_project_by_content_type_only.xlsx",
        "vba_project_sniffed_in_media.xlsx",
        "xlm_macrosheet_in_worksheets_folder.xlsx",
        "macro_vba.xlsm",
        "macro_xlm_sheet.xlsm",
        "external_picture_unc_in_drawing.xlsx",
        "external_picture_file_url_in_drawing.xlsx",
        "external_template_http.xlsx",
        "hyperlink_file_relationship.xlsx",
        "external_link.xlsx",
        "webservice_in_defined_name.xlsx",
    ],
)
def test_prepare_removes_macros_and_external_relationships_under_any_name(runs, work, name):
    from xladdin.workbook.safety import inspect_package

    run = runs[name]["prepare"]
    assert run["rc"] == 0, run["out"] + run["err"]
    returned = _returned(work, name)
    codes = {f.code for f in inspect_package(returned)}
    gone = {
        "macro-project-present",
        "external-relationship",
        "hyperlink-to-file",
        "external-link-present",
        "webservice-formula",
    }
    assert not codes & gone, codes


def test_prepare_keeps_the_picture_but_not_its_outside_address(runs, work):
    import zipfile

    with zipfile.ZipFile(_returned(work, "external_picture_unc_in_drawing.xlsx")) as z:
        drawing = z.read("xl/drawings/drawing1.xml").decode()
        rels = z.read("xl/drawings/_rels/drawing1.xml.rels").decode()
    assert "attacker" not in rels and "TargetMode" not in rels
    assert 'r:link="' not in drawing and "<xdr:pic>" in drawing


@pytest.mark.parametrize(
    "name",
    [
        "traversal_entry_name.xlsx",
        "drive_letter_entry_name.xlsx",
        "leading_slash_duplicate_part.xlsx",
        "duplicate_zip_entry.xlsx",
    ],
)
def test_unsafe_or_duplicate_entries_are_never_copied(work, name):
    """Even when a package with such entries is edited and saved (prepare refuses it first),
    the writer copies only the entries the reader uses."""
    import io
    import zipfile

    from xladdin.workbook.package import EditablePackage

    pkg = EditablePackage(work / "in" / name)
    assert pkg.src.unsafe or pkg.src.duplicates
    with zipfile.ZipFile(io.BytesIO(pkg.to_bytes())) as z:
        names = z.namelist()
    assert len(names) == len({n.lower() for n in names})
    assert not any(n.startswith(("/", "..")) or "\\" in n or ":" in n for n in names)


def test_consolidate_refuses_only_the_hostile_files(tmp_path, work):
    from xladdin.review.sample import write_compiled_provinces

    folder = tmp_path / "returns"
    folder.mkdir()
    good = write_compiled_provinces(tmp_path / "good", ["01"])[0]
    shutil.copyfile(good, folder / good.name)
    for name in CORPUS.EXPECTED:
        shutil.copyfile(work / "in" / name, folder / name)
    CORPUS.make_special(folder)
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "xladdin", "consolidate", str(folder), "-o", str(out / "r.xlsx"),
         "--json"],
        capture_output=True,
        text=True,
        timeout=900,
        preexec_fn=_limit_memory,
        env=_env(),
    )  # fmt: skip
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode in (1, 2), proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    files = {f["file"]: f for f in result["files"]}
    assert files[good.name]["consolidated"] == "consolidated", files[good.name]
    assert files[good.name]["refused"] is False
    for name, (_code, exit_code) in CORPUS.EXPECTED.items():
        if exit_code == 2 and name.endswith((".xlsx", ".xlsm")):
            assert files[name]["refused"] is True, name
            assert files[name]["consolidated"] != "consolidated", name
    assert (out / "r.xlsx").is_file()
