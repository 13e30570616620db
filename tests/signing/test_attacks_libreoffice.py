"""LibreOffice's own signature checker (libxmlsec) on some of the forgeries of
test_attacks.py: where it is cheap to ask, the oracle must not call valid what xladdin
refuses because the content changed. Where LibreOffice accepts what xladdin refuses by policy
(SHA-1), the test says so: xladdin is stricter on purpose (docs/signing.md)."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
from pathlib import Path

import pytest

pytest.importorskip("lxml")

from cryptography.hazmat.primitives import hashes, serialization
from lxml import etree

from tests.signing.lo_oracle import libreoffice_signatures
from tests.signing.tamper import (
    DS,
    NS,
    SIG,
    change_first_number,
    manifest_ref,
    province_key,
    read,
    resign,
    rewrite,
    sheet_with_number,
)
from xladdin.signing import core

pytestmark = pytest.mark.libreoffice


def _checked(path: Path, pki) -> core.SignatureCheck:
    return core.verify_signatures(path, core.load_trust_roots([pki.root_pem]))


def test_hmac_forgery_invalid_in_libreoffice_and_refused(signed, pki, tmp_path, soffice):
    sheet, _ = sheet_with_number(signed)
    new_sheet = change_first_number(read(signed, sheet))
    cert_der = pki.cert.public_bytes(serialization.Encoding.DER)

    def forge(data: bytes) -> bytes:
        sig = etree.fromstring(data)
        manifest_ref(sig, sheet).find("ds:DigestValue", NS).text = base64.b64encode(
            hashlib.sha256(new_sheet).digest()
        ).decode()
        sig.find("ds:SignedInfo/ds:SignatureMethod", NS).set(
            "Algorithm", "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"
        )
        ref = sig.find("ds:SignedInfo/ds:Reference[@URI='#idPackageObject']", NS)
        obj = sig.find("ds:Object[@Id='idPackageObject']", NS)
        ref.find("ds:DigestValue", NS).text = base64.b64encode(
            hashlib.sha256(core._c14n_subtree(obj)).digest()
        ).decode()
        sig = etree.fromstring(etree.tostring(sig))
        si = core._c14n_subtree(sig.find("ds:SignedInfo", NS))
        sig.find("ds:SignatureValue", NS).text = base64.b64encode(
            hmac.new(cert_der, si, "sha256").digest()
        ).decode()
        return etree.tostring(sig)

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={sheet: lambda _d: new_sheet, SIG: forge})
    result = libreoffice_signatures(forged, soffice)
    assert [s.valid for s in result.signatures] == [False], result.raw
    assert not _checked(forged, pki).valid


def test_wrapping_duplicate_object_id_invalid_in_libreoffice_and_refused(
    signed, pki, tmp_path, soffice
):
    sheet, _ = sheet_with_number(signed)
    new_sheet = change_first_number(read(signed, sheet))

    def wrap(data: bytes) -> bytes:
        sig = etree.fromstring(data)
        orig = sig.find("ds:Object[@Id='idPackageObject']", NS)
        forged = copy.deepcopy(orig)
        manifest_ref(forged, sheet).find("ds:DigestValue", NS).text = base64.b64encode(
            hashlib.sha256(new_sheet).digest()
        ).decode()
        holder = etree.SubElement(forged, f"{{{DS}}}Wrapper")
        sig.replace(orig, forged)
        holder.append(orig)
        return etree.tostring(sig)

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={sheet: lambda _d: new_sheet, SIG: wrap})
    result = libreoffice_signatures(forged, soffice)
    assert True not in [s.valid for s in result.signatures], result.raw
    assert not _checked(forged, pki).valid


def test_sha1_manifest_digest_valid_in_libreoffice_but_refused_by_xladdin(
    signed, pki, tmp_path, soffice
):
    """Re-signed by the key holder with a SHA-1 digest of one sheet: LibreOffice (as Office
    2007 files need) accepts it; xladdin refuses SHA-1 (collisions are practical)."""
    sheet, _ = sheet_with_number(signed)
    digest = base64.b64encode(hashlib.sha1(read(signed, sheet)).digest()).decode()

    def edit(sig) -> None:
        ref = manifest_ref(sig, sheet)
        ref.find("ds:DigestMethod", NS).set("Algorithm", "http://www.w3.org/2000/09/xmldsig#sha1")
        ref.find("ds:DigestValue", NS).text = digest

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={SIG: resign(edit, province_key(pki))})
    result = libreoffice_signatures(forged, soffice)
    assert [s.valid for s in result.signatures] == [True], result.raw
    assert not _checked(forged, pki).valid


def test_rsa_sha1_valid_in_libreoffice_but_refused_by_xladdin(signed, pki, tmp_path, soffice):
    def edit(sig) -> None:
        sig.find("ds:SignedInfo/ds:SignatureMethod", NS).set(
            "Algorithm", "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
        )

    forged = rewrite(
        signed,
        tmp_path / "f.xlsx",
        edit={SIG: resign(edit, province_key(pki), hash_alg=hashes.SHA1())},
    )
    result = libreoffice_signatures(forged, soffice)
    assert [s.valid for s in result.signatures] == [True], result.raw
    assert not _checked(forged, pki).valid


def test_forged_package_prepended_libreoffice_reads_the_signed_one(signed, pki, tmp_path, soffice):
    """LibreOffice, like Python's zipfile, reads the directory at the end (the signed package)
    and calls it valid; a reader scanning from the start would see the forgery, so xladdin
    refuses any data before the first entry."""
    sheet, _ = sheet_with_number(signed)
    forged = rewrite(signed, tmp_path / "f.xlsx", edit={sheet: change_first_number})
    both = tmp_path / "both.xlsx"
    both.write_bytes(forged.read_bytes() + signed.read_bytes())
    result = libreoffice_signatures(both, soffice)
    assert [s.valid for s in result.signatures] == [True], result.raw
    check = _checked(both, pki)
    assert not check.valid and [f.code for f in check.findings] == ["signature-unreadable"]
