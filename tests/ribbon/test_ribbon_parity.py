"""The ribbon and the command line give the same numbers and the same findings.

The ribbon side runs ``xladdin.ribbon.run(tag, book=fake)`` on the workbook team's fake
xlwings Book (``tests/workbook/fake_xlwings.py``), loaded from the same file the CLI side
compiles headless with ``compile_file``; every cell of every sheet (constants by value,
formulas by text) and the findings are compared.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
from fake_excel import FakeApp

import xladdin.ribbon as ribbon
from tests.sez_books import sez_return
from xladdin.returned.hashing import data_lines

FAKE = Path(__file__).resolve().parents[1] / "workbook" / "fake_xlwings.py"


def _fake_module():
    if not FAKE.exists():
        pytest.skip("tests/workbook/fake_xlwings.py is not there yet")
    if "fake_xlwings" in sys.modules:
        return sys.modules["fake_xlwings"]
    spec = importlib.util.spec_from_file_location("fake_xlwings", FAKE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["fake_xlwings"] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


def _key(f):
    return (f.code, f.severity.value, f.sheet, f.cell, f.message_en, f.message_lo)


@pytest.fixture
def province_book(tmp_path: Path) -> Path:
    """A provincial GDP workbook filled with the bundled illustrative sample, not compiled."""
    from xladdin.templates.builder import build
    from xladdin.templates.sample import province_fill

    fill, years = province_fill()
    return build("province-gdp", tmp_path / "province.xlsx", years=years, fill=fill)


def _record(monkeypatch, module, name):
    """Wrap ``module.name`` so the test sees what the ribbon action got back."""
    seen = []
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        seen.append(result)
        return result

    monkeypatch.setattr(module, name, wrapper)
    return seen


def test_compile_button_and_cli_give_the_same_cells_and_findings(
    user_dirs, monkeypatch, province_book: Path, tmp_path: Path
):
    import xladdin.compile
    from xladdin.compile import compile_file
    from xladdin.workbook.xlsx_reader import open_xlsx
    from xladdin.workbook.xlwings_adapter import BookView

    fake_xlwings = _fake_module()
    headless = tmp_path / "cli" / province_book.name  # same name: the Checks sheet shows it
    headless.parent.mkdir()
    shutil.copyfile(province_book, headless)
    cli = compile_file(headless, backup=False)

    book = fake_xlwings.FakeBook.from_xlsx(province_book)
    book.app = FakeApp()
    seen = _record(monkeypatch, xladdin.compile, "compile_view")
    code = ribbon.run("compile", book=book)

    assert code == cli.exit_code
    (excel,) = seen
    assert [_key(f) for f in excel.report.sorted()] == [_key(f) for f in cli.report.sorted()]
    assert excel.summary == cli.summary

    cli_view, excel_view = open_xlsx(headless), BookView(book)
    assert excel_view.sheet_names() == cli_view.sheet_names()
    sheets = cli_view.sheet_names()
    cli_cells, excel_cells = data_lines(cli_view, sheets), data_lines(excel_view, sheets)
    assert len(cli_cells) > 500
    assert excel_cells == cli_cells  # every output cell, the Checks sheet included
    # The user saw a summary, in a message box, and progress in the status bar.
    assert book.app.alerts and any(str(s).startswith("xladdin") for s in book.app.status_history)


def test_validate_button_and_cli_give_the_same_findings(
    user_dirs, monkeypatch, province_book: Path
):
    import xladdin.validate
    from xladdin.validate import validate_file

    fake_xlwings = _fake_module()
    cli = validate_file(province_book)

    book = fake_xlwings.FakeBook.from_xlsx(province_book)
    book.app = FakeApp()
    seen = _record(monkeypatch, xladdin.validate, "validate_view")
    code = ribbon.run("validate", book=book)

    (excel,) = seen
    assert code == cli.exit_code
    assert [_key(f) for f in excel.sorted()] == [_key(f) for f in cli.sorted()]
    assert "Checks" in [s.name for s in book.sheets]


def test_review_button_verifies_the_stamp_through_excel(
    user_dirs, monkeypatch, province_book: Path
):
    """A prepared file opened in (fake) Excel: Review says intact; edit one cell: changed."""
    from xladdin.compile import compile_file
    from xladdin.returned import prepare_file

    fake_xlwings = _fake_module()
    monkeypatch.setenv("XLADDIN_LANG", "en")
    compile_file(province_book, backup=False)
    returned = prepare_file(province_book)

    book = fake_xlwings.FakeBook.from_xlsx(returned)
    book.app = FakeApp()
    assert ribbon.run("review", book=book) in (0, 1)  # 1: validation warnings/errors only
    assert "Stamp intact" in book.app.alerts[-1]["prompt"]

    book2 = fake_xlwings.FakeBook.from_xlsx(returned)
    book2.app = FakeApp()
    sheet, key = next(
        (s, k)
        for s in book2.sheets
        if s.name not in ("Audit", "Checks")
        for k, v in s.values.items()
        if isinstance(v, float)
    )
    sheet.values[key] += 1.0
    assert ribbon.run("review", book=book2) == 1
    assert "data changed" in book2.app.alerts[-1]["prompt"]


def test_rebase_button_writes_only_the_rebase_sheet(user_dirs, monkeypatch, province_book: Path):
    from xladdin.compile import compile_view
    from xladdin.workbook.xlsx_reader import open_xlsx

    fake_xlwings = _fake_module()
    monkeypatch.setenv("XLADDIN_LANG", "en")
    book = fake_xlwings.FakeBook.from_xlsx(province_book)
    book.app = FakeApp()
    assert ribbon.run("rebase", book=book) == 0
    assert "Rebase sheet recalculated" in book.app.alerts[-1]["prompt"]
    rebase_sheet = compile_view(open_xlsx(province_book)).bound.block("rebase").sheet
    touched = {entry[1] for entry in book.to_patch_log() if entry[0] in ("value", "clear_contents")}
    assert touched <= {rebase_sheet}


def test_rebase_button_on_a_district_workbook_explains_why_not(user_dirs, monkeypatch, tmp_path):
    from xladdin.templates.builder import build

    fake_xlwings = _fake_module()
    monkeypatch.setenv("XLADDIN_LANG", "en")
    path = build("district-growth", tmp_path / "district.xlsx")
    book = fake_xlwings.FakeBook.from_xlsx(path)
    book.app = FakeApp()
    assert ribbon.run("rebase", book=book) == 2
    assert "provincial GDP workbook" in book.app.alerts[-1]["prompt"]


def test_consolidate_button_runs_the_central_review_on_the_chosen_folder(
    user_dirs, monkeypatch, province_book: Path, tmp_path: Path
):
    from fake_excel import FakeBook as Holder

    from xladdin.compile import compile_file
    from xladdin.returned import prepare_file
    from xladdin.ribbon import actions

    monkeypatch.setenv("XLADDIN_LANG", "en")
    compile_file(province_book, backup=False)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    prepare_file(province_book, out=inbox / "province-return.xlsx")
    monkeypatch.setattr(actions, "pick_folder", lambda ctx: inbox)
    holder = Holder(tmp_path / "xladdin.xlam")
    assert ribbon.run("consolidate", book=holder) in (0, 1)
    (opened,) = holder.app.books.opened
    assert Path(opened).is_file() and Path(opened).parent == inbox / "review"
    assert "Consolidated 1 file(s)" in holder.app.alerts[-1]["prompt"]
    monkeypatch.setattr(actions, "pick_folder", lambda ctx: None)  # the user cancels
    assert ribbon.run("consolidate", book=holder) == 0


def test_compile_button_tells_the_user_when_a_password_protected_sheet_was_skipped(
    user_dirs, monkeypatch, province_book: Path
):
    """Excel cannot unprotect a sheet protected with a password: the writes to it are skipped
    (nothing else is lost) and the user sees a message naming the sheet, not silence."""
    fake_xlwings = _fake_module()
    monkeypatch.setenv("XLADDIN_LANG", "en")
    book = fake_xlwings.FakeBook.from_xlsx(province_book)
    book.app = FakeApp()
    book.sheets["Results"].protect(password="secret")

    ribbon.run("compile", book=book)

    prompts = [a["prompt"] for a in book.app.alerts]
    assert any("Results" in p and "password" in p.lower() for p in prompts), prompts


def _sez_return(folder: Path) -> Path:
    """The SEZ return of :mod:`tests.sez_books` (GVA 40 in provinces 13 and 05, 2024)."""
    return sez_return(folder / "sez.xlsx", folder / "sez-return.xlsx")


@pytest.mark.parametrize("lang", ["en", "lo"])
def test_sez_import_button_and_cli_write_the_same_cells(
    user_dirs, monkeypatch, province_book: Path, tmp_path: Path, lang
):
    """One click fills the open province workbook's SEZ table from the chosen SEZ returns:
    the same planner, the same cells as ``xladdin sez import`` (and nothing else); in Lao the
    message names the unit by its glossary term."""
    import openpyxl

    from xladdin.cli import main
    from xladdin.ribbon import actions
    from xladdin.templates.binding import bind
    from xladdin.templates.data import unit_term
    from xladdin.workbook.xlsx_reader import open_xlsx
    from xladdin.workbook.xlwings_adapter import BookView

    fake_xlwings = _fake_module()
    monkeypatch.setenv("XLADDIN_LANG", lang)
    wb = openpyxl.load_workbook(province_book)  # the sample province as Savannakhet (13)
    sheet, ref = next(iter(wb.defined_names["xl_province_code"].destinations))
    wb[sheet][ref.replace("$", "")] = "13"
    wb.save(province_book)
    sez = _sez_return(tmp_path / "sez")

    headless = tmp_path / "cli" / province_book.name
    headless.parent.mkdir()
    shutil.copyfile(province_book, headless)
    assert main(["sez", "import", str(headless), str(sez), "--no-backup"]) == 0

    book = fake_xlwings.FakeBook.from_xlsx(province_book)
    book.app = FakeApp()
    monkeypatch.setattr(actions, "pick_files", lambda ctx, key: [sez])
    assert ribbon.run("sez-import", book=book) == 0
    prompt = book.app.alerts[-1]["prompt"]
    unit = str(bind(open_xlsx(headless)).scalar("unit").raw)  # "billion kip"
    if lang == "en":
        assert "SEZ value added of 1 industries" in prompt
        assert f"({unit_term(unit).en})" in prompt  # as xladdin sez import says it
    else:
        assert f"({unit_term(unit).lo})" in prompt and unit not in prompt

    cli_view, excel_view = open_xlsx(headless), BookView(book)
    sheets = cli_view.sheet_names()
    assert data_lines(excel_view, sheets) == data_lines(cli_view, sheets)
    touched = {entry[1] for entry in book.to_patch_log() if entry[0] in ("value", "clear_contents")}
    assert touched == {"SEZ"}
    # 40 billion kip in industry 03, 2024 (the province's unit is the sample's)

    block = bind(cli_view).block("sez_gva")
    assert block.values.at["03", 2024] * _unit_kip(bind(cli_view)) == pytest.approx(40 * 1e9)


def _unit_kip(bound) -> float:
    from xladdin.templates.data import unit_kip

    return unit_kip(bound.scalar("unit").raw)


def test_sez_import_button_refuses_an_unstamped_return_and_cancels_quietly(
    user_dirs, monkeypatch, province_book: Path, tmp_path: Path
):
    from xladdin.ribbon import actions

    fake_xlwings = _fake_module()
    monkeypatch.setenv("XLADDIN_LANG", "en")
    sez = _sez_return(tmp_path / "sez")
    unstamped = sez.parent / "sez.xlsx"  # the compiled file, not prepared
    book = fake_xlwings.FakeBook.from_xlsx(province_book)
    book.app = FakeApp()
    monkeypatch.setattr(actions, "pick_files", lambda ctx, key: [unstamped])
    assert ribbon.run("sez-import", book=book) == 2
    prompt = book.app.alerts[-1]["prompt"]
    assert "Import SEZ cannot run" in prompt and "sez.xlsx" in prompt
    assert not [e for e in book.to_patch_log() if e[0] == "value"]
    monkeypatch.setattr(actions, "pick_files", lambda ctx, key: [])  # the user cancels
    assert ribbon.run("sez-import", book=book) == 0


def test_sez_import_button_says_why_in_lao(user_dirs, monkeypatch, province_book: Path, tmp_path):
    """In Lao the refusal names the file and gives the planner's Lao reason (``reason_lo`` of
    :class:`xladdin.review.sez_import.SezImportError`), not its English line."""
    from xladdin.review.sez_import import SezImportError, plan_import
    from xladdin.ribbon import actions
    from xladdin.workbook.xlsx_reader import open_xlsx

    fake_xlwings = _fake_module()
    monkeypatch.setenv("XLADDIN_LANG", "lo")
    unstamped = _sez_return(tmp_path / "sez").parent / "sez.xlsx"  # compiled, not prepared
    with pytest.raises(SezImportError) as exc:
        plan_import(open_xlsx(province_book), province_book.name, [unstamped], ())
    book = fake_xlwings.FakeBook.from_xlsx(province_book)
    book.app = FakeApp()
    monkeypatch.setattr(actions, "pick_files", lambda ctx, key: [unstamped])
    assert ribbon.run("sez-import", book=book) == 2
    prompt = book.app.alerts[-1]["prompt"]
    assert exc.value.reason_lo in prompt and exc.value.reason not in prompt
