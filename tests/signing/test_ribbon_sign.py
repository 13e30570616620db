"""The ribbon's Prepare for return signs with the province's key file when the settings name one
(``"signing_key"``); the password is asked in Excel (``Application.InputBox``), never stored.
Excel is faked (tests/ribbon/fake_excel.py); the signature is checked by xladdin's verifier."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ribbon"))

from fake_excel import FakeBook

import xladdin.ribbon as ribbon


class _AppApi:
    """Excel's Application.InputBox: returns the scripted answer (False = Cancel)."""

    def __init__(self, answer):
        self.answer = answer
        self.prompts: list[str] = []

    def InputBox(self, prompt, title=None, default=None, left=None, top=None, helpfile=None,
                 context=None, type_=None):  # fmt: skip
        self.prompts.append(prompt)
        return self.answer


@pytest.fixture
def ribbon_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    settings = tmp_path / "settings.json"
    monkeypatch.setenv("XLADDIN_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("XLADDIN_SETTINGS", str(settings))
    monkeypatch.setenv("XLADDIN_DOCUMENTS", str(tmp_path / "Documents"))
    monkeypatch.setenv("XLADDIN_LANG", "en")
    return settings


def _compiled_book(prepared_return: Path, tmp_path: Path) -> Path:
    source = prepared_return.with_name("Oudomxay GDP.xlsx")
    book = tmp_path / "Oudomxay GDP.xlsx"
    book.write_bytes(source.read_bytes())
    return book


def test_prepare_signs_with_the_configured_key(ribbon_user, pki, prepared_return, tmp_path):
    pytest.importorskip("lxml")
    from xladdin.signing import verify_signatures
    from xladdin.signing.core import load_trust_roots

    ribbon_user.write_text(json.dumps({"signing_key": str(pki.p12)}), encoding="utf-8")
    book = FakeBook(_compiled_book(prepared_return, tmp_path))
    book.app.api = _AppApi(pki.password)
    assert ribbon.run("prepare", book=book) == 0
    out = tmp_path / "Oudomxay GDP-return.xlsx"
    check = verify_signatures(out, load_trust_roots([pki.root_pem]))
    assert check.valid and check.trusted
    assert (
        "Digitally signed by Oudomxay Provincial Statistics Office" in book.app.alerts[-1]["prompt"]
    )
    assert pki.p12.name in book.app.api.prompts[0]
    assert pki.password not in ribbon_user.read_text(encoding="utf-8")  # never stored


def test_prepare_password_cancelled_leaves_the_file_unsigned(
    ribbon_user, pki, prepared_return, tmp_path
):
    pytest.importorskip("lxml")
    import zipfile

    ribbon_user.write_text(json.dumps({"signing_key": str(pki.p12)}), encoding="utf-8")
    book = FakeBook(_compiled_book(prepared_return, tmp_path))
    book.app.api = _AppApi(False)  # Excel's InputBox returns False on Cancel
    assert ribbon.run("prepare", book=book) == 1
    out = tmp_path / "Oudomxay GDP-return.xlsx"
    assert "_xmlsignatures/sig1.xml" not in zipfile.ZipFile(out).namelist()
    assert "NOT signed" in book.app.alerts[-1]["prompt"]


def test_prepare_wrong_password_says_why(ribbon_user, pki, prepared_return, tmp_path):
    pytest.importorskip("lxml")
    ribbon_user.write_text(json.dumps({"signing_key": str(pki.p12)}), encoding="utf-8")
    book = FakeBook(_compiled_book(prepared_return, tmp_path))
    book.app.api = _AppApi("wrong")
    assert ribbon.run("prepare", book=book) == 1
    assert "wrong password" in book.app.alerts[-1]["prompt"]


def test_prepare_without_signing_extra_says_so(
    ribbon_user, pki, prepared_return, tmp_path, monkeypatch
):
    import xladdin.signing

    monkeypatch.setattr(xladdin.signing, "sign_available", lambda: False)
    ribbon_user.write_text(json.dumps({"signing_key": str(pki.p12)}), encoding="utf-8")
    book = FakeBook(_compiled_book(prepared_return, tmp_path))
    assert ribbon.run("prepare", book=book) == 1
    assert "signing is not installed" in book.app.alerts[-1]["prompt"]


def test_prepare_without_a_key_setting_does_not_ask(ribbon_user, prepared_return, tmp_path):
    book = FakeBook(_compiled_book(prepared_return, tmp_path))
    book.app.api = _AppApi("never asked")
    assert ribbon.run("prepare", book=book) == 0
    assert book.app.api.prompts == []
