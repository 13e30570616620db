"""Without the ``sign`` extra, ``xladdin sign`` says what to install (exit 2, no traceback)
and ``verify`` keeps working on unsigned files. Runs with and without lxml installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from xladdin.cli import main


def test_sign_without_lxml_says_what_to_install(
    returned: Path, pki, password_file, monkeypatch, capsys
):
    import xladdin.signing

    monkeypatch.setattr(xladdin.signing, "sign_available", lambda: False)
    before = returned.read_bytes()
    code = main(
        ["sign", str(returned), "--key", str(pki.p12), "--password-file", str(password_file)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "xladdin[sign]" in err and "Traceback" not in err
    assert returned.read_bytes() == before


def test_verify_with_trust_root_but_no_lxml_cannot_check(returned: Path, pki, monkeypatch, capsys):
    import xladdin.signing

    monkeypatch.setattr(xladdin.signing, "sign_available", lambda: False)
    assert main(["verify", str(returned), "--trust-root", str(pki.root_pem), "--lang", "en"]) == 2
    assert "signature-not-checked" in capsys.readouterr().out


def test_verify_unsigned_without_lxml_unchanged(returned: Path, monkeypatch):
    import xladdin.signing

    monkeypatch.setattr(xladdin.signing, "sign_available", lambda: False)
    assert main(["verify", str(returned), "--lang", "en"]) == 0


@pytest.mark.parametrize("missing", ["lxml"])
def test_sign_available_matches_imports(missing):
    from xladdin.signing import sign_available

    try:
        __import__(missing)
        have = True
    except ImportError:
        have = False
    assert sign_available() is have


def test_consolidate_with_trust_root_but_no_lxml_says_what_to_install(
    returned: Path, pki, monkeypatch, capsys, tmp_path
):
    import xladdin.signing.core

    monkeypatch.setattr(xladdin.signing.core, "sign_available", lambda: False)
    out = tmp_path / "review.xlsx"
    args = ["consolidate", str(returned), "-o", str(out), "--trust-root", str(pki.root_pem)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "xladdin[sign]" in err and "--trust-root" in err and "Traceback" not in err
    assert not out.exists()
