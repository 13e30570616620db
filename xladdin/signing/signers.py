"""Which certificate may sign for which province: the signer table LSB maintains.

A trust root says that a certificate was issued by the national CA; it does not say *for which
province* its holder may sign. That is this table (``signers.csv``, given by ``xladdin
consolidate --signers FILE`` and ``xladdin verify --signers FILE``), one row per signer and
province, UTF-8 (Excel's "CSV UTF-8" is fine), with a header row:

============  ===========================================================================
province      province code as in ``provinces.csv`` (``03``; ``3`` is read as ``03``;
              ``00`` is the national workbook), required
sha256        SHA-256 fingerprint of the signer's certificate (64 hex digits; colons and
              spaces allowed, as Windows and ``openssl x509 -fingerprint -sha256`` show it)
common_name   the certificate subject's common name (CN), e.g. ``Oudomxay Provincial
              Statistics Office`` (compared after Unicode NFC, case and spaces folded)
valid_from    first day the row applies, ``YYYY-MM-DD`` (optional)
valid_to      last day the row applies, inclusive, ``YYYY-MM-DD`` (optional)
note          free text (who, which office, why); not read
============  ===========================================================================

A row needs ``sha256`` or ``common_name``; with both, both must match. The fingerprint pins
one certificate (a renewed certificate needs a new row); the common name accepts any
certificate the trust root's CA issues with that name. The dates are compared with the signing
time written in the signature, which the signer's own computer sets (there is no trusted
time-stamp), so they record when a signer was meant to sign; they do not stop a key holder
from back-dating.

A malformed file raises :class:`SignersFileError` naming the file, the line and what is wrong;
the commands turn it into exit 2.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from xladdin.workbook.limits import DEFAULT_LIMITS

__all__ = ["SignerRow", "SignerTable", "SignersFileError", "read_signers"]

COLUMNS = ("province", "sha256", "common_name", "valid_from", "valid_to", "note")
MAX_BYTES = DEFAULT_LIMITS.max_signers_bytes  # (xladdin.workbook.limits)
"""A signer table is a few hundred rows; anything larger is not one."""

_HEX64 = re.compile(r"[0-9a-f]{64}")


class SignersFileError(ValueError):
    """The signer table cannot be used (unreadable, malformed, unknown province code).

    ``reason`` holds the fields ``reason`` and ``reason_lo``: the place (the file, and its line)
    and what is wrong, in the words of the catalogue's ``signers_err_*`` rows (the message
    of the exception is the English one)."""

    def __init__(self, place: str | tuple[str, int], key: str, **fields: object):
        from xladdin.findings.words import word

        if isinstance(place, tuple):  # (file name, line)
            name, line = place
            where = {
                lang: word("signers_line", lang, name=name, line=line) for lang in ("en", "lo")
            }
        else:
            where = {"en": place, "lo": place}
        self.reason = {  # (a {x_lo} field of the Lao text is passed as x_lo, as for findings)
            "reason": f"{where['en']}: {word(key, 'en', **fields)}",
            "reason_lo": f"{where['lo']}: {word(key, 'lo', **fields)}",
        }
        super().__init__(self.reason["reason"])

    def without(self, prefix: str) -> dict[str, str]:
        """:attr:`reason` with the file's path (``prefix``) taken off the front, for a message
        that names the file already."""
        return {k: v.removeprefix(f"{prefix}: ") for k, v in self.reason.items()}


def _fold(text: str) -> str:
    """A common name as compared: NFC, case folded, runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _fingerprint(text: str) -> str:
    return re.sub(r"[\s:]", "", text).lower()


def province_code(value: Any) -> str | None:
    """``"03"`` from ``3``, ``"3"``, ``"03"``, ``"03 Oudomxay"``; None when there is no code."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(int(value)).zfill(2)
    head = str(value).strip().split(" ")[0].split("-")[0].strip()
    return head.zfill(2) if head.isascii() and head.isdigit() else None


@dataclass(frozen=True)
class SignerRow:
    """One row of the signer table (``line`` is its line number in the file)."""

    province: str
    sha256: str = ""
    common_name: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    note: str = ""
    line: int = 0

    def matches(self, signer: Any) -> bool:
        """True when ``signer`` (a :class:`~xladdin.signing.core.SignerInfo`) is this row's
        certificate and its signing time falls within the row's dates."""
        if self.sha256 and str(getattr(signer, "sha256", "")).lower() != self.sha256:
            return False
        if self.common_name and _fold(str(getattr(signer, "common_name", ""))) != _fold(
            self.common_name
        ):
            return False
        if self.valid_from is None and self.valid_to is None:
            return True
        when = _signing_day(str(getattr(signer, "signing_time", "") or ""))
        if when is None:
            return False
        if self.valid_from is not None and when < self.valid_from:
            return False
        return self.valid_to is None or when <= self.valid_to

    def label(self, lang: str = "en") -> str:
        """``"CN=Name, SHA-256 ab12cd34ef56..., 2026-01-01 to 2026-12-31"`` for messages (the
        dates joined by the catalogue's word in ``lang``)."""
        from xladdin.findings.words import word

        parts = []
        if self.common_name:
            parts.append(f"CN={self.common_name}")
        if self.sha256:
            parts.append(f"SHA-256 {self.sha256[:16]}...")
        if self.valid_from or self.valid_to:
            dates = {"start": self.valid_from or "...", "end": self.valid_to or "..."}
            parts.append(word("signer_dates", lang, **dates))
        return ", ".join(parts)


def _signing_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class SignerTable:
    """The rows of a signer table, read by :func:`read_signers`."""

    path: str
    rows: tuple[SignerRow, ...]

    @property
    def name(self) -> str:
        """The file name, for messages."""
        return Path(self.path).name

    def for_province(self, code: str) -> list[SignerRow]:
        """The rows of province ``code``."""
        return [r for r in self.rows if r.province == code]

    def matches(self, code: str, signer: Any) -> bool:
        """True when a row of province ``code`` matches ``signer``."""
        return any(r.matches(signer) for r in self.for_province(code))

    def expected(self, code: str, lang: str = "en") -> str:
        """The signers of province ``code`` as one text for messages, in ``lang``."""
        from xladdin.findings.words import word

        rows = self.for_province(code)
        if not rows:
            return word("signer_none_for_province", lang, code=code, table=self.name)
        return "; ".join(r.label(lang) for r in rows)


def _date(text: str, column: str, where: tuple[str, int]) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SignersFileError(where, "signers_err_date", column=column, text=repr(text)) from None


def _row(
    values: dict[str, str], where: tuple[str, int], line: int, known: Collection[str] | None
) -> SignerRow:
    raw_code = values.get("province", "").strip()
    code = province_code(raw_code)
    if code is None:
        raise SignersFileError(where, "signers_err_province_code", value=repr(raw_code))
    if known is not None and code not in known:
        raise SignersFileError(where, "signers_err_province_unknown", code=code)
    sha = _fingerprint(values.get("sha256", ""))
    if sha and not _HEX64.fullmatch(sha):
        raise SignersFileError(
            where, "signers_err_sha256", value=repr(values.get("sha256", "").strip())
        )
    cn = " ".join(values.get("common_name", "").split())
    if not sha and not cn:
        raise SignersFileError(where, "signers_err_no_identity")
    start = _date(values.get("valid_from", ""), "valid_from", where)
    end = _date(values.get("valid_to", ""), "valid_to", where)
    if start and end and start > end:
        raise SignersFileError(where, "signers_err_dates_order", start=start, end=end)
    note = values.get("note", "").strip()
    return SignerRow(code, sha, cn, start, end, note, line)


def parse_signers(
    text: str, path: str = "signers.csv", known: Collection[str] | None = None
) -> SignerTable:
    """A signer table from its CSV text (see the module docstring); ``known`` the province
    codes accepted (None: any two-digit code).

    Raises
    ------
    SignersFileError
    """
    name = Path(path).name
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise SignersFileError(name, "signers_err_not_csv", error=exc) from None
    rows = [(i, r) for i, r in enumerate(rows, 1) if any(c.strip() for c in r)]
    if not rows:
        raise SignersFileError(name, "signers_err_empty")
    header_line, header = rows[0]
    columns = [h.strip().casefold().replace(" ", "_") for h in header]
    unknown = [h for h in columns if h not in COLUMNS]
    if unknown:
        raise SignersFileError(
            (name, header_line),
            "signers_err_unknown_columns",
            unknown=", ".join(map(repr, unknown)),
            columns=", ".join(map(repr, COLUMNS)),
        )
    if len(set(columns)) != len(columns):
        raise SignersFileError((name, header_line), "signers_err_column_twice")
    if "province" not in columns or not {"sha256", "common_name"} & set(columns):
        raise SignersFileError((name, header_line), "signers_err_header")
    out = []
    for line, cells in rows[1:]:
        where = (name, line)
        if len(cells) > len(columns):
            raise SignersFileError(
                where, "signers_err_cells", cells=len(cells), columns=len(columns)
            )
        values = dict(zip(columns, cells, strict=False))
        out.append(_row(values, where, line, known))
    if not out:
        raise SignersFileError(name, "signers_err_no_rows")
    return SignerTable(str(path), tuple(out))


def read_signers(path: str | os.PathLike[str], known: Iterable[str] | None = None) -> SignerTable:
    """Read the signer table ``path`` (see the module docstring).

    Parameters
    ----------
    path : path
    known : iterable of str, optional
        Province codes accepted (e.g. those of ``provinces.csv`` and ``00``); None: any.

    Raises
    ------
    SignersFileError
        The file cannot be read or is malformed; the message names the file and line.
    """
    p = Path(path)
    try:
        if p.is_dir():
            raise SignersFileError(str(path), "signers_err_folder")
        if not p.is_file():
            raise SignersFileError(str(path), "signers_err_missing")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise SignersFileError(str(path), "signers_err_too_large", size=size)
        data = p.read_bytes()
    except OSError as exc:
        from xladdin.findings.words import os_reason_words

        said = os_reason_words(exc)
        raise SignersFileError(
            str(path), "signers_err_os", error=said["reason"], error_lo=said["reason_lo"]
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SignersFileError(str(path), "signers_err_not_utf8") from None
    if "\x00" in text:
        raise SignersFileError(str(path), "signers_err_not_text")
    return parse_signers(text, str(path), set(known) if known is not None else None)
