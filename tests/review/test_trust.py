"""The reviewer recomputes, and only trusted or accepted files are summed.

Returned files are built from the real template, compiled and stamped by ``xladdin prepare``
(illustrative sample data, :func:`xladdin.review.sample.write_compiled_provinces`), then edited
by hand at the zip/XML level as an attacker or a hurried province would: an output cell forged,
an input changed after stamping, the stamp time moved. Expected values come from the unedited
run, never from the code under test.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from review_hand_edit import output_cell, rewrite_part, set_cell_value

from xladdin.cli import main
from xladdin.review.consolidate import Options, consolidate
from xladdin.review.sample import write_province_return

pytest.importorskip("xladdin.templates.builder")


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> dict[str, Path]:
    """Two prepared (stamped) provincial returns, built once per module."""
    from xladdin.review.sample import write_compiled_provinces

    folder = tmp_path_factory.mktemp("prepared")
    paths = write_compiled_provinces(folder, ["03", "17"])
    return {p.name.split("-")[1]: p for p in paths}


@pytest.fixture
def folder(tmp_path, prepared) -> Path:
    """A fresh copy of the prepared returns."""
    out = tmp_path / "in"
    out.mkdir()
    for p in prepared.values():
        shutil.copy2(p, out / p.name)
    return out


def national_gdp(result, year: int) -> float:
    return float(result.tables.sum_current.loc["GDP", year])


# --- tests -----------------------------------------------------------------------------------


def test_intact_returns_are_recomputed_and_summed(folder):
    r = consolidate([folder], None)
    assert sorted(s.code for s in r.used) == ["03", "17"]
    assert all(s.recomputed and s.stamp_state == "intact" for s in r.used)
    assert not [f for f in r.report if f.code.startswith("review-output-differs")]
    rows = {row["file"]: row for row in r.stats["status"]}
    assert {row["numbers"] for row in rows.values()} == {"recomputed"}
    assert {row["accepted"] for row in rows.values()} == {""}


def test_forged_output_changes_nothing_in_the_totals(tmp_path, folder, prepared):
    honest = consolidate([folder], None)
    forged = folder / prepared["03"].name
    sheet, cell = output_cell(forged, "gva_current", "GDP", 2020)
    before = float(honest.used[0].tables["gva_current"].loc["GDP", 2020])
    set_cell_value(forged, sheet, cell, before * 2)  # GDP 2020 doubled by hand

    out = tmp_path / "review.xlsx"
    r = consolidate([folder], out, options=Options(accept=(forged.name,)))
    assert sorted(s.code for s in r.used) == ["03", "17"]
    # The national sum is exactly the unforged one: the recomputed numbers are summed.
    for year in honest.tables.sum_current.columns:
        assert national_gdp(r, year) == national_gdp(honest, year)
    differs = [f for f in r.report if f.code == "review-output-differs"]
    assert [(f.sheet, f.cell) for f in differs] == [(sheet, cell)]
    assert differs[0].details["file"] == forged.name
    assert differs[0].details["row"] == "GDP" and differs[0].details["year"] == 2020
    assert float(differs[0].details["stored"]) == pytest.approx(before * 2, rel=1e-5)
    assert float(differs[0].details["computed"]) == pytest.approx(before, rel=1e-5)
    # The review workbook's Findings sheet names the cell.
    ws = load_workbook(out)["Findings"]
    found = [
        (row[4].value, row[5].value)
        for row in ws.iter_rows(min_row=5)
        if row[2].value == "review-output-differs"
    ]
    assert found == [(sheet, cell)]


def test_changed_file_is_not_summed_unless_accepted_by_name(tmp_path, folder, prepared, capsys):
    changed = folder / prepared["17"].name
    sheet, cell = output_cell(changed, "gva_current", "01", 2015)
    set_cell_value(changed, sheet, cell, 123456.0)

    r = consolidate([folder], None)
    assert [s.code for s in r.used] == ["03"]
    mine = {f.code for f in r.report if f.details.get("file") == changed.name}
    assert "review-not-accepted" in mine
    assert r.exit_code == 2
    row = next(row for row in r.stats["status"] if row["file"] == changed.name)
    assert row["consolidated"] == "not consolidated" and row["accepted"].startswith("not accepted")

    # Accepted on the command line, by file name: summed, and the Status sheet says why.
    out = tmp_path / "review.xlsx"
    code = main(
        ["consolidate", str(folder), "-o", str(out), "--accept", changed.name, "--lang", "en"]
    )
    text = capsys.readouterr().out
    assert code == 1  # the change is still an error, but nothing was refused
    assert "summed because accepted" in text
    ws = load_workbook(out)["Status"]
    header = [c.value for c in ws[4]]
    col = header.index("Accepted by the reviewer / ຜູ້ທົບທວນຍອມຮັບ")
    by_file = {r[0].value: r[col].value for r in ws.iter_rows(min_row=5)}
    assert by_file[changed.name].startswith(f"accepted (--accept {changed.name})")
    assert "stamp shows a change" in by_file[changed.name]
    assert by_file[prepared["03"].name] in (None, "")


def test_accept_matches_a_path_or_a_wildcard(folder, prepared):
    changed = folder / prepared["17"].name
    sheet, cell = output_cell(changed, "gva_current", "01", 2015)
    set_cell_value(changed, sheet, cell, 1.0)
    for pattern in (str(changed), "province-17-*.xlsx"):
        r = consolidate([folder], None, options=Options(accept=(pattern,)))
        assert sorted(s.code for s in r.used) == ["03", "17"], pattern
    r = consolidate([folder], None, options=Options(accept=("province-99.xlsx",)))
    assert [s.code for s in r.used] == ["03"]


def test_unstamped_files_need_acceptance_allow_unstamped_still_works(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for code in ("01", "13"):
        write_province_return(folder / f"province-{code}.xlsx", code)
    plain = Options(validate=False)
    r = consolidate([folder], None, options=plain)
    assert r.used == [] and r.exit_code == 2
    r = consolidate([folder], None, options=Options(validate=False, accept=("province-13.xlsx",)))
    assert [s.code for s in r.used] == ["13"]
    assert not r.used[0].recomputed  # not a compilable template: its own numbers, said so
    row = next(row for row in r.stats["status"] if row["file"] == "province-13.xlsx")
    assert row["numbers"] == "as submitted" and "no return stamp" in row["accepted"]
    legacy = consolidate([folder], None, options=Options(validate=False, require_stamp=False))
    assert sorted(s.code for s in legacy.used) == ["01", "13"]
    assert "review-unstamped" in {f.code for f in legacy.report}


def _set_stamp_time(path: Path, when: str) -> None:
    """Move the stamp time in docProps/custom.xml by hand."""

    def edit(xml: str) -> str:
        new, n = re.subn(
            r'(name="xladdin\.return\.stamped_utc"[^>]*>\s*<vt:lpwstr>)[^<]*', rf"\g<1>{when}", xml
        )
        assert n == 1
        return new

    rewrite_part(path, "docProps/custom.xml", edit)


def test_a_changed_later_version_never_displaces_an_intact_one(folder, prepared):
    intact = folder / prepared["03"].name
    later = folder / "province-03-v2.xlsx"
    shutil.copy2(intact, later)
    sheet, cell = output_cell(later, "gva_current", "GDP", 2020)
    set_cell_value(later, sheet, cell, 1.0)
    _set_stamp_time(later, "2099-01-01T00:00:00Z")  # claims to be the newest return
    r = consolidate([folder], None)
    assert [Path(s.path).name for s in r.used if s.code == "03"] == [intact.name]
    # Even accepted, a file whose stamp is not intact loses to an intact one.
    r = consolidate([folder], None, options=Options(accept=(later.name,)))
    assert [Path(s.path).name for s in r.used if s.code == "03"] == [intact.name]
    row = next(row for row in r.stats["status"] if row["file"] == later.name)
    assert row["consolidated"] == "superseded" and row["superseded_by"] == intact.name


def test_ribbon_consolidate_takes_the_accept_list_from_its_settings(tmp_path, monkeypatch):
    """The ribbon's Consolidate reads ``consolidate_accept`` from the settings file, as
    ``--accept`` on the command line (real action, the test's fake Excel object only)."""
    import json

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "ribbon"))
    from fake_excel import FakeBook

    import xladdin.review.consolidate as review
    import xladdin.ribbon as ribbon
    from xladdin.ribbon import actions

    settings = tmp_path / "settings.json"
    monkeypatch.setenv("XLADDIN_SETTINGS", str(settings))
    monkeypatch.setenv("XLADDIN_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("XLADDIN_LANG", "en")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for code in ("01", "13"):
        write_province_return(inbox / f"province-{code}.xlsx", code)
    runs = []
    original = review.consolidate

    def recording(*args, **kwargs):
        runs.append(original(*args, **kwargs))
        return runs[-1]

    monkeypatch.setattr(review, "consolidate", recording)
    monkeypatch.setattr(actions, "pick_folder", lambda ctx: inbox)
    holder = FakeBook(tmp_path / "xladdin.xlam")
    ribbon.run("consolidate", book=holder)
    settings.write_text(json.dumps({"consolidate_accept": ["province-13.xlsx"]}), "utf-8")
    ribbon.run("consolidate", book=holder)
    assert [[s.code for s in r.used] for r in runs] == [[], ["13"]]


def test_district_return_is_recomputed_and_a_forged_growth_changes_nothing(tmp_path):
    """A real district-growth return (template, compile, prepare); its composite growth edited
    by hand is reported and the recomputed value is the one consolidated."""
    import numpy as np
    import pandas as pd

    from xladdin.compile import compile_file
    from xladdin.returned.prepare import prepare_file
    from xladdin.templates.builder import Fill, build
    from xladdin.templates.spec import get_spec

    years = get_spec("district-growth").default_years
    growth = np.linspace(1.0, 1.3, len(years))  # illustrative indices, 100 in the first year
    fill = Fill(
        scalars={"province_code": "16", "district_code": "1601", "base_year": years[0]},
        blocks={
            "weights": pd.DataFrame({"weight": [30.0, 30.0, 40.0]}, index=["AGR", "IND", "SER"]),
            "indices": pd.DataFrame(
                [100 * growth, 100 * growth**2, 100 * growth], index=["AGR", "IND", "SER"]
            ).set_axis(list(years), axis=1),
        },
    )
    work = tmp_path / "work"
    work.mkdir()
    inbox = tmp_path / "in"
    inbox.mkdir()
    book = work / "district-1601.xlsx"
    build("district-growth", book, years=years, fill=fill)
    compile_file(book, backup=False)
    returned = prepare_file(book, out=inbox / "district-1601.xlsx", compiler="district office")
    honest = consolidate([inbox], None)
    (sub,) = honest.used
    assert sub.level == "district" and sub.recomputed and sub.stamp_state == "intact"
    year = years[2]
    value = float(sub.tables["district_growth"].loc["COMPOSITE", year])
    sheet, cell = output_cell(returned, "growth", "COMPOSITE", year)
    set_cell_value(returned, sheet, cell, value * 3)
    r = consolidate([inbox], None, options=Options(accept=(returned.name,)))
    (forged,) = r.used
    pd.testing.assert_frame_equal(forged.tables["district_growth"], sub.tables["district_growth"])
    assert [(f.sheet, f.cell) for f in r.report if f.code == "review-output-differs"] == [
        (sheet, cell)
    ]
