"""Lao text and numbers typed by people: normalisation, label matching, legacy-font detection
and explicit number parsing (docs/design.md §9).

Pure Python (``unicodedata`` only): no pandas, no workbook access.
"""

from xladdin.text.lao import (
    convert_lswin,
    has_lao,
    is_legacy_lao,
    label_key,
    labels_match,
    legacy_lao_kind,
    normalise_lao,
    spacing_chars,
)
from xladdin.text.numbers import LAO_DIGITS, ParsedNumber, parse_number

__all__ = [
    "LAO_DIGITS",
    "ParsedNumber",
    "convert_lswin",
    "has_lao",
    "is_legacy_lao",
    "label_key",
    "labels_match",
    "legacy_lao_kind",
    "normalise_lao",
    "parse_number",
    "spacing_chars",
]
