"""Templates 1.1 and 1.2 only add optional blocks: a 1.0 or 1.1 workbook (without them) still binds
and compiles (issue 8: existing provincial workbooks keep working; 1.2 adds the SEZ sheets of
issue 9)."""

from __future__ import annotations

import openpyxl

from tests.template_version import set_template_version
from xladdin.compile import compile_file
from xladdin.templates.binding import bind
from xladdin.templates.builder import build
from xladdin.templates.sample import province_fill
from xladdin.templates.spec import SPECS
from xladdin.workbook.xlsx_reader import open_xlsx

NEW_IN_1_1 = (
    "tblIcPrices",
    "tblDirectConstant",
    "tblTaxes",
    "tblChain",
    "tblChainGrowth",
    "tblChainContributions",
    "tblRealPerCapita",
    "tblMethods",
    "tblOldCurrent",
    "tblOldConstant",
    "tblRebaseLinks",
    "tblBackCurrent",
    "tblBackConstant",
    "tblBackDeflator",
    "tblBackGrowth",
)


def _as_1_1(path):
    """Drop what 1.2 added: the SEZ and SezResults sheets."""
    wb = openpyxl.load_workbook(path)
    wb.remove(wb["SEZ"])
    wb.remove(wb["SezResults"])
    set_template_version(wb, "1.1")
    wb.save(path)


def _as_1_0(path):
    _as_1_1(path)
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for name in [n for n in ws.tables if n in NEW_IN_1_1]:
            del ws.tables[name]
    wb.remove(wb["Production"])
    for name in ("xl_rebase_method", "xl_rebase_link_year"):
        del wb.defined_names[name]
    set_template_version(wb, "1.0")
    wb.save(path)


def test_province_template_is_1_2_with_1_1_and_1_0_migrations():
    spec = SPECS["province-gdp"]
    assert spec.version == "1.2"
    assert {"1.1", "1.0", "0.9"} <= set(spec.migrations)


def test_a_1_1_workbook_binds_and_compiles_without_sez_results(tmp_path):
    fill, years = province_fill()
    path = build("province-gdp", tmp_path / "v11.xlsx", years=years, fill=fill)
    _as_1_1(path)
    bound = bind(open_xlsx(path))
    assert bound is not None and bound.info.version == "1.1" and bound.info.upgraded
    structure = {f.code for f in bound.findings}
    assert not structure & {"template-table-missing", "template-name-missing"}
    assert bound.block("sez_gva") is None and bound.block("sez_included") is None
    result = compile_file(path, backup=False)
    assert result.exit_code == 0
    assert bind(open_xlsx(path)).block("gva_constant").values.at["GDP", 2026] > 0


def test_a_1_0_workbook_binds_and_compiles(tmp_path):
    fill, years = province_fill()
    for key in ("ic_prices", "old_current", "old_constant"):
        fill.blocks.pop(key)
    path = build("province-gdp", tmp_path / "v10.xlsx", years=years, fill=fill)
    _as_1_0(path)
    bound = bind(open_xlsx(path))
    assert bound is not None and bound.info.version == "1.0" and bound.info.upgraded
    structure = {f.code for f in bound.findings}
    assert not structure & {"template-table-missing", "template-name-missing"}
    result = compile_file(path, backup=False)
    assert result.exit_code == 0
    codes = {f.code for f in result.report}
    assert "compile-deflation-methods" in codes  # all single: no IC price index
    out = bind(open_xlsx(path)).block("gva_constant").values
    assert out.at["GDP", 2026] > 0
