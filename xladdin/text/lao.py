"""Lao labels: normalisation for comparison, and detection of legacy (non-Unicode) Lao fonts.

Normalisation (:func:`normalise_lao`) makes two spellings of the *same* label compare equal:
Unicode NFKC (which also splits ``ຳ`` into ``ໍ`` + ``າ`` and ``ໜ``/``ໝ`` into ``ຫນ``/``ຫມ``),
one order for a tone mark and the vowel marks on the same consonant (``ນ້ຳ`` = ``ນໍ້າ``),
``ຫຼ`` = ``ຫລ``, invisible characters removed and white space collapsed. It does not correct
different *spellings* (``ດັດຊະນີ``/``ດັດສະນີ``): those are listed as variants in the glossary.
Wherever a code exists (province, industry), match on the code, not the label.

Legacy fonts. Before Unicode, Lao was typed with fonts that draw Lao glyphs on the code points
of other characters. The LaoScript conversion guide lists the coding conventions still met in
documents: "LSWin" (fonts *Saysettha Lao*, *Chanthabouli Lao*), Lao 95, Lao 2000, IBM-STENO,
Alice (*alice_0*, *alice_5*), SengChanh and Sayawath; *Saysettha OT*, *Phetsarath OT* and
*DokChampa* are Unicode. LSWin puts the Lao consonants on Latin-1 symbols and letters
(``¡`` = ກ, ``¢`` = ຂ, ``Á`` = ແ, ``¾`` = າ, ...), so a Lao word read without that font looks
like ``Á¢¸¤`` (ແຂວງ). Sources: LaoScript for Windows, "Conversion of Lao Text from Other Coding
Conventions" (laoscript.net/guide, conversion.html); P. Phissamay, N. Durrani, T. Duangsavanh,
"Lao Encoding Dilemma and Moving onto Unicode" (STEA / CRULP, PAN Localization project);
the LSWin-to-Unicode table of github.com/jvongxay/laofont (ascii_unicode.go).

Detection (:func:`legacy_lao_kind`) is deliberately conservative: a text containing any Lao
Unicode letter is never legacy; otherwise at least three characters must come from the LSWin
table *outside* ASCII, and they must make at least 60 % of the letters, so that English and
French or German words with a few accents (``Économie``, ``Größe``) are not flagged. Text made
of Thai letters where Lao is expected is reported separately (kind ``"thai"``): some Lao fonts
draw Lao glyphs on Thai code points, and Thai text in a Lao label is wrong in any case.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "LSWIN_TO_UNICODE",
    "convert_lswin",
    "has_lao",
    "is_lao",
    "is_lao_mark",
    "is_legacy_lao",
    "label_key",
    "labels_match",
    "legacy_lao_kind",
    "normalise_lao",
]

# --- normalisation ----------------------------------------------------------------------------

_TONE_MARKS = frozenset("\u0ec8\u0ec9\u0eca\u0ecb")
# Lao combining marks: MAI KAN, vowels above/below, semivowel LO, tone marks, NIGGAHITA.
_LAO_MARKS = frozenset(
    "\u0eb1\u0eb4\u0eb5\u0eb6\u0eb7\u0eb8\u0eb9\u0eba\u0ebb\u0ebc\u0ec8\u0ec9\u0eca\u0ecb\u0ecc\u0ecd"
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACE_RUN = re.compile(r"\s+")
_DASHES = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]\s*")
_SLASH = re.compile(r"\s*/\s*")


def _reorder_marks(text: str) -> str:
    """Put the tone mark after the other marks of the same consonant (stable otherwise)."""
    out: list[str] = []
    run: list[str] = []
    for ch in text:
        if ch in _LAO_MARKS:
            run.append(ch)
            continue
        if run:
            out.extend(sorted(run, key=lambda c: c in _TONE_MARKS))
            run = []
        out.append(ch)
    if run:
        out.extend(sorted(run, key=lambda c: c in _TONE_MARKS))
    return "".join(out)


def normalise_lao(text: str) -> str:
    """Comparison form of a Lao (or mixed Lao/English) label.

    Parameters
    ----------
    text : str
        A label as typed.

    Returns
    -------
    str
        NFKC text with invisible characters (zero-width space, joiners, soft hyphen, BOM)
        removed, ``ຫຼ`` written ``ຫລ``, tone marks placed after the other marks of their
        consonant (so ``ນ້ຳ`` and ``ນໍ້າ`` agree), runs of white space collapsed to one space
        and the ends stripped. ``ຳ`` stays decomposed (``ໍ`` + ``າ``): this is a key for
        comparison, not for display.

    Examples
    --------
    >>> normalise_lao("ນ້ຳ") == normalise_lao("ນໍ້າ")
    True
    >>> normalise_lao("ຫຼວງ") == normalise_lao("ຫລວງ")
    True
    """
    out = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    out = out.replace("\u0eab\u0ebc", "\u0eab\u0ea5")
    out = _reorder_marks(out)
    return _SPACE_RUN.sub(" ", out).strip()


def label_key(text: str) -> str:
    """A looser key for matching labels: :func:`normalise_lao`, case folded, every kind of dash
    written ``-`` and spaces around dashes and slashes removed, trailing ``:`` dropped."""
    out = normalise_lao(text).casefold()
    out = _DASHES.sub("-", out)
    out = _SLASH.sub("/", out)
    return out.rstrip(":").strip()


def labels_match(a: str | None, b: str | None) -> bool:
    """True when two labels are the same after :func:`label_key`. None or empty never matches."""
    if not a or not b:
        return False
    return label_key(str(a)) == label_key(str(b))


def is_lao(ch: str) -> bool:
    """True for a character of the Lao Unicode block (U+0E80-U+0EFF)."""
    return "\u0e80" <= ch <= "\u0eff"


def is_lao_mark(ch: str) -> bool:
    """True for a Lao combining mark (a vowel or tone mark above or below its consonant: no
    width of its own)."""
    return ch in _LAO_MARKS


def has_lao(text: str) -> bool:
    """True when the text contains a character of the Lao Unicode block (U+0E80-U+0EFF)."""
    return any(map(is_lao, text))


# --- legacy fonts -----------------------------------------------------------------------------

#: LSWin coding convention (fonts "Saysettha Lao", "Chanthabouli Lao") -> Unicode Lao.
#: Keys are the characters a legacy document shows when read as Windows-1252/Latin-1.
LSWIN_TO_UNICODE: dict[str, str] = {
    "\u00a1": "ກ", "\u00a2": "ຂ", "\u00a3": "ຄ", "\u00a4": "ງ", "\u00a5": "ຈ", "\u00a6": "ສ",
    "\u00a7": "ຊ", "\u00a8": "ຍ", "\u00a9": "ດ", "\u00aa": "ຕ", "\u00ab": "ຖ", "\u00ea": "ທ",
    "\u00df": "ນ", "\u00ad": "ນ", "\u00ae": "ບ", "\u00af": "ປ", "\u00b0": "ຜ", "\u00b1": "ຝ",
    "\u00b2": "ພ", "\u00b3": "ຟ", "\u00b4": "ມ", "\u00b5": "ຢ", "\u00ec": "ລ", "\u00eb": "ຣ",
    "\u00b8": "ວ", "\u00b9": "ຫ", "\u00ba": "ອ", "\u00bb": "ຮ", "\u00bd": "ະ", "\u00be": "າ",
    "\u00f2": "ິ", "\u00f3": "ີ", "\u00f4": "ຶ", "\u00f5": "ື", "\u00f7": "ຸ", "\u00f8": "ູ",
    "\u00c0": "ເ", "\u00c1": "ແ", "\u00c2": "ໂ", "\u00f0": "ໍ", "\u00f1": "ັ", "\u00f6": "ົ",
    "\u00c3": "ໃ", "\u00c4": "ໄ", "\u00fa": "່", "\u00c8": "່", "\u00fb": "້", "\u00c9": "້",
    "\u00fc": "໊", "\u00fd": "໋", "\u00ce": "ໜ", "\u00cf": "ໝ", "\u00cd": "ຫຼ", "\u00f9": "ຼ",
    "\u0161": "ີ້", "\u2122": "ິ້", "\u00bf": "ຳ", "\u2021": "ຶ່", "\u00d2": "ໍ່", "\u00bc": "ຽ",
    "\u02dc": "ັ້",
}  # fmt: skip

_LEGACY_CHARS = frozenset(LSWIN_TO_UNICODE)
_MIN_LEGACY = 3
_MIN_SHARE = 0.6


def _is_thai_letter(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e4e"


def legacy_lao_kind(text: str) -> str | None:
    """Which legacy encoding a text seems to be in, or None.

    Returns
    -------
    str or None
        ``"lswin"`` when the text looks like Lao typed in an LSWin font (Saysettha Lao,
        Chanthabouli Lao) and read as Latin-1; ``"thai"`` when it is written in Thai letters;
        None otherwise (Unicode Lao, English, numbers, short or mixed text).
    """
    if not isinstance(text, str) or has_lao(text):
        return None
    letters = 0
    legacy = 0
    thai = 0
    for ch in text:
        if ch in _LEGACY_CHARS:
            letters += 1
            legacy += 1
        elif _is_thai_letter(ch):
            letters += 1
            thai += 1
        elif ch.isalpha():
            letters += 1
    if letters == 0:
        return None
    if legacy >= _MIN_LEGACY and legacy / letters >= _MIN_SHARE:
        return "lswin"
    if thai >= _MIN_LEGACY and thai / letters >= _MIN_SHARE:
        return "thai"
    return None


def is_legacy_lao(text: str) -> bool:
    """True when a text where Lao is expected looks typed in a legacy (non-Unicode) Lao font.

    See :func:`legacy_lao_kind` for the (conservative) test and the module docstring for
    the sources.

    Examples
    --------
    >>> is_legacy_lao("Á¢¸¤")   # ແຂວງ typed in Saysettha Lao
    True
    >>> is_legacy_lao("ແຂວງ"), is_legacy_lao("Économie générale")
    (False, False)
    """
    return legacy_lao_kind(text) is not None


def convert_lswin(text: str) -> str:
    """Best-effort conversion of LSWin (Saysettha Lao) text to Unicode Lao, then
    :func:`normalise_lao`. Characters outside the table are kept. Show the result to the user
    as a suggestion; do not overwrite their cell."""
    return normalise_lao("".join(LSWIN_TO_UNICODE.get(ch, ch) for ch in text))
