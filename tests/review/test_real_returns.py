"""Consolidation of real returns: built from the templates, compiled and stamped by
``xladdin prepare`` (illustrative sample data), and district returns."""

from __future__ import annotations

from pathlib import Path

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


def test_a_stamped_return_is_inflated_and_parsed_once(monkeypatch, tmp_path):
    """Issue #12: reading a returned file (inspection, reader, stamp hash, validation,
    recompute) inflates each part once and parses each XML part once: tables and document
    properties too, which both the reader and the stamp hash look at."""
    pytest.importorskip("xladdin.templates.builder")
    import xml.etree.ElementTree as ET
    import zipfile

    from xladdin.review.intake import read_submission
    from xladdin.review.sample import write_compiled_provinces

    (path,) = write_compiled_provinces(tmp_path / "returns", ["03"])
    inflated: list[str] = []
    parsed: list[bytes] = []
    real_open, real_fromstring = zipfile.ZipFile.open, ET.fromstring

    def counting_open(self, name, *args, **kwargs):
        inflated.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    def counting_fromstring(data, *args, **kwargs):
        parsed.append(bytes(data[:200]) if isinstance(data, bytes) else data[:200].encode())
        return real_fromstring(data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    monkeypatch.setattr(ET, "fromstring", counting_fromstring)
    sub = read_submission(path)
    assert sub.recomputed and "return-stamp-intact" in {f.code for f in sub.findings}
    twice = sorted({n for n in inflated if inflated.count(n) > 1})
    assert twice == [], twice  # no part inflated twice
    tables = [n for n in inflated if n.startswith("xl/tables/")]
    assert tables and "docProps/custom.xml" in inflated
    # one parse per table part and one of the custom properties (the parsed element is shared)
    table_parses = [
        p for p in parsed if p.lstrip().startswith((b"<?xml", b"<table")) and b"<table" in p
    ]
    assert len(table_parses) == len(tables), (len(table_parses), len(tables))
    assert sum(b"<Properties" in p for p in parsed) == 1


def test_consolidate_opens_each_return_once(monkeypatch, tmp_path):
    """Issue #12: a consolidation opens each returned file's package once -- inspection,
    reader, stamp, validation, recompute and the digital signature check (with or without
    lxml) all use the same bytes; nothing opens the file again afterwards."""
    pytest.importorskip("xladdin.templates.builder")
    import zipfile

    import xladdin.workbook.package as package
    import xladdin.workbook.safety as safety
    from xladdin.review.sample import write_compiled_provinces

    paths = write_compiled_provinces(tmp_path / "returns", ["03", "17"])
    opened: list[str] = []
    real_read, real_zip = package.read_regular_file, zipfile.ZipFile.__init__

    def counting_read(path, *args, **kwargs):
        opened.append(str(path))
        return real_read(path, *args, **kwargs)

    def counting_zip(self, file, *args, **kwargs):
        if isinstance(file, (str, Path)):
            opened.append(str(file))
        return real_zip(self, file, *args, **kwargs)

    monkeypatch.setattr(package, "read_regular_file", counting_read)
    monkeypatch.setattr(safety, "read_regular_file", counting_read)
    monkeypatch.setattr(zipfile.ZipFile, "__init__", counting_zip)
    monkeypatch.setenv("XLADDIN_WORKERS", "1")
    r = consolidate([tmp_path / "returns"], tmp_path / "review.xlsx")
    assert [s.code for s in r.used] == ["03", "17"]
    assert sorted(o for o in opened if "returns" in o) == sorted(map(str, paths))
    assert all(row["signed_by"] for row in r.stats["status"])  # checked, on the bytes read
