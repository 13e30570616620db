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


def _name(cn: str, org: str = "Lao Statistics Bureau (test)") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "LA"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


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
    now = start or datetime.now(UTC) - timedelta(days=1)
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
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
    if ca:
        b = b.add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
    else:
        b = b.add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        ).add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION,
                                   ExtendedKeyUsageOID.CLIENT_AUTH]),
            critical=False,
        )  # fmt: skip
    return b.sign(issuer_key, hashes.SHA256())


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
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name(f"Test National Root CA{tag}", "Lao National Root CA (test)")
    root = _cert(root_name, root_key, root_name, root_key, ca=True, days=3650)
    issuer_name, issuer_key, chain = root_name, root_key, []
    if intermediate:
        int_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        int_name = _name(f"Test Government Issuing CA{tag}", "Lao National Root CA (test)")
        inter = _cert(int_name, int_key, root_name, root_key, ca=True, days=1825)
        issuer_name, issuer_key, chain = int_name, int_key, [inter]
    key: Any = (
        ec.generate_private_key(ec.SECP256R1())
        if ecdsa
        else rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
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
