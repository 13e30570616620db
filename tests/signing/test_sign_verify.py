"""``xladdin sign`` and the signature checks of ``xladdin verify``, headless.

Every forged file here is made by hand at the zip/XML level (tamper.py); each test is named
after what was done to the file. The expected outcomes follow from ECMA-376 Part 2 §13 (a
package signature covers the digests of the parts named in its manifest and the relationships
named by its relationship transforms) and RFC 5280 path validation (a signer is trusted only
through a chain to a configured root).
"""

from __future__ import annotations

import base64
import re
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("lxml")

from tests.signing.tamper import change_first_number, codes, rewrite, sheet_with_number, verify_json
from xladdin.cli import main


def sign(path: Path, pki, password_file: Path, *extra: str) -> int:
    return main(["sign", str(path), "--key", str(pki.p12), "--password-file", str(password_file),
                 "--lang", "en", *extra])  # fmt: skip


@pytest.fixture
def signed(returned: Path, pki, password_file: Path) -> Path:
    """Signed through the command line (``xladdin sign``), which these tests are about."""
    assert sign(returned, pki, password_file) == 0
    return returned


def test_signed_return_is_valid_and_trusted(signed: Path, pki, capsys):
    code, out = verify_json(signed, capsys, pki.root_pem)
    assert code == 0
    sig = out["signature"]
    assert sig["signed"] and sig["valid"] and sig["trusted"] is True
    assert sig["signers"][0]["common_name"] == "Oudomxay Provincial Statistics Office"
    assert codes(out) == ["signature-trusted", "signature-valid"]
    assert out["intact"] is True  # the stamp still verifies on the signed file


def test_signature_parts_are_where_office_puts_them(signed: Path):
    with zipfile.ZipFile(signed) as z:
        names = set(z.namelist())
        rels = z.read("_rels/.rels").decode()
        types = z.read("[Content_Types].xml").decode()
        sig = z.read("_xmlsignatures/sig1.xml").decode()
    assert {"_xmlsignatures/origin.sigs", "_xmlsignatures/sig1.xml",
            "_xmlsignatures/_rels/origin.sigs.rels"} <= names  # fmt: skip
    assert "relationships/digital-signature/origin" in rels
    assert 'Extension="sigs"' in types and "digital-signature-xmlsignature+xml" in types
    for needle in (
        'Id="idPackageObject"', 'Id="idOfficeObject"', 'Id="idSignedProperties"',
        "package/2006/RelationshipTransform", "xmldsig-more#rsa-sha256", "<SignatureInfoV1",
        "<xd:SigningTime>", "<mdssi:SignatureTime", "<X509Certificate>",
        'URI="/xl/workbook.xml?ContentType=', 'URI="/docProps/custom.xml?ContentType=',
    ):  # fmt: skip
        assert needle in sig, needle
    # Office does not sign the document metadata (title, author, application)
    assert "/docProps/core.xml" not in sig and "/docProps/app.xml" not in sig


def test_signed_without_trust_root_is_valid_with_a_warning(signed: Path, capsys):
    code, out = verify_json(signed, capsys)
    assert code == 0
    assert out["signature"]["trusted"] is None
    assert "signature-not-checked" in codes(out)


def test_ecdsa_key_signs_valid(returned: Path, ec_pki, password_file: Path, capsys):
    assert sign(returned, ec_pki, password_file) == 0
    with zipfile.ZipFile(returned) as z:
        assert "xmldsig-more#ecdsa-sha256" in z.read("_xmlsignatures/sig1.xml").decode()
    code, out = verify_json(returned, capsys, ec_pki.root_pem)
    assert code == 0, out["signature"]
    assert out["signature"]["valid"] and out["signature"]["trusted"]


def test_key_of_another_ca_is_untrusted(returned: Path, other_pki, pki, password_file, capsys):
    assert sign(returned, other_pki, password_file) == 0
    code, out = verify_json(returned, capsys, pki.root_pem)
    assert code == 1
    assert out["signature"]["valid"] is True  # the signature itself is fine ...
    assert out["signature"]["trusted"] is False  # ... but nobody we trust vouches for the key
    assert "signature-untrusted" in codes(out)


def test_one_cell_edited_after_signing_names_the_sheet(signed: Path, pki, tmp_path, capsys):
    sheet, _ = sheet_with_number(signed)
    forged = rewrite(signed, tmp_path / "forged.xlsx", edit={sheet: change_first_number})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert code == 1
    changed = [f for f in out["signature"]["findings"] if f["code"] == "signature-part-changed"]
    assert [f["message_en"].split(" ")[1] for f in changed] == [sheet]
    assert out["signature"]["valid"] is False


def test_signed_part_removed(signed: Path, pki, tmp_path, capsys):
    forged = rewrite(signed, tmp_path / "forged.xlsx", remove={"xl/theme/theme1.xml"})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert code == 1
    assert "signature-part-missing" in codes(out)
    assert any("xl/theme/theme1.xml" in f["message_en"] for f in out["signature"]["findings"])


def test_unsigned_part_added(signed: Path, pki, tmp_path, capsys):
    forged = rewrite(signed, tmp_path / "forged.xlsx", add={"xl/extra.xml": b"<x/>"})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert code == 1
    msgs = [f["message_en"] for f in out["signature"]["findings"]
            if f["code"] == "signature-part-unsigned"]  # fmt: skip
    assert msgs and "xl/extra.xml" in msgs[0]


def test_relationship_added_to_a_signed_rels_part(signed: Path, pki, tmp_path, capsys):
    def add_rel(data: bytes) -> bytes:
        rel = (b'<Relationship Id="rIdEvil" Type="http://schemas.openxmlformats.org/'
               b'officeDocument/2006/relationships/hyperlink" Target="http://example.invalid/" '
               b'TargetMode="External"/></Relationships>')  # fmt: skip
        return data.replace(b"</Relationships>", rel)

    forged = rewrite(signed, tmp_path / "forged.xlsx", edit={"xl/_rels/workbook.xml.rels": add_rel})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert code == 1
    assert "signature-relationship-unsigned" in codes(out)


def test_certificate_swapped_for_another(signed: Path, pki, other_pki, tmp_path, capsys):
    from cryptography.hazmat.primitives.serialization import Encoding

    other = base64.b64encode(other_pki.cert.public_bytes(Encoding.DER))

    def swap(data: bytes) -> bytes:
        return re.sub(rb"<X509Certificate>[^<]+</X509Certificate>",
                      b"<X509Certificate>" + other + b"</X509Certificate>", data, count=1)  # fmt: skip

    forged = rewrite(signed, tmp_path / "forged.xlsx", edit={"_xmlsignatures/sig1.xml": swap})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert code == 1
    found = codes(out)
    assert "signature-certificate-mismatch" in found or "signature-invalid" in found
    assert "signature-valid" not in found


def test_signing_time_edited_in_the_signature(signed: Path, pki, tmp_path, capsys):
    def older(data: bytes) -> bytes:
        return re.sub(rb"<xd:SigningTime>\d{4}", b"<xd:SigningTime>2001", data)

    forged = rewrite(signed, tmp_path / "forged.xlsx", edit={"_xmlsignatures/sig1.xml": older})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert code == 1
    assert "signature-property-changed" in codes(out)


def test_unsigned_file_with_trust_root_is_flagged(returned: Path, pki, capsys):
    code, out = verify_json(returned, capsys, pki.root_pem)
    assert code == 1
    assert codes(out) == ["signature-missing"]


def test_unsigned_file_without_trust_root_is_unchanged_behaviour(returned: Path, capsys):
    code, out = verify_json(returned, capsys)
    assert code == 0
    assert out["signature"]["signed"] is False and codes(out) == []


def test_wrong_password_is_refused(returned: Path, pki, tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("not the password\n", encoding="utf-8")
    before = returned.read_bytes()
    assert sign(returned, pki, bad) == 2
    assert "sign-key-unreadable" in capsys.readouterr().err
    assert returned.read_bytes() == before


def test_unprepared_workbook_is_refused(
    prepared_return: Path, pki, password_file, tmp_path, capsys
):
    source = prepared_return.with_name("Oudomxay GDP.xlsx")  # the compiled, unprepared book
    copy = tmp_path / "unprepared.xlsx"
    copy.write_bytes(source.read_bytes())
    assert sign(copy, pki, password_file) == 2
    assert "sign-refused" in capsys.readouterr().err


def test_already_signed_is_refused(signed: Path, pki, password_file, capsys):
    assert sign(signed, pki, password_file) == 2
    assert "already signed" in capsys.readouterr().err


def test_unreadable_trust_root(signed: Path, tmp_path, capsys):
    bad = tmp_path / "root.pem"
    bad.write_text("not a certificate", encoding="utf-8")
    code, out = verify_json(signed, capsys, bad)
    assert out["exit_code"] == 2
    assert code == 2


def test_sign_to_another_file_keeps_the_original(returned: Path, pki, password_file, tmp_path):
    before = returned.read_bytes()
    out = tmp_path / "signed.xlsx"
    assert sign(returned, pki, password_file, "-o", str(out)) == 0
    assert returned.read_bytes() == before
    with zipfile.ZipFile(out) as z:
        assert "_xmlsignatures/sig1.xml" in z.namelist()


def test_signer_summary_for_review(signed: Path, pki, tmp_path):
    from xladdin.signing import signer_summary
    from xladdin.signing.core import load_trust_roots

    roots = load_trust_roots([pki.root_pem])
    line = signer_summary(signed, roots)
    assert line.startswith("Oudomxay Provincial Statistics Office") and line.endswith("trusted")
    sheet, _ = sheet_with_number(signed)
    forged = rewrite(signed, tmp_path / "forged.xlsx", edit={sheet: change_first_number})
    assert signer_summary(forged, roots).startswith("INVALID (signature-part-changed)")


def test_signature_part_with_entity_expansion_is_malformed_not_a_hang(
    signed: Path, pki, tmp_path, capsys
):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">&c;</Signature>'
    )
    forged = rewrite(
        signed, tmp_path / "forged.xlsx", edit={"_xmlsignatures/sig1.xml": lambda d: bomb}
    )
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert code == 2  # the package inspection of verify refuses the file as a whole
    assert "signature-malformed" in codes(out)


def test_signature_part_not_xml_is_malformed(signed: Path, pki, tmp_path, capsys):
    forged = rewrite(
        signed, tmp_path / "forged.xlsx", edit={"_xmlsignatures/sig1.xml": lambda d: b"\x00garbage"}
    )
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert code == 2  # the package inspection of verify refuses the file as a whole
    assert "signature-malformed" in codes(out)


def test_second_object_with_the_same_id_is_malformed(signed: Path, pki, tmp_path, capsys):
    """Signature wrapping: a second element with Id="idPackageObject" holding another manifest."""

    def wrap(data: bytes) -> bytes:
        return data.replace(
            b"</Signature>", b'<Object Id="idPackageObject"><Manifest/></Object></Signature>'
        )

    forged = rewrite(signed, tmp_path / "forged.xlsx", edit={"_xmlsignatures/sig1.xml": wrap})
    code, out = verify_json(forged, capsys, pki.root_pem)
    assert code == 1
    assert "signature-malformed" in codes(out)


def test_fifo_named_xlsx_neither_hangs_sign_nor_the_signature_check(
    tmp_path, pki, password_file, capsys
):
    import os

    from xladdin.signing import signer_for_review, verify_signatures

    fifo = tmp_path / "pipe-return.xlsx"
    os.mkfifo(fifo)
    assert sign(fifo, pki, password_file) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert verify_signatures(fifo).exit_code == 2
    assert signer_for_review(fifo).startswith("not checked")


def test_read_only_folder_gives_exit_2_not_a_traceback(returned: Path, pki, password_file, capsys):
    import os

    if os.geteuid() == 0:
        pytest.skip("root ignores permissions")
    returned.parent.chmod(0o500)
    try:
        assert sign(returned, pki, password_file) == 2
    finally:
        returned.parent.chmod(0o700)
    assert "Traceback" not in capsys.readouterr().err


def test_content_types_naming_a_part_twice_is_refused_in_both_languages(
    returned: Path, pki, password_file, tmp_path, capsys
):
    """[Content_Types].xml (unsigned) giving the workbook part a second, macro-enabled type
    before its own: readers differ on which wins, so nothing is signed, and the reason (both
    types) is said in the reader's language."""
    macro = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"

    def twice(data: bytes) -> bytes:
        extra = f'<Override PartName="/xl/workbook.xml" ContentType="{macro}"/>'.encode()
        return data.replace(b"<Override ", extra + b"<Override ", 1)

    forged = rewrite(returned, tmp_path / "types-twice.xlsx",
                     edit={"[Content_Types].xml": twice})  # fmt: skip
    before = forged.read_bytes()
    args = ["sign", str(forged), "--key", str(pki.p12), "--password-file", str(password_file)]
    assert main([*args, "--lang", "lo"]) == 2
    err = capsys.readouterr().err
    assert "sign-refused" in err and macro in err
    assert "ໃຫ້ປະເພດເນື້ອໃນຫຼາຍກວ່າໜຶ່ງ" in err  # the Lao reason, not the English one
    assert "more than one content type" not in err
    assert forged.read_bytes() == before


def test_signing_copies_unsigned_parts_raw_and_dates_the_new_ones(
    returned: Path, pki, password_file
):
    """The package layer's writer: a part signing did not change keeps its compressed bytes
    and its entry's time; the signature parts are dated when they were made (UTC)."""
    from datetime import UTC, datetime

    with zipfile.ZipFile(returned) as z:
        before = {i.filename: (i.CRC, i.compress_size, i.date_time) for i in z.infolist()}
    assert sign(returned, pki, password_file) == 0
    with zipfile.ZipFile(returned) as z:
        after = {i.filename: (i.CRC, i.compress_size, i.date_time) for i in z.infolist()}
    kept = [n for n in before if n.startswith("xl/worksheets/")]
    assert kept and all(after[n] == before[n] for n in kept)
    year = datetime.now(UTC).year
    assert after["_xmlsignatures/sig1.xml"][2][0] in (year - 1, year, year + 1)


def test_verify_reads_the_file_once_for_stamp_signature_and_province(
    signed: Path, pki, tmp_path, monkeypatch, capsys
):
    """``xladdin verify --trust-root --signers``: the stamp, the signatures and the signer's
    province are checked on the bytes read and inspected once (a file swapped between two
    readings could otherwise pass one check with one content and another with another)."""
    import xladdin.workbook.package as package
    import xladdin.workbook.safety as safety

    reads: list[str] = []
    real = package.read_regular_file

    def counted(path, *args, **kwargs):
        reads.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(package, "read_regular_file", counted)
    monkeypatch.setattr(safety, "read_regular_file", counted)
    table = tmp_path / "signers.csv"
    table.write_text(
        "province,common_name\n09,Oudomxay Provincial Statistics Office\n", encoding="utf-8"
    )
    code = main(["verify", str(signed), "--trust-root", str(pki.root_pem),
                 "--signers", str(table), "--json"])  # fmt: skip
    out = capsys.readouterr().out
    assert code in (0, 1), out  # 1: the table names no matching certificate (checked anyway)
    assert '"signature"' in out and "signature-signer" in out  # the province check ran
    assert reads == [str(signed)]
