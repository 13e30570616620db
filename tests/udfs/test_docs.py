"""Every ``Example:`` line of docs/functions.md, run through the functions as Excel calls them.

The expected results in the docs are hand-derived or published (sources named there); this
test only keeps the page and the code in step.
"""

import re
from pathlib import Path

import pytest

import udfs
from tests.udfs.excel_call import MISSING, call_like_excel

DOC = Path(__file__).resolve().parents[2] / "docs" / "functions.md"
EXAMPLE = re.compile(r"^Example: `(GDP_\w+)\((.*)\)` → `(.*)`\s*$")


def _split_top(text, sep):
    parts, depth, quoted, cur = [], 0, False, ""
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "{":
            depth += 1
        elif not quoted and ch == "}":
            depth -= 1
        if ch == sep and depth == 0 and not quoted:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def _scalar(token):
    token = token.strip()
    if token.startswith('"') and token.endswith('"'):
        return token[1:-1] if token != '""' else None
    if token.upper() in ("TRUE", "FALSE"):
        return token.upper() == "TRUE"
    return float(token)


def parse(token):
    """Excel constant -> Excel-shaped value: {1;2} column, {1,2} row, {1,2;3,4} table."""
    token = token.strip()
    if token == "":
        return MISSING
    if token.startswith("{"):
        rows = [tuple(_scalar(c) for c in _split_top(r, ",")) for r in _split_top(token[1:-1], ";")]
        return tuple(rows)
    return _scalar(token)


def examples():
    found = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = EXAMPLE.match(line)
        if m:
            found.append(
                pytest.param(m.group(1), m.group(2), m.group(3), id=f"{m.group(1)}-{len(found)}")
            )
    return found


def test_every_function_has_a_section():
    text = DOC.read_text(encoding="utf-8")
    for name in udfs.FUNCTIONS:
        assert f"### {name}(" in text, name


@pytest.mark.parametrize(("name", "args", "expected"), examples())
def test_doc_example(name, args, expected):
    func = udfs.FUNCTIONS[name]
    got = call_like_excel(func, *[parse(a) for a in _split_top(args, ",")])
    exp = parse(expected)
    if not isinstance(exp, tuple):
        exp = ((exp,),)
    assert len(got) == len(exp), got
    for g_row, e_row in zip(got, exp):
        assert len(g_row) == len(e_row), got
        for g, e in zip(g_row, e_row):
            if e is None:
                assert g == ""
            elif isinstance(e, str):
                assert g == e
            else:
                assert g == pytest.approx(e, rel=1e-7, abs=1e-6), (
                    got
                )  # docs show 8-10 significant digits


def test_documented_signatures_equal_the_code():
    """Each ``### GDP_X(a, [b=1])`` heading: same argument names, order, optionality, default."""
    import inspect

    text = DOC.read_text(encoding="utf-8")
    headings = re.findall(r"^### (GDP_\w+)\((.*)\)$", text, re.M)
    assert {name for name, _ in headings} == set(udfs.FUNCTIONS)
    for name, args in headings:
        documented = []
        for arg in args.split(", "):
            optional = arg.startswith("[")
            arg_name, _, default = arg.strip("[]").partition("=")
            documented.append((arg_name, optional, default.strip('"')))
        params = inspect.signature(udfs.FUNCTIONS[name]).parameters.values()
        code = [
            (
                p.name,
                p.default is not inspect.Parameter.empty,
                ""
                if p.default in (None, inspect.Parameter.empty)
                else str(p.default).upper()
                if isinstance(p.default, bool)
                else str(p.default),
            )
            for p in params
        ]
        for (d_name, d_opt, d_def), (c_name, c_opt, c_def) in zip(documented, code, strict=True):
            assert (d_name, d_opt) == (c_name, c_opt), name
            if d_def:
                assert d_def == c_def, (name, d_name)
