"""A tiny, consistent province-gdp workbook as a MemView (the template's tables, names and stamp),
so the template rules can be tested without building an .xlsx. Tests then break one thing."""

from __future__ import annotations

from memview import MemView

from xladdin.templates.data import industries
from xladdin.workbook.model import col_letter

YEARS = (2012, 2013, 2014)
BASE = 2012
VOLUME = {2012: 100.0, 2013: 105.0, 2014: 110.25}  # 5 % a year
PRICES = {2012: 100.0, 2013: 103.0, 2014: 106.09}  # 3 % a year
TAX_RATE = 0.1


def _codes():
    df = industries()
    inds = df[df.level == "industry"]
    sectors = list(df[df.level == "sector"].code)
    publication = []
    for s in sectors:
        publication.append(s)
        publication.extend(inds[inds.sector == s].code)
    return (
        list(inds.code),
        dict(zip(inds.code, inds.sector)),
        sectors,
        [*publication, "GVA", "TAX", "GDP"],
    )


def _table(view, sheet, name, top_left_row, headers, rows):
    view.put(sheet, f"A{top_left_row}", [list(headers), *rows])
    last = f"{col_letter(len(headers))}{top_left_row + len(rows)}"
    view.add_table(name, sheet, f"A{top_left_row}:{last}")


def province_view(**changes) -> MemView:
    """The consistent workbook; ``changes`` are not used (edit the returned view instead)."""
    codes, sector_of, sectors, publication = _codes()
    v = MemView(source="province.xlsx")
    v.add_sheet("_xladdin", "veryHidden")
    v.put("_xladdin", "A1", [["template", "province-gdp"], ["template_version", "1.0"]])

    v.put("Settings", "A1", [["Province", "16"], ["Base year", BASE], ["Unit", "billion kip"]])
    v.add_name("xl_province_code", "Settings", "B1")
    v.add_name("xl_base_year", "Settings", "B2")
    v.add_name("xl_unit", "Settings", "B3")
    header = [
        "Year",
        "Population",
        "Kip per USD",
        "Taxes on products, current prices",
        "Taxes on products, volume index",
    ]
    _table(v, "Settings", "tblYears", 6, header, [[y, 700000.0, 8000.0, 1.0, 100.0] for y in YEARS])

    bench = {c: (100.0 + i, 40.0) for i, c in enumerate(codes)}
    rows = [[c, f"Industry {c}", "", "", o, ic, o - ic] for c, (o, ic) in bench.items()]
    _table(
        v,
        "Benchmark",
        "tblBenchmark",
        1,
        ["Code", "Industry", "Lao name", "ISIC", "Output", "Intermediate consumption", "GVA"],
        rows,
    )

    years_h = [str(y) for y in YEARS]
    for sheet, name, idx in (("Volume", "tblVolume", VOLUME), ("Prices", "tblPrices", PRICES)):
        _table(
            v,
            sheet,
            name,
            1,
            ["Code", "Industry", "Lao name", *years_h],
            [[c, "", "", *[idx[y] for y in YEARS]] for c in codes],
        )
    _table(
        v,
        "Direct",
        "tblDirect",
        1,
        ["Code", "Industry", "Lao name", *years_h],
        [[c, "", "", None, None, None] for c in codes],
    )

    constant = {c: {y: (o - ic) * VOLUME[y] / 100 for y in YEARS} for c, (o, ic) in bench.items()}
    current = {c: {y: constant[c][y] * PRICES[y] / 100 for y in YEARS} for c in codes}
    results = {}
    for label, level in (("current", current), ("constant", constant)):
        table = dict(level)
        for s in sectors:
            table[s] = {y: sum(level[c][y] for c in codes if sector_of[c] == s) for y in YEARS}
        table["GVA"] = {y: sum(table[s][y] for s in sectors) for y in YEARS}
        table["TAX"] = {y: table["GVA"][y] * TAX_RATE for y in YEARS}
        table["GDP"] = {y: table["GVA"][y] + table["TAX"][y] for y in YEARS}
        results[label] = table
    cur, con = results["current"], results["constant"]
    growth = {
        r: {y: (con[r][y] / con[r][y - 1] - 1) * 100 if y > YEARS[0] else None for y in YEARS}
        for r in publication
    }
    structure = {r: {y: cur[r][y] / cur["GDP"][y] * 100 for y in YEARS} for r in publication}
    deflator = {r: {y: cur[r][y] / con[r][y] * 100 for y in YEARS} for r in publication}
    top = 1
    for name, data in (
        ("tblGvaCurrent", cur),
        ("tblGvaConstant", con),
        ("tblGrowth", growth),
        ("tblStructure", structure),
        ("tblDeflator", deflator),
        ("tblContributions", {r: {y: None for y in YEARS} for r in publication}),
    ):
        _table(
            v,
            "Results",
            name,
            top,
            ["Code", "Industry", "Lao name", *years_h],
            [[r, "", "", *[data[r][y] for y in YEARS]] for r in publication],
        )
        top += len(publication) + 3
    per_capita = ["GDP", "POP", "GDPPC_KIP", "XR", "GDPPC_USD"]
    _table(
        v,
        "Results",
        "tblPerCapita",
        top,
        ["Code", "Industry", "Lao name", *years_h],
        [[r, "", "", None, None, None] for r in per_capita],
    )
    v.put("Rebase", "A1", "Rebase")
    v.put("Rebase", "B2", "overlap")
    v.add_name("xl_rebase_overlap", "Rebase", "B2")
    v.add_sheet("Checks")
    return v


def cell_of(view: MemView, table: str, row_code, header) -> tuple[str, str]:
    """(sheet, A1) of a table value by row code and header text (for tests that break a cell)."""
    t = view.tables()[table]
    from xladdin.workbook.model import parse_ref

    (c1, r1), (_c2, r2) = parse_ref(t.ref)
    col = c1 + [str(h) for h in t.headers].index(str(header))
    for r in range(r1 + 1, r2 + 1):
        if str(view.values(t.sheet, f"A{r}")[0][0]) == str(row_code):
            return t.sheet, f"{col_letter(col)}{r}"
    raise KeyError(row_code)
