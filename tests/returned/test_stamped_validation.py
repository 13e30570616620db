"""The return stamp records the validation result of the data being returned."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from xladdin.cli import main
from xladdin.returned import STAMP_KEYS, data_hash, prepare_package, verify_file
from xladdin.returned.verify import read_stamp, stamped_validation
from xladdin.validate import validate_view
from xladdin.workbook.xlsx_reader import open_xlsx

VALIDATION = ("validation_errors", "validation_warnings", "validation_xladdin_version")


def _province(tmp_path: Path, base_year: int | None = None) -> Path:
    from xladdin.compile import compile_file
    from xladdin.review.sample import compiled_province_fill
    from xladdin.templates.builder import build

    fill, years = compiled_province_fill("16")
    if base_year:  # a base year other than the template's: validation errors
        fill = replace(fill, scalars={**fill.scalars, "base_year": base_year})
    book = tmp_path / f"province-{base_year or 'ok'}.xlsx"
    build("province-gdp", book, years=years, fill=fill)
    compile_file(book, backup=False)
    return book


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("stamped-validation")
    return {"clean": _province(tmp), "errors": _province(tmp, base_year=2015)}


def _strip_validation(src: Path, dst: Path) -> None:
    """A file as an older xladdin stamped it: no validation properties."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "docProps/custom.xml":
                text = data.decode()
                for key in VALIDATION:
                    text, n = re.subn(
                        rf'<property [^>]*name="{re.escape(STAMP_KEYS[key])}"[^>]*>.*?</property>',
                        "",
                        text,
                        flags=re.DOTALL,
                    )
                    assert n == 1, key
                data = text.encode()
            zout.writestr(info, data)


def test_stamp_records_validation_errors_and_warnings(books, tmp_path):
    result = prepare_package(books["errors"], out=tmp_path / "r.xlsx", compiler="office 16")
    expected = validate_view(open_xlsx(books["errors"]))
    assert len(expected.errors) >= 1
    props = open_xlsx(result.path).doc_properties()
    assert int(props[STAMP_KEYS["validation_errors"]]) == len(expected.errors)
    assert int(props[STAMP_KEYS["validation_warnings"]]) == len(expected.warnings)
    assert props[STAMP_KEYS["validation_xladdin_version"]] == result.stamp["xladdin_version"]
    assert [f.code for f in result.report if f.code == "return-validation-errors"] == [
        "return-validation-errors"
    ]
    # Also in the returned file's Audit sheet.
    view = open_xlsx(result.path)
    rows = view.values("Audit", view.used_range("Audit"))
    stamped = {r[1]: r[2] for r in rows if r and r[0] == "stamp"}
    assert stamped["Validation errors when stamped / ຂໍ້ຜິດພາດການກວດສອບເມື່ອຢັ້ງຢືນ"] == len(
        expected.errors
    )
    # verify reads the counts back as numbers.
    stamp = verify_file(result.path).stamp
    assert stamp["validation_errors"] == len(expected.errors)
    assert stamped_validation(stamp) == (
        f"stamped: {len(expected.errors)} errors, {len(expected.warnings)} warnings"
    )


def test_clean_workbook_stamps_zero_errors_and_no_warning_finding(books, tmp_path):
    result = prepare_package(books["clean"], out=tmp_path / "r.xlsx")
    assert result.stamp["validation_errors"] == 0
    assert result.stamp["validation_warnings"] == len(
        validate_view(open_xlsx(books["clean"])).warnings
    )
    assert "return-validation-errors" not in {f.code for f in result.report}


def test_cli_prepare_warns_in_both_languages_and_still_writes(books, tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    assert main(["prepare", str(books["errors"]), "-o", str(out)]) == 0
    printed = capsys.readouterr()
    err = printed.err
    assert out.exists()
    n = len(validate_view(open_xlsx(books["errors"])).errors)
    assert f"WARNING: the workbook has {n} validation error(s)" in err
    assert f"ຄຳເຕືອນ: ປຶ້ມວຽກມີຂໍ້ຜິດພາດການກວດສອບ {n}" in err
    assert "return-validation-errors" in printed.out  # the finding, with the other findings

    clean = tmp_path / "clean.xlsx"
    assert main(["prepare", str(books["clean"]), "-o", str(clean)]) == 0
    assert "WARNING" not in capsys.readouterr().err


def test_cli_verify_shows_the_stamped_counts(books, tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    result = prepare_package(books["errors"], out=out)
    capsys.readouterr()
    assert main(["verify", str(out)]) == 0
    text = capsys.readouterr().out
    e, w = result.stamp["validation_errors"], result.stamp["validation_warnings"]
    v = result.stamp["xladdin_version"]
    assert f"Validation when stamped: {e} errors, {w} warnings (xladdin {v})" in text
    assert f"ການກວດສອບເມື່ອຢັ້ງຢືນ: ຂໍ້ຜິດພາດ {e}, ຄຳເຕືອນ {w}" in text


def test_removing_the_stamped_validation_result_is_an_edit_of_the_stamp(books, tmp_path, capsys):
    """Scheme v2 hashes every stamp field: a file whose validation result was taken out of
    its stamp (to hide its errors) no longer verifies."""
    new = prepare_package(books["errors"], out=tmp_path / "new.xlsx").path
    old = tmp_path / "old.xlsx"
    _strip_validation(new, old)
    # The workbook alone hashes the same; with the stamp fields it does not.
    assert data_hash(open_xlsx(old)) == data_hash(open_xlsx(new))
    assert data_hash(open_xlsx(old), read_stamp(open_xlsx(old))) != data_hash(
        open_xlsx(new), read_stamp(open_xlsx(new))
    )
    result = verify_file(old)
    assert not result.intact and result.exit_code == 1
    codes = [f.code for f in result.findings]
    assert "return-data-changed" in codes and "return-stamp-edited" in codes
    assert not set(VALIDATION) & set(read_stamp(open_xlsx(old)))
    assert stamped_validation(result.stamp) == ""
    capsys.readouterr()
    assert main(["verify", str(old)]) == 1
    text = capsys.readouterr().out
    assert "Validation when stamped: not recorded (stamped by an older xladdin)" in text
