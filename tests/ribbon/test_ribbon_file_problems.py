"""A ribbon action that meets a file it cannot use: a bilingual message, not 'unexpected'."""

from __future__ import annotations

from fake_excel import FakeBook

import xladdin.ribbon as ribbon
from xladdin.ribbon import actions, messages


def test_a_locked_file_gives_the_file_message_in_both_languages(user_dirs, monkeypatch, tmp_path):
    # e.g. Prepare when BOOK-return.xlsx is open in Excel: Windows refuses to replace it.
    target = tmp_path / "Bokeo-return.xlsx"

    def locked(ctx):
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setitem(actions.ACTIONS, "prepare", locked)
    book = FakeBook(tmp_path / "Bokeo.xlsx")
    assert ribbon.run("prepare", book=book) == 2
    (alert,) = book.app.alerts
    assert str(target) in alert["prompt"]
    assert "file-problem" in messages.MESSAGES
    assert "close it and try again" in alert["prompt"] and "ກະລຸນາປິດມັນ" in alert["prompt"]
    assert "unexpected" not in alert["prompt"] and "Traceback" not in alert["prompt"]
    assert alert["mode"] == "critical"
    assert book.app.status_bar is False


def test_a_save_that_fails_gives_the_file_message_with_its_lao_reason(
    user_dirs, monkeypatch, tmp_path
):
    # e.g. a new template saved into a full Documents folder: the atomic writer's error (a
    # WorkbookError carrying its reason in Lao), not 'unexpected'.
    import errno

    from xladdin.workbook.atomic import atomic_write

    def full(ctx):
        def produce(fh):
            raise OSError(errno.ENOSPC, "No space left on device")

        atomic_write(tmp_path / "Bokeo.xlsx", produce)

    monkeypatch.setitem(actions.ACTIONS, "prepare", full)
    book = FakeBook(tmp_path / "Bokeo.xlsx")
    assert ribbon.run("prepare", book=book) == 2
    (alert,) = book.app.alerts
    lao, english = alert["prompt"].split("\n\n")
    assert "ບ່ອນເກັບຂໍ້ມູນເຕັມ" in lao and "ກະລຸນາປິດມັນ" in lao
    assert "disk is full" in english and "close it and try again" in english
    assert "unexpected" not in alert["prompt"] and "Traceback" not in alert["prompt"]
    assert alert["mode"] == "critical"


def test_a_field_with_its_lao_value_fills_each_language_with_its_own_words():
    # messages.text(): {error} is the English value in English and error_lo in Lao, as in a
    # finding's message; without error_lo both show the one value.
    from xladdin.ribbon.messages import both, text

    en = text("file-problem", "en", path="b.xlsx", error="disk full", error_lo="ເຕັມ")
    lo = text("file-problem", "lo", path="b.xlsx", error="disk full", error_lo="ເຕັມ")
    assert "disk full" in en and "ເຕັມ" not in en
    assert "ເຕັມ" in lo and "disk full" not in lo
    assert both("file-problem", "lo", path="b.xlsx", error="disk full", error_lo="ເຕັມ") == (
        f"{lo}\n\n{en}"
    )
    assert "x" in text("file-problem", "lo", path="b.xlsx", error="x")
