"""How wide text shows: the one measure of the terminal tables' columns and of the review and
returned workbooks' column widths and wrapped rows.

A Lao vowel or tone mark written above or below its consonant (Unicode category ``Mn``, e.g.
U+0EB4..U+0EBC, U+0EC8..U+0ECD) takes no column of its own, so ``str.ljust`` (which counts code
points) pads Lao text too little and the columns after it move left. :func:`display_width`
counts 0 for combining marks (``Mn``, ``Me``) and format characters (``Cf``), 2 for East Asian
wide/fullwidth characters (``unicodedata.east_asian_width`` ``W``/``F``), 1 for everything else
(Unicode Standard Annex #11 and #44).
"""

from __future__ import annotations

import unicodedata

__all__ = ["display_width"]


def display_width(text: object) -> int:
    """Columns ``text`` takes on a terminal, or digits of Calibri 11 in a worksheet column:
    combining marks (Mn, Me) and format characters (Cf) 0, East Asian wide/fullwidth 2, others
    1 (UAX #11, UAX #44).

    >>> display_width("ນ້ຳ"), len("ນ້ຳ")
    (2, 3)
    """
    s = str(text)
    if s.isascii():
        return len(s)
    width = 0
    for ch in s:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width
