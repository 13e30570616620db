"""Text from a workbook or a file name never drives the terminal (issue #10 "Smaller").

A cell holding ``ESC [2J`` (clear screen; stored in the XML as the OOXML escape ``_x001B_``, the
way Excel writes a control character) and a file name holding a newline (which could print a
fake "0 errors" line) go through ``validate`` and ``consolidate`` as a user runs them. Asserted:
no raw ESC, CSI or carriage return reaches stdout/stderr, the file name stays on one line, the
escaped text is still readable (``\\u001b[2J``, ``\\n``) and ``--json`` still parses to the
original text.
"""

from __future__ import annotations

import json
import re
import zipfile

from openpyxl import Workbook

from xladdin.cli import main
from xladdin.findings.words import one_line, render_table

RAW = re.compile("[\x1b\x9b\r\x07]")


def _hostile_book(path) -> None:
    """A workbook whose A1 is the inline string ``=_x001B_[2J clear`` (written at XML level)."""
    wb = Workbook()
    wb.active.title = "Data"
    wb.active["B1"] = 1
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    cell = '<c r="A1" t="inlineStr"><is><t>=_x001B_[2J clear</t></is></c>'
    sheet = re.sub(r'(<row r="1"[^>]*>)', r"\1" + cell, sheet, count=1)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_one_line_escapes_controls_and_keeps_lao():
    assert one_line("a\nb\rc\td\x1b[2Je\x9bf\u202eg ລາວ") == (
        "a\\nb\\rc\\td\\u001b[2Je\\u009bf\\u202eg ລາວ"
    )
    lines = render_table(["file", "n"], [["x\n0 errors", 1]])
    assert len(lines) == 2 and "x\\n0 errors" in lines[1]


def test_validate_prints_an_escape_sequence_from_a_cell_escaped(tmp_path, capsys):
    book = tmp_path / "book.xlsx"
    _hostile_book(book)
    assert main(["validate", str(book)]) in (0, 1)
    out = capsys.readouterr()
    assert not RAW.search(out.out + out.err)
    assert "\\u001b[2J clear" in out.out  # the text is shown, escaped, in the finding

    assert main(["validate", str(book), "--json"]) in (0, 1)
    data = json.loads(capsys.readouterr().out)
    (hit,) = [f for f in data["findings"] if f["code"] == "text-looks-like-formula"]
    assert hit["details"]["text"] == "=\x1b[2J clear"  # JSON keeps the text, escaped by JSON


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path, capsys):
    name = "evil\nOK 0 errors\x1b[2J.xlsx"
    bad = tmp_path / name
    bad.write_bytes(b"not a workbook")
    assert main(["validate", str(bad)]) == 2
    out = capsys.readouterr()
    text = out.out + out.err
    assert not RAW.search(text)
    assert not any(line.startswith("OK 0 errors") for line in text.splitlines())
    assert "evil\\nOK 0 errors\\u001b[2J.xlsx" in text

    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / name).write_bytes(b"not a workbook")
    main(["consolidate", str(folder), "-o", str(tmp_path / "review.xlsx")])
    out = capsys.readouterr()
    text = out.out + out.err
    assert not RAW.search(text)
    assert not any(line.startswith("OK 0 errors") for line in text.splitlines())

    # the register keeps the name; `register list` prints it on one line
    main(["register", "list", "--register", str(tmp_path / "review.register.sqlite")])
    out = capsys.readouterr()
    text = out.out + out.err
    assert not RAW.search(text)
    assert not any(line.startswith("OK 0 errors") for line in text.splitlines())
    assert "evil\\nOK 0 errors" in text
