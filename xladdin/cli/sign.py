"""``xladdin sign FILE --key province.p12``: add an OOXML digital signature to a returned file.

The file must have been made by ``xladdin prepare`` (it carries the return stamp) and not be
signed yet; it is signed in place (atomically) or written to ``-o OUT``. The key file is
PKCS#12 (``.p12``/``.pfx``, as national CAs issue them); its password is read from
``--password-file`` (``-`` for standard input) or asked for on the terminal, and never stored.

Exit codes: 0 signed; 2 the key, the password or the file cannot be used, or the ``sign``
extra (lxml) is not installed.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["register"]


def _say(key: str, lang: str, **fields: object) -> str:
    """The ``word`` row ``key`` of xladdin/data/messages.csv in ``lang`` (both: two lines)."""
    from xladdin.findings.words import say

    return "\n".join(say(key, lang, **fields))


def read_password(source: str | None) -> str:
    """The key password from a file (first line), standard input (``-``) or the terminal."""
    if source == "-":
        return sys.stdin.readline().rstrip("\r\n")
    if source:
        text = Path(source).read_text(encoding="utf-8")
        return text.splitlines()[0] if text else ""
    from xladdin.findings.words import word

    return getpass.getpass(f"{word('sign_password', 'both')}: ")


def _unusable(path: str) -> str | None:
    """Why ``path`` cannot be used as an input file, as a ``word`` key of messages.csv
    (``path_*``); None when it can."""
    import stat

    from xladdin.findings.words import os_error_word

    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return os_error_word(exc) or "path_unreadable"
    if stat.S_ISDIR(mode):
        return "path_folder"
    if not stat.S_ISREG(mode):
        return "path_not_regular"
    if not os.access(path, os.R_OK):
        return "path_no_read"
    return None


def _refused(f, args: argparse.Namespace) -> int:
    """Print a refusing finding of ``sign``; exit 2."""
    if args.json:
        print(json.dumps({"path": None, "findings": [f.to_dict()], "exit_code": 2}))
    else:
        from xladdin.cli.common import command_lines

        text = {"en": f.message_en, "lo": f.message_lo}.get(
            args.lang, f"{f.message_en}\n{f.message_lo}"
        )
        lines = "\n".join(f"{f.code}: {t}" for t in text.split("\n"))
        print(command_lines("sign", lines, args.lang), file=sys.stderr)
    return 2


def _sign(args: argparse.Namespace) -> int:
    from xladdin.signing import sign_available

    paths = [args.file, args.key]
    if args.password_file and args.password_file != "-":
        paths.append(args.password_file)
    for path in paths:  # everything is checked before the password is asked for
        why = _unusable(path)
        if why:
            from xladdin.findings.words import word

            reason = {"reason": word(why, "en"), "reason_lo": word(why, "lo")}
            print(_say("cannot_use", args.lang, command="sign", path=path, **reason),
                  file=sys.stderr)  # fmt: skip
            return 2
    if not sign_available():
        print(_say("sign_missing_extra", args.lang, file=args.file), file=sys.stderr)
        return 2
    from xladdin.errors import WorkbookError
    from xladdin.signing import load_pkcs12, sign_file
    from xladdin.signing.core import SigningError, check_signable

    try:
        check_signable(args.file)
        password = read_password(args.password_file)
        try:
            key = load_pkcs12(args.key, password)
        finally:
            password = ""
        result = sign_file(args.file, key, out=args.output)
    except SigningError as exc:
        return _refused(exc.finding, args)
    except WorkbookError as exc:  # unreadable, refused, or cannot be written (open in Excel)
        from xladdin.cli.common import error_words

        why = error_words(exc, "path_unreadable")
        print(_say("cannot_use", args.lang, command="sign", path=args.file, **why),
              file=sys.stderr)  # fmt: skip
        return 2
    if args.json:
        out = {
            "path": str(result.path),
            "signer": vars(result.signer),
            "signed_parts": result.signed_parts,
            "exit_code": 0,
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(result.path)
    signer = result.signer
    fields = {"signer": signer.label(), "time": signer.signing_time}
    print(_say("sign_signed", args.lang, parts=len(result.signed_parts), **fields), file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``sign``."""
    p = sub.add_parser(
        "sign",
        help="add a digital signature (PKCS#12 key) to a prepared returned file",
        description="Sign a returned file made by 'xladdin prepare' with the province's key "
        "(PKCS#12 .p12/.pfx): an OOXML package signature that Excel (File > Info > View "
        "Signatures) and LibreOffice show, and 'xladdin verify --trust-root' checks. "
        "The password is asked for (or read from --password-file) and never stored.",
    )
    p.add_argument("file", help="the returned file (BOOK-return.xlsx)")
    p.add_argument("--key", required=True, help="the province's key file (.p12 or .pfx)")
    p.add_argument(
        "--password-file",
        help="read the key password from this file's first line ('-': standard input); "
        "default: ask on the terminal",
    )
    p.add_argument("-o", "--output", help="write the signed file here (default: sign in place)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    from xladdin.cli.common import add_lang

    add_lang(p, "both")
    p.set_defaults(func=_sign)


# -- the signature part of ``xladdin verify`` (called from xladdin/cli/prepare.py) --------------


class VerifySignature:
    """What ``xladdin verify`` adds about digital signatures.

    Attributes
    ----------
    code : int
        0 nothing wrong, 1 invalid, missing (with trust roots) or untrusted, 2 cannot check.
    findings : list of Finding
    data : dict
        The ``signature`` member of ``verify --json``.
    """

    def __init__(self, code: int, findings: list, data: dict, usage: dict[str, str] | None = None):
        self.code = code
        self.findings = findings
        self.data = data
        self.usage = usage  # a bad --signers (reason, reason_lo): said on standard error, exit 2

    def combine(self, stamp_code: int) -> int:
        """The exit code of ``verify``: the stamp's 2 stays 2, else the worse of the two."""
        return 2 if stamp_code == 2 else max(stamp_code, self.code)


def _province_of(view: Any) -> str | None:
    """The province code of a returned file (its ``xl_province_code`` cell) from the view
    ``xladdin verify`` opened (None: the file was refused), read as the review reads it; None
    when it has none."""
    from xladdin.signing.signers import province_code
    from xladdin.workbook.model import parse_refers_to

    if view is None:
        return None
    names = {k.casefold(): v for k, v in view.defined_names().items()}
    target = parse_refers_to(names.get("xl_province_code") or "")
    if target is None or target[0] not in view.sheet_names():
        return None
    try:
        rows = view.values(target[0], target[1].split(":")[0])
    except Exception:  # a name pointing at a bad range: no code
        return None
    return province_code(rows[0][0]) if rows and rows[0] else None


def _signers_table(path: str):
    """The ``--signers`` table (province codes of provinces.csv and 00, the national
    workbook); raises SignersFileError."""
    from xladdin.review.geography import province_names
    from xladdin.signing.signers import read_signers

    return read_signers(path, {*province_names(), "00"})


def signature_for_verify(
    book: str, trust_roots: list[str] | None, signers: str | None = None, view: Any = None
) -> VerifySignature:
    """Check the signatures of ``book`` for ``xladdin verify [--trust-root CA.pem ...]
    [--signers signers.csv]``. ``view``: the file as ``verify`` opened and inspected it
    (:func:`~xladdin.workbook.safety.open_untrusted`): the signatures and the province are
    checked on those same bytes, never on a second reading of the file.

    Without trust roots an unsigned file is fine (nothing is reported) and a signed one is
    checked for validity, with a warning that the signer's identity was not checked. With trust
    roots the file must be signed, validly, by a certificate chaining to one of them; with a
    signer table (which needs trust roots) also by a signer the table lists for the file's
    province (``signature-signer-not-for-province``).
    """
    from xladdin.findings import finding
    from xladdin.findings.words import reason as said
    from xladdin.signing import sign_available

    table = None
    if signers:
        from xladdin.signing.signers import SignersFileError

        if not trust_roots:
            why = said("signers_need_trust_root")
            return VerifySignature(2, [], {"checked": False, "reason": why["reason"]}, why)
        try:
            table = _signers_table(signers)
        except SignersFileError as exc:
            detail = exc.without(str(signers))
            why = said(
                "signers_bad_table",
                path=signers,
                detail=detail["reason"],
                detail_lo=detail["reason_lo"],
            )
            return VerifySignature(2, [], {"checked": False, "reason": why["reason"]}, why)

    if not sign_available():
        from xladdin.signing.core import has_signature_parts

        package = view.package if view is not None else None
        if not trust_roots and not has_signature_parts(book, package):
            return VerifySignature(0, [], {"checked": False})
        why = said("signer_no_sign_extra")
        f = finding("signature-not-checked", **why)
        data = {"checked": False, "reason": why["reason"]}
        return VerifySignature(2 if trust_roots else 0, [f], data)
    from xladdin.signing.core import SigningError, load_trust_roots, verify_signatures

    roots = None
    if trust_roots:
        try:
            roots = load_trust_roots(trust_roots)
        except SigningError as exc:
            return VerifySignature(2, [exc.finding], {"checked": False})
    check = verify_signatures(book, roots, package=view.package if view is not None else None)
    findings = list(check.findings)
    if table is not None:
        from pathlib import Path

        from xladdin.signing import signer_findings

        province = _province_of(view)
        _words, found = signer_findings(check, province, table, Path(book).name)
        findings += found
        if check.signed and check.valid and check.trusted and not province:
            findings.append(finding("signature-not-checked", **said("signer_no_province")))
    if check.signed and roots is None:
        findings.append(finding("signature-not-checked", **said("signer_no_trust_root")))
    data = {
        "checked": True,
        "signed": check.signed,
        "valid": check.valid,
        "trusted": check.trusted,
        "signers": [vars(s) for s in check.signers],
        "findings": [f.to_dict() for f in findings],
    }
    errors = any(f.severity.value == "error" for f in findings)
    return VerifySignature(max(check.exit_code, 1 if errors else 0), findings, data)
