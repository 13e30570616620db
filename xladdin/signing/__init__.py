"""Digital signatures of returned files: OOXML package signatures that Excel and LibreOffice show.

``xladdin sign FILE --key province.p12`` adds an ECMA-376 Part 2 package signature with the
XAdES properties Office writes; ``xladdin verify FILE --trust-root CA.pem`` checks it headless,
recomputing every signed part's digest itself, and checks the signer's certificate chain to a
trust root (the Lao national root CA in practice).

Signing needs the optional extra ``xladdin[sign]`` (``lxml`` for XML canonicalisation 1.0, and
``cryptography`` for keys, certificates and the signature itself); nothing here is hand-rolled
cryptography. Without lxml, :func:`sign_available` is False and the commands say so (exit 2).

Library API::

    sign_file(path, key, password, out=None) -> SignResult(path, signer, signed_parts)
    verify_signatures(path, trust_roots=()) -> SignatureCheck(signed, valid, trusted, signers, findings)
    signer_summary(path, trust_roots=()) -> str   # one line for a review table
    signer_for_review(path) -> str   # the same, against XLADDIN_TRUST_ROOT
    signature_policy(trust_roots, signers) -> SignaturePolicy   # consolidate --trust-root/--signers
    review_signature(path, province, policy) -> (str, findings)  # the Status sheet's "Signed by"
    load_pkcs12(path, password) -> SigningKey

The public names are those of :data:`xladdin.signing.core.__all__`, re-exported here as they
are (the list is written once, in ``core``). The signer table is :mod:`xladdin.signing.signers`.
"""

from __future__ import annotations

from xladdin.signing.core import *  # noqa: F403  (exactly core.__all__)
from xladdin.signing.core import __all__  # noqa: F401
