"""Consolidation of real returns: built from the templates, compiled and stamped by
``xladdin prepare`` (illustrative sample data), and district returns."""

from __future__ import annotations

import pytest

from xladdin.review.consolidate import Options, consolidate
from xladdin.review.sample import write_district_return


def test_stamped_compiled_provinces(tmp_path):
    pytest.importorskip("xladdin.templates.builder")
    from xladdin.review.sample import write_compiled_provinces

    paths = write_compiled_provinces(tmp_path / "returns", ["03", "17"])
    r = consolidate([tmp_path / "returns"], tmp_path / "review.xlsx")
    assert [s.code for s in r.used] == ["03", "17"]
    for sub in r.used:
        assert sub.stamp.get("compiled_by") in {"office 03", "office 17"}
        assert "return-stamp-intact" in {f.code for f in sub.findings}
        assert sub.base_year == 2012 and sub.period and sub.period.startswith("2012")
        assert {"gva_current", "gva_constant", "per_capita", "years"} <= set(sub.tables)
    status = {row["code"]: row for row in r.stats["status"]}
    assert status["03"]["stamped_by"] == "office 03"
    assert r.exit_code in (0, 1)  # validation warnings/errors on illustrative data, never refused
    assert not r.tables.per_capita.empty and not r.tables.structure.empty
    # The stamp check catches a number changed after stamping (the file is still consolidated).
    from openpyxl import load_workbook

    changed = paths[0]
    wb = load_workbook(changed)
    ws = wb["Results"]
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, float):
                cell.value = cell.value + 1
                break
        else:
            continue
        break
    wb.save(changed)
    r2 = consolidate([tmp_path / "returns"], None)
    codes = {f.code for f in r2.report if f.details.get("file") == changed.name}
    assert "return-data-changed" in codes


def test_district_returns(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for d in ("1601", "1602", "0301"):
        write_district_return(folder / f"district-{d}.xlsx", d[:2], d)
    r = consolidate(
        [folder], tmp_path / "review.xlsx", options=Options(require_stamp=False, validate=False)
    )
    assert len(r.used) == 3
    df = r.tables.districts
    assert list(df.index) == [("03", "0301"), ("16", "1601"), ("16", "1602")]
    assert not any(f.code == "review-province-missing" for f in r.report)


def test_sez_return_is_listed_not_summed(tmp_path):
    pytest.importorskip("xladdin.templates.builder")
    from xladdin.templates.builder import build

    folder = tmp_path / "in"
    folder.mkdir()
    build("sez-enterprise", folder / "sez.xlsx")
    r = consolidate([folder], None, options=Options(require_stamp=False, validate=False))
    assert r.used == []
    (row,) = r.stats["status"]
    assert row["level"] == "sez" and row["consolidated"] == "not consolidated"
    assert "review-sez-not-summed" in {f.code for f in r.report}
    assert "review-file-unrecognised" not in {f.code for f in r.report}
