"""No finding carries an English phrase written in the code without its Lao (issue #12 item 4).

A finding's message fields such as ``reason``, ``error`` or ``what`` are filled in at run time.
When a call site writes the phrase itself (``reason="not a regular file"``, ``what="Weight"``,
``reason=f"{size} bytes, limit {limit}"``), the Lao message would show that English phrase
in the middle of a Lao sentence, and LSB could not review the wording in the catalogue. Such
phrases are ``word`` rows of ``xladdin/data/messages.csv``, passed with their Lao twin
(``**reason("reason_not_regular_file")``, ``**field_words("what", "input_weight")``).

This test reads the source with :mod:`ast` (the finding factories of
``test_codes_registered``: :func:`xladdin.findings.finding` and every wrapper passing its code
on, such as ``state.add``) and lists every keyword text field given as a string literal or an
f-string holding a word of two or more Latin letters -- in any field but those naming a sheet,
a cell, a check or a table (``item="taxes on products / GVA"`` is caught as well as
``reason=...``) -- without the ``{field}_lo`` keyword or a
``**`` mapping beside it. A value made elsewhere (an exception's own text, a file name) is
data, not a phrase of the code, and is not listed.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.findings import test_codes_registered as codes_scan

TEXT_FIELDS = ("reason", "reasons", "error", "what", "why", "how", "detail", "step")
"""The fields most often written as a phrase (the scan now looks at every field but these:)"""
IDENTIFIER_FIELDS = ("sheet", "cell", "severity", "rule", "table")
"""Fields that name something as the workbook or the catalogue spells it (a sheet tab, a
cell, a check's code, an Excel table name): shown as they are in both languages."""
_WORD = re.compile(r"[A-Za-z]{2,}")


def _phrase(node: ast.AST) -> str | None:
    """The English words ``node`` writes itself: a string literal, or an f-string's literal
    parts, when they hold a word of two or more Latin letters."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if _WORD.search(node.value) else None
    if isinstance(node, ast.JoinedStr):
        text = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        return text if _WORD.search(text) else None
    return None


def phrases_without_lao(source: codes_scan.Source) -> list[str]:
    """``path:line field=phrase`` of each finding call passing an English phrase of its own."""
    factories = source.factories()
    found = []
    for path, tree in source.trees.items():
        known = {"finding": (0, "code"), **factories[path]}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or codes_scan._name(node) not in known:
                continue
            given = {k.arg for k in node.keywords}
            if None in given:  # **fields: the caller's mapping (reason(), field_words())
                continue
            for k in node.keywords:
                if k.arg not in IDENTIFIER_FIELDS and f"{k.arg}_lo" not in given:
                    phrase = _phrase(k.value)
                    if phrase is not None:
                        where = path.relative_to(codes_scan.ROOT)
                        found.append(f"{where}:{k.value.lineno} {k.arg}={phrase!r}")
    return found


def test_no_finding_passes_an_english_phrase_without_its_lao():
    source = codes_scan.Source()
    assert len(source.factories()) > 100  # the scan sees the package
    assert phrases_without_lao(source) == []


def test_the_scan_finds_a_phrase_written_in_the_code(tmp_path, monkeypatch):
    source = codes_scan.source_of(
        tmp_path,
        monkeypatch,
        "def direct():\n"
        "    return finding('zip-bomb', reason='more than 5 bytes')\n"
        "def add(state, code, **kw):\n"
        "    state.append(finding(code, **kw))\n"
        "def via_wrapper(state, n):\n"
        "    add(state, 'xml-malformed', reason=f'{n} bytes, limit 4')\n"
        "def any_field():\n"
        "    return finding('ratio-jump', item='taxes / GVA', sheet='Results', rule='x-y')\n"
        "def fine(state, exc, n):\n"
        "    add(state, 'zip-bomb', reason=str(exc))\n"  # data: the exception's own text
        "    add(state, 'zip-bomb', reason=f'{n}: {exc}')\n"  # no word of the code's own
        "    add(state, 'zip-bomb', reason='x', reason_lo='ກ')\n"  # its Lao given
        "    add(state, 'zip-bomb', **reason('reason_part_size', size=n, limit=4))\n",
    )
    found = phrases_without_lao(source)
    assert [f.split(" ", 1)[1] for f in found] == [
        "reason='more than 5 bytes'",
        "reason=' bytes, limit 4'",
        "item='taxes / GVA'",
    ]
    assert all(Path(f.split(":")[0]).name == "m.py" for f in found)


# -- every word is called with the fields both of its texts use ---------------------------------

# function name -> position of the catalogue key among its arguments
WORD_FUNCTIONS = {"word": 0, "say": 0, "reason": 0, "field_words": 1}
_FIELD = re.compile(r"\{(\w+)")


def word_calls_missing_fields(source: codes_scan.Source) -> list[str]:
    """``path:line key: fields`` of each call of :func:`~xladdin.findings.words.word` (and
    ``say``, ``reason``, ``field_words``) with a literal key that does not pass a field its
    English or Lao text uses: ``word`` formats both texts with the same fields, so a missing
    one is a KeyError at run time, in whichever language was asked for."""
    from xladdin.findings.words import WORDS

    found = []
    for path, tree in source.trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or codes_scan._name(node) not in WORD_FUNCTIONS:
                continue
            pos = WORD_FUNCTIONS[codes_scan._name(node)]
            if len(node.args) <= pos or any(k.arg is None for k in node.keywords):
                continue  # the key is not given here, or **fields: not checked statically
            key = node.args[pos]
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                continue
            if key.value not in WORDS:
                continue  # a finding code or another table's key (other tests check those)
            wanted = set(_FIELD.findall(" ".join(WORDS[key.value])))
            given = {k.arg for k in node.keywords}
            if wanted - given:
                where = path.relative_to(codes_scan.ROOT)
                found.append(f"{where}:{node.lineno} {key.value}: {sorted(wanted - given)}")
    return found


def test_every_word_call_passes_the_fields_of_both_its_texts():
    source = codes_scan.Source()
    assert word_calls_missing_fields(source) == []


def test_the_word_scan_finds_a_missing_lao_field(tmp_path, monkeypatch):
    source = codes_scan.source_of(
        tmp_path,
        monkeypatch,
        "def f(s):\n"
        "    a = word('step_index_of', name=s)\n"  # its Lao text uses {name_lo}
        "    b = word('step_index_of', 'lo', name=s, name_lo=s)\n"  # fine
        "    c = field_words('reason', 'reason_part_size', size=1)\n"  # {limit} missing
        "    return a, b, c\n",
    )
    found = [f.split(" ", 1)[1] for f in word_calls_missing_fields(source)]
    assert found == ["step_index_of: ['name_lo']", "reason_part_size: ['limit']"]
