"""The ribbon's Review inspects the saved file as `xladdin verify` does (issue #10 item 5).

Hostile files from ``tests/fixtures/security/make_corpus.py`` (each named after its quirk) are
opened in the fake Excel book; Review must report every inspection finding that
:func:`xladdin.returned.verify.verify_file` (the CLI's ``verify``) reports, not only the
package checks (a ``vbaProject`` relationship, external-link parts).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from fake_excel import FakeApp

import xladdin.ribbon as ribbon

TESTS = Path(__file__).resolve().parents[1]
FAKE = TESTS / "workbook" / "fake_xlwings.py"
CORPUS_SCRIPT = TESTS / "fixtures" / "security" / "make_corpus.py"

HOSTILE = [
    "vba_project_named_image_png.xlsx",  # macros stored under a picture's name
    "external_picture_unc_in_drawing.xlsx",  # Windows would fetch \\host\share (NTLM leak)
    "webservice_in_defined_name.xlsx",
    "dde_in_defined_name.xlsx",  # refused: exit 2, as verify
]


def _load(name: str, path: Path):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return _load("make_corpus_ribbon", CORPUS_SCRIPT).make_corpus(tmp_path_factory.mktemp("c"))


@pytest.mark.parametrize("name", HOSTILE)
def test_review_button_reports_what_verify_reports(user_dirs, monkeypatch, corpus, name):
    import xladdin.validate.checks as checks
    from xladdin.returned.verify import verify_file

    if not FAKE.exists():
        pytest.skip("tests/workbook/fake_xlwings.py is not there yet")
    fake_xlwings = _load("fake_xlwings", FAKE)
    monkeypatch.setenv("XLADDIN_LANG", "en")
    seen = []
    original = checks.checks_patch

    def recording(report, view, *args, **kwargs):
        seen.append(report)
        return original(report, view, *args, **kwargs)

    monkeypatch.setattr(checks, "checks_patch", recording)
    path = corpus[name]
    book = fake_xlwings.FakeBook.from_xlsx(path)
    book.app = FakeApp()
    code = ribbon.run("review", book=book)

    cli = verify_file(path)
    expected = {f.code for f in cli.findings if f.category.value == "security"}
    assert expected, name  # the corpus file does carry an inspection finding
    (report,) = seen
    assert expected <= {f.code for f in report}
    assert "Stamp intact" not in book.app.alerts[-1]["prompt"]
    assert code == (2 if any(f.refuses for f in cli.findings) else code)
    assert code in (1, 2)
