"""The Lao-only check of the tests (issue #13): which Latin words a Lao text may hold.

One home for the list of product names and acronyms allowed in Lao text (used by the message
catalogue test, tests/findings/test_messages_catalogue.py) and for :func:`latin_left`, the
check of what a user reads in a Lao run (the terminal, tests/cli/test_cli_lao.py; the review
workbook, tests/review/test_review_lao.py).
"""

from __future__ import annotations

import re

#: Latin words a Lao text may hold: the product and the product names and acronyms with no Lao
#: form in use. Keep it short; a term with a Lao word (GDP ຈີດີພີ, SEZ ເຂດເສດຖະກິດພິເສດ, add-in
#: ໂປຣແກຣມເສີມ, hash ລະຫັດກວດສອບ, raking ການປັບໃຫ້ເທົ່າຍອດລວມ) must be written in Lao
#: (xladdin/data/README.md).
LATIN_IN_LAO = (
    "xladdin",  # the product
    "Excel",
    "Office",
    "LibreOffice",
    "ActiveX",
    "VBA",
    "DDE",
    "XML",
    "DOCTYPE",
    "CSV",
    "ZIP",
    "PEM",
    "DER",
    "SHA-256",
    "RSA",  # the signature algorithm, as PEM, DER and SHA-256 (docs/signing.md)
    "Python",  # the programs xladdin runs on and installs (xladdin addin install)
    "Windows",
)

#: Names shown as they are on screen or in the workbook (a sheet tab), besides LATIN_IN_LAO.
NAMES_AS_SHOWN = ("Findings",)

_CELL = r"\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?"


def latin_left(text: str, paths: list[str], values: tuple[str, ...] = ()) -> list[str]:
    """The Latin words of ``text`` that a Lao-only output must not hold.

    Parameters
    ----------
    text : str
        What the user reads (terminal output, a cell's text).
    paths : list[str]
        File and folder paths in ``text``, removed first (longest first).
    values : tuple[str, ...]
        Data shown as they are (a user name, a sheet tab), removed as whole words.

    Returns
    -------
    list[str]
        The Latin words left once codes, cell addresses, numbers, hashes, times, paths and file
        names, Excel error values, quoted names, catalogue fields, command-line options,
        :data:`NAMES_AS_SHOWN` and :data:`LATIN_IN_LAO` are removed.
    """
    for p in sorted(paths, key=len, reverse=True):
        text = text.replace(p, " ")
    for v in values:
        text = re.sub(rf"(?<![\w-]){re.escape(v)}(?![\w-])", " ", text)
    text = re.sub(rf"'[^'\n]+'!{_CELL}", " ", text)
    text = re.sub(rf"\b{_CELL}\b", " ", text)  # B5, F7:H7
    text = re.sub(r"\S*\.(?:xlsx|xlsm|xlam|xls|csv|sqlite|p12|pfx|docx|zip|xml|md)\b", " ", text)
    text = re.sub(r"#(?:NAME\?|REF!|VALUE!|DIV/0!|N/A|NUM!|NULL!)", " ", text)  # Excel errors
    text = re.sub(r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b", " ", text)  # finding codes
    text = re.sub(r"\b\d{4}-\d\d-\d\dT[\d:.]+Z?", " ", text)  # a time (ISO 8601, UTC)
    text = re.sub(r"\b[0-9a-f]{16,}\b", " ", text)  # a hash
    text = re.sub(r"'[^'\n]{1,60}'|\{[^{}\n]*\}", " ", text)  # quoted names; catalogue fields
    text = re.sub(r"(?<![\w-])--[a-z][a-z-]*", " ", text)  # options
    for name in (*NAMES_AS_SHOWN, *LATIN_IN_LAO):
        text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", " ", text)
    return re.findall(r"[A-Za-z]+", text)
