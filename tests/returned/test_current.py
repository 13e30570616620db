"""Current by construction: a returned file's outputs follow from its inputs.

The scenario of issue 10: change a base-year output (the gross output of Manufacturing in the
benchmark), do not compile, then ``validate`` and ``prepare``. Before, validate said nothing
and the returned file said Manufacturing GVA 760 where its own inputs say 860, stamped. Now
validate reports ``outputs-not-current`` and prepare compiles the copy it returns.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from tests.returned.province16 import compiled_province_16
from xladdin.cli import main
from xladdin.compile.current import COMPILED_PROPERTY, INPUTS_PROPERTY, inputs_hash
from xladdin.findings.words import word
from xladdin.returned import prepare_package, verify_file
from xladdin.returned.prepare import PrepareRefusedError
from xladdin.templates.binding import bind
from xladdin.validate import validate_file
from xladdin.workbook.xlsx_reader import open_xlsx

MANUFACTURING = "03"


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> Path:
    return compiled_province_16(tmp_path_factory.mktemp("current"))


def _rewrite(src: Path, dst: Path, edits: dict[str, callable]) -> Path:
    """Copy ``src`` to ``dst`` changing parts by text edits (zip + strings, no xladdin writer)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in edits:
                new = edits[info.filename](data.decode("utf-8"))
                assert new != data.decode("utf-8"), info.filename
                data = new.encode("utf-8")
            zout.writestr(info, data)
    return dst


def _sheet_part(book: Path, sheet: str) -> str:
    with zipfile.ZipFile(book) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    tag = re.search(rf'<sheet\b[^>]*\bname="{sheet}"[^>]*>', wb).group(0)
    rid = re.search(r'\br:id="([^"]+)"', tag).group(1)
    rel = re.search(rf'<Relationship\b[^>]*\bId="{rid}"[^>]*>', rels).group(0)
    return re.search(r'Target="/?([^"]+)"', rel).group(1).removeprefix("/")


def _gva(book: Path, code: str = MANUFACTURING) -> float:
    bound = bind(open_xlsx(book))
    year = bound.scalar("base_year").value
    return float(bound.block("gva_current").values.loc[code, year])


def _output_changed_by_hand(compiled: Path, tmp_path: Path, delta: float = 100.0) -> Path:
    """The benchmark gross output of Manufacturing raised by ``delta`` in the file, no compile."""
    bound = bind(open_xlsx(compiled))
    bench = bound.block("benchmark")
    cell = bench.cell(MANUFACTURING, "output")
    part = _sheet_part(compiled, bench.sheet)

    def edit(text: str) -> str:
        return re.sub(
            rf'(<c r="{cell}"[^>]*>(?:<f>[^<]*</f>)?<v>)([^<]*)(</v>)',
            lambda m: f"{m.group(1)}{float(m.group(2)) + delta!r}{m.group(3)}",
            text,
            count=1,
        )

    return _rewrite(compiled, tmp_path / "changed-not-compiled.xlsx", {part: edit})


def test_compile_records_the_hash_of_its_inputs(compiled):
    view = open_xlsx(compiled)
    props = view.doc_properties()
    assert props[INPUTS_PROPERTY] == inputs_hash(bind(view))
    assert str(props[COMPILED_PROPERTY]).startswith("xladdin ")
    assert not [f for f in validate_file(compiled).findings if f.code == "outputs-not-current"]


def test_the_issue_scenario_validate_reports_and_prepare_recomputes(compiled, tmp_path):
    """Manufacturing gross output +100 by hand, no compile. Hand derivation: GVA = gross
    output - intermediate consumption (SNA 2008, 6.8), IC unchanged, so base-year current-price
    GVA of Manufacturing rises by exactly 100: 760 -> 860."""
    assert _gva(compiled) == pytest.approx(760.0)
    book = _output_changed_by_hand(compiled, tmp_path)
    assert _gva(book) == pytest.approx(760.0)  # the stale output, as the file says

    report = validate_file(book)
    stale = [f for f in report.findings if f.code == "outputs-not-current"]
    assert stale and report.exit_code == 1
    results = next(f for f in stale if f.sheet == "Results")
    assert "tblGvaCurrent" in results.details["table"]
    assert "an input changed after the last compile" in results.message_en
    assert main(["validate", str(book)]) == 1

    before = book.read_bytes()
    result = prepare_package(book, out=tmp_path / "returned.xlsx")
    assert book.read_bytes() == before  # the original is never modified
    codes = [f.code for f in result.report.findings]
    assert "return-compiled" in codes and "return-outputs-were-stale" in codes
    assert _gva(result.path) == pytest.approx(860.0)
    assert verify_file(result.path).intact
    assert not [f for f in validate_file(result.path).findings if f.code == "outputs-not-current"]


def test_prepare_of_a_current_workbook_changes_no_output(compiled, tmp_path):
    result = prepare_package(compiled, out=tmp_path / "returned.xlsx")
    codes = [f.code for f in result.report.findings]
    assert "return-compiled" in codes and "return-outputs-were-stale" not in codes
    assert _gva(result.path) == pytest.approx(_gva(compiled))


def test_a_compiled_workbook_without_a_recorded_hash_is_not_current(compiled, tmp_path):
    """Compiled by an xladdin that recorded no inputs hash: nothing says the outputs follow."""

    def drop(text: str) -> str:
        return re.sub(
            rf'<property [^>]*name="{re.escape(INPUTS_PROPERTY)}"[^>]*>.*?</property>',
            "",
            text,
            flags=re.DOTALL,
        )

    book = _rewrite(compiled, tmp_path / "older.xlsx", {"docProps/custom.xml": drop})
    stale = [f for f in validate_file(book).findings if f.code == "outputs-not-current"]
    assert stale
    # the reason is the catalogue's row stale_unrecorded (xladdin/data/messages.csv), both languages
    assert word("stale_unrecorded", "en") in stale[0].message_en
    assert word("stale_unrecorded", "lo") in stale[0].message_lo
    assert stale[0].message_lo != stale[0].message_en


def test_an_input_retyped_as_text_is_a_change_of_input(compiled, tmp_path):
    """The inputs hash sees types: the same digits stored as text are not the same input."""
    bound = bind(open_xlsx(compiled))
    bench = bound.block("benchmark")
    cell = bench.cell(MANUFACTURING, "output")
    part = _sheet_part(compiled, bench.sheet)

    def as_text(m: re.Match) -> str:
        attrs = re.sub(r'\st="\w+"', "", m.group(1))
        return f'<c r="{cell}"{attrs} t="inlineStr"><is><t>{m.group(2)}</t></is></c>'

    def edit(text: str) -> str:
        return re.sub(rf'<c r="{cell}"([^>]*)><v>([^<]*)</v></c>', as_text, text, count=1)

    book = _rewrite(compiled, tmp_path / "as-text.xlsx", {part: edit})
    assert inputs_hash(bind(open_xlsx(book))) != inputs_hash(bound)


def test_prepare_refuses_a_template_it_cannot_compile(compiled, tmp_path, capsys):
    """An unsupported template version: prepare cannot make the outputs follow the inputs, so
    it writes nothing and says why (exit 2)."""
    part = _sheet_part(compiled, "_xladdin")

    def edit(text: str) -> str:
        new, n = re.subn(r"(<t[^>]*>)1\.\d+(</t>)", r"\g<1>0.1\2", text, count=1)
        assert n == 1
        return new

    book = _rewrite(compiled, tmp_path / "old-version.xlsx", {part: edit})
    out = tmp_path / "old-version-return.xlsx"
    with pytest.raises(PrepareRefusedError) as caught:
        prepare_package(book, out=out)
    assert caught.value.finding.code == "return-compile-refused"
    assert not out.exists()
    capsys.readouterr()
    assert main(["prepare", str(book), "-o", str(out)]) == 2
    assert "return-compile-refused" in capsys.readouterr().out
    assert not out.exists()
