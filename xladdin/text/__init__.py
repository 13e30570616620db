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
)
from xladdin.text.numbers import LAO_DIGITS, ParsedNumber, parse_number
from xladdin.text.width import display_width

__all__ = [
    "LAO_DIGITS",
    "ParsedNumber",
    "convert_lswin",
    "display_width",
    "has_lao",
    "is_legacy_lao",
    "label_key",
    "labels_match",
    "legacy_lao_kind",
    "normalise_lao",
    "parse_number",
]
