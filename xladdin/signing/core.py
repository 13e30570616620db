"""OOXML package signatures (ECMA-376 Part 2, with the XAdES properties Office writes).

What a signature is made of (the layout Office and LibreOffice write; sources: ECMA-376 Part 2
§13 "Digital Signatures"; [MS-OFFCRYPTO] §2.5.2 "Xmldsig Digital Signature Elements"; Apache
POI ``OOXMLSignatureFacet``/``XAdESSignatureFacet``; LibreOffice ``ooxmlsecexporter.cxx``):

- ``_rels/.rels`` gets a relationship of type ``.../digital-signature/origin`` to the empty part
  ``_xmlsignatures/origin.sigs``, whose rels point (``.../digital-signature/signature``) to
  ``_xmlsignatures/sig1.xml``.
- ``sig1.xml`` is one ``<Signature Id="idPackageSignature">`` (XML-DSig) whose ``SignedInfo``
  (canonicalised with C14N 1.0, inclusive) references three ``Object``\\ s by ``Id``:

  * ``idPackageObject``: a ``Manifest`` with one ``Reference`` per signed part,
    ``URI="/xl/workbook.xml?ContentType=..."``, SHA-256 over the part's bytes; relationship parts
    are referenced through the *RelationshipTransform* (ECMA-376-2 §13.2.4.24: keep the
    relationships named by ``SourceId``, sort them by ``Id``, add ``TargetMode="Internal"`` when
    missing) followed by C14N; plus ``mdssi:SignatureTime``;
  * ``idOfficeObject``: ``SignatureInfoV1`` ([MS-OFFCRYPTO] §2.5.2.5);
  * ``idSignedProperties`` (XAdES 1.3.2 ``QualifyingProperties``): ``SigningTime`` and
    ``SigningCertificate`` (SHA-256 of the certificate, issuer and serial);

  then ``SignatureValue`` (RSA PKCS#1 v1.5 with SHA-256, or ECDSA P-256 with SHA-256 as
  ``r || s``, RFC 4050 / RFC 6931) and ``KeyInfo/X509Data`` with the signer certificate first,
  then any intermediate certificates of the key file.

Signed parts, as Office and LibreOffice choose them: every part except ``[Content_Types].xml``
(not a part), ``docProps/core.xml`` and ``docProps/app.xml`` (document metadata: title, author,
application; Office does not sign them) and the signature parts; in every relationships part,
every relationship except those to these metadata parts and the signature origin. The custom
properties (``docProps/custom.xml``, where xladdin's stamp lives) *are* signed.

The verifier recomputes every digest itself, checks the signature value with the key of the
certificate in ``KeyInfo`` that the signed XAdES properties name, reports any part or
relationship that is not covered (added after signing) and any signed part that changed or is
missing, by name, and checks the certificate chain to the given trust roots with
``cryptography.x509.verification``.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import os
import posixpath
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from xladdin.errors import RefusedWorkbookError, UnreadableWorkbookError, WorkbookError
from xladdin.findings import Finding, Report, finding
from xladdin.findings.words import one_line, os_reason_words, reason, word
from xladdin.signing.signers import SignerTable

__all__ = [
    "SignResult",
    "SignatureCheck",
    "SignaturePolicy",
    "SignaturePolicyError",
    "SignerInfo",
    "SigningKey",
    "load_pkcs12",
    "review_signature",
    "review_signature_parts",
    "sign_available",
    "sign_file",
    "signature_policy",
    "signer_findings",
    "signer_for_review",
    "signer_summary",
    "verify_signatures",
]

# -- names -------------------------------------------------------------------------------------

DS = "http://www.w3.org/2000/09/xmldsig#"
XD = "http://uri.etsi.org/01903/v1.3.2#"
MDSSI = "http://schemas.openxmlformats.org/package/2006/digital-signature"
MSDIGSIG = "http://schemas.microsoft.com/office/2006/digsig"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
REL_TRANSFORM = "http://schemas.openxmlformats.org/package/2006/RelationshipTransform"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
OBJECT_TYPE = "http://www.w3.org/2000/09/xmldsig#Object"
XADES_TYPE = "http://uri.etsi.org/01903#SignedProperties"

REL_ORIGIN = "http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/origin"
REL_SIGNATURE = (
    "http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/signature"
)
REL_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
REL_APP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
CT_ORIGIN = "application/vnd.openxmlformats-package.digital-signature-origin"
CT_SIGNATURE = "application/vnd.openxmlformats-package.digital-signature-xmlsignature+xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"

ORIGIN_PART = "_xmlsignatures/origin.sigs"
SIG_PART = "_xmlsignatures/sig1.xml"
SIG_FOLDER = "_xmlsignatures/"

UNSIGNED_RELATIONSHIPS = frozenset({REL_CORE, REL_APP, REL_ORIGIN})
"""Relationship types left out of the relationship transform (LibreOffice
``isOOXMLRelationBlacklist``; Office's list of signed types does not include them either)."""

HASHES = {
    SHA256: "sha256",
    "http://www.w3.org/2001/04/xmldsig-more#sha384": "sha384",
    "http://www.w3.org/2001/04/xmlenc#sha512": "sha512",
}
SIGNATURE_METHODS = {
    RSA_SHA256: ("rsa", "sha256"),
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384": ("rsa", "sha384"),
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": ("rsa", "sha512"),
    ECDSA_SHA256: ("ecdsa", "sha256"),
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384": ("ecdsa", "sha384"),
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512": ("ecdsa", "sha512"),
}
"""Accepted signature methods. SHA-1 ones (Office 2007) are refused: SHA-1 is broken for
signatures (SHAttered, 2017)."""

MAX_SIGNATURES = 8
MAX_MANIFEST_REFERENCES = 5000
MAX_SIGNEDINFO_REFERENCES = 16
"""Office and LibreOffice write 3 SignedInfo references and one manifest reference per part;
a part or an Id referenced twice is refused, so the work of a check is bounded by the size of
the package (a forged signature cannot make verify hash one large part thousands of times)."""

_STAMP_MARKER = b"xladdin.return.data_sha256"


def _regular_file(path: str | os.PathLike[str]) -> bool:
    """True for a regular file (following links): never open a FIFO or a device, which would
    block or never end (a FIFO or a link to /dev/zero named .xlsx)."""
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def sign_available() -> bool:
    """True when the ``sign`` extra is installed (lxml and cryptography)."""
    try:
        import cryptography  # noqa: F401
        import lxml.etree  # noqa: F401
    except ImportError:
        return False
    return True


class SigningError(Exception):
    """A file cannot be signed; carries the finding that says why."""

    def __init__(self, found: Finding):
        super().__init__(found.message_en)
        self.finding = found


# -- keys --------------------------------------------------------------------------------------


@dataclass
class SigningKey:
    """A private key with its certificate (and any intermediate certificates), from PKCS#12."""

    key: Any
    certificate: Any
    chain: list[Any] = field(default_factory=list)


def load_pkcs12(path: str | os.PathLike[str], password: str | bytes | None) -> SigningKey:
    """Read a PKCS#12 key file (``.p12``/``.pfx``) with ``cryptography``.

    Raises
    ------
    SigningError
        ``sign-key-unreadable`` (the file cannot be read, the password is wrong, it is not
        PKCS#12, it has no key or certificate, or the key type is neither RSA nor EC).
    """
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SigningError(
            finding("sign-key-unreadable", path=str(path), **os_reason_words(exc))
        ) from exc
    pw = password.encode("utf-8") if isinstance(password, str) else password
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, pw or None)
    except (ValueError, TypeError):
        why = reason("reason_key_password")
        raise SigningError(finding("sign-key-unreadable", path=str(path), **why)) from None
    if key is None or cert is None:
        why = reason("reason_key_no_private_key")
        raise SigningError(finding("sign-key-unreadable", path=str(path), **why))
    if not isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        why = reason("reason_key_type", kind=type(key).__name__)
        raise SigningError(finding("sign-key-unreadable", path=str(path), **why))
    return SigningKey(key, cert, list(extra or []))


# -- XML helpers -------------------------------------------------------------------------------


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _parse(data: bytes, what: str) -> Any:
    """Parse untrusted XML: no DTD, no entities, no network."""
    from lxml import etree

    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise ValueError(f"{what}: a DOCTYPE or entity declaration is not allowed")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"{what}: not well-formed XML ({exc})") from None
    # The byte test above misses a DOCTYPE after 4 KiB of comment or in UTF-16; the parsed
    # document says whether there was one, in any encoding.
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise ValueError(f"{what}: a DOCTYPE or entity declaration is not allowed")
    return root


def _c14n_subtree(el: Any) -> bytes:
    """Inclusive C14N 1.0 (no comments) of the subtree ``el``, as a same-document reference
    selects it: every namespace in scope is rendered on ``el``.

    lxml's ``tostring(el, method="c14n")`` on a non-root element emits spurious ``xmlns=""``
    on prefixed descendants when the default namespace is inherited, so the subtree is copied
    under a new root declaring every in-scope namespace and canonicalised as a whole document.
    """
    from lxml import etree

    new = etree.Element(el.tag, attrib=dict(el.attrib), nsmap=dict(el.nsmap))
    new.text = el.text
    for child in el:
        new.append(copy.deepcopy(child))
    return etree.tostring(etree.ElementTree(new), method="c14n")


def relationship_transform(data: bytes, source_ids: Iterable[str]) -> bytes:
    """The RelationshipTransform (ECMA-376-2 §13.2.4.24) then C14N of a rels part.

    Keeps the ``Relationship`` elements whose ``Id`` is in ``source_ids``, sorted by ``Id``
    (byte order), drops text, comments and namespaced attributes, adds ``TargetMode="Internal"``
    where it is missing. Returns the canonical bytes that are digested.
    """
    from lxml import etree

    root = _parse(data, "relationships")
    if root.tag != f"{{{RELS_NS}}}Relationships":
        raise ValueError("relationships part: the root is not <Relationships>")
    wanted = set(source_ids)
    rels = [el for el in root if el.tag == f"{{{RELS_NS}}}Relationship" and el.get("Id") in wanted]
    rels.sort(key=lambda el: el.get("Id", "").encode("utf-8"))
    out = etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
    for el in rels:
        new = etree.SubElement(out, f"{{{RELS_NS}}}Relationship")
        for name, value in el.attrib.items():
            if not name.startswith("{"):
                new.set(name, value)
        if el.get("TargetMode") is None:
            new.set("TargetMode", "Internal")
    return etree.tostring(etree.ElementTree(out), method="c14n")


def _compact_rels(data: bytes) -> bytes:
    """A rels part without whitespace between elements (as Office writes them).

    The relationship transform drops text, but libxmlsec before 1.3 (LibreOffice's verifier on
    Debian 12) serialises whitespace text nodes into the transform output; parts signed with
    whitespace then fail there. Only whitespace is removed; the relationships are unchanged.
    """
    from lxml import etree

    root = _parse(data, "relationships")
    changed = False
    for el in root.iter():
        if el.text is not None and not el.text.strip() and len(el):
            el.text = None
            changed = True
        if el.tail is not None and not el.tail.strip():
            el.tail = None
            changed = True
    if not changed:
        return data
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _digest(data: bytes, algo: str = "sha256") -> bytes:
    return hashlib.new(algo, data).digest()


def _part_uri(part: str, content_type: str) -> str:
    quoted = urllib.parse.quote(part, safe="/!$&'()*+,;=:@-._~")
    return f"/{quoted}?ContentType={content_type}"


def _uri_part(uri: str) -> tuple[str, str]:
    """``/xl/workbook.xml?ContentType=x`` -> ``("xl/workbook.xml", "x")``."""
    path, _, query = uri.partition("?")
    ctype = ""
    if query.startswith("ContentType="):
        ctype = query[len("ContentType=") :]
    return urllib.parse.unquote(path).lstrip("/"), ctype


def _time_text(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _issuer_text(cert: Any) -> str:
    """Issuer distinguished name as Office writes it: RFC 4514 RDNs joined by ``", "``."""
    return ", ".join(rdn.rfc4514_string() for rdn in reversed(cert.issuer.rdns))


# -- the package in memory ---------------------------------------------------------------------


class _LazyParts(dict):
    """Part name -> bytes, each read from the package the first time it is asked for."""

    def __init__(self, pkg: Any) -> None:
        super().__init__()
        self._pkg = pkg

    def __missing__(self, name: str) -> bytes:
        data = self[name] = self._pkg.read(name)
        return data


class _Parts:
    """The parts of a package (zip order), their content types and relationships.

    From a path every part is read at once (a damaged part makes the package unreadable). From
    a :class:`~xladdin.workbook.package.Package` the review already inspected -- every part
    inflated to its end and CRC-checked once by :func:`xladdin.workbook.safety.open_untrusted`,
    so a damaged part has already made the file unreadable there -- a part is read only when a
    signature needs it: an unsigned file reads its content types and relationships."""

    def __init__(self, path: Path, package: Any = None):
        from xladdin.workbook.package import Package

        self.pkg = package if package is not None else Package(path)
        problems = list(getattr(self.pkg, "duplicates", []) or []) + [
            (name, word(why)) for name, why in getattr(self.pkg, "unsafe", []) or []
        ]
        if problems:
            raise RefusedWorkbookError(
                f"{path}: duplicate or unsafe zip entry names: {', '.join(map(str, problems[:5]))}"
            )
        self.names = self.pkg.names()
        if len({n.lower() for n in self.names}) != len(self.names):
            raise RefusedWorkbookError(f"{path}: duplicate zip entry names")
        self._lower = {n.lower(): n for n in self.names}
        self.data: dict[str, bytes] = (
            _LazyParts(self.pkg)
            if package is not None
            else {n: self.pkg.read(n) for n in self.names}
        )
        ct = self.find("[Content_Types].xml")
        if ct is None:
            raise UnreadableWorkbookError(f"{path}: no [Content_Types].xml")
        self.defaults, self.overrides, self.ambiguous = _content_types(self.data[ct])

    def find(self, name: str) -> str | None:
        """The stored spelling of part ``name`` (OPC part names are case-insensitive)."""
        low = name.lstrip("/").lower()
        if len(self._lower) != len(self.names):  # parts were added (signing)
            self._lower = {n.lower(): n for n in self.names}
        return self._lower.get(low)

    def content_type(self, name: str) -> str:
        """The content type of part ``name``; ``"ambiguous: a | b"`` when [Content_Types].xml
        gives it more than one (readers differ on which one wins)."""
        low = name.lower()
        base = posixpath.basename(low)
        ext = base.rsplit(".", 1)[1] if "." in base else ""
        for key in (low, "." + ext):
            if key in self.ambiguous:
                return "ambiguous: " + " | ".join(sorted(self.ambiguous[key]))
        over = self.overrides.get(low)
        if over:
            return over
        return self.defaults.get(ext, "")

    def rels(self, rels_name: str) -> list[Any]:
        root = _parse(self.data[rels_name], rels_name)
        return [el for el in root if el.tag == f"{{{RELS_NS}}}Relationship"]


def _content_types(data: bytes) -> tuple[dict[str, str], dict[str, str], dict[str, set[str]]]:
    """``(defaults, overrides, ambiguous)`` of ``[Content_Types].xml``.

    Stricter than the readers' :func:`xladdin.workbook.package.parse_content_types` on
    purpose: a signature check must see every entry given twice, which the readers (taking
    one) need not.

    Override part names are compared as OPC compares part names (ECMA-376-2 §6.2.2.3:
    percent-decoded, case-insensitive). ``ambiguous`` maps an override name (or ``"." + ext``
    for a Default) given twice to its content types: ``[Content_Types].xml`` is not signed, so
    a second entry placed before the genuine one could change how a signed part is read by a
    reader that takes the first (e.g. the workbook turned into a macro workbook).
    """
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    ambiguous: dict[str, set[str]] = {}
    root = _parse(data, "[Content_Types].xml")
    for el in root:
        if not isinstance(el.tag, str):
            continue
        kind = el.tag.rsplit("}", 1)[-1]
        if kind == "Default":
            key, table = el.get("Extension", "").lower(), defaults
            akey = "." + key
        elif kind == "Override":
            key = urllib.parse.unquote(el.get("PartName", "")).lstrip("/").lower()
            table, akey = overrides, key
        else:
            continue
        value = el.get("ContentType", "")
        if key in table:
            ambiguous.setdefault(akey, {table[key]}).add(value)
        table[key] = value
    return defaults, overrides, ambiguous


def _zip_container_problem(pkg: Any) -> str | None:
    """Why the zip is not one plain package, or None.

    A package signature covers the parts as this reader sees them; another reader must see
    the same parts. Zip readers find entries differently (central directory at the end, local
    headers from the start, first or last end record), so data before the first entry (a
    forged package in front of the signed one), an archive comment (which can hide a second
    end record) or bytes after the end record are refused.
    """
    data = pkg.data
    if data[:4] != b"PK\x03\x04":
        return "data before the first zip entry"
    if pkg.zip.comment or data[-22:-18] != b"PK\x05\x06" or data[-2:] != b"\x00\x00":
        return "a zip comment or data after the end of the zip directory"
    if min((i.header_offset for i in pkg.zip.infolist()), default=0) != 0:
        return "data before the first zip entry"
    return None


def _is_rels(name: str) -> bool:
    return name.endswith(".rels") and posixpath.basename(posixpath.dirname(name)) == "_rels"


def _metadata_parts(parts: _Parts) -> set[str]:
    """Parts targeted by the root's core- and extended-properties relationships."""
    from xladdin.workbook.package import resolve_target

    out: set[str] = set()
    root = parts.find("_rels/.rels")
    if root is None:
        return out
    rels = parts.rels(root)
    for rtype, ctype in ((REL_CORE, CT_CORE), (REL_APP, CT_APP)):
        # OPC allows one core-properties part (ECMA-376-2 §8.2); a second relationship, or
        # one to a part of another type, must not make an added part "metadata" (unsigned).
        mine = [el for el in rels if el.get("Type") == rtype]
        if len(mine) != 1 or mine[0].get("TargetMode") == "External":
            continue
        found = parts.find(resolve_target("", mine[0].get("Target", "")))
        if found and parts.content_type(found) == ctype:
            out.add(found)
    return out


def _exempt(name: str, metadata: set[str]) -> bool:
    return name.lower() == "[content_types].xml" or name.startswith(SIG_FOLDER) or name in metadata


# -- signing -----------------------------------------------------------------------------------


@dataclass
class SignResult:
    """What :func:`sign_file` did."""

    path: Path
    signer: SignerInfo
    signed_parts: list[str]


def _add_origin(parts: _Parts) -> None:
    """Add the origin relationship, the signature parts' content types and rels."""
    from lxml import etree

    root_rels = parts.find("_rels/.rels")
    if root_rels is None:
        raise UnreadableWorkbookError("the package has no _rels/.rels")
    tree = _parse(parts.data[root_rels], root_rels)
    ids = {el.get("Id") for el in tree}
    n = 1
    while f"rIdSig{n}" in ids:
        n += 1
    rel = etree.SubElement(tree, f"{{{RELS_NS}}}Relationship")
    rel.set("Id", f"rIdSig{n}")
    rel.set("Type", REL_ORIGIN)
    rel.set("Target", ORIGIN_PART)
    parts.data[root_rels] = etree.tostring(
        tree, xml_declaration=True, encoding="UTF-8", standalone=True
    )

    ct_name = parts.find("[Content_Types].xml")
    assert ct_name is not None
    types = _parse(parts.data[ct_name], ct_name)
    if "sigs" not in parts.defaults:
        d = etree.Element(f"{{{CT_NS}}}Default", Extension="sigs", ContentType=CT_ORIGIN)
        types.insert(0, d)
    o = etree.SubElement(types, f"{{{CT_NS}}}Override")
    o.set("PartName", "/" + SIG_PART)
    o.set("ContentType", CT_SIGNATURE)
    parts.data[ct_name] = etree.tostring(
        types, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    parts.defaults["sigs"] = CT_ORIGIN
    parts.overrides[SIG_PART.lower()] = CT_SIGNATURE

    sig_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{REL_SIGNATURE}" '
        'Target="sig1.xml"/></Relationships>'
    ).encode()
    for name, data in (
        (ORIGIN_PART, b""),
        ("_xmlsignatures/_rels/origin.sigs.rels", sig_rels),
    ):
        parts.names.append(name)
        parts.data[name] = data


def _manifest_references(parts: _Parts) -> list[tuple[str, list[str] | None, bytes]]:
    """``(URI, relationship SourceIds or None, digest)`` of every part to sign, sorted by URI."""
    metadata = _metadata_parts(parts)
    refs: list[tuple[str, list[str] | None, bytes]] = []
    for name in parts.names:
        if _exempt(name, metadata):
            continue
        if _is_rels(name):
            parts.data[name] = _compact_rels(parts.data[name])
            ids = [
                el.get("Id", "")
                for el in parts.rels(name)
                if el.get("Type") not in UNSIGNED_RELATIONSHIPS and el.get("Id")
            ]
            digest = _digest(relationship_transform(parts.data[name], ids))
            refs.append((_part_uri(name, CT_RELS), ids, digest))
        else:
            ctype = parts.content_type(name)
            if not ctype:
                raise SigningError(
                    finding("sign-refused", path=name, **reason("reason_no_content_type"))
                )
            if ctype.startswith("ambiguous:"):
                types = ctype.split(":", 1)[1].strip()
                why = reason("reason_content_type_ambiguous", types=types)
                raise SigningError(finding("sign-refused", path=name, **why))
            refs.append((_part_uri(name, ctype), None, _digest(parts.data[name])))
    refs.sort(key=lambda r: r[0])
    return refs


def _el(parent: Any, tag: str, text: str | None = None, ns: str = DS, **attrib: str) -> Any:
    from lxml import etree

    el = etree.SubElement(parent, f"{{{ns}}}{tag}")
    for k, v in attrib.items():
        el.set(k, v)
    if text is not None:
        el.text = text
    return el


def _digest_method(parent: Any, value: bytes) -> None:
    _el(parent, "DigestMethod", Algorithm=SHA256)
    _el(parent, "DigestValue", _b64(value))


def _build_signature(
    refs: list[tuple[str, list[str] | None, bytes]], key: SigningKey, when: datetime
) -> bytes:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding, utils
    from lxml import etree

    cert = key.certificate
    ecdsa = isinstance(key.key, ec.EllipticCurvePrivateKey)
    sig = etree.Element(f"{{{DS}}}Signature", nsmap={None: DS})
    sig.set("Id", "idPackageSignature")
    signed_info = _el(sig, "SignedInfo")
    _el(signed_info, "CanonicalizationMethod", Algorithm=C14N)
    _el(signed_info, "SignatureMethod", Algorithm=ECDSA_SHA256 if ecdsa else RSA_SHA256)
    _el(sig, "SignatureValue", "")
    x509 = _el(_el(sig, "KeyInfo"), "X509Data")
    for c in [cert, *key.chain]:
        _el(x509, "X509Certificate", _b64(c.public_bytes(serialization.Encoding.DER)))

    # idPackageObject: the manifest of parts, and the signature time
    pkg_obj = _el(sig, "Object", Id="idPackageObject")
    manifest = _el(pkg_obj, "Manifest")
    for uri, ids, digest in refs:
        ref = _el(manifest, "Reference", URI=uri)
        if ids is not None:
            transforms = _el(ref, "Transforms")
            rt = _el(transforms, "Transform", Algorithm=REL_TRANSFORM)
            for sid in ids:
                rr = etree.SubElement(
                    rt, f"{{{MDSSI}}}RelationshipReference", nsmap={"mdssi": MDSSI}
                )
                rr.set("SourceId", sid)
            _el(transforms, "Transform", Algorithm=C14N)
        _digest_method(ref, digest)
    props = _el(pkg_obj, "SignatureProperties")
    prop = _el(props, "SignatureProperty", Id="idSignatureTime", Target="#idPackageSignature")
    st = etree.SubElement(prop, f"{{{MDSSI}}}SignatureTime", nsmap={"mdssi": MDSSI})
    _el(st, "Format", "YYYY-MM-DDThh:mm:ssTZD", ns=MDSSI)
    _el(st, "Value", _time_text(when), ns=MDSSI)

    # idOfficeObject: SignatureInfoV1 ([MS-OFFCRYPTO] 2.5.2.5; values as LibreOffice writes)
    off_obj = _el(sig, "Object", Id="idOfficeObject")
    oprop = _el(
        _el(off_obj, "SignatureProperties"),
        "SignatureProperty",
        Id="idOfficeV1Details",
        Target="#idPackageSignature",
    )
    info = etree.SubElement(oprop, f"{{{MSDIGSIG}}}SignatureInfoV1", nsmap={None: MSDIGSIG})
    for tag, text in (
        ("SetupID", ""),
        ("SignatureText", ""),
        ("SignatureImage", ""),
        ("SignatureComments", "Returned GDP file signed with xladdin"),
        ("WindowsVersion", "10.0"),
        ("OfficeVersion", "16.0"),
        ("ApplicationVersion", "16.0"),
        ("Monitors", "1"),
        ("HorizontalResolution", "1280"),
        ("VerticalResolution", "800"),
        ("ColorDepth", "32"),
        ("SignatureProviderId", "{00000000-0000-0000-0000-000000000000}"),
        ("SignatureProviderUrl", ""),
        ("SignatureProviderDetails", "9"),
        ("SignatureType", "1"),
        ("ManifestHashAlgorithm", SHA256),
    ):
        _el(info, tag, text, ns=MSDIGSIG)

    # XAdES: SignedProperties
    xobj = _el(sig, "Object")
    qp = etree.SubElement(xobj, f"{{{XD}}}QualifyingProperties", nsmap={"xd": XD})
    qp.set("Target", "#idPackageSignature")
    sp = _el(qp, "SignedProperties", ns=XD, Id="idSignedProperties")
    ssp = _el(sp, "SignedSignatureProperties", ns=XD)
    _el(ssp, "SigningTime", _time_text(when), ns=XD)
    cert_el = _el(_el(ssp, "SigningCertificate", ns=XD), "Cert", ns=XD)
    cd = _el(cert_el, "CertDigest", ns=XD)
    _digest_method(cd, _digest(cert.public_bytes(serialization.Encoding.DER)))
    iss = _el(cert_el, "IssuerSerial", ns=XD)
    _el(iss, "X509IssuerName", _issuer_text(cert))
    _el(iss, "X509SerialNumber", str(cert.serial_number))
    _el(_el(ssp, "SignaturePolicyIdentifier", ns=XD), "SignaturePolicyImplied", ns=XD)

    # Round trip through bytes so the digests are those of what a verifier parses.
    sig = _parse(etree.tostring(sig, encoding="UTF-8"), "signature")
    signed_info = sig.find(f"{{{DS}}}SignedInfo")
    for uri, typ, transform in (
        ("idPackageObject", OBJECT_TYPE, False),
        ("idOfficeObject", OBJECT_TYPE, False),
        ("idSignedProperties", XADES_TYPE, True),
    ):
        target = _by_id(sig)[uri]
        ref = _el(signed_info, "Reference", Type=typ, URI="#" + uri)
        if transform:
            _el(_el(ref, "Transforms"), "Transform", Algorithm=C14N)
        _digest_method(ref, _digest(_c14n_subtree(target)))
    sig = _parse(etree.tostring(sig, encoding="UTF-8"), "signature")
    data = _c14n_subtree(sig.find(f"{{{DS}}}SignedInfo"))
    if ecdsa:
        der = key.key.sign(data, ec.ECDSA(hashes.SHA256()))
        r, s = utils.decode_dss_signature(der)
        size = (key.key.curve.key_size + 7) // 8
        value = r.to_bytes(size, "big") + s.to_bytes(size, "big")
    else:
        value = key.key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    sig.find(f"{{{DS}}}SignatureValue").text = _b64(value)
    return etree.tostring(sig, xml_declaration=True, encoding="UTF-8", standalone=True)


def _by_id(sig: Any) -> dict[str, Any]:
    """Elements by their ``Id`` attribute; a repeated Id is an error (signature wrapping)."""
    out: dict[str, Any] = {}
    for el in sig.iter():
        if not isinstance(el.tag, str):
            continue
        ident = el.get("Id")
        if ident is None:
            continue
        if ident in out:
            raise ValueError(f"the Id {ident!r} appears twice in the signature")
        out[ident] = el
    return out


def is_prepared(path: str | os.PathLike[str], package: Any = None) -> bool:
    """True when the package has xladdin's return stamp (``docProps/custom.xml``);
    ``package``: its bytes already read."""
    from xladdin.workbook.package import Package

    pkg = package if package is not None else Package(Path(path))
    name = pkg.find("docProps/custom.xml")
    return bool(name) and _STAMP_MARKER in pkg.read(name)


def _signable(path: Path, require_prepared: bool = True) -> _Parts:
    """The parts of ``path`` when it can be signed; else :class:`SigningError`."""
    if not _regular_file(path):
        raise SigningError(
            finding("sign-refused", path=str(path), **reason("reason_not_regular_file"))
        )
    parts = _Parts(path)
    if any(n.startswith(SIG_FOLDER) for n in parts.names) or any(
        el.get("Type") == REL_ORIGIN for el in parts.rels(parts.find("_rels/.rels") or "")
    ):
        raise SigningError(
            finding("sign-refused", path=str(path), **reason("reason_already_signed"))
        )
    if require_prepared and not is_prepared(path, parts.pkg):
        raise SigningError(finding("sign-refused", path=str(path), **reason("reason_not_prepared")))
    return parts


def check_signable(path: str | os.PathLike[str]) -> None:
    """Raise :class:`SigningError` (or a workbook error) when ``path`` cannot be signed: not a
    regular file, not a package, already signed, or not prepared. Cheap: call it before asking
    for the key's password."""
    _signable(Path(path))


def sign_file(
    path: str | os.PathLike[str],
    key: SigningKey,
    out: str | os.PathLike[str] | None = None,
    *,
    when: datetime | None = None,
    require_prepared: bool = True,
) -> SignResult:
    """Sign the package ``path`` (written to ``out``, default: in place, atomically).

    Raises
    ------
    SigningError
        ``sign-refused``: the file is already signed, or not prepared with ``xladdin prepare``
        (``require_prepared``), or a part has no content type.
    UnreadableWorkbookError, RefusedWorkbookError
        The package cannot be read.
    """
    from xladdin.workbook.atomic import atomic_write
    from xladdin.workbook.package import write_parts

    path = Path(path)
    parts = _signable(path, require_prepared)
    when = when or datetime.now(UTC)
    src = parts.pkg
    read = dict(parts.data)  # the parts as read: what signing replaces is a new object
    _add_origin(parts)
    refs = _manifest_references(parts)
    parts.names.append(SIG_PART)
    parts.data[SIG_PART] = _build_signature(refs, key, when)
    # The package layer's one writer: the parts signing changed or added (relationships,
    # content types, the signature parts) written anew and dated at the signing time, every
    # other part copied raw (its compressed bytes unchanged, so what the digests were taken of,
    # the inflated bytes, is unchanged too).
    changed = {
        name: data
        for name, data in parts.data.items()
        if name not in read or (data is not read[name] and data != read[name])
    }

    def produce(fh: IO[bytes]) -> None:
        write_parts(src, fh, changed, added_time=_zip_time(when))

    target = atomic_write(Path(out) if out else path, produce, backup=False)
    signed = [_uri_part(uri)[0] for uri, _ids, _d in refs]
    return SignResult(target, SignerInfo.from_certificate(key.certificate, when), signed)


def _zip_time(when: datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry's date and time (UTC; zip dates start in 1980)."""
    t = when.astimezone(UTC)
    return (max(t.year, 1980), t.month, t.day, t.hour, t.minute, t.second)


# -- verifying ---------------------------------------------------------------------------------


@dataclass
class SignerInfo:
    """Who signed, from the certificate (nothing here is trusted until the chain is checked)."""

    subject: str
    common_name: str
    organization: str
    issuer: str
    serial: str
    sha256: str
    signing_time: str

    @classmethod
    def from_certificate(cls, cert: Any, when: datetime | str | None = None) -> SignerInfo:
        from cryptography.hazmat.primitives import serialization
        from cryptography.x509.oid import NameOID

        def first(oid: Any) -> str:
            attrs = cert.subject.get_attributes_for_oid(oid)
            return str(attrs[0].value) if attrs else ""

        if isinstance(when, datetime):
            when = _time_text(when)
        der = cert.public_bytes(serialization.Encoding.DER)
        return cls(
            subject=cert.subject.rfc4514_string(),
            common_name=first(NameOID.COMMON_NAME),
            organization=first(NameOID.ORGANIZATION_NAME),
            issuer=cert.issuer.rfc4514_string(),
            serial=format(cert.serial_number, "x"),
            sha256=hashlib.sha256(der).hexdigest(),
            signing_time=when or "",
        )

    def label(self) -> str:
        """``"Name (Organisation)"`` for tables and messages."""
        who = self.common_name or self.subject
        return f"{who} ({self.organization})" if self.organization else who


@dataclass
class SignatureCheck:
    """The answer of :func:`verify_signatures`.

    Attributes
    ----------
    signed : bool
        The package has at least one signature part.
    valid : bool
        Every signature verifies and covers every part and relationship (nothing changed,
        removed or added since signing).
    trusted : bool or None
        Every signer chains to a trust root; None when no trust root was given.
    signers : list of SignerInfo
    findings : list of Finding
    """

    signed: bool = False
    valid: bool = False
    trusted: bool | None = None
    signers: list[SignerInfo] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def report(self) -> Report:
        return Report(list(self.findings))

    @property
    def exit_code(self) -> int:
        """0 valid (and trusted when roots were given), 1 invalid or untrusted, 2 unreadable."""
        if any(f.refuses for f in self.findings):
            return 2
        return 1 if any(f.severity.value == "error" for f in self.findings) else 0


def load_trust_roots(paths: Sequence[str | os.PathLike[str]]) -> list[Any]:
    """Certificates from PEM (one or more) or DER files.

    Raises
    ------
    SigningError
        ``signature-trust-root-unreadable``.
    """
    from cryptography import x509

    roots: list[Any] = []
    for p in paths:
        try:
            data = Path(p).read_bytes()
        except OSError as exc:
            raise SigningError(
                finding("signature-trust-root-unreadable", path=str(p), **os_reason_words(exc))
            ) from exc
        try:
            if b"-----BEGIN" in data:
                roots += x509.load_pem_x509_certificates(data)
            else:
                roots.append(x509.load_der_x509_certificate(data))
        except ValueError:
            raise SigningError(
                finding(
                    "signature-trust-root-unreadable",
                    path=str(p),
                    **reason("reason_not_certificate"),
                )
            ) from None
    return roots


def _check_chain(cert: Any, intermediates: list[Any], roots: list[Any]) -> dict[str, str] | None:
    """None when ``cert`` chains to one of ``roots`` now; else the reason it does not (the
    fields ``reason`` and ``reason_lo``)."""
    from cryptography.x509.verification import (
        ExtensionPolicy,
        PolicyBuilder,
        Store,
        VerificationError,
    )

    builder = (
        PolicyBuilder()
        .store(Store(roots))
        .time(datetime.now(UTC))
        .extension_policies(
            ca_policy=ExtensionPolicy.webpki_defaults_ca(),
            ee_policy=ExtensionPolicy.permit_all(),
        )
    )
    try:
        builder.build_client_verifier().verify(cert, intermediates)
    except VerificationError as exc:
        return reason("reason_no_chain", error=one_line(exc))
    except ValueError as exc:  # pragma: no cover - malformed certificates
        return reason("reason_certificate_malformed", error=one_line(exc))
    return _signer_profile_problem(cert)


DOCUMENT_SIGNING_EKUS = frozenset(
    {
        "1.3.6.1.5.5.7.3.4",  # emailProtection (S/MIME; personal signing certificates)
        "1.3.6.1.5.5.7.3.2",  # clientAuth (personal certificates of national CAs carry it)
        "1.3.6.1.5.5.7.3.36",  # id-kp-documentSigning (RFC 9336)
        "1.3.6.1.4.1.311.10.3.12",  # Microsoft Document Signing
        "1.2.840.113583.1.1.5",  # Adobe Authentic Documents Trust
        "2.5.29.37.0",  # anyExtendedKeyUsage
    }
)
"""Extended key usages that allow signing documents; a certificate whose EKU lists none of
them (e.g. a web server's, serverAuth only) is not accepted as a signer."""


def _signer_profile_problem(cert: Any) -> dict[str, str] | None:
    """Why the certificate, though it chains to a root, may not sign documents (or None), as
    the fields ``reason`` and ``reason_lo``.

    The key: RSA of at least 2048 bits or an elliptic curve of at least 256 bits (NIST SP
    800-57 Part 1 Rev. 5, 112-bit security). RFC 5280: a CA certificate (basicConstraints
    cA, §4.2.1.9) signs certificates and CRLs,
    not documents; keyUsage (§4.2.1.3), when present, must allow digitalSignature or
    nonRepudiation (contentCommitment); extendedKeyUsage (§4.2.1.12), when present, must
    include a purpose from :data:`DOCUMENT_SIGNING_EKUS`.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    pub = cert.public_key()
    if isinstance(pub, rsa.RSAPublicKey) and pub.key_size < 2048:
        return reason("reason_rsa_key_short", bits=pub.key_size)
    if isinstance(pub, ec.EllipticCurvePublicKey) and pub.curve.key_size < 256:
        return reason("reason_ec_key_short", bits=pub.curve.key_size)
    if not isinstance(pub, (rsa.RSAPublicKey, ec.EllipticCurvePublicKey)):
        return reason("reason_key_kind")
    ext = cert.extensions
    try:
        if ext.get_extension_for_class(x509.BasicConstraints).value.ca:
            return reason("reason_ca_certificate")
    except x509.ExtensionNotFound:
        pass
    try:
        ku = ext.get_extension_for_class(x509.KeyUsage).value
        if not (ku.digital_signature or ku.content_commitment):
            return reason("reason_key_usage")
    except x509.ExtensionNotFound:
        pass
    try:
        eku = {o.dotted_string for o in ext.get_extension_for_class(x509.ExtendedKeyUsage).value}
        if not eku & DOCUMENT_SIGNING_EKUS:
            return reason("reason_extended_key_usage")
    except x509.ExtensionNotFound:
        pass
    return None


def _verify_value(cert: Any, method: str, data: bytes, value: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

    kind, algo = SIGNATURE_METHODS[method]
    hash_alg = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}[algo]()
    pub = cert.public_key()
    try:
        if kind == "rsa":
            if not isinstance(pub, rsa.RSAPublicKey):
                return False
            pub.verify(value, data, padding.PKCS1v15(), hash_alg)
        else:
            if not isinstance(pub, ec.EllipticCurvePublicKey) or len(value) % 2:
                return False
            half = len(value) // 2
            der = utils.encode_dss_signature(
                int.from_bytes(value[:half], "big"), int.from_bytes(value[half:], "big")
            )
            pub.verify(der, data, ec.ECDSA(hash_alg))
    except InvalidSignature:
        return False
    return True


def _signature_parts(parts: _Parts) -> list[str]:
    """Signature parts reached from the root's origin relationship."""
    from xladdin.workbook.package import rels_path, resolve_target

    root = parts.find("_rels/.rels")
    if root is None:
        return []
    out: list[str] = []
    for el in parts.rels(root):
        if el.get("Type") != REL_ORIGIN:
            continue
        origin = parts.find(resolve_target("", el.get("Target", "")))
        if origin is None:
            continue
        origin_rels = parts.find(rels_path(origin))
        if origin_rels is None:
            continue
        for sel in parts.rels(origin_rels):
            if sel.get("Type") == REL_SIGNATURE and sel.get("TargetMode") != "External":
                found = parts.find(resolve_target(origin, sel.get("Target", "")))
                if found and found not in out:
                    out.append(found)
    return out


def _text(el: Any, path: str) -> str:
    found = el.find(path, {"ds": DS, "xd": XD, "mdssi": MDSSI})
    return (found.text or "").strip() if found is not None else ""


def _check_one(
    parts: _Parts, name: str, roots: list[Any] | None, check: SignatureCheck
) -> set[str]:
    """Check one signature part; returns the part names its manifest covers."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    sig = _parse(parts.data[name], name)
    if sig.tag != f"{{{DS}}}Signature":
        raise ValueError("the root element is not ds:Signature")
    ids = _by_id(sig)
    signed_info = sig.find(f"{{{DS}}}SignedInfo")
    if signed_info is None:
        raise ValueError("no SignedInfo")
    c14n = signed_info.find(f"{{{DS}}}CanonicalizationMethod")
    if c14n is None or c14n.get("Algorithm") != C14N:
        raise ValueError("SignedInfo is not canonicalised with C14N 1.0")
    method_el = signed_info.find(f"{{{DS}}}SignatureMethod")
    method = method_el.get("Algorithm", "") if method_el is not None else ""
    if method not in SIGNATURE_METHODS:
        raise ValueError(f"signature method {method!r} is not accepted")

    # the certificates
    certs = []
    for el in sig.iterfind(f"{{{DS}}}KeyInfo/{{{DS}}}X509Data/{{{DS}}}X509Certificate"):
        try:
            certs.append(x509.load_der_x509_certificate(base64.b64decode(el.text or "")))
        except ValueError:
            raise ValueError("a certificate in KeyInfo cannot be read") from None
    if not certs:
        raise ValueError("no signer certificate in KeyInfo/X509Data")

    # the signed XAdES properties name the signer certificate; find it among KeyInfo's
    referenced: dict[str, Any] = {}
    ok_refs = True
    si_refs = list(signed_info.iterfind(f"{{{DS}}}Reference"))
    if len(si_refs) > MAX_SIGNEDINFO_REFERENCES:
        raise ValueError(f"SignedInfo has {len(si_refs)} references")
    for ref in si_refs:
        uri = ref.get("URI", "")
        if not uri.startswith("#") or uri[1:] not in ids:
            raise ValueError(f"SignedInfo references {uri!r}, which is not in the signature")
        if uri[1:] in referenced:  # each digest costs a canonicalisation: never twice
            raise ValueError(f"SignedInfo references {uri!r} twice")
        target = ids[uri[1:]]
        for tr in ref.iterfind(f"{{{DS}}}Transforms/{{{DS}}}Transform"):
            if tr.get("Algorithm") != C14N:
                raise ValueError(f"transform {tr.get('Algorithm')!r} is not accepted")
        algo = HASHES.get(_dm(ref))
        if algo is None:
            raise ValueError("digest method not accepted")
        if _digest(_c14n_subtree(target), algo) != _b64d(_text(ref, "ds:DigestValue")):
            ok_refs = False
            check.findings.append(finding("signature-property-changed", part=name, id=uri[1:]))
        referenced[uri[1:]] = target

    signer_cert = certs[0]
    sp = referenced.get("idSignedProperties")
    when = ""
    if sp is not None:
        when = _text(sp, "xd:SignedSignatureProperties/xd:SigningTime")
        want = _text(
            sp,
            "xd:SignedSignatureProperties/xd:SigningCertificate/xd:Cert/xd:CertDigest/ds:DigestValue",
        )
        matching = [
            c
            for c in certs
            if want and _b64(_digest(c.public_bytes(serialization.Encoding.DER))) == want
        ]
        if matching:
            signer_cert = matching[0]
        else:
            check.findings.append(finding("signature-certificate-mismatch", part=name))
            ok_refs = False
    if not when:
        when = _text(
            sig,
            "ds:Object/ds:SignatureProperties/ds:SignatureProperty/mdssi:SignatureTime/mdssi:Value",
        )
    signer = SignerInfo.from_certificate(signer_cert, when)
    check.signers.append(signer)

    # the signature value over SignedInfo
    value = _b64d(_text(sig, "ds:SignatureValue"))
    value_ok = _verify_value(signer_cert, method, _c14n_subtree(signed_info), value)
    if not value_ok:
        check.findings.append(finding("signature-invalid", part=name, signer=signer.label()))

    # the manifest of parts, which must sit inside a signed Object
    manifests = [
        m
        for obj_id, obj in referenced.items()
        if obj.tag == f"{{{DS}}}Object"
        for m in obj.iterfind(f"{{{DS}}}Manifest")
        if obj_id
    ]
    if len(manifests) != 1:
        raise ValueError("the signed objects hold no Manifest (or more than one)")
    covered, parts_ok = _check_manifest(parts, manifests[0], check)

    # trust
    if roots is not None:
        others = [c for c in certs if c is not signer_cert]
        why_not = _check_chain(signer_cert, others, roots)
        if why_not is None:
            check.findings.append(finding("signature-trusted", signer=signer.label()))
        else:
            check.trusted = False
            check.findings.append(finding("signature-untrusted", signer=signer.label(), **why_not))
    if value_ok and ok_refs and parts_ok:
        check.findings.append(
            finding("signature-valid", part=name, signer=signer.label(), time=when or "?")
        )
    else:
        check.valid = False
    return covered


def _dm(ref: Any) -> str:
    el = ref.find(f"{{{DS}}}DigestMethod")
    return el.get("Algorithm", "") if el is not None else ""


def _b64d(text: str) -> bytes:
    try:
        return base64.b64decode(re.sub(r"\s+", "", text), validate=True)
    except ValueError:
        return b""


def _check_manifest(parts: _Parts, manifest: Any, check: SignatureCheck) -> tuple[set[str], bool]:
    """Recompute every manifest reference; findings name the parts. Returns (covered, ok)."""
    covered: set[str] = set()
    ok = True
    refs = list(manifest.iterfind(f"{{{DS}}}Reference"))
    if len(refs) > MAX_MANIFEST_REFERENCES:
        raise ValueError(f"the manifest has {len(refs)} references")
    for ref in refs:
        part, ctype = _uri_part(ref.get("URI", ""))
        algo = HASHES.get(_dm(ref))
        if algo is None:
            raise ValueError(f"digest method of {part} not accepted")
        found = parts.find(part)
        if found is None:
            ok = False
            check.findings.append(finding("signature-part-missing", part=part))
            continue
        if found in covered:  # hashing one large part thousands of times would never end
            raise ValueError(f"the manifest references {found} twice")
        covered.add(found)
        transforms = [
            tr.get("Algorithm") for tr in ref.iterfind(f"{{{DS}}}Transforms/{{{DS}}}Transform")
        ]
        if transforms == [REL_TRANSFORM, C14N] and _is_rels(found):
            rt = ref.find(f"{{{DS}}}Transforms/{{{DS}}}Transform")
            ids = [
                el.get("SourceId", "") for el in rt.iterfind(f"{{{MDSSI}}}RelationshipReference")
            ]
            if rt.find(f"{{{MDSSI}}}RelationshipsGroupReference") is not None:
                raise ValueError("RelationshipsGroupReference is not supported")
            try:
                data = relationship_transform(parts.data[found], ids)
            except ValueError:
                data = b"\x00unparseable"
            # relationships the transform leaves out are not signed: added after signing?
            try:
                rels = list(_parse(parts.data[found], found))
            except ValueError:
                rels = []
            for el in rels:
                if not isinstance(el.tag, str):
                    continue  # comments and processing instructions mean nothing here
                # what the transform drops is not signed: other elements (which a reader might
                # take for relationships) and namespaced attributes (xml:base would move a
                # target) on a signed relationship
                foreign = el.tag != f"{{{RELS_NS}}}Relationship" or any(
                    a.startswith("{") for a in el.attrib
                )
                unsigned = el.get("Id") not in ids and el.get("Type") not in UNSIGNED_RELATIONSHIPS
                if foreign or unsigned:
                    ok = False
                    check.findings.append(
                        finding(
                            "signature-relationship-unsigned",
                            part=found,
                            id=el.get("Id", "?"),
                            target=el.get("Target", "?"),
                        )
                    )
        elif not transforms:
            data = parts.data[found]
        else:
            raise ValueError(f"transforms {transforms} on {part} are not accepted")
        if ctype and parts.content_type(found) != ctype:
            ok = False
            check.findings.append(
                finding(
                    "signature-part-changed",
                    part=found,
                    **reason(
                        "reason_content_type_changed",
                        now=repr(parts.content_type(found)),
                        was=repr(ctype),
                    ),
                )
            )
            continue
        if _digest(data, algo) != _b64d(_text(ref, "ds:DigestValue")):
            ok = False
            check.findings.append(
                finding("signature-part-changed", part=found, **reason("reason_content_changed"))
            )
    return covered, ok


def verify_signatures(
    path: str | os.PathLike[str],
    trust_roots: Sequence[Any] | None = None,
    *,
    package: Any = None,
) -> SignatureCheck:
    """Check every OOXML signature of the package ``path``.

    Parameters
    ----------
    trust_roots : list of cryptography Certificate, optional
        Trusted root certificates (:func:`load_trust_roots`). None: trust is not checked
        (``trusted`` stays None) and an unsigned file is not an error.
    package : xladdin.workbook.package.Package, optional
        The bytes of ``path`` already read and inspected (the review's reader): the signatures
        are checked on those same bytes, without opening the file again.

    Returns
    -------
    SignatureCheck
        Never raises for a bad file: an unreadable package gives ``signature-unreadable``
        (refusing, exit 2), a malformed signature ``signature-malformed`` (exit 1).
    """
    check = SignatureCheck()
    roots = list(trust_roots) if trust_roots is not None else None
    if roots is not None:
        check.trusted = True
    try:
        if package is None and not _regular_file(path):
            raise UnreadableWorkbookError(f"{path}: not a regular file")
        parts = _Parts(Path(path), package)
        sig_parts = _signature_parts(parts)
        odd = _zip_container_problem(parts.pkg) if sig_parts else None
        if odd:
            check.signed = True  # signed, but which bytes were signed depends on the reader
            raise RefusedWorkbookError(f"{path}: {odd}")
    except (UnreadableWorkbookError, RefusedWorkbookError, ValueError) as exc:
        check.trusted = None if roots is None else False
        error = re.sub(r"\s+", " ", str(exc))
        error_lo = word("sig_package_unreadable", "lo")
        check.findings.append(finding("signature-unreadable", error=error, error_lo=error_lo))
        return check
    if not sig_parts:
        check.trusted = None if roots is None else False
        if roots is not None:
            check.findings.append(finding("signature-missing"))
        return check
    check.signed = True
    check.valid = True
    if len(sig_parts) > MAX_SIGNATURES:
        sig_parts = sig_parts[:MAX_SIGNATURES]
    metadata = _metadata_parts(parts)
    covered_all: set[str] | None = None
    for name in sig_parts:
        try:
            covered = _check_one(parts, name, roots, check)
        except Exception as exc:  # a hostile signature part must never stop verify
            check.valid = False
            if roots is not None:
                check.trusted = False
            error = re.sub(r"\s+", " ", str(exc))
            check.findings.append(finding("signature-malformed", part=name, error=error))
            continue
        covered_all = covered if covered_all is None else covered_all & covered
    if covered_all is not None:
        for part in parts.names:
            if part not in covered_all and not _exempt(part, metadata):
                check.valid = False
                check.findings.append(finding("signature-part-unsigned", part=part))
    return check


def has_signature_parts(path: str | os.PathLike[str], package: Any = None) -> bool:
    """True when the package has ``_xmlsignatures/`` parts (without lxml).

    ``package``: the bytes of ``path`` already read and inspected; otherwise the file is read
    whole through :class:`~xladdin.workbook.package.Package` under the default limits (a
    regular file only, its size bounded; a file over the limit, or no zip, counts as not
    signed: the reader refuses it anyway) -- never an unbounded reading of the zip."""
    from xladdin.workbook.package import Package

    if package is None:
        if not _regular_file(path):
            return False
        try:
            package = Package(path)
        except (WorkbookError, OSError):
            return False
    return any(n.lstrip("/").startswith(SIG_FOLDER) for n in package.names())


def signer_summary(
    path: str | os.PathLike[str], trust_roots: Sequence[Any] | None = None, *, package: Any = None
) -> str:
    """One line for a review table: ``"Name (Org), 2026-12-07T05:00:00Z, valid, trusted"``,
    ``"not signed"``, or ``"INVALID: ..."``. Without lxml: ``"signature not checked ..."``.
    ``package``: the bytes of ``path`` already read (:func:`verify_signatures`)."""
    if not sign_available():
        if not has_signature_parts(path, package):
            return word("sig_not_signed")
        return word("sig_not_checked_install")
    return _summary_text(verify_signatures(path, trust_roots, package=package))


def _summary_text(check: SignatureCheck) -> str:
    """:func:`signer_summary`'s line for a finished check."""
    return "".join(_summary_parts(check))


def _summary_parts(check: SignatureCheck) -> tuple[str, str, str]:
    """:func:`_summary_text` as (state before, signers as their certificates name them,
    state after)."""
    if not check.signed:
        return word("sig_not_signed"), "", ""
    who = "; ".join(f"{s.label()}, {s.signing_time or '?'}" for s in check.signers)
    if not check.valid:
        first = next((f for f in check.findings if f.severity.value == "error"), None)
        return f"{word('sig_invalid')} ({first.code if first else 'changed'}): ", who, ""
    trust = word(
        {None: "sig_trust_not_checked", True: "sig_trusted", False: "sig_not_trusted"}[
            check.trusted
        ]
    )
    return "", who, f", {word('sig_valid')}, {trust}"


TRUST_ROOT_ENV = "XLADDIN_TRUST_ROOT"
"""Environment variable naming the trust root certificate file(s) consolidation checks signers
against (several separated by ``os.pathsep``), e.g. the Lao national root CA's PEM file."""


def configured_trust_roots() -> list[Any] | None:
    """The certificates named by ``XLADDIN_TRUST_ROOT``; None when unset or unreadable."""
    value = os.environ.get(TRUST_ROOT_ENV, "").strip()
    if not value or not sign_available():
        return None
    try:
        return load_trust_roots([p for p in value.split(os.pathsep) if p])
    except SigningError:
        return None


def signer_for_review(path: str | os.PathLike[str]) -> str:
    """The "Signed by" cell of the review's status table for one returned file
    (:func:`signer_summary` against :func:`configured_trust_roots`). Never raises."""
    return review_signature(path, None)[0]


# -- what consolidation checks signatures against (--trust-root, --signers) -------------------


class SignaturePolicyError(ValueError):
    """The trust root / signer table settings cannot be used together (exit 2).

    ``reason`` holds the fields ``reason`` and ``reason_lo`` saying why, from the catalogue
    (the message of the exception is the English one)."""

    def __init__(self, key: str, **fields: object):
        self.reason = reason(key, **fields)
        super().__init__(self.reason["reason"])


@dataclass(frozen=True)
class SignaturePolicy:
    """What returned files' digital signatures are checked against in a review.

    Attributes
    ----------
    trust_roots : tuple of cryptography Certificate, or None
        None: who signed is not checked (the "Signed by" cell says "trust not checked").
    signers : SignerTable or None
        Which signer may sign for which province (:mod:`xladdin.signing.signers`).
    source : str
        Where the trust roots came from: ``"--trust-root"``, ``"XLADDIN_TRUST_ROOT"`` or ``""``.
    """

    trust_roots: tuple[Any, ...] | None = None
    signers: SignerTable | None = None
    source: str = ""

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with the trust roots as DER bytes (certificate objects do not pickle), so
        the review's worker processes check signatures against the same policy."""
        roots = None
        if self.trust_roots is not None:
            from cryptography.hazmat.primitives.serialization import Encoding

            roots = tuple(c.public_bytes(Encoding.DER) for c in self.trust_roots)
        return (_policy_from_der, (roots, self.signers, self.source))


def _policy_from_der(
    roots: tuple[bytes, ...] | None, signers: SignerTable | None, source: str
) -> SignaturePolicy:
    """:class:`SignaturePolicy` from its pickled form (:meth:`SignaturePolicy.__reduce__`)."""
    certs = None
    if roots is not None:
        from cryptography import x509

        certs = tuple(x509.load_der_x509_certificate(der) for der in roots)
    return SignaturePolicy(certs, signers, source)


def signature_policy(
    trust_roots: Sequence[str | os.PathLike[str]] | None = None,
    signers: str | os.PathLike[str] | None = None,
    known_provinces: Iterable[str] | None = None,
    *,
    env: bool = True,
) -> SignaturePolicy:
    """The policy of ``xladdin consolidate [--trust-root CA.pem ...] [--signers FILE]``.

    Trust roots given here win over :data:`TRUST_ROOT_ENV`, which is read only when none are
    given (and ``env``). A signer table needs trust roots: without them the names it lists
    are names anyone can put in a certificate.

    Raises
    ------
    SigningError
        ``signature-trust-root-unreadable`` (a given or configured trust root cannot be read).
    SignersFileError
        The signer table is unreadable or malformed.
    SignaturePolicyError
        ``--signers`` without a trust root, or trust roots without the ``sign`` extra (lxml).
    """
    from xladdin.signing.signers import read_signers

    paths = [p for p in (trust_roots or []) if str(p).strip()]
    source = "--trust-root" if paths else ""
    if not paths and env:
        paths = [p for p in os.environ.get(TRUST_ROOT_ENV, "").split(os.pathsep) if p.strip()]
        source = TRUST_ROOT_ENV if paths else ""
    if paths and not sign_available():
        raise SignaturePolicyError("policy_needs_sign_extra", source=source)
    roots = tuple(load_trust_roots(paths)) if paths else None
    table = None
    if signers is not None:
        if roots is None:
            raise SignaturePolicyError("signers_need_trust_root_env")
        table = read_signers(signers, known_provinces)
    return SignaturePolicy(roots, table, source)


def signer_findings(
    check: SignatureCheck, province: str | None, signers: SignerTable | None, file: str = ""
) -> tuple[str, list[Finding]]:
    """Whether each signer of a valid, trusted signature may sign for ``province``: the words
    added to the "Signed by" text and the findings (``signature-signer-not-for-province``
    for each signer the table does not list for the province, else
    ``signature-signer-for-province``). Nothing when there is no table, no province code, or
    the signature is not valid and trusted (other findings say so)."""
    if signers is None or not province or not (check.signed and check.valid and check.trusted):
        return "", []
    wrong = [s for s in check.signers if not signers.matches(province, s)]
    if wrong:
        found = [
            finding(
                "signature-signer-not-for-province",
                file=file or "the file",
                province=province,
                signer=s.subject,
                sha256=s.sha256,
                expected=signers.expected(province),
                expected_lo=signers.expected(province, "lo"),
                table=signers.name,
            )
            for s in wrong
        ]
        return word("sig_signer_not_listed", province=province, table=signers.name), found
    who = "; ".join(s.label() for s in check.signers)
    found = [
        finding("signature-signer-for-province", signer=who, province=province, table=signers.name)
    ]
    return word("sig_signer_matches"), found


def _signer_table_problems(
    check: SignatureCheck, province: str | None, file: str = ""
) -> list[Finding]:
    """With a signer table (``--signers``) the reviewer expects every return of a province
    signed, validly, by a trusted signer: an unsigned return (``signature-missing``), a
    changed or untrusted signature (the check's own errors: ``signature-part-changed``,
    ``signature-invalid``, ``signature-untrusted``, ...) and a signed file that names no
    province, so that its signer cannot be matched (``signature-not-checked``, warning), are
    findings of the review, not only words in the Status sheet. None refuses the file (it is
    summed, as with the signer-not-for-province error): a signed package whose signatures
    cannot be read is ``signature-malformed``; a package that cannot be read at all was
    refused by the reader already, and an unsigned file naming no province (a SEZ return)
    has no signer to expect."""
    if check.signed and check.valid and check.trusted:
        return (
            [] if province else [finding("signature-not-checked", **reason("signer_no_province"))]
        )
    unreadable = [f for f in check.findings if f.refuses]
    if unreadable:
        if not check.signed:
            return []
        f = unreadable[0]
        error = str(f.details.get("error", "")).replace(str(file), Path(file).name) if file else ""
        return [
            finding(
                "signature-malformed",
                part=SIG_FOLDER,
                error=error or f.message_en,
                error_lo=word("sig_package_unreadable", "lo"),
            )
        ]
    if not check.signed and not province:
        return []
    errors = [f for f in check.findings if f.severity.value == "error"]
    return errors or [finding("signature-missing")]


def review_signature(
    path: str | os.PathLike[str],
    province: str | None,
    policy: SignaturePolicy | None = None,
) -> tuple[str, list[Finding]]:
    """The "Signed by" cell of the review's Status sheet for one returned file and its
    findings about the signer, against ``policy`` (None: :func:`configured_trust_roots`, no
    signer table). Only a signer the table does not list for the file's province is a finding
    (``signature-signer-not-for-province``, error); validity and trust are said in the text.
    Never raises."""
    parts, found = review_signature_parts(path, province, policy)
    return "".join(parts), found


def review_signature_parts(
    path: str | os.PathLike[str],
    province: str | None,
    policy: SignaturePolicy | None = None,
    *,
    package: Any = None,
) -> tuple[tuple[str, str, str], list[Finding]]:
    """:func:`review_signature` with its text in three parts: (state before, the signers as
    their certificates name them, state after), so the state alone is translated and a
    signer's name never is. ``package``: the bytes of ``path`` the review already read, so
    the signatures are checked on what was read (:func:`verify_signatures`). Never raises."""
    if package is None and not _regular_file(path):
        return (word("sig_not_regular"), "", ""), []
    try:
        if policy is None:
            policy = SignaturePolicy(configured_trust_roots())
        if not sign_available():
            return (signer_summary(path, package=package), "", ""), []
        check = verify_signatures(path, policy.trust_roots, package=package)
        before, who, after = _summary_parts(check)
        words, found = signer_findings(check, province, policy.signers, Path(path).name)
        found = [f for f in found if f.severity.value != "info"]
        if policy.signers is not None:
            found = _signer_table_problems(check, province, os.fspath(path)) + found
        return (before, who, f"{after}, {words}" if words else after), found
    except Exception as exc:  # a hostile file must never stop the review
        return (f"{word('sig_not_checked')} ({type(exc).__name__})", "", ""), []
