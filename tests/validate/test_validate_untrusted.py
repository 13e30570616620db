"""``xladdin validate`` treats a file as untrusted, like ``xladdin consolidate``: hostile files of
the security corpus (tests/fixtures/security) give their finding and exit code, never a
traceback, and the same security findings as a consolidation of the same file."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from xladdin.cli import main
from xladdin.findings import Report
from xladdin.validate import validate_file

CORPUS_SCRIPT = Path(__file__).resolve().parents[1] / "fixtures" / "security" / "make_corpus.py"


def _load_corpus_module():
    spec = importlib.util.spec_from_file_location("make_corpus_validate", CORPUS_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CORPUS = _load_corpus_module()
ENTRY = "import sys; from xladdin.cli import main; sys.exit(main(sys.argv[1:]))"

# A few of each kind: refused (2) and reported (1).
SAMPLE = [
    "csv_renamed.xlsx",
    "truncated.xlsx",
    "encrypted_ole.xlsx",
    "legacy_biff.xls",
    "docx_renamed.xlsx",
    "zip_bomb_ratio.xlsx",
    "billion_laughs.xlsx",
    "xxe_workbook.xlsx",
    "dimension_absurd.xlsx",
    "dde_cmd_formula.xlsx",
    "dde_link_part.xlsx",
    "webservice_formula.xlsx",
    "external_link.xlsx",
    "macro_vba.xlsm",
    "hidden_sheet_data.xlsx",
    "very_hidden_sheet_data.xlsx",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return CORPUS.make_corpus(tmp_path_factory.mktemp("corpus"))


def _inspection_codes() -> set[str]:
    """Codes the untrusted-file inspection and the reader give (catalog security + workbook)."""
    from xladdin.findings import FindingType
    from xladdin.findings.catalog import security, workbook

    return {
        v.code
        for mod in (security, workbook)
        for v in vars(mod).values()
        if isinstance(v, FindingType)
    }


INSPECTION = _inspection_codes()


def _security(findings) -> list[tuple[str, str | None, str | None]]:
    """Findings of the untrusted-file inspection, sorted."""
    return sorted((f.code, f.sheet, f.cell) for f in findings if f.code in INSPECTION)


@pytest.mark.parametrize("name", SAMPLE)
def test_cli_validate_gives_the_corpus_finding_and_exit_code(corpus, name, capsys):
    code, exit_code = CORPUS.EXPECTED[name]
    assert main(["validate", str(corpus[name]), "--json"]) == exit_code
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    data = json.loads(captured.out)
    assert data["exit_code"] == exit_code
    assert code in {f["code"] for f in data["findings"]}


@pytest.mark.parametrize("name", ["clean.xlsx", "clean_with_xladdin_hidden_sheet.xlsx"])
def test_clean_corpus_files_have_no_security_findings(corpus, name):
    report = validate_file(corpus[name])
    assert _security(report) == []
    assert not report.refused or name == "clean_with_xladdin_hidden_sheet.xlsx"
    # (that one's _xladdin sheet names a template without a version: a binding finding)


@pytest.mark.parametrize("name", sorted(CORPUS.EXPECTED))
def test_validate_and_consolidate_give_the_same_security_findings(corpus, name):
    from xladdin.review.consolidate import read_submission

    validated = validate_file(corpus[name])
    consolidated = read_submission(corpus[name])
    assert _security(validated) == _security(consolidated.findings)
    security = Report([f for f in validated if f.code in INSPECTION])
    assert security.refused == (CORPUS.EXPECTED[name][1] == 2)


def test_refused_file_is_not_parsed(corpus, monkeypatch):
    """Inspection comes first: the reader never sees a refused package."""
    import xladdin.workbook.xlsx_reader as reader

    def boom(*a, **k):
        raise AssertionError("the reader must not open a refused file")

    monkeypatch.setattr(reader, "open_xlsx", boom)
    for name in ("billion_laughs.xlsx", "zip_bomb_ratio.xlsx", "dde_cmd_formula.xlsx"):
        assert validate_file(corpus[name]).exit_code == 2


def test_real_command_line_never_shows_a_traceback(corpus):
    """The installed entry point, in a fresh process (no test harness catching anything)."""
    for name in ("billion_laughs.xlsx", "truncated.xlsx", "macro_vba.xlsm"):
        proc = subprocess.run(
            [sys.executable, "-c", ENTRY, "validate", str(corpus[name])],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == CORPUS.EXPECTED[name][1], (name, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stdout + proc.stderr
        assert CORPUS.EXPECTED[name][0] in proc.stdout
