"""What a reviewer sees in a review round (fast; sample returns): refused files stay refused
when they come from the register, the terminal says why per file (English / Lao), the Status
sheet carries the stamp state and the reasons, numbers are formatted, the reconciliation sheets
say when nothing was raked, and the register names the superseding file.

The full walk-through with real compiled, stamped returns is tests/e2e/test_review_walkthrough.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.review.book.sheet import ADJUSTMENT, NUM, PCT
from xladdin.review.consolidate import Options, consolidate
from xladdin.review.register import Register, format_rows
from xladdin.review.sample import write_province_return


def test_refused_file_from_the_register_stays_refused_in_a_fresh_process(tmp_path, returns):
    """The cached findings know a code's severity, not whether it refuses: that comes from the
    catalogue, which a run reading nothing new never imported (an unstamped file was summed)."""
    reg = tmp_path / "reg.sqlite"
    first = consolidate([tmp_path / "in"], None, register=reg)  # sample returns: unstamped
    assert first.used == [] and first.exit_code == 2
    code = (
        "import json, sys\n"
        "from xladdin.review.consolidate import consolidate\n"
        f"r = consolidate([{str(tmp_path / 'in')!r}], None, register={str(reg)!r})\n"
        "print(json.dumps([r.stats['cached'], len(r.used), r.exit_code]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    cached, used, exit_code = json.loads(done.stdout)
    assert (cached, used, exit_code) == (3, 0, 2)


def test_terminal_says_why_each_file_was_refused_in_english_and_lao(
    tmp_path, returns, national_csv, capsys
):
    (tmp_path / "in" / "province-99.xlsx").write_bytes(b"not a zip at all")
    out = tmp_path / "review.xlsx"
    code = main(
        [
            *("consolidate", str(tmp_path / "in"), "-o", str(out)),
            *("--national", str(national_csv), "--lang", "both"),
        ]
    )
    text = capsys.readouterr().out
    assert code == 2
    assert "province-01.xlsx: REFUSED, not consolidated | no return stamp" in text
    assert "ຖືກປະຕິເສດ, ບໍ່ໄດ້ລວມ" in text
    assert "return-stamp-missing: The workbook has no xladdin return stamp" in text
    assert "province-99.xlsx: REFUSED" in text and "workbook-unreadable" in text
    assert "Exit code 2: at least one file was refused" in text and "ລະຫັດອອກ 2" in text
    code = main(["consolidate", str(tmp_path / "in"), "-o", str(out), "--lang", "lo"])
    lo = capsys.readouterr().out
    assert "ຖືກປະຕິເສດ, ບໍ່ໄດ້ລວມ" in lo and "REFUSED" not in lo.split("ໄຟລ໌ທີ່ຕ້ອງ")[1]


def test_status_sheet_stamp_state_reasons_and_superseded(tmp_path, returns, national_csv):
    old = tmp_path / "in" / "province-13-old.xlsx"
    write_province_return(old, "13")
    os.utime(old, (1_000_000_000, 1_000_000_000))  # older than province-13.xlsx
    out = tmp_path / "review.xlsx"
    r = consolidate(
        [tmp_path / "in"],
        out,
        national=national_csv,
        options=Options(require_stamp=False, validate=False),
    )
    rows = {row["file"]: row for row in r.stats["status"]}
    assert rows["province-13-old.xlsx"]["consolidated"] == "superseded"
    assert rows["province-13-old.xlsx"]["superseded_by"] == "province-13.xlsx"
    assert rows["province-13-old.xlsx"]["reason_en"].startswith("review-superseded: ")
    assert rows["province-01.xlsx"]["stamp"] == "missing"  # allowed, but said
    assert rows["province-01.xlsx"]["reasons"] == []  # nothing refused, no errors

    ws = load_workbook(out)["Status"]
    header = [c.value for c in ws[4]]
    assert "Stamp / ການປະທັບ" in header
    assert "Why (refused, superseded, errors)" in header
    assert any(str(h).startswith("ເຫດຜົນ") for h in header)
    why = header.index("Why (refused, superseded, errors)") + 1
    cells = {ws.cell(r, 1).value: ws.cell(r, why).value for r in range(5, ws.max_row + 1)}
    assert "province-13.xlsx" in cells["province-13-old.xlsx"]


def test_review_numbers_are_formatted(tmp_path, returns, national_csv, unstamped):
    out = tmp_path / "review.xlsx"
    consolidate([tmp_path / "in"], out, national=national_csv, options=unstamped)
    wb = load_workbook(out)
    assert wb["Current"]["F5"].number_format == NUM
    assert isinstance(wb["Current"]["F5"].value, float)
    assert wb["Current"]["E5"].number_format == "General"  # Lao name: text
    assert wb["Difference"]["F5"].number_format == ADJUSTMENT
    assert wb["Structure"]["D5"].number_format == "0.0"
    assert wb["PerCapita"]["D5"].number_format == "#,##0"
    disc = wb["Discrepancy"]
    # GDP block: sum, national, difference and percent, formatted; long table below.
    assert [disc.cell(4, c).value.split(" / ")[0] for c in range(1, 6)] == [
        "Year",
        "Sum of provinces",
        "National",
        "Difference",
        "Difference (%)",
    ]
    assert disc["B5"].number_format == NUM and disc["E5"].number_format == PCT
    assert disc["E5"].value < 0  # national is 2 % above the provinces
    rules = [str(cf.sqref) for cf in disc.conditional_formatting]
    assert any(s.startswith("H") for s in rules) and any(s.startswith("E5") for s in rules)
    # Printing: landscape, one page wide or scaled (the print layout never goes below 8 pt:
    # xladdin.workbook.printing.set_print_layout).
    setup = wb["Current"].page_setup
    assert setup.orientation == "landscape"
    assert setup.fitToWidth == 1 or setup.scale


def test_reconciliation_sheets_say_when_nothing_was_raked(tmp_path, returns, national_csv):
    out = tmp_path / "review.xlsx"
    r = consolidate(
        [tmp_path / "in"],
        out,
        national=national_csv,
        options=Options(require_stamp=False, validate=False),  # 15 provinces missing
    )
    assert any(f.code == "reconcile-incomplete" for f in r.report)
    wb = load_workbook(out)
    for name in ("Original", "Adjusted", "Difference", "Reconcile"):
        note = wb[name]["A3"].value
        assert note.startswith("NOT RAKED in 2019-2023"), (name, note)
        assert "--rake-incomplete" in note


def test_raking_check_beside_the_log(tmp_path, returns, national_csv, unstamped):
    out = tmp_path / "review.xlsx"
    consolidate([tmp_path / "in"], out, national=national_csv, options=unstamped)
    ws = load_workbook(out)["Reconcile"]
    assert ws["H4"].value.startswith("Line")
    checked = [
        row
        for row in ws.iter_rows(min_row=5, min_col=8, max_col=12, values_only=True)
        if row[0] is not None
    ]
    assert {"GDP", "GVA", "TAX", "AGR", "01"} <= {row[0] for row in checked}
    assert max(abs(row[4]) for row in checked) < 1e-6  # additive national: exact


def test_register_names_the_superseding_file_and_a_replaced_path(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "province-11.xlsx"
    path.write_bytes(b"PK\x03\x04 truncated")
    reg = tmp_path / "reg.sqlite"
    options = Options(require_stamp=False, validate=False)
    first = consolidate([folder], None, register=reg, options=options)
    assert first.exit_code == 2
    write_province_return(path, "11")  # sent again, whole, under the same name
    os.utime(path, (2_000_000_000, 2_000_000_000))
    second = consolidate([folder], None, register=reg, options=options)
    assert [s.code for s in second.used] == ["11"]
    with Register(reg) as r:
        rows = r.rows()
    assert len(rows) == 2
    assert rows[0]["superseded_by"] == rows[1]["id"] and rows[1]["superseded_by"] is None
    text = format_rows(rows)
    assert f"#{rows[1]['id']} province-11.xlsx" in text


def test_stamp_time_orders_versions_when_every_version_is_stamped(monkeypatch, tmp_path):
    """A version saved from the e-mail later (newer mtime) but stamped earlier loses."""
    import xladdin.review.consolidate as cons

    folder = tmp_path / "in"
    folder.mkdir()
    old = write_province_return(folder / "province-13-a.xlsx", "13")
    new = write_province_return(folder / "province-13-b.xlsx", "13")
    os.utime(old, (2_000_000_000, 2_000_000_000))  # the older version, saved last
    real = cons.read_submission
    stamps = {
        "province-13-a.xlsx": "2026-01-01T08:00:00Z",
        "province-13-b.xlsx": "2026-01-02T08:00:00Z",
    }

    def stamped(path, options=None, **kwargs):  # as if both were intact prepared returns
        sub = real(path, options, **kwargs)
        sub.stamp = {"stamped_utc": stamps[Path(path).name]}
        sub.stamp_state, sub.recomputed = "intact", True
        sub.findings = [f for f in sub.findings if f.code != "return-stamp-missing"]
        return sub

    monkeypatch.setattr(cons, "read_submission", stamped)
    r = consolidate([folder], None, options=Options(require_stamp=False, validate=False))
    assert [Path(s.path).name for s in r.used] == [new.name]
    rows = {row["file"]: row for row in r.stats["status"]}
    assert rows[old.name]["superseded_by"] == new.name
