"""LibreOffice is the oracle (the ``soffice`` fixture of tests/conftest.py: skipped without
LibreOffice locally, required in CI): the signatures ``xladdin sign`` writes must be *valid* in
LibreOffice's own checker (libxmlsec with LibreOffice's OOXML relationship transform), and
invalid once one cell is edited by hand. Trust is not asked of LibreOffice here: the test CA is
not in its NSS certificate store, so it reports the certificate as not trusted, as it would for
any signer whose root it has not been told to trust."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

pytest.importorskip("lxml")

from tests.signing.lo_oracle import libreoffice_signatures
from tests.signing.tamper import change_first_number, rewrite, sheet_with_number
from xladdin.cli import main

pytestmark = pytest.mark.libreoffice


def sign(path: Path, pki, password_file: Path) -> None:
    code = main(["sign", str(path), "--key", str(pki.p12), "--password-file", str(password_file)])
    assert code == 0


def test_libreoffice_reports_rsa_signature_valid(
    returned: Path, pki, password_file: Path, soffice: str
):
    sign(returned, pki, password_file)
    result = libreoffice_signatures(returned, soffice)
    assert len(result.signatures) == 1, result.raw
    sig = result.signatures[0]
    assert sig.valid, result.raw
    assert "CN=Oudomxay Provincial Statistics Office" in sig.signer


def test_libreoffice_reports_ecdsa_signature_valid(
    returned: Path, ec_pki, password_file: Path, soffice: str
):
    sign(returned, ec_pki, password_file)
    result = libreoffice_signatures(returned, soffice)
    assert [s.valid for s in result.signatures] == [True], result.raw


def test_libreoffice_reports_invalid_after_one_cell_edited(
    returned: Path, pki, password_file: Path, tmp_path: Path, soffice: str
):
    sign(returned, pki, password_file)
    sheet, _ = sheet_with_number(returned)
    forged = rewrite(returned, tmp_path / "forged.xlsx", edit={sheet: change_first_number})
    result = libreoffice_signatures(forged, soffice)
    assert [s.valid for s in result.signatures] == [False], result.raw
    # and xladdin names the part
    assert main(["verify", str(forged), "--lang", "en"]) == 1


def test_libreoffice_valid_when_rels_had_whitespace_before_signing(
    returned: Path, pki, password_file: Path, tmp_path: Path, soffice: str
):
    """Quirk: a pretty-printed rels part. libxmlsec < 1.3 (LibreOffice on Debian 12) keeps
    whitespace in the relationship transform, so xladdin compacts rels parts before signing."""
    pretty = rewrite(
        returned,
        tmp_path / "pretty.xlsx",
        edit={"xl/_rels/workbook.xml.rels": lambda d: d.replace(b"><Relationship ", b">\n  <Relationship ")},
    )  # fmt: skip
    sign(pretty, pki, password_file)
    with zipfile.ZipFile(pretty) as z:
        assert b">\n  <Relationship" not in z.read("xl/_rels/workbook.xml.rels")
    result = libreoffice_signatures(pretty, soffice)
    assert [s.valid for s in result.signatures] == [True], result.raw
