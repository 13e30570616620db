"""Lao label normalisation and legacy-font detection (docs/design.md §9)."""

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xladdin.text import (
    convert_lswin,
    has_lao,
    is_legacy_lao,
    label_key,
    labels_match,
    legacy_lao_kind,
    normalise_lao,
)
from xladdin.text.lao import LSWIN_TO_UNICODE

GLOSSARY = Path(__file__).resolve().parents[2] / "xladdin" / "data" / "glossary.csv"


def _glossary():
    """The project's glossary (a copy of shared/reference/glossary.csv, extended)."""
    with open(GLOSSARY, encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def test_tone_mark_order_and_am():
    assert normalise_lao("ນ້ຳ") == normalise_lao("ນໍ້າ")
    assert labels_match("ພະລັງງານໄຟຟ້ານ້ຳຕົກ", "ພະລັງງານໄຟຟ້ານໍ້າຕົກ")


def test_ho_lo_equivalence():
    assert labels_match("ແຂວງຫຼວງນ້ຳທາ", "ແຂວງຫລວງນໍ້າທາ")
    assert labels_match("ນະຄອນຫຼວງວຽງຈັນ", "ນະຄອນຫລວງວຽງຈັນ")


def test_whitespace_invisible_and_dashes():
    assert normalise_lao("  ກະສິກຳ\u200b  ປ່າໄມ້ \n") == normalise_lao("ກະສິກຳ ປ່າໄມ້")
    assert labels_match("ກະສິກຳ-ປ່າໄມ້", "ກະສິກຳ – ປ່າໄມ້")
    assert labels_match("Agriculture and forestry", "agriculture  and FORESTRY:")


def test_glossary_variants_that_are_the_same_word():
    # glossary.csv lists ກະສິກຳ|ກະສິກໍາ for agriculture: the same word (AM composed or not).
    rows = {r["key"]: r for r in _glossary()}
    variants = rows["agriculture"]["lo_variants"].split("|")
    assert labels_match(variants[0], variants[1])
    # Every glossary term matches itself after normalisation, and its ນ້ຳ/ນໍ້າ form.
    for r in rows.values():
        if r["lo"]:
            assert labels_match(r["lo"], r["lo"].replace("ນ້ຳ", "ນໍ້າ").replace("ຫຼ", "ຫລ"))


def test_glossary_variants_that_are_different_spellings_do_not_match():
    # Different spellings are the glossary's business, not normalisation's.
    assert not labels_match("ດັດຊະນີລາຄາຜູ້ຊົມໃຊ້", "ດັດສະນີລາຄາຜູ້ຊົມໃຊ້")
    assert not labels_match("ອຸດສາຫະກຳ", "ອຸດສະຫະກຳ")
    assert not labels_match("ລວມຍອດຜະລິດຕະພັນພາຍໃນ", "ຈີດີພີ")


def test_distinct_glossary_terms_stay_distinct():
    terms = {r["lo"] for r in _glossary() if r["lo"]}
    assert len({label_key(t) for t in terms}) == len(terms)


def test_labels_match_none_and_empty():
    assert not labels_match(None, "ແຂວງ")
    assert not labels_match("", "")


def _legacy(word: str) -> str:
    """Encode a Unicode Lao word the way the LSWin (Saysettha Lao) font stores it."""
    inverse = {}
    for k, v in LSWIN_TO_UNICODE.items():
        if len(v) == 1:
            inverse.setdefault(v, k)
    return "".join(inverse[ch] for ch in word)


@pytest.mark.parametrize("word", ["ແຂວງ", "ບໍລິການ", "ປ່າໄມ້", "ເມືອງ", "ກະສິກ\u0ecd\u0eb2"])
def test_legacy_lswin_text_is_detected_and_converted(word):
    legacy = _legacy(word)
    assert not has_lao(legacy)
    assert is_legacy_lao(legacy)
    assert legacy_lao_kind(legacy) == "lswin"
    assert convert_lswin(legacy) == normalise_lao(word)


@pytest.mark.parametrize(
    "text",
    [
        "ແຂວງຈຳປາສັກ",  # Unicode Lao
        "Gross domestic product",
        "Économie générale",
        "Größenordnung",
        "Año",
        "2,345.6",
        "",
        "¡",  # too short to tell
        "Café ©",  # two Latin-1 symbols among letters
        "ແຂວງ ¡¢£",  # any Unicode Lao letter: not legacy
    ],
)
def test_not_legacy(text):
    assert not is_legacy_lao(text)


def test_thai_text_where_lao_is_expected():
    assert legacy_lao_kind("ภาษีอากร") == "thai"
    assert is_legacy_lao("ภาษีอากร")


LAO_TEXT = st.text(
    alphabet=[chr(c) for c in range(0x0E80, 0x0F00)] + [" ", "\u200b", "-"], max_size=30
)


@given(LAO_TEXT)
def test_normalise_lao_is_idempotent(text):
    once = normalise_lao(text)
    assert normalise_lao(once) == once
    assert labels_match(text, once) or not once


@given(LAO_TEXT)
def test_unicode_lao_is_never_legacy(text):
    if has_lao(text):
        assert not is_legacy_lao(text)
