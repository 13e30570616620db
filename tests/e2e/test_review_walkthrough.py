"""A review round as an LSB reviewer walks through it, on the command line.

The inbox: 18 provincial returns built from the real template with the illustrative sample,
compiled and stamped (``xladdin prepare``), with the quirks a round really brings:

* province 07 was edited after stamping (one number in Results, +10 %): not summed until the
  reviewer accepts it by name, and then its numbers recomputed from its inputs are summed;
* province 03 is not stamped (compiled, never prepared);
* province 09 arrives as an ``.xlsm`` with a VBA project;
* province 16 uses base year 2015 instead of 2012;
* province 05 sent two versions; the first was saved *later* from the e-mail (newer
  modification time), but its stamp is older, so the second wins;
* province 11 is truncated (then sent again, whole);
* province 12 links to another workbook;
* province 14 is a renamed Word document;

and national totals (CSV) that are the sum of all 18 provinces plus 2 % (current) and 1 %
(constant), rounded to 0.1 and additive (sectors, GVA and GDP are the sums of their rounded parts).

Every command runs in a fresh interpreter (``python -m xladdin``), as a reviewer runs it: the
second run takes every file from the register, which once summed the unstamped file because the
finding catalogue was never loaded. ILLUSTRATIVE, NOT OFFICIAL FIGURES.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "fixtures" / "security" / "make_corpus.py"

# file -> (status, consolidated, stamp, codes that must be among its findings)
EXPECTED = {
    "province-03.xlsx": ("refused", "not consolidated", "missing", {"return-stamp-missing"}),
    "province-05-v1.xlsx": ("warnings", "superseded", "intact", {"review-superseded"}),
    "province-05-v2.xlsx": ("warnings", "consolidated", "intact", {"return-stamp-intact"}),
    "province-07.xlsx": (
        "refused",
        "not consolidated",
        "CHANGED",
        {"return-data-changed", "return-sheet-changed", "review-not-accepted"},
    ),
    "province-09.xlsm": ("errors", "consolidated", "intact", {"macro-project-present"}),
    "province-11.xlsx": ("refused", "not consolidated", "", {"workbook-truncated"}),
    "province-12.xlsx": ("errors", "consolidated", "intact", {"external-link-present"}),
    "province-14.xlsx": ("refused", "not consolidated", "", {"workbook-missing-part"}),
    "province-16.xlsx": ("errors", "consolidated", "intact", set()),
}
CLEAN = ["01", "02", "04", "06", "08", "10", "13", "15", "17", "18"]


def _corpus():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus_e2e", CORPUS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _make_return(work: Path, inbox: Path, code: str, name: str, base_year: int | None = None):
    from xladdin.compile import compile_file
    from xladdin.returned.prepare import prepare_file
    from xladdin.review.sample import compiled_province_fill
    from xladdin.templates.builder import build

    fill, years = compiled_province_fill(code)
    if base_year:
        fill = replace(fill, scalars={**fill.scalars, "base_year": base_year})
    book = work / f"{name}.xlsx"
    build("province-gdp", book, years=years, fill=fill)
    compile_file(book, backup=False)
    return book, prepare_file(book, out=inbox / f"{name}.xlsx", compiler=f"office {code}")


def _national(good: Path, out: Path) -> None:
    """National totals from the 18 untouched returns: +2 % current, +1 % constant, rounded to
    0.1 by industry, with additive sector / GVA / GDP lines."""
    from xladdin.review.consolidate import Options, consolidate
    from xladdin.review.geography import industry_lines

    r = consolidate([good], None, options=Options(validate=False))
    assert len(r.used) == 18
    sector = industry_lines()["sector"].to_dict()
    rows = []
    for basis, panel, bias in (
        ("current", r.tables.sum_current, 1.02),
        ("constant", r.tables.sum_constant, 1.01),
    ):
        inds = (panel.loc[[c for c in panel.index if c.isdigit()]] * bias).round(1)
        tax = (panel.loc["TAX"] * bias).round(1)
        sectors = inds.groupby(lambda c: sector[c]).sum()
        gva = inds.sum()
        lines = {
            **{c: inds.loc[c] for c in inds.index},
            **{s: sectors.loc[s] for s in sectors.index},
        }
        lines.update(GVA=gva, TAX=tax, GDP=gva + tax)
        for line, values in lines.items():
            for year, v in values.items():
                if year >= 2018:
                    rows.append({"industry": line, "year": int(year), "basis": basis, "v": v})
    df = (
        pd.DataFrame(rows)
        .pivot_table(index=["industry", "year"], columns="basis", values="v")
        .reset_index()
    )
    df["growth"] = ""
    with out.open("w", encoding="utf-8") as fh:
        fh.write("# national GDP, billion kip (ILLUSTRATIVE, NOT OFFICIAL)\n")
        df[["industry", "year", "current", "constant", "growth"]].to_csv(fh, index=False)


@pytest.fixture(scope="module")
def round_(tmp_path_factory):
    pytest.importorskip("xladdin.templates.builder")
    from xladdin.templates.data import provinces

    corpus = _corpus()
    root = tmp_path_factory.mktemp("review-round")
    work, inbox, good = root / "work", root / "inbox", root / "good"
    for d in (work, inbox, good):
        d.mkdir()
    codes = list(provinces()["code"])
    v1 = None
    books = {}
    for code in codes:
        name = f"province-{code}"
        if code == "05":  # version 1 now, version 2 at the end (a later stamp)
            _, v1 = _make_return(work, inbox, code, "province-05-v1")
            continue
        books[code], _ = _make_return(
            work, inbox, code, name, base_year=2015 if code == "16" else None
        )
    time.sleep(1.1)  # stamps have one-second resolution
    _make_return(work, inbox, "05", "province-05-v2")
    later = time.time() + 3600  # v1 saved from the e-mail after v2: newer mtime, older stamp
    os.utime(v1, (later, later))
    for p in inbox.iterdir():
        shutil.copy2(p, good / p.name)
    (good / "province-05-v1.xlsx").unlink()
    _national(good, root / "national.csv")

    # 03: compiled but never prepared (no stamp)
    shutil.copy2(books["03"], inbox / "province-03.xlsx")
    # 07: one number in Results changed after stamping
    p = inbox / "province-07.xlsx"
    data = p.read_bytes()
    cell = _output_cell(p, "gva_current", "01", 2020)  # found by the binding, not by address
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet7.xml").decode()
    head, sep, tail = sheet.partition(f'<c r="{cell}"')
    attrs, vsep, tail = tail.partition("<v>")
    assert sep and vsep and "</c>" not in attrs, "expected a Results value to edit"
    number, rest = tail.split("</v>", 1)
    sheet = f"{head}{sep}{attrs}<v>{float(number) * 1.1!r}</v>{rest}"
    p.write_bytes(corpus._rewrite(data, replace={"xl/worksheets/sheet7.xml": sheet.encode()}))
    # 09: macros, sent as .xlsm
    p = inbox / "province-09.xlsx"
    data = p.read_bytes()
    vba = corpus._part(corpus.build()["macro_vba.xlsm"], "xl/vbaProject.bin")
    ct = corpus._part(data, "[Content_Types].xml").decode()
    ct = ct.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    ).replace(
        "</Types>",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )
    rels = corpus._rels_add(
        data,
        "xl/_rels/workbook.xml.rels",
        '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
        'relationships/vbaProject" Target="vbaProject.bin"/>',
    )
    (inbox / "province-09.xlsm").write_bytes(
        corpus._rewrite(
            data,
            replace={"[Content_Types].xml": ct.encode(), "xl/_rels/workbook.xml.rels": rels},
            add={"xl/vbaProject.bin": vba},
        )
    )
    p.unlink()
    # 11: truncated in transit
    p = inbox / "province-11.xlsx"
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])
    # 12: an external link
    p = inbox / "province-12.xlsx"
    data = p.read_bytes()
    ext = corpus.build()["external_link.xlsx"]
    wb = corpus._part(data, "xl/workbook.xml").decode()
    wb = wb.replace(
        "</sheets>",
        # r: declared on the element itself: openpyxl with lxml declares it only on each <sheet>
        "</sheets><externalReferences><externalReference"
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        ' r:id="rIdExt1"/></externalReferences>',
    )
    p.write_bytes(
        corpus._rewrite(
            data,
            replace={
                "xl/workbook.xml": wb.encode(),
                "xl/_rels/workbook.xml.rels": corpus._rels_add(
                    data,
                    "xl/_rels/workbook.xml.rels",
                    f'<Relationship Id="rIdExt1" Type="{corpus.REL_NS}/externalLink" '
                    'Target="externalLinks/externalLink1.xml"/>',
                ),
                "[Content_Types].xml": corpus._ct_add(
                    data,
                    '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType='
                    '"application/vnd.openxmlformats-officedocument.spreadsheetml.'
                    'externalLink+xml"/>',
                ),
            },
            add={
                name: corpus._part(ext, name)
                for name in (
                    "xl/externalLinks/externalLink1.xml",
                    "xl/externalLinks/_rels/externalLink1.xml.rels",
                )
            },
        )
    )
    # 14: a Word document renamed .xlsx
    (inbox / "province-14.xlsx").write_bytes(corpus.build()["docx_renamed.xlsx"])
    return root


def _output_cell(path: Path, table_key: str, row: str, year: int) -> str:
    """The address of an output cell on the Results sheet (``xl/worksheets/sheet7.xml``)."""
    from xladdin.templates.binding import bind, recognise
    from xladdin.workbook.xlsx_reader import read_findings

    view, _ = read_findings(path)
    info, _ = recognise(view)
    block = bind(view, info).block(table_key)
    assert block.sheet == "Results"
    return block.cell(row, year)


def xladdin(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m xladdin ARGS`` in a fresh interpreter, as a reviewer runs it."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "xladdin", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
    )


def _rows(stdout: str) -> dict[str, dict]:
    return {row["file"]: row for row in json.loads(stdout)["files"]}


def test_review_round(round_):
    root = round_
    consolidate = ["consolidate", "inbox", "-o", "review.xlsx", "--national", "national.csv"]

    # 1. First run: every file read. The terminal says which files were refused / changed and
    # why, in English and Lao, and explains the exit code.
    first = xladdin(*consolidate, "--lang", "both", cwd=root)
    assert first.returncode == 2, first.stderr
    assert "Traceback" not in first.stderr
    out = first.stdout
    assert out.startswith("19 file(s): 19 read, 0 unchanged (register); 14 consolidated")
    attention = out.split("Files needing attention", 1)[1].split("Review findings", 1)[0]
    for name, (_status, state, stamp, codes) in EXPECTED.items():
        assert name in attention, name
        for code in codes - {"return-stamp-intact", "review-superseded"}:
            assert code in attention, (name, code)
    assert "province-03.xlsx: REFUSED, not consolidated | no return stamp" in attention
    assert (
        "province-07.xlsx: REFUSED, not consolidated | data CHANGED after stamping | "
        "needs --accept to be summed" in attention
    )
    assert "ຂໍ້ມູນຖືກປ່ຽນແປງຫຼັງການຢັ້ງຢືນ" in attention  # ... and in Lao
    assert "superseded by province-05-v2.xlsx" in attention
    for code in CLEAN:
        assert f"province-{code}.xlsx" not in attention
    assert "Exit code 2: at least one file was refused" in out
    assert "ລະຫັດອອກ 2" in out
    assert (
        "No usable file for province 03 (Luang Namtha); received but not consolidated: "
        "province-03.xlsx" in out
    )

    # 2. Same inbox again: nothing read, every file from the register, the same verdicts
    # (the unstamped file is still refused although xladdin.returned was never imported).
    again = xladdin(*consolidate, "--json", cwd=root)
    assert again.returncode == 2, again.stderr
    result = json.loads(again.stdout)
    assert result["stats"]["read"] == 0 and result["stats"]["cached"] == 19
    rows = _rows(again.stdout)
    findings: dict[str, set[str]] = {}
    for f in result["findings"]:
        findings.setdefault(f["details"].get("file"), set()).add(f["code"])
    for name, (status, state, stamp, codes) in EXPECTED.items():
        row = rows[name]
        assert (row["status"], row["consolidated"], row["stamp"]) == (status, state, stamp), name
        assert codes <= findings[name], (name, findings[name])
    for code in CLEAN:
        row = rows[f"province-{code}.xlsx"]
        assert (row["consolidated"], row["stamp"]) == ("consolidated", "intact"), row
        assert row["status"] in ("ok", "warnings")
    assert rows["province-05-v1.xlsx"]["superseded_by"] == "province-05-v2.xlsx"
    # The validation result recorded by prepare, beside today's (kept by the register).
    stamped = re.compile(r"stamped: (\d+) errors, (\d+) warnings")
    assert int(stamped.fullmatch(rows["province-16.xlsx"]["stamped_validation"])[1]) >= 1
    for code in CLEAN:
        assert stamped.fullmatch(rows[f"province-{code}.xlsx"]["stamped_validation"])[1] == "0"
    assert rows["province-03.xlsx"]["stamped_validation"] == ""  # never prepared
    line16 = next(line for line in out.splitlines() if line.startswith("province-16.xlsx "))
    assert stamped.search(line16), line16
    assert "inconsistent-base-year" in findings["province-16.xlsx"]  # template label vs 2015
    review_codes = {f["code"] for f in result["findings"] if "file" not in f["details"]}
    assert {"base-years-mixed", "reconcile-incomplete", "review-province-missing"} <= review_codes
    assert "province-sum-differs" in review_codes

    # 3. The register: every file version, the first Bokeo version superseded by the second.
    listing = xladdin("register", "list", "--register", "review.register.sqlite", cwd=root)
    assert listing.returncode == 0, listing.stderr
    v1 = next(line for line in listing.stdout.splitlines() if "province-05-v1.xlsx" in line)
    assert "province-05-v2.xlsx" in v1
    reg = json.loads(
        xladdin(
            "register", "list", "--register", "review.register.sqlite", "--json", cwd=root
        ).stdout
    )
    by_name = {r["name"]: r for r in reg}
    assert by_name["province-05-v1.xlsx"]["superseded_by"] == by_name["province-05-v2.xlsx"]["id"]
    assert by_name["province-03.xlsx"]["status"] == "refused"
    current = xladdin(
        "register", "list", "--register", "review.register.sqlite", "--current", cwd=root
    )
    assert "province-05-v1.xlsx" not in current.stdout

    # 4. Borikhamxay (11) sends its truncated file again, whole.
    shutil.copy2(root / "good" / "province-11.xlsx", root / "inbox" / "province-11.xlsx")
    os.utime(root / "inbox" / "province-11.xlsx")
    third = xladdin(*consolidate, "--json", cwd=root)
    assert third.returncode == 2  # 03, 07 and 14 are still refused
    result = json.loads(third.stdout)
    assert result["stats"]["read"] == 1 and result["stats"]["cached"] == 18
    rows = _rows(third.stdout)
    assert rows["province-11.xlsx"]["consolidated"] == "consolidated"
    assert rows["province-11.xlsx"]["stamp"] == "intact"
    reg = json.loads(
        xladdin(
            "register", "list", "--register", "review.register.sqlite", "--json", cwd=root
        ).stdout
    )
    elevens = [r for r in reg if r["name"] == "province-11.xlsx"]
    assert len(elevens) == 2
    assert elevens[0]["status"] == "refused" and elevens[0]["superseded_by"] == elevens[1]["id"]
    assert elevens[1]["superseded_by"] is None

    # 5. Raking (two provinces still missing, so only with --rake-incomplete): the adjusted
    # provinces add up to the national totals exactly, every line, every year raked.
    raked = xladdin(*consolidate, "--rake-incomplete", "-o", "raked.xlsx", cwd=root)
    assert raked.returncode == 2, raked.stderr
    wb = load_workbook(root / "raked.xlsx", read_only=True)
    national = pd.read_csv(root / "national.csv", comment="#", dtype={"industry": str})
    nat = national.pivot_table(index="industry", columns="year", values="current")
    adjusted = _panel(wb["Adjusted"])
    original = _panel(wb["Original"])
    difference = _panel(wb["Difference"])
    sums = adjusted.groupby(level="line").sum()
    for line in nat.index:
        for year in nat.columns:
            assert sums.loc[line, year] == pytest.approx(nat.loc[line, year], abs=1e-6), (
                line,
                year,
            )
    # Cell by cell: Difference = Adjusted - Original, and only raked years move.
    assert (adjusted - original - difference).abs().max().max() < 1e-9
    assert (difference[[y for y in difference.columns if y < 2018]].abs() < 1e-12).all().all()
    assert (difference[2024].abs() > 0).sum() > 100
    # The check beside the raking log shows no difference (H..L, from row 5).
    log = wb["Reconcile"]
    diffs = [row[4] for row in log.iter_rows(min_row=5, min_col=8, max_col=12, values_only=True)]
    diffs = [d for d in diffs if isinstance(d, (int, float))]
    assert diffs and max(abs(d) for d in diffs) < 1e-6

    # Without --rake-incomplete nothing moves, and the sheets say why.
    wb = load_workbook(root / "review.xlsx", read_only=True)
    assert "NOT RAKED in 2018-2026" in wb["Difference"]["A3"].value
    assert "03, 07, 14" in wb["Difference"]["A3"].value
    # Status sheet: the stamped validation result right after today's errors and warnings.
    status = list(wb["Status"].iter_rows(min_row=4, values_only=True))
    head = list(status[0])
    col = head.index("Validation when stamped / ການກວດສອບເມື່ອຢັ້ງຢືນ")
    assert head[col - 1] == "Warnings / ຄຳເຕືອນ"
    by_file = {row[0]: row[col] for row in status[1:]}
    # English / Lao in one cell (issue #13), the same counts in both
    assert re.fullmatch(
        r"stamped: ([1-9]\d*) errors, (\d+) warnings / ເມື່ອຢັ້ງຢືນ: ຂໍ້ຜິດພາດ \1, ຄຳເຕືອນ \2",
        by_file["province-16.xlsx"],
    )

    # 6. The reviewer asks Oudomxay (07), then accepts its changed file by name. It is summed
    # with the numbers recomputed from its inputs: the hand-edited Results number (+10 %)
    # changes nothing; the finding names the edited cell. Acceptance is per run, never cached.
    accepted = xladdin(
        *consolidate,
        "--accept",
        "province-07.xlsx",
        "-o",
        "accepted.xlsx",
        "--register",
        "review.register.sqlite",
        "--json",
        cwd=root,
    )
    assert accepted.returncode == 2, accepted.stderr  # 03 and 14 are still refused
    result = json.loads(accepted.stdout)
    assert result["stats"]["read"] == 0
    row = _rows(accepted.stdout)["province-07.xlsx"]
    assert row["consolidated"] == "consolidated" and row["numbers"] == "recomputed"
    assert row["accepted"].startswith("accepted (--accept province-07.xlsx)")
    differs = [
        f
        for f in result["findings"]
        if f["code"] == "review-output-differs" and f["details"]["file"] == "province-07.xlsx"
    ]
    assert len(differs) == 1 and differs[0]["sheet"] and differs[0]["cell"]
    from xladdin.review.submission import extract
    from xladdin.workbook.xlsx_reader import read_findings

    view, _ = read_findings(root / "good" / "province-07.xlsx")
    honest = extract(view).tables["gva_current"]  # the unedited file's own numbers
    summed = _panel(load_workbook(root / "accepted.xlsx", read_only=True)["Current"]).xs("07")
    for line in honest.index:
        for year in honest.columns:
            if pd.notna(honest.loc[line, year]):
                assert summed.loc[line, year] == pytest.approx(honest.loc[line, year], rel=1e-9)
    again = _rows(xladdin(*consolidate, "--json", cwd=root).stdout)
    assert again["province-07.xlsx"]["consolidated"] == "not consolidated"


def _panel(ws) -> pd.DataFrame:
    """A province x line x year panel sheet of the review workbook (header on row 4)."""
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    header = rows[0]
    years = [int(h) for h in header[5:] if h is not None]
    data = {
        (r[0], r[2]): [float("nan") if v is None else v for v in r[5 : 5 + len(years)]]
        for r in rows[1:]
        if r and r[0] is not None
    }
    df = pd.DataFrame.from_dict(data, orient="index", columns=years)
    df.index = pd.MultiIndex.from_tuples(df.index, names=["province", "line"])
    return df.fillna(0.0)
