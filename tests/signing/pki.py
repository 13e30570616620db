"""A small test PKI made with ``cryptography``: a root CA (standing in for the Lao national
root CA), an intermediate CA, and province signing certificates, written as PEM and PKCS#12."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def cn_name(cn: str, org: str | None = None) -> x509.Name:
    """``C=LA, O=org, CN=cn`` (just ``CN=cn`` without ``org``)."""
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if org is not None:
        attrs = [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "LA"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            *attrs,
        ]
    return x509.Name(attrs)


def _name(cn: str, org: str = "Lao Statistics Bureau (test)") -> x509.Name:
    return cn_name(cn, org)


def rsa_key() -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def issue(
    subject: str | x509.Name,
    key: Any,
    issuer: x509.Certificate | x509.Name | None,
    issuer_key: Any,
    *,
    ca: bool,
    ku: dict[str, bool] | None = None,
    eku: list[Any] | None = None,
    days: int = 365,
    start: datetime | None = None,
) -> x509.Certificate:
    """A certificate with exactly the extensions given (RFC 5280 names): basicConstraints
    (critical), subject and authority key identifiers, keyUsage (critical; default
    keyCertSign + cRLSign for a CA, digitalSignature otherwise) and, when given,
    extendedKeyUsage. ``issuer`` None: self-signed."""
    subject_name = cn_name(subject) if isinstance(subject, str) else subject
    if issuer is None:
        issuer_name = subject_name
    else:
        issuer_name = issuer.subject if isinstance(issuer, x509.Certificate) else issuer
    now = start or datetime.now(UTC) - timedelta(days=1)
    b = (
        x509.CertificateBuilder()
        .subject_name(subject_name)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    flags = dict.fromkeys(
        ["digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
         "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"],
        False,
    )  # fmt: skip
    if ku is None:
        ku = {"key_cert_sign": True, "crl_sign": True} if ca else {"digital_signature": True}
    flags.update(ku)
    b = b.add_extension(x509.KeyUsage(**flags), critical=True)
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def _cert(
    subject: x509.Name,
    key: Any,
    issuer: x509.Name,
    issuer_key: Any,
    *,
    ca: bool,
    days: int = 365,
    start: datetime | None = None,
) -> x509.Certificate:
    """The profile of a national CA: CA certificates sign (digitalSignature, keyCertSign,
    cRLSign); province certificates sign documents (digitalSignature, nonRepudiation;
    emailProtection and clientAuth, as personal certificates carry)."""
    if ca:
        ku = {"digital_signature": True, "key_cert_sign": True, "crl_sign": True}
        eku = None
    else:
        ku = {"digital_signature": True, "content_commitment": True}
        eku = [ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CLIENT_AUTH]
    return issue(subject, key, issuer, issuer_key, ca=ca, ku=ku, eku=eku, days=days, start=start)


@dataclass
class Pki:
    root_pem: Path
    p12: Path
    password: str
    cert: x509.Certificate


def make_pki(folder: Path, *, ecdsa: bool = False, intermediate: bool = True,
             cn: str = "Oudomxay Provincial Statistics Office", tag: str = "") -> Pki:  # fmt: skip
    """Root CA -> (intermediate CA ->) province certificate; returns the root PEM and the
    province PKCS#12 (with the intermediate inside, as national CAs issue them)."""
    folder.mkdir(parents=True, exist_ok=True)
    root_key = rsa_key()
    root_name = _name(f"Test National Root CA{tag}", "Lao National Root CA (test)")
    root = _cert(root_name, root_key, root_name, root_key, ca=True, days=3650)
    issuer_name, issuer_key, chain = root_name, root_key, []
    if intermediate:
        int_key = rsa_key()
        int_name = _name(f"Test Government Issuing CA{tag}", "Lao National Root CA (test)")
        inter = _cert(int_name, int_key, root_name, root_key, ca=True, days=1825)
        issuer_name, issuer_key, chain = int_name, int_key, [inter]
    key: Any = ec.generate_private_key(ec.SECP256R1()) if ecdsa else rsa_key()
    cert = _cert(_name(cn), key, issuer_name, issuer_key, ca=False)
    password = "correct horse battery staple"
    p12 = folder / f"province{tag}.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"province", key, cert, chain,
            serialization.BestAvailableEncryption(password.encode()),
        )
    )  # fmt: skip
    root_pem = folder / f"root{tag}.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    return Pki(root_pem, p12, password, cert)


def main(argv: list[str] | None = None) -> int:
    """``python tests/signing/pki.py FOLDER``: a test PKI for the Windows check (never for real
    returns): ``root-test.cer`` (DER, double-click to install), ``root-test.pem`` and
    ``province-test.p12``; prints the PKCS#12 password."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "xladdin-test-pki")
    pki = make_pki(folder, tag="-test")
    root = x509.load_pem_x509_certificate(pki.root_pem.read_bytes())
    (folder / "root-test.cer").write_bytes(root.public_bytes(serialization.Encoding.DER))
    print(f"{folder}: root-test.cer, root-test.pem, province-test.p12")
    print(f"password of province-test.p12: {pki.password}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
