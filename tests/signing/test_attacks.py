"""Attacks on ``xladdin verify --trust-root``: every file here is forged by hand at the zip/XML
level, as an attacker with a zip tool, a text editor and (where said) a key of their own would
do it, and each test is named after its attack. The claim under test (docs/signing.md): exit 0
only when every signed part is what the province signed and the signer's certificate was issued
under the trust root to sign documents. Expected outcomes follow from ECMA-376 Part 2 §13,
XML-DSig (W3C, 2008) §4.4.3 and §6, RFC 5280 §4.2.1.3/§4.2.1.9/§4.2.1.12 and §6, and the
classic attacks they name: XML signature wrapping (McIntyre et al., "On Breaking SAML", 2012),
HMAC-keyed-with-the-public-key (CVE-2016-10555 class), SHA-1 collisions (SHAttered, 2017).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import re
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("lxml")

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID
from lxml import etree

from tests.signing.pki import cn_name, issue, rsa_key
from tests.signing.tamper import (
    DS,
    NS,
    ORIGIN_RELS,
    SIG,
    change_first_number,
    codes,
    manifest_ref,
    province_key,
    read,
    resign,
    rewrite,
    sheet_with_number,
    sign_with,
    verify_json,
)
from xladdin.cli import main
from xladdin.signing import core

# -- helpers (the shared set-up is tests/signing/tamper.py) ----------------------------------


def refused(code: int, out: dict) -> bool:
    """Not "valid and trusted": exit 1 or 2, and no signature called valid-and-trusted."""
    sig = out["signature"]
    return code != 0 and not (sig.get("valid") and sig.get("trusted"))


# -- XML signature wrapping --------------------------------------------------------------------


def test_wrapping_forged_package_object_with_same_id_original_moved(
    signed: Path, pki, tmp_path, capsys
):
    """Edit a sheet, put a manifest with its new digest in a new Object Id="idPackageObject"
    and hide the original (still digest-correct) Object inside it: two elements with the Id."""
    sheet, _ = sheet_with_number(signed)
    new_sheet = change_first_number(read(signed, sheet))

    def wrap(data: bytes) -> bytes:
        sig = etree.fromstring(data)
        orig = sig.find("ds:Object[@Id='idPackageObject']", NS)
        forged = copy.deepcopy(orig)
        ref = manifest_ref(forged, sheet)
        ref.find("ds:DigestValue", NS).text = base64.b64encode(
            hashlib.sha256(new_sheet).digest()
        ).decode()
        holder = etree.SubElement(forged, f"{{{DS}}}Wrapper")
        sig.replace(orig, forged)
        holder.append(orig)
        return etree.tostring(sig)

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={sheet: lambda _d: new_sheet, SIG: wrap})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-malformed" in codes(out)


def test_wrapping_forged_manifest_in_an_unreferenced_object(signed: Path, pki, tmp_path, capsys):
    """A second Object (no Id, not referenced by SignedInfo) holding a forged manifest placed
    before the signed one: the verifier must read the manifest the signature covers."""
    sheet, _ = sheet_with_number(signed)
    new_sheet = change_first_number(read(signed, sheet))

    def add(data: bytes) -> bytes:
        sig = etree.fromstring(data)
        orig = sig.find("ds:Object[@Id='idPackageObject']", NS)
        forged = copy.deepcopy(orig)
        del forged.attrib["Id"]
        for el in forged.iter():
            el.attrib.pop("Id", None)
        manifest_ref(forged, sheet).find("ds:DigestValue", NS).text = base64.b64encode(
            hashlib.sha256(new_sheet).digest()
        ).decode()
        orig.addprevious(forged)
        return etree.tostring(sig)

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={sheet: lambda _d: new_sheet, SIG: add})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-part-changed" in codes(out)


def test_wrapping_lowercase_id_attribute_on_a_forged_object(signed: Path, pki, tmp_path, capsys):
    """``id=`` / ``ID=`` are Id attributes to some DSig libraries (.NET's SignedXml): a forged
    Object with ``ID="idPackageObject"`` first must not be taken for the signed one."""
    sheet, _ = sheet_with_number(signed)
    new_sheet = change_first_number(read(signed, sheet))

    def add(data: bytes) -> bytes:
        sig = etree.fromstring(data)
        orig = sig.find("ds:Object[@Id='idPackageObject']", NS)
        forged = copy.deepcopy(orig)
        forged.attrib.pop("Id")
        forged.set("ID", "idPackageObject")
        for el in forged.iter():
            if el is not forged:
                el.attrib.pop("Id", None)
        manifest_ref(forged, sheet).find("ds:DigestValue", NS).text = base64.b64encode(
            hashlib.sha256(new_sheet).digest()
        ).decode()
        sig.find("ds:SignedInfo", NS).addprevious(forged)
        return etree.tostring(sig)

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={sheet: lambda _d: new_sheet, SIG: add})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-part-changed" in codes(out)


def test_wrapping_second_signature_element_inside_an_object(signed: Path, pki, tmp_path, capsys):
    """A whole second <Signature> (copy of the first) inside a new unsigned Object."""

    def add(data: bytes) -> bytes:
        sig = etree.fromstring(data)
        obj = etree.SubElement(sig, f"{{{DS}}}Object")
        obj.append(copy.deepcopy(sig.find("ds:SignedInfo/..", NS)))
        return etree.tostring(sig)

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={SIG: add})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-malformed" in codes(out)


@pytest.mark.parametrize(
    "transform",
    [
        "http://www.w3.org/TR/1999/REC-xslt-19991116",
        "http://www.w3.org/TR/1999/REC-xpath-19991116",
        "http://www.w3.org/2002/06/xmldsig-filter2",
        "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
    ],
    ids=["xslt", "xpath", "xpath-filter2", "enveloped"],
)
def test_unsupported_transform_on_a_manifest_reference_is_refused(
    signed: Path, pki, tmp_path, capsys, transform
):
    """A manifest reference with a transform we do not implement (re-signed by the holder of
    the key, so only the transform is wrong): refused, never skipped."""
    sheet, _ = sheet_with_number(signed)

    def edit(sig: Any) -> None:
        ref = manifest_ref(sig, sheet)
        trs = etree.Element(f"{{{DS}}}Transforms")
        etree.SubElement(trs, f"{{{DS}}}Transform", Algorithm=transform)
        ref.insert(0, trs)

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={SIG: resign(edit, province_key(pki))})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-malformed" in codes(out)


def test_xpath_transform_on_a_signedinfo_reference_is_refused(signed: Path, pki, tmp_path, capsys):
    def edit(sig: Any) -> None:
        ref = sig.find("ds:SignedInfo/ds:Reference[@URI='#idPackageObject']", NS)
        trs = etree.Element(f"{{{DS}}}Transforms")
        tr = etree.SubElement(
            trs, f"{{{DS}}}Transform", Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"
        )
        etree.SubElement(tr, f"{{{DS}}}XPath").text = "false()"
        ref.insert(0, trs)

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={SIG: resign(edit, province_key(pki))})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-malformed" in codes(out)


def test_signedinfo_reference_to_another_document(signed: Path, pki, tmp_path, capsys):
    """``URI="http://..."`` or a part name in SignedInfo (only ``#Id`` same-document
    references are meaningful there)."""

    def edit(sig: Any) -> None:
        sig.find("ds:SignedInfo/ds:Reference[@URI='#idOfficeObject']", NS).set(
            "URI", "http://example.invalid/x"
        )

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={SIG: resign(edit, province_key(pki))})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-malformed" in codes(out)


# -- part names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "twin",
    ["/xl/worksheets/{b}", "XL/worksheets/{b}", "xl\\worksheets\\{b}", "xl/worksheets/./{b}"],
    ids=["leading-slash", "upper-case", "backslashes", "dot-segment"],
)
def test_part_name_twin_of_a_signed_sheet(signed: Path, pki, tmp_path, capsys, twin):
    """A second zip entry naming the same part another way, holding edited cells: a reader
    that normalises names could show it instead of the signed one."""
    sheet, _ = sheet_with_number(signed)
    name = twin.format(b=sheet.rsplit("/", 1)[1])
    forged = rewrite(
        signed, tmp_path / "f.xlsx", add={name: change_first_number(read(signed, sheet))}
    )
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)


@pytest.mark.parametrize(
    "name", ["xl/worksheets/sheet%31.xml", "xl/worksheets/\u017fheet1.xml"], ids=["pct", "long-s"]
)
def test_part_name_percent_encoded_or_lookalike_added(signed: Path, pki, tmp_path, capsys, name):
    """``sheet%31.xml`` is ``sheet1.xml`` once a URI is decoded; U+017F LONG S upper-cases to
    ``S`` (case-insensitive comparison in .NET): both are parts nobody signed."""
    sheet, _ = sheet_with_number(signed)
    forged = rewrite(
        signed, tmp_path / "f.xlsx", add={name: change_first_number(read(signed, sheet))}
    )
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-part-unsigned" in codes(out)


MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def test_content_type_override_turns_the_workbook_into_a_macro_workbook(
    signed: Path, pki, tmp_path, capsys
):
    """[Content_Types].xml is not signed (Office): change the workbook's content type."""

    def edit(data: bytes) -> bytes:
        return re.sub(rb'(PartName="/xl/workbook.xml" ContentType=")[^"]+', MACRO_MAIN.encode()
                      .join([rb"\1", b""]), data)  # fmt: skip

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={"[Content_Types].xml": edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-part-changed" in codes(out)


def test_content_type_duplicate_override_placed_first(signed: Path, pki, tmp_path, capsys):
    """A second Override for the signed workbook, before the genuine one: readers that take
    the first would see a macro workbook, readers that take the last the signed type."""

    def edit(data: bytes) -> bytes:
        extra = f'<Override PartName="/xl/workbook.xml" ContentType="{MACRO_MAIN}"/>'.encode()
        i = data.index(b"<Override")
        return data[:i] + extra + data[i:]

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={"[Content_Types].xml": edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)


def test_content_type_override_with_different_case_placed_first(
    signed: Path, pki, tmp_path, capsys
):
    def edit(data: bytes) -> bytes:
        extra = f'<Override PartName="/XL/Workbook.XML" ContentType="{MACRO_MAIN}"/>'.encode()
        i = data.index(b"<Override")
        return data[:i] + extra + data[i:]

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={"[Content_Types].xml": edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)


def test_content_type_override_percent_encoded_part_name(signed: Path, pki, tmp_path, capsys):
    """``/xl/workbook%2Exml`` decodes to the workbook's name (OPC forbids encoding unreserved
    characters, so a lenient reader may still decode it)."""

    def edit(data: bytes) -> bytes:
        extra = f'<Override PartName="/xl/workbook%2Exml" ContentType="{MACRO_MAIN}"/>'.encode()
        return data.replace(b"</Types>", extra + b"</Types>")

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={"[Content_Types].xml": edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)


def test_content_type_default_for_rels_changed(signed: Path, pki, tmp_path, capsys):
    """The Default by extension gives every relationships part its type."""

    def edit(data: bytes) -> bytes:
        return re.sub(rb'Extension="rels" ContentType="[^"]+"',
                      b'Extension="rels" ContentType="application/xml"', data)  # fmt: skip

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={"[Content_Types].xml": edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-part-changed" in codes(out)


def test_duplicate_default_for_an_extension_placed_first(signed: Path, pki, tmp_path, capsys):
    def edit(data: bytes) -> bytes:
        extra = b'<Default Extension="RELS" ContentType="application/xml"/>'
        i = data.index(b"<Default")
        return data[:i] + extra + data[i:]

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={"[Content_Types].xml": edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-part-changed" in codes(out)


def test_macro_part_added_as_core_properties_of_the_package(signed: Path, pki, tmp_path, capsys):
    """Core properties are not signed: a vbaProject added and reached only by a second
    core-properties relationship of the package must still count as an unsigned part."""

    def edit(data: bytes) -> bytes:
        rel = (b'<Relationship Id="rIdCore2" Type="http://schemas.openxmlformats.org/package/'
               b'2006/relationships/metadata/core-properties" Target="xl/vbaProject.bin"/>')  # fmt: skip
        return data.replace(b"</Relationships>", rel + b"</Relationships>")

    forged = rewrite(
        signed,
        tmp_path / "f.xlsx",
        edit={"_rels/.rels": edit},
        add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)},
    )
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-part-unsigned" in codes(out)


def test_unsigned_part_hidden_in_the_signature_folder(signed: Path, pki, tmp_path, capsys):
    """``_xmlsignatures/`` is not signed; a sheet there reached by an added relationship."""

    def edit(data: bytes) -> bytes:
        rel = (b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/'
               b'2006/relationships/worksheet" Target="../_xmlsignatures/sheet9.xml"/>')  # fmt: skip
        return data.replace(b"</Relationships>", rel + b"</Relationships>")

    sheet, _ = sheet_with_number(signed)
    forged = rewrite(
        signed,
        tmp_path / "f.xlsx",
        edit={"xl/_rels/workbook.xml.rels": edit},
        add={"_xmlsignatures/sheet9.xml": read(signed, sheet)},
    )
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-relationship-unsigned" in codes(out)


def test_relationship_with_the_id_of_a_signed_one_added(signed: Path, pki, tmp_path, capsys):
    """Two relationships with the same Id: the transform keeps both, so the digest changes."""

    def edit(data: bytes) -> bytes:
        rel = (b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
               b'2006/relationships/hyperlink" Target="http://example.invalid/" '
               b'TargetMode="External"/>')  # fmt: skip
        return data.replace(b"</Relationships>", rel + b"</Relationships>")

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={"xl/_rels/workbook.xml.rels": edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-part-changed" in codes(out)


def test_relationship_retargeted_to_an_unsigned_sheet(signed: Path, pki, tmp_path, capsys):
    """A signed relationship edited to point at a new part (the SourceId selection holds it)."""
    sheet, _ = sheet_with_number(signed)
    base = sheet.rsplit("/", 1)[1]

    def edit(data: bytes) -> bytes:
        return data.replace(f"worksheets/{base}".encode(), b"worksheets/evil.xml", 1)

    forged = rewrite(
        signed,
        tmp_path / "f.xlsx",
        edit={"xl/_rels/workbook.xml.rels": edit},
        add={"xl/worksheets/evil.xml": change_first_number(read(signed, sheet))},
    )
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert {"signature-part-changed", "signature-part-unsigned"} <= set(codes(out))


def test_sheet_relationship_of_unselected_type_added(signed: Path, pki, tmp_path, capsys):
    """An External hyperlink added to a sheet's rels with a fresh Id (not in any SourceId)."""
    with zipfile.ZipFile(signed) as z:
        sheet_rels = next(n for n in z.namelist() if n.startswith("xl/worksheets/_rels/"))

    def edit(data: bytes) -> bytes:
        rel = (b'<Relationship Id="rIdZ" Type="http://schemas.openxmlformats.org/officeDocument/'
               b'2006/relationships/hyperlink" Target="file://attacker/share" '
               b'TargetMode="External"/>')  # fmt: skip
        return data.replace(b"</Relationships>", rel + b"</Relationships>")

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={sheet_rels: edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-relationship-unsigned" in codes(out)


# -- signature origin --------------------------------------------------------------------------


@pytest.fixture
def attacker_sig(returned: Path, other_pki, tmp_path: Path) -> bytes:
    """sig1.xml of the same prepared file signed by someone else's key (same province name)."""
    copy_ = tmp_path / "attacker.xlsx"
    copy_.write_bytes(returned.read_bytes())
    sign_with(copy_, province_key(other_pki))
    return read(copy_, SIG)


def test_second_signature_by_an_untrusted_key_listed_first(
    returned: Path, pki, attacker_sig, tmp_path, capsys
):
    sign_with(returned, province_key(pki))

    def edit(data: bytes) -> bytes:
        rel = (b'<Relationship Id="rId0" Type="http://schemas.openxmlformats.org/package/2006/'
               b'relationships/digital-signature/signature" Target="sig0.xml"/>')  # fmt: skip
        return data.replace(b"<Relationship ", rel + b"<Relationship ", 1)

    forged = rewrite(
        returned,
        tmp_path / "f.xlsx",
        edit={ORIGIN_RELS: edit},
        add={"_xmlsignatures/sig0.xml": attacker_sig},
    )
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-untrusted" in codes(out)


def test_signature_relationship_pointed_at_the_attackers_signature(
    returned: Path, pki, attacker_sig, tmp_path, capsys
):
    sign_with(returned, province_key(pki))

    def edit(data: bytes) -> bytes:
        return data.replace(b'Target="sig1.xml"', b'Target="sig9.xml"')

    forged = rewrite(
        returned,
        tmp_path / "f.xlsx",
        edit={ORIGIN_RELS: edit},
        add={"_xmlsignatures/sig9.xml": attacker_sig},
    )
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-untrusted" in codes(out)


def test_second_origin_part_with_the_attackers_signature(
    returned: Path, pki, attacker_sig, tmp_path, capsys
):
    sign_with(returned, province_key(pki))

    def root_rels(data: bytes) -> bytes:
        rel = (b'<Relationship Id="rIdSig0" Type="http://schemas.openxmlformats.org/package/2006/'
               b'relationships/digital-signature/origin" Target="_xmlsignatures/o2.sigs"/>')  # fmt: skip
        return data.replace(b"<Relationship ", rel + b"<Relationship ", 1)

    forged = rewrite(
        returned,
        tmp_path / "f.xlsx",
        edit={"_rels/.rels": root_rels},
        add={
            "_xmlsignatures/o2.sigs": b"",
            "_xmlsignatures/_rels/o2.sigs.rels": read(returned, ORIGIN_RELS).replace(
                b"sig1.xml", b"sig0.xml"
            ),
            "_xmlsignatures/sig0.xml": attacker_sig,
        },
    )
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)


def test_signature_relationship_made_external(signed: Path, pki, tmp_path, capsys):
    def edit(data: bytes) -> bytes:
        return data.replace(b'Target="sig1.xml"', b'Target="sig1.xml" TargetMode="External"')

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={ORIGIN_RELS: edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-missing" in codes(out)


# -- certificates ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ca(tmp_path_factory) -> tuple[Any, x509.Certificate, Path]:
    """A root CA configured as trust root: (key, certificate, PEM path)."""
    key = rsa_key()
    cert = issue("Attack Test Root CA", key, None, key, ca=True, days=3650)
    pem = tmp_path_factory.mktemp("attack-ca") / "root.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert, pem


def test_control_leaf_issued_by_the_root_is_trusted(returned: Path, ca, capsys):
    """The control: the certificate profile used below, correct, is accepted."""
    root_key, root, pem = ca
    key = rsa_key()
    leaf = issue("Province", key, root, root_key, ca=False,
                 ku={"digital_signature": True, "content_commitment": True},
                 eku=[ExtendedKeyUsageOID.EMAIL_PROTECTION])  # fmt: skip
    sign_with(returned, core.SigningKey(key, leaf))
    code, out = verify_json(returned, capsys, pem)
    assert code == 0, codes(out)


def test_key_signs_but_keyinfo_carries_the_province_certificate(
    returned: Path, pki, other_pki, capsys
):
    """The attacker signs with their own key and puts the province's certificate (and its
    digest in the signed properties) in the signature."""
    attacker = province_key(other_pki)
    genuine = province_key(pki)
    sign_with(returned, core.SigningKey(attacker.key, genuine.certificate, genuine.chain))
    code, out = verify_json(returned, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-invalid" in codes(out)


def test_ca_certificate_used_as_the_signer(returned: Path, ca, capsys):
    """An intermediate CA's own key signs the file (RFC 5280: a CA certificate is for signing
    certificates and CRLs; a document signer is an end entity)."""
    root_key, root, pem = ca
    key = rsa_key()
    inter = issue("Issuing CA", key, root, root_key, ca=True,
                  ku={"key_cert_sign": True, "crl_sign": True, "digital_signature": True})  # fmt: skip
    sign_with(returned, core.SigningKey(key, inter))
    code, out = verify_json(returned, capsys, pem)
    assert refused(code, out)
    assert "signature-untrusted" in codes(out)


def test_root_certificate_itself_used_as_the_signer(returned: Path, ca, capsys):
    root_key, root, pem = ca
    sign_with(returned, core.SigningKey(root_key, root))
    code, out = verify_json(returned, capsys, pem)
    assert refused(code, out)
    assert "signature-untrusted" in codes(out)


def test_expired_signer_certificate(returned: Path, ca, capsys):
    root_key, root, pem = ca
    key = rsa_key()
    leaf = issue("Province", key, root, root_key, ca=False,
                 start=datetime.now(UTC) - timedelta(days=400), days=30)  # fmt: skip
    sign_with(returned, core.SigningKey(key, leaf))
    code, out = verify_json(returned, capsys, pem)
    assert refused(code, out)
    assert "signature-untrusted" in codes(out)


def test_signer_certificate_not_yet_valid(returned: Path, ca, capsys):
    root_key, root, pem = ca
    key = rsa_key()
    leaf = issue("Province", key, root, root_key, ca=False,
                 start=datetime.now(UTC) + timedelta(days=30))  # fmt: skip
    sign_with(returned, core.SigningKey(key, leaf))
    code, out = verify_json(returned, capsys, pem)
    assert refused(code, out)


def test_signer_certificate_for_key_encipherment_only(returned: Path, ca, capsys):
    """keyUsage without digitalSignature/nonRepudiation (RFC 5280 §4.2.1.3): e.g. an
    encryption certificate from the same CA must not sign returns."""
    root_key, root, pem = ca
    key = rsa_key()
    leaf = issue("Province", key, root, root_key, ca=False, ku={"key_encipherment": True})
    sign_with(returned, core.SigningKey(key, leaf))
    code, out = verify_json(returned, capsys, pem)
    assert refused(code, out)
    assert "signature-untrusted" in codes(out)


def test_signer_certificate_for_tls_servers_only(returned: Path, ca, capsys):
    """extendedKeyUsage serverAuth only (RFC 5280 §4.2.1.12): a web server's certificate from
    the national CA is not a document signer."""
    root_key, root, pem = ca
    key = rsa_key()
    leaf = issue("www.example.la", key, root, root_key, ca=False,
                 eku=[ExtendedKeyUsageOID.SERVER_AUTH])  # fmt: skip
    sign_with(returned, core.SigningKey(key, leaf))
    code, out = verify_json(returned, capsys, pem)
    assert refused(code, out)
    assert "signature-untrusted" in codes(out)


def test_root_embedded_in_the_signature_but_not_configured(returned: Path, pki, capsys):
    """The attacker's own root travels in KeyInfo: only --trust-root certificates anchor."""
    a_key, b_key = rsa_key(), rsa_key()
    a_root = issue("Lao National Root CA", a_key, None, a_key, ca=True)
    leaf = issue("Oudomxay Provincial Statistics Office", b_key, a_root, a_key, ca=False)
    sign_with(returned, core.SigningKey(b_key, leaf, [a_root]))
    code, out = verify_json(returned, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-untrusted" in codes(out)


def test_intermediate_that_is_not_a_ca_issues_the_signer(returned: Path, ca, capsys):
    """A province's own (end-entity) key issues a certificate for another name."""
    root_key, root, pem = ca
    p_key, l_key = rsa_key(), rsa_key()
    province = issue("Province", p_key, root, root_key, ca=False,
                     ku={"digital_signature": True, "key_cert_sign": True})  # fmt: skip
    leaf = issue("Another Province", l_key, province, p_key, ca=False)
    sign_with(returned, core.SigningKey(l_key, leaf, [province]))
    code, out = verify_json(returned, capsys, pem)
    assert refused(code, out)
    assert "signature-untrusted" in codes(out)


# -- digest and signature algorithms -----------------------------------------------------------


@pytest.mark.parametrize(
    "algorithm",
    ["http://www.w3.org/2000/09/xmldsig#sha1", "http://www.w3.org/2001/04/xmldsig-more#md5"],
    ids=["sha1", "md5"],
)
def test_weak_digest_method_in_the_manifest(signed: Path, pki, tmp_path, capsys, algorithm):
    """A manifest reference with a SHA-1/MD5 digest of the part (correct for the part, and
    re-signed): refused, as collisions are practical."""
    sheet, _ = sheet_with_number(signed)
    algo = "sha1" if algorithm.endswith("sha1") else "md5"
    digest = base64.b64encode(hashlib.new(algo, read(signed, sheet)).digest()).decode()

    def edit(sig: Any) -> None:
        ref = manifest_ref(sig, sheet)
        ref.find("ds:DigestMethod", NS).set("Algorithm", algorithm)
        ref.find("ds:DigestValue", NS).text = digest

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={SIG: resign(edit, province_key(pki))})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-malformed" in codes(out)


def test_sha1_digest_on_a_signedinfo_reference(signed: Path, pki, tmp_path, capsys):
    def edit(sig: Any) -> None:
        ref = sig.find("ds:SignedInfo/ds:Reference[@URI='#idPackageObject']", NS)
        ref.find("ds:DigestMethod", NS).set("Algorithm", "http://www.w3.org/2000/09/xmldsig#sha1")

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={SIG: resign(edit, province_key(pki))})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-malformed" in codes(out)


def test_rsa_sha1_signature_method(signed: Path, pki, tmp_path, capsys):
    """Office 2007's RSA-SHA1, correctly computed by the key holder: refused."""

    def edit(sig: Any) -> None:
        sig.find("ds:SignedInfo/ds:SignatureMethod", NS).set(
            "Algorithm", "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
        )

    forged = rewrite(
        signed,
        tmp_path / "f.xlsx",
        edit={SIG: resign(edit, province_key(pki), hash_alg=hashes.SHA1())},
    )
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-malformed" in codes(out)


def test_hmac_signature_method_keyed_with_the_public_certificate(
    signed: Path, pki, tmp_path, capsys
):
    """The classic forgery: SignatureMethod HMAC-SHA256 with the signer's public certificate
    (or key) as the HMAC key; anyone can compute it. Sheet edited, manifest updated."""
    sheet, _ = sheet_with_number(signed)
    new_sheet = change_first_number(read(signed, sheet))
    cert_der = pki.cert.public_bytes(serialization.Encoding.DER)
    pub_pem = pki.cert.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )

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

    for hkey in (cert_der, pub_pem):
        cert_der = hkey
        forged = rewrite(
            signed, tmp_path / "f.xlsx", edit={sheet: lambda _d: new_sheet, SIG: forge}
        )
        code, out = verify_json(forged, capsys, pki.root_pem)
        assert refused(code, out)
        assert "signature-malformed" in codes(out)


# -- XML parsing of the signature part ---------------------------------------------------------


def test_doctype_after_a_long_comment_in_the_signature(signed: Path, pki, tmp_path, capsys):
    """A DOCTYPE (internal subset, ATTLIST declaring Id attributes and defaults) placed after
    more than 4 KiB of comment, past a look at the first bytes only."""

    def edit(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[1]
        dtd = (b'<!DOCTYPE Signature [<!ATTLIST Object ID ID #IMPLIED '
               b'Id CDATA "idPackageObject">]>')  # fmt: skip
        return b'<?xml version="1.0"?><!--' + b"x" * 5000 + b"-->" + dtd + body

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={SIG: edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-malformed" in codes(out)


def test_entity_declaration_in_a_utf16_signature(signed: Path, pki, tmp_path, capsys):
    """``<!ENTITY`` in UTF-16 is not the ASCII bytes ``<!ENTITY``."""

    def edit(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[1].decode()
        text = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE Signature '
                '[<!ENTITY e "x">]>' + body)  # fmt: skip
        return text.encode("utf-16")

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={SIG: edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-malformed" in codes(out)


def test_deeply_nested_signature_is_malformed_not_a_crash(signed: Path, pki, tmp_path, capsys):
    def edit(data: bytes) -> bytes:
        deep = b"<a>" * 100_000 + b"</a>" * 100_000
        return data.replace(b"</Signature>", b"<Object>" + deep + b"</Object></Signature>")

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={SIG: edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)


def test_huge_signature_part_is_refused_not_read(signed: Path, pki, tmp_path, capsys):
    """A signature part inflating far more than the allowed ratio (a zip bomb in sig1.xml)."""

    def edit(data: bytes) -> bytes:
        pad = b"<!--" + b" " * (20 * 1024 * 1024) + b"-->"
        return data.replace(b"</Signature>", pad + b"</Signature>")

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={SIG: edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)


def test_comment_inside_a_manifest_digest_value(signed: Path, pki, tmp_path, capsys):
    """``<DigestValue>AB<!---->CD</DigestValue>``: canonical XML without comments reads
    "ABCD", a naive ``.text`` reads "AB". Either reading must not let an edit through."""
    sheet, _ = sheet_with_number(signed)

    def edit(data: bytes) -> bytes:
        sig = etree.fromstring(data)
        dv = manifest_ref(sig, sheet).find("ds:DigestValue", NS)
        text = dv.text
        dv.text = text[:10]
        comment = etree.Comment("x")
        dv.append(comment)
        comment.tail = text[10:]
        return etree.tostring(sig)

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={SIG: edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    # The signed Object is unchanged under canonical XML without comments, and the digest
    # value it carries is still the sheet's: accepting is correct, refusing is safe; what
    # must never happen is a changed sheet passing, tested next.
    assert code in (0, 1)
    sheet_forged = rewrite(forged, tmp_path / "g.xlsx", edit={sheet: change_first_number})
    code, out = verify_json(sheet_forged, capsys, pki.root_pem)
    assert refused(code, out)


def test_whitespace_in_base64_of_the_signature_value_is_accepted(
    signed: Path, pki, tmp_path, capsys
):
    """Office wraps base64 at 76 characters: line breaks in SignatureValue (not signed) are
    fine and the signature stays valid."""

    def edit(data: bytes) -> bytes:
        m = re.search(rb"<SignatureValue>([^<]+)</SignatureValue>", data)
        v = m.group(1)
        wrapped = b"\n".join(v[i : i + 76] for i in range(0, len(v), 76))
        return data[: m.start(1)] + wrapped + data[m.end(1) :]

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={SIG: edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert code == 0, codes(out)


# -- zip container -----------------------------------------------------------------------------


def test_second_zip_appended_after_the_signed_one(signed: Path, pki, tmp_path, capsys):
    """A forged package appended to the signed one: zip readers that look for the directory
    at the end see the forgery; it must not verify."""
    sheet, _ = sheet_with_number(signed)
    forged = rewrite(signed, tmp_path / "f.xlsx", edit={sheet: change_first_number})
    both = tmp_path / "both.xlsx"
    both.write_bytes(signed.read_bytes() + forged.read_bytes())
    code, out = verify_json(both, capsys, pki.root_pem)
    assert refused(code, out)


def test_forged_zip_prepended_before_the_signed_one(signed: Path, pki, tmp_path, capsys):
    """A forged package before the signed one: readers that scan local headers from the start
    see the forgery, readers that use the central directory at the end see the signed file."""
    sheet, _ = sheet_with_number(signed)
    forged = rewrite(signed, tmp_path / "f.xlsx", edit={sheet: change_first_number})
    both = tmp_path / "both.xlsx"
    both.write_bytes(forged.read_bytes() + signed.read_bytes())
    code, out = verify_json(both, capsys, pki.root_pem)
    assert refused(code, out)


def test_signer_key_rsa_1024(returned: Path, ca, capsys):
    """A 1024-bit RSA signer key (NIST SP 800-131A: disallowed for signatures since 2014)."""
    root_key, root, pem = ca
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    leaf = issue("Province", key, root, root_key, ca=False)
    sign_with(returned, core.SigningKey(key, leaf))
    code, out = verify_json(returned, capsys, pem)
    assert refused(code, out)
    assert "signature-untrusted" in codes(out)


def test_signer_certificate_with_an_unknown_critical_extension(returned: Path, ca, capsys):
    """RFC 5280 §4.2: a certificate with a critical extension the verifier does not know must
    be rejected (the CA meant to restrict its use in a way we cannot check)."""
    root_key, root, pem = ca
    key = rsa_key()
    now = datetime.now(UTC) - timedelta(days=1)
    leaf = (
        x509.CertificateBuilder()
        .subject_name(cn_name("Province"))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.55555.1"), b"\x05\x00"),
            critical=True,
        )
        .sign(root_key, hashes.SHA256())
    )
    sign_with(returned, core.SigningKey(key, leaf))
    code, out = verify_json(returned, capsys, pem)
    assert refused(code, out)
    assert "signature-untrusted" in codes(out)


def test_another_provinces_key_is_named_not_refused(returned: Path, ca, capsys):
    """A key the root issued to another office signs this province's return: the signature is
    valid and trusted (the root vouches for that office), and verify names that office, so the
    reviewer sees it is not the province of the file. Without a signer table that is all
    (the next test gives one)."""
    root_key, root, pem = ca
    key = rsa_key()
    leaf = issue("Luang Prabang Provincial Statistics Office", key, root, root_key, ca=False)
    sign_with(returned, core.SigningKey(key, leaf))
    code, out = verify_json(returned, capsys, pem)
    assert code == 0
    assert out["signature"]["signers"][0]["common_name"] == (
        "Luang Prabang Provincial Statistics Office"
    )


def test_another_provinces_key_is_refused_with_a_signer_table(returned: Path, ca, tmp_path, capsys):
    """The same forgery against ``verify --signers``: the demo return is province 16
    (xladdin/data/sample/province_settings.csv) and the table lists only Champasak's office
    for 16, so the trusted Luang Prabang key is ``signature-signer-not-for-province``."""
    root_key, root, pem = ca
    key = rsa_key()
    leaf = issue("Luang Prabang Provincial Statistics Office", key, root, root_key, ca=False)
    sign_with(returned, core.SigningKey(key, leaf))
    table = tmp_path / "signers.csv"
    table.write_text(
        "province,common_name\n16,Champasak Provincial Statistics Office\n", encoding="utf-8"
    )
    capsys.readouterr()
    code = main(["verify", str(returned), "--json", "--trust-root", str(pem),
                 "--signers", str(table)])  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert "signature-signer-not-for-province" in codes(out)
    assert out["signature"]["trusted"] is True  # trusted, but not for this province


def _with_comment(src: Path, out: Path, comment: bytes) -> Path:
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in z.infolist():
            dst.writestr(info, z.read(info.filename))
        dst.comment = comment
    return out


def test_signed_zip_with_a_comment_hiding_a_second_end_record(signed: Path, pki, tmp_path, capsys):
    """The archive comment can hold another end-of-directory record: readers that search the
    end record forwards and backwards then see different packages (Python's zipfile takes a
    record in the last 22 bytes, here an empty archive; the second comment is read as a
    1-byte comment of the fake record by some readers and as the real comment by others)."""
    for comment in (b"PK\x05\x06" + bytes(18), b"PK\x05\x06" + bytes(16) + b"\x01\x00x"):
        forged = _with_comment(signed, tmp_path / "f.xlsx", comment)
        code, out = verify_json(forged, capsys, pki.root_pem)
        assert refused(code, out)
        assert "signature-unreadable" in codes(out)


def test_unsigned_file_with_a_zip_comment_is_still_fine_without_trust_root(
    returned: Path, tmp_path, capsys
):
    """The container rule applies to signed files only: an unsigned return with a comment
    verifies as before."""
    forged = _with_comment(returned, tmp_path / "f.xlsx", b"made by a zip tool")
    code, out = verify_json(forged, capsys)
    assert code == 0, out


def test_signed_relationship_retyped_as_core_properties(signed: Path, pki, tmp_path, capsys):
    """Relationship types the signer leaves out (core/app properties, signature origin) are
    not flagged when added; a signed relationship given such a type is still in the SourceId
    selection, so its digest changes."""

    def edit(data: bytes) -> bytes:
        return re.sub(
            rb'(Id="rId1"[^>]*Type=")[^"]+|(Type=")[^"]+("[^>]*Id="rId1")',
            lambda m: (
                (m.group(1) or m.group(2))
                + b"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                b"core-properties" + (m.group(3) or b"")
            ),
            data,
            count=1,
        )

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={"xl/_rels/workbook.xml.rels": edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-part-changed" in codes(out)


@pytest.mark.parametrize(
    "extra",
    [
        b' xml:base="/xl/chartsheets/"',
        b' xmlns:x="urn:x" x:Target="worksheets/evil.xml"',
    ],
    ids=["xml-base", "namespaced-target"],
)
def test_attribute_the_relationship_transform_drops(signed: Path, pki, tmp_path, capsys, extra):
    """The RelationshipTransform keeps only un-namespaced attributes, so ``xml:base`` (which
    would move the target for a reader honouring it) or any namespaced attribute added to a
    signed relationship leaves the digest unchanged: it is flagged instead."""

    def edit(data: bytes) -> bytes:
        return data.replace(b"<Relationship ", b"<Relationship" + extra + b" ", 1)

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={"xl/_rels/workbook.xml.rels": edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-relationship-unsigned" in codes(out)


def test_relationship_wrapped_in_another_element(signed: Path, pki, tmp_path, capsys):
    """A Relationship inside mc:AlternateContent is dropped by the transform (direct children
    only); a lenient reader could still follow it."""

    def edit(data: bytes) -> bytes:
        rel = (b'<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
               b'markup-compatibility/2006"><mc:Choice Requires="x"><Relationship Id="rIdW" '
               b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
               b'hyperlink" Target="http://example.invalid/" TargetMode="External"/>'
               b"</mc:Choice></mc:AlternateContent>")  # fmt: skip
        return data.replace(b"</Relationships>", rel + b"</Relationships>")

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={"xl/_rels/workbook.xml.rels": edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-relationship-unsigned" in codes(out)


def test_signedinfo_reference_repeated_thousands_of_times(signed: Path, pki, tmp_path, capsys):
    """3000 copies of the reference to the package Object: each would canonicalise and hash
    it again (a forged signature making consolidation crawl); refused before any work."""

    def edit(data: bytes) -> bytes:
        m = re.search(
            rb'<Reference Type="[^"]+" URI="#idPackageObject">.*?</Reference>', data, re.S
        )
        return data[: m.start()] + m.group(0) * 3000 + data[m.end() :]

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={SIG: edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-malformed" in codes(out)


def test_manifest_references_one_part_thousands_of_times(signed: Path, pki, tmp_path, capsys):
    sheet, _ = sheet_with_number(signed)

    def edit(data: bytes) -> bytes:
        m = re.search(
            rb'<Reference URI="/' + sheet.encode() + rb'\?[^"]*">.*?</Reference>', data, re.S
        )
        return data[: m.start()] + m.group(0) * 3000 + data[m.end() :]

    forged = rewrite(signed, tmp_path / "f.xlsx", edit={SIG: edit})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert refused(code, out)
    assert "signature-malformed" in codes(out)
