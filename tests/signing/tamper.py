"""Edit a signed package by hand at the zip/XML level, as an attacker with a zip tool and a
text editor would (no xladdin code involved), and the set-up the signature suites share:
re-signing an edited ``sig1.xml`` with a key the attacker holds, and ``xladdin verify --json``.

Imported as ``tests.signing.tamper`` (``pythonpath = ["."]`` in pyproject.toml), never as a
bare module name another test folder could also use.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

DS = "http://www.w3.org/2000/09/xmldsig#"
NS = {"ds": DS}
SIG = "_xmlsignatures/sig1.xml"
ORIGIN_RELS = "_xmlsignatures/_rels/origin.sigs.rels"


def rewrite(
    path: Path,
    out: Path,
    *,
    edit: dict[str, Callable[[bytes], bytes]] | None = None,
    remove: set[str] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """Copy the zip ``path`` to ``out`` with parts edited, removed or added."""
    edit, remove, add = edit or {}, remove or set(), add or {}
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in remove:
                continue
            data = src.read(info.filename)
            if info.filename in edit:
                new = edit[info.filename](data)
                assert new != data, f"the edit of {info.filename} changed nothing"
                data = new
            dst.writestr(info, data)
        for name, data in add.items():
            dst.writestr(name, data)
    return out


def read(path: Path, name: str) -> bytes:
    """The bytes of one part of the zip ``path``."""
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def sheet_with_number(path: Path) -> tuple[str, bytes]:
    """A worksheet part and the first ``<v>`` number in it."""
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                m = re.search(
                    rb"<c [^>]*?r=\"[A-Z]+\d+\"(?: [^>]*)?><v>(\d+(?:\.\d+)?)</v>", z.read(name)
                )
                if m:
                    return name, m.group(1)
    raise AssertionError("no numeric cell found")


def change_first_number(data: bytes) -> bytes:
    """One cell edited by hand: the first numeric ``<v>`` gets 1 added to its first digit."""
    m = re.search(rb"<c [^>]*?r=\"[A-Z]+\d+\"(?: [^>]*)?><v>(\d)", data)
    assert m
    digit = str((int(m.group(1)) + 1) % 10).encode()
    return data[: m.start(1)] + digit + data[m.end(1) :]


# -- signing and verifying (xladdin's own code: the honest party) ------------------------------


def province_key(pki: Any) -> Any:
    """The province's :class:`~xladdin.signing.core.SigningKey` from a test PKI (pki.py)."""
    from xladdin.signing import core

    return core.load_pkcs12(pki.p12, pki.password)


def sign_with(path: Path, key: Any) -> None:
    """Sign ``path`` in place with ``key`` (library call, no password prompt)."""
    from xladdin.signing import core

    core.sign_file(path, key)


def verify_json(path: Path, capsys: Any, *roots: Path) -> tuple[int, dict]:
    """``xladdin verify PATH --json [--trust-root ROOT ...]``: (exit code, parsed output)."""
    from xladdin.cli import main

    capsys.readouterr()
    args = ["verify", str(path), "--json"]
    for r in roots:
        args += ["--trust-root", str(r)]
    code = main(args)
    return code, json.loads(capsys.readouterr().out)


def codes(out: dict) -> list[str]:
    """The finding codes of the ``signature`` member of ``verify --json``."""
    return [f["code"] for f in out["signature"]["findings"]]


# -- the attacker's re-signing (needs lxml) -----------------------------------------------------


def manifest_ref(sig: Any, part: str) -> Any:
    """The manifest ``Reference`` of ``part`` in a parsed ``sig1.xml``."""
    for ref in sig.iterfind(".//ds:Manifest/ds:Reference", NS):
        if ref.get("URI", "").split("?")[0] == "/" + part:
            return ref
    raise AssertionError(part)


def resign(
    edit: Callable[[Any], None], key: Any, *, hash_alg: Any = None
) -> Callable[[bytes], bytes]:
    """An edit of ``sig1.xml`` by an attacker who also holds ``key``: change the tree, then
    recompute the digests of the SignedInfo references and the signature value, so the only
    thing wrong with the result is what ``edit`` did."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from lxml import etree

    from xladdin.signing import core

    def run(data: bytes) -> bytes:
        sig = etree.fromstring(data)
        edit(sig)
        sig = etree.fromstring(etree.tostring(sig))
        ids = {el.get("Id"): el for el in sig.iter() if isinstance(el.tag, str) and el.get("Id")}
        signed_info = sig.find("ds:SignedInfo", NS)
        for ref in signed_info.iterfind("ds:Reference", NS):
            target = ids.get(ref.get("URI", "")[1:])
            if target is None:
                continue
            algo = {"http://www.w3.org/2000/09/xmldsig#sha1": "sha1"}.get(
                ref.find("ds:DigestMethod", NS).get("Algorithm"), "sha256"
            )
            value = hashlib.new(algo, core._c14n_subtree(target)).digest()
            ref.find("ds:DigestValue", NS).text = base64.b64encode(value).decode()
        sig = etree.fromstring(etree.tostring(sig))
        data_si = core._c14n_subtree(sig.find("ds:SignedInfo", NS))
        value = key.key.sign(data_si, padding.PKCS1v15(), hash_alg or hashes.SHA256())
        sig.find("ds:SignatureValue", NS).text = base64.b64encode(value).decode()
        return etree.tostring(sig, xml_declaration=True, encoding="UTF-8")

    return run
