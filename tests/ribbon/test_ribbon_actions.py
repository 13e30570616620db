"""Ribbon actions on a fake workbook (no Excel): errors, language, prepare, new workbooks."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
from fake_excel import FakeApp, FakeBook

import xladdin.ribbon as ribbon
from xladdin.ribbon import actions, messages, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "returned"))


def test_every_ribbon_tag_has_an_action_and_every_message_is_bilingual():
    assert set(ribbon.TAGS) == set(actions.ACTIONS)
    for key, (en, lo) in messages.MESSAGES.items():
        assert en.strip() and lo.strip(), key
        assert set(_fields(en)) == set(_fields(lo)), key
    for tag in ribbon.TAGS:
        assert f"action-{tag}" in messages.MESSAGES


def _fields(template: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def test_ribbon_does_not_import_xlwings_until_run():
    import subprocess

    code = "import sys, xladdin.ribbon, xladdin.ribbon.actions; print('xlwings' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_an_exception_shows_a_bilingual_message_naming_the_log_and_logs_the_traceback(
    user_dirs, monkeypatch, tmp_path
):
    def boom(book):
        raise RuntimeError("adapter exploded")

    monkeypatch.setattr(actions, "book_view", boom)
    book = FakeBook(tmp_path / "Province.xlsx")
    code = ribbon.run("validate", book=book)
    assert code == 3
    (alert,) = book.app.alerts
    log = settings.log_path()
    assert str(log) in alert["prompt"]
    assert "unexpected problem" in alert["prompt"]  # English
    assert "ບັນຫາທີ່ບໍ່ຄາດຄິດ" in alert["prompt"]  # Lao
    assert "Traceback" not in alert["prompt"]
    assert alert["mode"] == "critical"
    logged = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "adapter exploded" in logged
    assert book.app.status_bar is False  # Excel gets its status bar back


def test_language_follows_the_setting_vba_wrote(user_dirs, tmp_path, monkeypatch):
    monkeypatch.setattr(actions.webbrowser, "open", lambda *a, **k: True)
    # The Language button is VBA only (toggle + ribbon refresh, no Python start); every
    # action reads the setting VBA wrote when it runs.
    assert "language" in ribbon.VBA_TAGS and "language" not in ribbon.TAGS
    book = FakeBook(tmp_path / "Province.xlsx")
    assert settings.get_lang() == "lo"  # default
    settings.set_lang("en")  # what VBA's SaveSetting does on Windows
    assert ribbon.run("help", book=book) == 0
    assert "Documentation" in book.app.alerts[-1]["prompt"]
    settings.set_lang("lo")
    ribbon.run("help", book=book)
    assert "ເອກະສານ" in book.app.alerts[-1]["prompt"]


def test_unknown_tag_and_missing_workbook_give_messages_not_tracebacks(user_dirs, monkeypatch):
    app = FakeApp()
    holder = FakeBook(None, app)
    assert ribbon.run("no-such-button", book=holder) == 2
    assert "no-such-button" in app.alerts[-1]["prompt"]
    monkeypatch.setenv("XLADDIN_LANG", "en")
    ctx = actions.Context(book=None, tag="validate", lang="en", caller=holder)
    with pytest.raises(actions.NoBookError):
        ctx.need_book()


def test_prepare_button_writes_the_returned_file_like_the_cli(user_dirs, monkeypatch, tmp_path):
    from quirk_books import build_udf_link_macro_xlsm

    from xladdin.returned import verify_file

    monkeypatch.setenv("XLADDIN_LANG", "en")
    src = build_udf_link_macro_xlsm(tmp_path / "Bokeo.xlsm")
    book = FakeBook(src, saved=False)  # unsaved changes: the user is asked, says yes
    assert ribbon.run("prepare", book=book) == 0
    assert book.saves == 1
    out = tmp_path / "Bokeo-return.xlsx"
    assert verify_file(out).intact
    assert str(out) in book.app.alerts[-1]["prompt"]
    assert "vbaProject.bin" not in zipfile.ZipFile(out).namelist()


def test_prepare_refuses_an_unsaved_new_book(user_dirs, monkeypatch):
    monkeypatch.setenv("XLADDIN_LANG", "en")
    book = FakeBook(None)
    assert ribbon.run("prepare", book=book) == 2
    assert "Save the workbook first" in book.app.alerts[-1]["prompt"]


def test_new_province_builds_a_copy_of_the_template_and_opens_it(user_dirs, tmp_path):
    pytest.importorskip("xladdin.templates.builder")
    holder = FakeBook(tmp_path / "x.xlam")
    assert ribbon.run("new-province", book=holder) == 0
    (opened,) = holder.app.books.opened
    assert Path(opened).parent == user_dirs["docs"] and Path(opened).is_file()
    from xladdin.templates.binding import recognise
    from xladdin.workbook.xlsx_reader import open_xlsx

    info, _ = recognise(open_xlsx(opened))
    assert info is not None and info.id == "province-gdp"


def test_selftest_opens_the_shipped_workbook_or_writes_one(user_dirs, monkeypatch, tmp_path):
    monkeypatch.setenv("XLADDIN_LANG", "en")
    shipped = tmp_path / "xladdin-selftest.xlsx"
    monkeypatch.setattr(actions, "selftest_candidates", lambda ctx: [shipped])
    holder = FakeBook(tmp_path / "elsewhere" / "xladdin.xlam")
    shipped.write_bytes(b"PK")
    assert ribbon.run("selftest", book=holder) == 0
    assert holder.app.books.opened == [str(shipped)]
    shipped.unlink()
    if actions._write_selftest() is not None:  # the add-in team's generator is there
        assert ribbon.run("selftest", book=holder) == 0
        assert Path(holder.app.books.opened[-1]).parent == user_dirs["docs"]
    monkeypatch.setitem(sys.modules, "xladdin.addin.selftest", None)  # generator unavailable
    assert ribbon.run("selftest", book=holder) == 2
    assert "not found" in holder.app.alerts[-1]["prompt"]


def test_help_names_the_docs_and_the_log(user_dirs, monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr(actions.webbrowser, "open", lambda url: opened.append(url))
    monkeypatch.setenv("XLADDIN_LANG", "en")
    holder = FakeBook(tmp_path / "xladdin.xlam")
    assert ribbon.run("help", book=holder) == 0
    prompt = holder.app.alerts[-1]["prompt"]
    assert str(settings.log_path()) in prompt and opened and opened[0] in prompt


def test_the_active_workbook_is_the_target_when_the_addin_calls(tmp_path):
    app = FakeApp()
    addin = FakeBook(tmp_path / "xladdin.xlam", app)
    user = FakeBook(tmp_path / "Province.xlsx", app)
    app.books.active = user
    assert ribbon._target_book(addin) is user
    assert ribbon._target_book(user) is user


def test_consolidate_keeps_one_register_per_folder_so_reruns_are_incremental(
    user_dirs, monkeypatch, tmp_path
):
    """Each run writes a new dated review workbook; the register is the folder's fixed
    ``review/register.sqlite``, so a re-run reads only new or changed files."""
    from openpyxl import Workbook

    import xladdin.review.consolidate as review

    monkeypatch.setenv("XLADDIN_LANG", "en")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("a.xlsx", "b.xlsx"):
        wb = Workbook()
        wb.active["A1"] = name
        wb.save(inbox / name)
    runs = []
    original = review.consolidate

    def recording(*args, **kwargs):
        result = original(*args, **kwargs)
        runs.append(result)
        return result

    monkeypatch.setattr(review, "consolidate", recording)
    monkeypatch.setattr(actions, "pick_folder", lambda ctx: inbox)
    holder = FakeBook(tmp_path / "xladdin.xlam")

    ribbon.run("consolidate", book=holder)
    ribbon.run("consolidate", book=holder)
    (inbox / "c.xlsx").write_bytes((inbox / "a.xlsx").read_bytes())
    ribbon.run("consolidate", book=holder)

    register = inbox / "review" / "register.sqlite"
    assert [r.register for r in runs] == [register] * 3
    assert register.is_file()
    assert [(r.stats["read"], r.stats["cached"]) for r in runs] == [(2, 0), (0, 2), (1, 2)]
    outs = [r.out for r in runs]
    assert len(set(outs)) == 3 and all(o.parent == inbox / "review" for o in outs)
    assert not list((inbox / "review").glob("*.register.sqlite"))  # no register per run


@pytest.mark.parametrize("lang", ["en", "lo"])
def test_consolidate_says_which_setting_cannot_be_used(user_dirs, monkeypatch, tmp_path, lang):
    """A ``consolidate_signers`` setting naming a missing file is said in the user's language
    (exit 2, the catalogue row ``consolidate-setting-unusable``), not "unexpected problem"."""
    monkeypatch.setenv("XLADDIN_LANG", lang)
    settings.save_settings({"consolidate_signers": str(tmp_path / "no-such-signers.csv")})
    monkeypatch.setattr(actions, "pick_folder", lambda ctx: tmp_path)
    holder = FakeBook(tmp_path / "xladdin.xlam")
    assert ribbon.run("consolidate", book=holder) == 2
    prompt = holder.app.alerts[-1]["prompt"]
    en, lo = messages.MESSAGES["consolidate-setting-unusable"]
    first = (en if lang == "en" else lo).split("{setting}")[0].format(action="")[3:]
    assert first in prompt and "consolidate_signers" in prompt
    assert not list(tmp_path.glob("review/*.xlsx"))
