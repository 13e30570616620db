"""Consolidation shows the digital signer per province (the Status sheet's "Digitally signed
by" column), checked against the trust root named by ``XLADDIN_TRUST_ROOT``."""

from __future__ import annotations

from pathlib import Path

import pytest

from xladdin.cli import main


def test_status_shows_signer_per_province(tmp_path: Path, pki, password_file, monkeypatch):
    pytest.importorskip("lxml")
    pytest.importorskip("xladdin.templates.builder")
    from xladdin.review.consolidate import consolidate
    from xladdin.review.sample import write_compiled_provinces

    paths = write_compiled_provinces(tmp_path / "returns", ["03", "17"])
    signed = sorted(paths)[0]
    assert (
        main(["sign", str(signed), "--key", str(pki.p12), "--password-file", str(password_file)])
        == 0
    )
    monkeypatch.setenv("XLADDIN_TRUST_ROOT", str(pki.root_pem))
    r = consolidate([tmp_path / "returns"], tmp_path / "review.xlsx")
    rows = {Path(row["file"]).name: row for row in r.stats["status"]}
    by_file = {name: row["signed_by"] for name, row in rows.items()}
    assert by_file[Path(signed).name].startswith("Oudomxay Provincial Statistics Office")
    assert by_file[Path(signed).name].endswith("valid, trusted")
    others = [v for k, v in by_file.items() if k != Path(signed).name]
    assert others and all(v == "not signed" for v in others)


def test_signer_name_is_never_translated(tmp_path: Path, monkeypatch):
    """A certificate's subject is the signer's (or an attacker's) text: the Status sheet's
    Lao "Signed by" translates the state words (valid, trusted) and never a word of the name."""
    pytest.importorskip("lxml")
    pytest.importorskip("xladdin.templates.builder")
    from tests.signing.pki import make_pki
    from xladdin.review.book.status import _shown
    from xladdin.review.consolidate import consolidate
    from xladdin.review.sample import write_compiled_provinces

    pki = make_pki(tmp_path / "pki", cn="Office valid, trusted")
    password = tmp_path / "password.txt"
    password.write_text(pki.password + "\n", encoding="utf-8")
    signed = sorted(write_compiled_provinces(tmp_path / "returns", ["03"]))[0]
    assert main(["sign", str(signed), "--key", str(pki.p12), "--password-file", str(password)]) == 0
    monkeypatch.setenv("XLADDIN_TRUST_ROOT", str(pki.root_pem))
    r = consolidate([tmp_path / "returns"], tmp_path / "review.xlsx")
    row = next(row for row in r.stats["status"] if row["file"] == Path(signed).name)
    assert row["signed_by"].startswith("Office valid, trusted")
    assert row["signed_by"].endswith(", valid, trusted")
    lo = _shown(row, None)["signed_by"].split(" / ", 1)[1]
    assert lo.startswith("Office valid, trusted")  # the name as its certificate says it
    assert lo.endswith(", ລາຍເຊັນຖືກຕ້ອງ, ໃບຢັ້ງຢືນເຊື່ອຖືໄດ້")  # sig_valid, sig_trusted
