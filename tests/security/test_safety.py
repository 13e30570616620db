"""Untrusted returned files: every quirk of the corpus gives its finding, never an exception."""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xladdin.findings import Category, Report, get_type
from xladdin.workbook.safety import Limits, inspect_package, is_refused, open_untrusted

HERE = Path(__file__).resolve().parent
CORPUS_SCRIPT = HERE.parent / "fixtures" / "security" / "make_corpus.py"


def _load_corpus_module():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module


CORPUS = _load_corpus_module()
CLEAN = CORPUS._base()
# The reader's codes, which the inspection uses too for a file that is no readable workbook.
NOT_A_WORKBOOK = {
    "workbook-unreadable",
    "workbook-truncated",
    "workbook-encrypted",
    "workbook-legacy-xls",
    "workbook-missing-part",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return CORPUS.make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize("name", sorted(CORPUS.EXPECTED))
def test_corpus_file_gives_expected_finding(corpus, name):
    code, exit_code = CORPUS.EXPECTED[name]
    findings = inspect_package(corpus[name])
    codes = [f.code for f in findings]
    if code is None:
        assert codes == []
    else:
        assert code in codes
        # security findings, or the reader's workbook-* codes for a file that is no workbook
        for f in findings:
            structure = f.code in NOT_A_WORKBOOK or f.code == "cell-value-not-a-number"
            expected = Category.STRUCTURE if structure else Category.SECURITY
            assert f.category is expected and get_type(f.code).category is expected
    assert Report(findings).exit_code == exit_code
    assert is_refused(findings) == (exit_code == 2)
    for f in findings:  # both languages rendered, no unfilled template field left
        assert "{" not in f.message_en and "{" not in f.message_lo


# Findings whose message shows the file's own content (a formula, a URL, a part name): that
# text is data, shown as it is in either language.
SHOWS_CONTENT = {
    "dde-formula",
    "webservice-formula",
    "hyperlink-to-file",
    "external-relationship",
    "macro-project-present",
    "embedded-object-present",
}


@pytest.mark.parametrize("name", sorted(CORPUS.EXPECTED))
def test_corpus_findings_say_their_reason_in_lao(corpus, name):
    """Issue #12 item 4: the reason a hostile file is refused is a catalogue word in Lao too
    (sizes, ratios, a missing part, a damaged part, an XML error's line and column), never an
    English phrase of the code or of a library inside the Lao sentence."""
    from tests.lao_check import latin_left

    for f in inspect_package(corpus[name]):
        if f.code not in SHOWS_CONTENT:
            assert latin_left(f.message_lo, [name]) == [], (f.code, f.message_lo)


def test_zip_bomb_has_a_real_ratio(corpus):
    with zipfile.ZipFile(corpus["zip_bomb_ratio.xlsx"]) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size / info.compress_size > 200
    assert corpus["zip_bomb_ratio.xlsx"].stat().st_size < 64 * 1024


def test_total_size_limit(corpus):
    limits = Limits(max_total_bytes=4096)
    codes = [f.code for f in inspect_package(corpus["clean.xlsx"], limits)]
    assert codes == ["zip-bomb"]


def test_part_read_is_bounded_even_if_directory_lies(corpus):
    # A part larger than the per-part limit is refused from the directory, before reading.
    limits = Limits(max_part_bytes=200)
    findings = inspect_package(corpus["clean.xlsx"], limits)
    assert is_refused(findings) and {f.code for f in findings} == {"zip-bomb"}


def test_file_size_limit(corpus):
    findings = inspect_package(corpus["clean.xlsx"], Limits(max_file_bytes=100))
    assert [f.code for f in findings] == ["package-too-large"]


def test_macro_policy_refuse(corpus):
    findings = inspect_package(corpus["macro_vba.xlsm"], Limits(macros="refuse"))
    assert [f.code for f in findings] == ["macro-project-refused"]
    assert Report(findings).exit_code == 2


def test_row_limit_is_configurable(corpus):
    findings = inspect_package(corpus["clean.xlsx"], Limits(max_rows=2))
    assert [f.code for f in findings] == ["sheet-dimension-absurd"]


def test_missing_path_and_directory(tmp_path):
    assert [f.code for f in inspect_package(tmp_path / "nope.xlsx")] == ["package-missing"]
    assert [f.code for f in inspect_package(tmp_path)] == ["package-missing"]


def test_dde_finding_points_at_the_cell(corpus):
    (f,) = inspect_package(corpus["dde_cmd_formula.xlsx"])
    assert (f.sheet, f.cell) == ("GVA", "E2")
    assert "cmd|" in f.message_en


def test_hidden_sheet_finding_names_the_sheet(corpus):
    (f,) = inspect_package(corpus["hidden_sheet_data.xlsx"])
    assert f.sheet == "Workings" and f.details["cells"] == 2


def test_findings_per_code_are_capped(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    for i in range(1, 60):
        wb.active.cell(i, 1).value = f"=cmd|'/c calc'!A{i}"
    path = tmp_path / "many_dde_formulas.xlsx"
    wb.save(path)
    findings = inspect_package(path)
    assert 1 <= len(findings) <= 20


def test_open_untrusted_refused_gives_no_view(corpus):
    view, findings = open_untrusted(corpus["billion_laughs.xlsx"])
    assert view is None and is_refused(findings)


def test_open_untrusted_clean_gives_a_view(corpus):
    pytest.importorskip("xladdin.workbook.xlsx_reader")
    view, findings = open_untrusted(corpus["clean.xlsx"])
    assert findings == []
    assert "GVA" in view.sheet_names()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=0, max_value=10_000), flip=st.integers(min_value=0, max_value=255))
def test_damaged_bytes_never_raise(tmp_path, cut, flip):
    data = bytearray(CLEAN)
    pos = cut % len(data)
    data[pos] ^= flip
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data[: max(pos, 30)] if cut % 3 == 0 else data))
    findings = inspect_package(path)  # must not raise
    assert all(f.category is Category.SECURITY or f.code in NOT_A_WORKBOOK for f in findings)


def test_random_zip_members_never_raise(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", b"\x00\xff garbage")
        z.writestr("xl/workbook.xml", b"<workbook><sheets><sheet name='a' r:id='x'/>")
    path = tmp_path / "garbage_members.xlsx"
    path.write_bytes(buf.getvalue())
    findings = inspect_package(path)
    assert is_refused(findings)


@pytest.mark.parametrize("chunk", [7, 64, 1000])
def test_tiny_chunks_find_the_same_things(corpus, chunk):
    limits = Limits(chunk_bytes=chunk)
    for name in (
        "dde_cmd_formula.xlsx",
        "webservice_formula.xlsx",
        "hidden_sheet_data.xlsx",
        "dimension_absurd.xlsx",
        "cell_beyond_limits.xlsx",
        "billion_laughs.xlsx",
        "clean.xlsx",
    ):
        small = [(f.code, f.sheet, f.cell) for f in inspect_package(corpus[name], limits)]
        big = [(f.code, f.sheet, f.cell) for f in inspect_package(corpus[name])]
        assert small == big, name


def test_escaped_formula_text_is_unescaped_before_scanning(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["B3"] = '=HYPERLINK("\\\\server\\share\\x.exe","a&b<c")'
    path = tmp_path / "unc_hyperlink.xlsx"
    wb.save(path)
    (f,) = inspect_package(path)
    assert f.code == "hyperlink-to-file" and f.cell == "B3"


def test_cli_inspect_exit_codes(corpus, capsys):
    from xladdin.cli import main

    assert main(["inspect", str(corpus["clean.xlsx"])]) == 0
    assert main(["inspect", str(corpus["clean.xlsx"]), str(corpus["macro_vba.xlsm"])]) == 1
    assert main(["inspect", str(corpus["zip_bomb_ratio.xlsx"]), "--json"]) == 2
    out = capsys.readouterr().out
    assert '"zip-bomb"' in out
    assert main(["inspect", str(corpus["macro_vba.xlsm"]), "--macros", "refuse"]) == 2


def test_part_count_is_checked_before_zipfile_reads_the_directory(corpus, monkeypatch):
    import xladdin.workbook.safety as safety

    def boom(*a, **k):
        raise AssertionError("zipfile must not parse a directory with too many entries")

    monkeypatch.setattr(safety.zipfile, "ZipFile", boom)
    findings = inspect_package(corpus["too_many_parts.xlsx"])
    assert [f.code for f in findings] == ["zip-too-many-parts"]
    assert findings[0].details["count"] > 2000


@pytest.mark.parametrize(
    "name",
    [
        "empty_file.xlsx",
        "csv_renamed.xlsx",
        "truncated.xlsx",
        "encrypted_ole.xlsx",
        "legacy_biff.xls",
        "docx_renamed.xlsx",
    ],
)
def test_one_code_per_condition_inspection_and_reader_agree(corpus, name):
    """The inspection and the headless reader give the same code for a file that is no
    workbook (the catalogue has one code per condition), and the message names the file."""
    from xladdin.workbook.xlsx_reader import read_findings

    code, _ = CORPUS.EXPECTED[name]
    (inspected,) = inspect_package(corpus[name])
    view, (read,) = read_findings(corpus[name])
    assert view is None
    assert inspected.code == read.code == code
    assert inspected.details["file"] == read.details["file"] == name
    assert name in inspected.message_en and name in inspected.message_lo


def test_no_duplicate_package_codes_in_the_catalogue():
    from xladdin.findings import catalogue

    codes = {t.code for t in catalogue()}
    gone = {
        "package-not-zip",
        "package-truncated",
        "package-encrypted",
        "package-legacy-format",
        "package-not-workbook",
    }
    assert not codes & gone
    assert NOT_A_WORKBOOK <= codes
    assert {"package-missing", "package-too-large"} <= codes


def test_not_a_zip_reason_says_what_the_file_starts_with(corpus):
    (f,) = inspect_package(corpus["csv_renamed.xlsx"])
    assert f.code == "workbook-unreadable" and "not a zip package" in f.details["reason"]
    (f,) = inspect_package(corpus["docx_renamed.xlsx"])
    assert f.code == "workbook-missing-part" and "xl/workbook.xml" in f.details["reason"]


@pytest.mark.parametrize(
    "stream, code, error",
    [
        ("EncryptionInfo", "workbook-encrypted", "EncryptedWorkbookError"),
        ("EncryptedPackage", "workbook-encrypted", "EncryptedWorkbookError"),
        ("Workbook", "workbook-legacy-xls", "LegacyXlsError"),
    ],
)
def test_an_ole_file_is_named_alike_by_the_inspection_and_the_package(
    tmp_path, stream, code, error
):
    """One sniff (``opc.is_encrypted_ole``): a compound file with either stream of an encrypted
    package (MS-OFFCRYPTO) is an encrypted workbook for every reader, another is a legacy .xls."""
    from xladdin.workbook import package as pkg
    from xladdin.workbook.opc import OLE_MAGIC
    from xladdin.workbook.safety import inspect_untrusted

    path = tmp_path / f"{stream}.xlsx"
    path.write_bytes(OLE_MAGIC + b"\0" * 504 + stream.encode("utf-16-le") + b"\0" * 600)
    findings, _package = inspect_untrusted(path)
    assert [f.code for f in findings] == [code]
    with pytest.raises(getattr(pkg, error)):
        pkg.Package(path)
