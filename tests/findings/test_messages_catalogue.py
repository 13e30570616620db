"""The one bilingual message catalogue, xladdin/data/messages.csv (issues #12 item 4, #13).

Every text a user reads in English and Lao is a row of that file: the finding messages and
their "what to do" (per code, both languages), the terminal words, the ribbon's messages and
the consolidation state words. These tests hold the file to what LSB reviews:

- every finding code has a row with a message and a "what to do" in both languages, and every
  row is used (no orphans);
- the placeholders of a text are the same in English and Lao (``{x}``; ``{x_lo}`` in the Lao
  text is the Lao value of the same field, :func:`xladdin.findings.finding`);
- no text names an internal identifier (a defined name ``xl_...``, a table name ``tbl...``,
  a snake_case Python name, ``None``, ``Errno``, ``Traceback``, a class name);
- Lao text is Lao: no Latin word outside placeholders, names quoted as the user sees them
  (a sheet tab, a menu item, a command), file names and extensions, command-line options,
  finding codes, Excel error values and a short list of product names and acronyms
  (``LATIN_IN_LAO`` of tests/lao_check.py);
- every text is NFC-normalised in the file itself.
"""

from __future__ import annotations

import ast
import csv
import re
import string
import unicodedata
from pathlib import Path

import pytest

from tests.lao_check import LATIN_IN_LAO
from xladdin.findings import Finding, catalogue, todo
from xladdin.findings.texts import COLUMNS, FILE, KINDS, messages, pairs

ROOT = Path(__file__).resolve().parents[2]
CSV_PATH = ROOT / "xladdin" / "data" / FILE
TEXT_COLUMNS = ("en", "lo", "todo_en", "todo_lo")

# Names that look like identifiers but are what the user sees or types: sheet tabs of the
# review workbook, a product, a key of the validation settings file.
IDENTIFIER_ALLOWED = {
    "VolumeGrowth",
    "DistrictGrowth",
    "LibreOffice",
    "max_findings_per_sheet",
    # the columns of the signer table a reviewer writes (docs/signing.md)
    "common_name",
    "valid_from",
    "valid_to",
}

INTERNAL = [
    ("defined name", re.compile(r"\bxl_\w+")),
    ("table name", re.compile(r"\btbl[A-Z]\w*")),
    ("snake_case name", re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")),
    ("Python value", re.compile(r"\b(?:None|True|False)\b")),
    ("Python error text", re.compile(r"Errno|Traceback|Exception\b|\b\w+Error\b")),
    ("bytes repr", re.compile(r"\bb'[^']*'")),
    ("class name", re.compile(r"\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+\b")),
]

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_QUOTED = re.compile(r"'[^'\n]{1,60}'|\"[^\"\n]{1,60}\"")
_FILE_NAME = re.compile(
    r"[\w./-]*\.(?:xlsx|xlsm|xlam|xls|csv|p12|pfx|docx|zip|xml|md)\b", re.IGNORECASE
)
_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
_EXCEL_ERROR = re.compile(r"#(?:NAME\?|REF!|VALUE!|DIV/0!|N/A|NUM!|NULL!)")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")


def _rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _fields(text: str, lao: bool = False) -> set[str]:
    names = set()
    for _, name, _, _ in string.Formatter().parse(text):
        if name is not None and name != "":
            name = name.split(".")[0].split("[")[0]
            names.add(name[:-3] if lao and name.endswith("_lo") else name)
    return names


def _codes() -> set[str]:
    return {t.code for t in catalogue()}


def latin_words(text: str) -> list[str]:
    """Latin words of a Lao text that are not allowed (see the module docstring)."""
    text = _PLACEHOLDER.sub(" ", text)
    text = _QUOTED.sub(" ", text)
    text = _FILE_NAME.sub(" ", text)
    text = _OPTION.sub(" ", text)
    text = _EXCEL_ERROR.sub(" ", text)
    codes = _codes()
    return [
        w for w in _LATIN_WORD.findall(text) if w not in LATIN_IN_LAO and w.lower() not in codes
    ]


def internal_names(text: str) -> list[str]:
    """Internal identifiers ``text`` names, as "kind: name"."""
    text = _PLACEHOLDER.sub(" ", text)
    found = []
    for kind, pattern in INTERNAL:
        for m in pattern.finditer(text):
            if m.group() not in IDENTIFIER_ALLOWED:
                found.append(f"{kind}: {m.group()}")
    return found


# --- the file ---------------------------------------------------------------------------------


def test_header_kinds_and_unique_keys():
    rows = _rows()
    assert tuple(rows[0].keys()) == COLUMNS
    assert {r["kind"] for r in rows} <= set(KINDS)
    keys = [(r["kind"], r["key"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert len(messages()) == len(rows)


def test_every_text_is_nfc_in_the_file():
    bad = [
        (r["kind"], r["key"], c)
        for r in _rows()
        for c in COLUMNS
        if r[c] != unicodedata.normalize("NFC", r[c])
    ]
    assert bad == []


def test_no_text_has_the_draft_mark_per_row():
    # Drafts are declared once (xladdin/data/README.md), not with a dagger on every row.
    assert [r["key"] for r in _rows() if any("†" in r[c] for c in TEXT_COLUMNS)] == []


# --- findings ---------------------------------------------------------------------------------


def test_every_defined_code_has_both_messages_and_both_todos():
    rows = {r["key"]: r for r in _rows() if r["kind"] == "finding"}
    missing = sorted(_codes() - set(rows))
    assert missing == [], f"codes without a row in {FILE}: {missing}"
    empty = [(code, c) for code in _codes() for c in TEXT_COLUMNS if not rows[code][c].strip()]
    assert empty == []


def test_every_finding_row_is_a_defined_code():
    orphans = sorted({r["key"] for r in _rows() if r["kind"] == "finding"} - _codes())
    assert orphans == [], f"rows of {FILE} for codes nobody defines: {orphans}"


def test_finding_types_take_their_texts_from_the_file():
    by_code = {t.code: t for t in catalogue()}
    for (kind, key), m in messages().items():
        if kind == "finding":
            t = by_code[key]
            assert (t.en, t.lo, t.description, t.todo_lo) == (m.en, m.lo, m.todo_en, m.todo_lo)


def test_no_define_call_carries_texts():
    # Texts live in the data file only; define() keeps code, severity, category (and refuses).
    found = []
    for path in (ROOT / "xladdin" / "findings" / "catalog").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "define":
                names = {k.arg for k in node.keywords}
                if len(node.args) > 3 or names & {"en", "lo", "description"}:
                    found.append(f"{path.name}: {ast.literal_eval(node.args[0])}")
    assert found == [], f"move these texts to {FILE}: {found}"


def test_todo_gives_the_per_code_advice_in_each_language():
    row = messages()[("finding", "zip-bomb")]
    assert todo("zip-bomb", "en") == row.todo_en
    assert todo("zip-bomb", "lo") == row.todo_lo
    assert todo("zip-bomb", "both") == f"{row.todo_en}\n{row.todo_lo}"
    assert todo("no-such-code", "lo") == ""


def test_checks_sheet_what_to_do_is_the_per_code_lao_advice():
    from xladdin.validate.checks import action_text

    # Two codes of the same category get different Lao advice (it was one line per category).
    a, b = (
        Finding(code, t.severity, t.category, "m", "ມ")
        for code in ("zip-bomb", "dde-formula")
        for t in catalogue()
        if t.code == code
    )
    assert a.category is b.category
    assert action_text(a, "lo") == todo("zip-bomb", "lo")
    assert action_text(b, "lo") == todo("dde-formula", "lo")
    assert action_text(a, "lo") != action_text(b, "lo")
    assert action_text(a, "both") == f"{todo('zip-bomb', 'en')}\n{todo('zip-bomb', 'lo')}"


# --- every row --------------------------------------------------------------------------------


# (kind, key) -> why its Lao message may leave out a field of the English one.
PLACEHOLDER_EXCEPTIONS: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize("pair", [("en", "lo"), ("todo_en", "todo_lo")])
def test_placeholders_are_the_same_in_english_and_lao(pair):
    en_col, lo_col = pair
    bad = []
    for r in _rows():
        en, lo = _fields(r[en_col]), _fields(r[lo_col], lao=True)
        if en != lo and (r["kind"], r["key"]) not in PLACEHOLDER_EXCEPTIONS:
            bad.append((r["kind"], r["key"], sorted(en ^ lo)))
    assert bad == []


def test_no_text_names_an_internal_identifier():
    bad = [
        (r["kind"], r["key"], c, found)
        for r in _rows()
        for c in TEXT_COLUMNS
        if (found := internal_names(r[c]))
    ]
    assert bad == []


def test_lao_texts_hold_no_latin_words():
    bad = [
        (r["kind"], r["key"], c, found)
        for r in _rows()
        if r["kind"] not in BUILD_KINDS  # (their screen names: the build rows' test below)
        for c in ("lo", "todo_lo")
        if (found := latin_words(r[c]))
    ]
    assert bad == []


# Lao words replaced by the terms of xladdin/data/README.md (Terminology): one word per idea.
LAO_REPLACED = {
    "ການປະທັບ": "ເຄື່ອງໝາຍຢັ້ງຢືນ / ການຢັ້ງຢືນ (stamp)",
    "ການເຕີບໂຕ": "ການຂະຫຍາຍຕົວ (growth)",
    "ຫ້ອງໃດ": "ຕາລາງ (cell)",
}


def test_lao_texts_use_the_terminology():
    bad = [
        (r["kind"], r["key"], old, new)
        for r in _rows()
        for c in ("lo", "todo_lo")
        for old, new in LAO_REPLACED.items()
        if old in r[c]
    ]
    assert bad == []


def test_lao_texts_are_lao():
    from xladdin.text.lao import has_lao

    bad = [
        (r["kind"], r["key"])
        for r in _rows()
        if r["lo"].strip()
        and not has_lao(_PLACEHOLDER.sub("", r["lo"]))
        and r["lo"] != r["en"]
        and r["key"] not in LANGUAGE_SWITCH  # (the Lao tab's button to English says "English")
    ]
    assert bad == []


def test_the_checkers_catch_what_they_must():
    assert latin_words("ຄ່າ hash ຂອງ add-in") == ["hash", "add-in"]
    assert latin_words("ເບິ່ງແຜ່ນ 'Checks'; {name} ໃນ .xlsx, --accept, #NAME?, Excel") == []
    assert latin_words("ລະຫັດ zip-bomb") == []
    assert internal_names("Input 'xl_province_code' is missing") == [
        "defined name: xl_province_code",
        "snake_case name: xl_province_code",
    ]
    assert internal_names("the tblSezIncluded table") == ["table name: tblSezIncluded"]
    assert internal_names("gva_total: None") == [
        "snake_case name: gva_total",
        "Python value: None",
    ]
    assert internal_names("[Errno 2] No such file") == ["Python error text: Errno"]
    assert internal_names("raised KeyError") != []
    assert internal_names("{gva_total} in the Settings sheet") == []


# --- words, ribbon and state rows are used ----------------------------------------------------


def _source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "xladdin").rglob("*.py"))


# Keys built at run time: prefix -> the code that builds them.
DYNAMIC = {
    ("word", "col_"): 'f"col_{k}"',
    ("word", "status_"): 'state("status"',
    ("word", "stamp_"): 'state("stamp"',
    ("word", "consolidated_"): 'state("consolidated"',
    ("ribbon", "action-"): 'f"action-{',
    ("word", "checks_col_"): 'f"checks_col_{key}"',
    ("word", "count_"): 'f"count_{k}"',
    ("word", "register_col_"): 'f"register_col_{c}"',
    ("word", "category_"): 'f"category_{',
    ("word", "advice_"): 'f"advice_{',
    (
        "word",
        "districts_col_",
    ): 'f"districts_col_{k}"',  # the district workbook's headers  # the Checks sheet's advice for a code without its own
    ("word", "field_"): 'f"field_{key}"',
    ("word", "frozen_"): 'f"frozen_{',
    ("word", "audit_col_"): 'f"audit_col_{name}"',
    ("word", "numbers_"): 'f"numbers_{',  # the review's Status sheet
    ("word", "level_"): 'f"level_{',
    ("word", "review_exit_"): 'f"review_exit_{code}"',
    ("word", "sig_"): 'startswith("sig_")',  # the Status sheet's "Signed by" words
}

# Rows written for code whose owner switches to them with a one-line edit (issue #13): the
# file and line that still hold the text. Remove a key here once its code uses the row.
AWAITING_SWITCH: dict[str, str] = {}


def test_every_word_ribbon_and_state_row_is_used():
    src = _source()
    from xladdin.ribbon import TAGS

    orphans = []
    for (kind, key), _ in messages().items():
        if kind == "finding" or kind in BUILD_KINDS:  # (every build row is compiled in)
            continue
        if f'"{key}"' in src or f"'{key}'" in src or (kind == "word" and key in AWAITING_SWITCH):
            continue
        prefix = next((p for (k, p) in DYNAMIC if k == kind and key.startswith(p)), None)
        if prefix is None or DYNAMIC[(kind, prefix)] not in src:
            orphans.append((kind, key))
        elif kind == "ribbon" and key[len(prefix) :] not in TAGS:
            orphans.append((kind, key))
    assert orphans == []


def test_rows_awaiting_a_switch_exist():
    assert set(AWAITING_SWITCH) <= set(pairs("word"))


def test_the_python_tables_are_the_file():
    from xladdin.cli.review import _STATE_WORDS
    from xladdin.findings.words import WORDS
    from xladdin.ribbon.messages import MESSAGES

    assert WORDS == pairs("word")
    assert MESSAGES == pairs("ribbon")
    assert _STATE_WORDS == pairs("state")
    assert len(pairs("word")) and len(pairs("ribbon")) and len(pairs("state"))


def test_a_missing_field_value_is_not_shown_as_none():
    from xladdin.findings import finding

    f = finding("review-province-missing", province="03", name=None, files=None)
    assert "None" not in f.message_en and "None" not in f.message_lo
    assert "(-)" in f.message_en and f.details["name"] is None  # the details keep the value


def test_an_os_error_is_shown_without_its_python_prefix():
    from xladdin.findings import finding

    err = FileNotFoundError(2, "No such file or directory", "settings.toml")
    for reason in (err, str(err)):
        f = finding("package-missing", file="settings.toml", reason=reason)
        assert "Errno" not in f.message_en and "Errno" not in f.message_lo
        assert "No such file or directory" in f.message_en


# --- the rows compiled at build time ----------------------------------------------------------
# The VBA add-in's "Python cannot start" texts (kind ``addin``, compiled into the add-in's VBA
# by xladdin/addin/vbatext.py) and the installer's pages (kind ``installer``, compiled into the
# NSIS script by xladdin/dist/windows.py) are rows of the one catalogue, reviewed with its
# rules; only their Lao may keep the names below in Latin letters.

BUILD_KINDS = ("addin", "installer", "ribbon-ui")
# What their Lao may keep in Latin letters: names as the user sees them on screen -- the GDP
# tab of the ribbon, Python (the add-in's engine, named in the installer), Windows' Start
# menu, Ribbon and Retry button, the %LOCALAPPDATA% folder and C: drive, the folders
# C:\xladdin-1 ... C:\xladdin-99, the installer file xladdin-setup.exe, and "LSB IT" (whom to
# call).
INSTALLER_LATIN = {
    "GDP",
    "Python",
    "Start",
    "Ribbon",
    "Retry",
    "LOCALAPPDATA",
    "C",
    "xladdin-1",
    "xladdin-99",
    "xladdin-setup",
    "exe",
    "LSB",
    "IT",
}


# The ribbon's language button shows the other language on purpose: "English" on the Lao tab.
LANGUAGE_SWITCH = {"btnLanguage-label", "btnLanguage-screentip", "btnLanguage-supertip"}


def _build_rows(name: str) -> list[dict[str, str]]:
    return [r for r in _rows() if r["kind"] == name]


@pytest.mark.parametrize("name", BUILD_KINDS)
def test_build_time_rows_follow_the_catalogue_rules(name):
    rows = _build_rows(name)
    assert rows
    assert len({r["key"] for r in rows}) == len(rows)
    from xladdin.text.lao import has_lao

    bad = []
    for r in rows:
        for col in ("en", "lo"):
            text = r[col]
            if not text.strip():
                bad.append((r["key"], col, "empty"))
            if unicodedata.normalize("NFC", text) != text:
                bad.append((r["key"], col, "not NFC"))
            if found := internal_names(text):
                bad.append((r["key"], col, found))
        if _fields(r["en"]) != _fields(r["lo"], lao=True):
            bad.append((r["key"], "placeholders differ"))
        if not has_lao(_PLACEHOLDER.sub("", r["lo"])) and r["key"] not in LANGUAGE_SWITCH:
            bad.append((r["key"], "lo is not Lao"))
        latin = [w for w in latin_words(r["lo"]) if w not in INSTALLER_LATIN]
        if latin and r["key"] not in LANGUAGE_SWITCH:
            bad.append((r["key"], "Latin in Lao", latin))
    assert bad == []
