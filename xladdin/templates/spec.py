"""Template specifications: what each xladdin template contains, as data structures.

A :class:`TemplateSpec` lists sheets; each sheet holds *blocks*: Excel Tables (:class:`Table`)
and single named cells (:class:`Name`). The builder (:mod:`xladdin.templates.builder`) turns a
spec into an .xlsx; the binding (:mod:`xladdin.templates.binding`) uses the same spec to find
every block again in a user's workbook **by table name, header text and defined name**, never by
cell address. Labels are glossary keys (:mod:`xladdin.templates.data`), not text.

Row sets (``Table.rows``) are resolved from data files at build time:

- ``industries``   the 21 ISIC-section industries of ``industries.csv``
- ``publication``  sectors, their industries, GVA, TAX (taxes on products) and GDP, LSB order
- ``sectors``      AGR, IND, SER
- ``years``        one row per year of the template
- ``free``         ``capacity`` empty rows the user fills (enterprises, rebasing years)
- ``extra_rows``   (code, glossary key) rows appended to any of the above (e.g. TAX, SUB, NONADD)
- any other word   a fixed list given in ``Table.fixed_rows`` as (code, glossary key) pairs
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from xladdin.templates.data import about

__all__ = [
    "SPECS",
    "Col",
    "Name",
    "Sheet",
    "Table",
    "TemplateSpec",
    "get_spec",
]

INPUT, OUTPUT, KEY, LABEL, FORMULA = "input", "output", "key", "label", "formula"


@dataclass(frozen=True)
class Col:
    """A fixed column of a table.

    ``header`` is the canonical English header text the binding matches (case and spacing
    insensitive); ``label`` a glossary key for the bilingual label row above the table.
    ``role`` is ``key`` (row code), ``label`` (prefilled text), ``input``, ``output`` or
    ``formula`` (a native formula, ``{row}`` replaced by the sheet row, ``{col:KEY}`` by the
    column letter of column KEY, ``{province_name:KEY}`` / ``{industry_name:KEY}`` by a look-up
    of the name of the code in column KEY on the Lists sheet). ``kind`` is ``number``, ``text``, ``code``, ``year``,
    ``province`` or ``industry`` (the last three get data validation lists). ``width`` is the
    minimum column width (the builder widens a column to fit its longest label); ``fmt`` a
    number format other than the default one decimal (e.g. ``"#,##0"`` for people).
    """

    key: str
    header: str
    label: str
    role: str = INPUT
    kind: str = "number"
    formula: str | None = None
    width: float = 14.0
    fmt: str | None = None
    optional: bool = False  # a display column (e.g. a name looked up from a code): may be absent


@dataclass(frozen=True)
class Table:
    """An Excel Table (ListObject) block.

    With ``years=True`` one column per year follows the fixed columns; its header is the year
    as text (``"2012"``) and its role is ``year_role``. ``unit`` is shown after the title:
    ``money`` (the unit chosen in ``xl_unit``, e.g. billion kip, shown live by a formula),
    ``percent``, ``percent_of_gdp``, ``index`` or ``""`` (none: mixed units, said per row).
    """

    key: str
    name: str
    title: str
    columns: tuple[Col, ...]
    role: str = INPUT
    rows: str = "industries"
    years: bool = False
    year_role: str = INPUT
    capacity: int = 0
    fixed_rows: tuple[tuple[str, str], ...] = ()
    optional: bool = False
    note: str = ""
    unit: str = ""
    row_fmt: tuple[tuple[str, str], ...] = ()  # (row code, number format) overrides
    extra_rows: tuple[tuple[str, str], ...] = ()  # (code, glossary key) rows after the row set
    # year columns relative to the template's first year (first offset, last offset or None for
    # the template's last year); () = the template's years. Old-base series start years earlier.
    year_span: tuple[int, int | None] = ()

    def col(self, key: str) -> Col:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    @property
    def key_col(self) -> Col:
        return next(c for c in self.columns if c.role == KEY)


@dataclass(frozen=True)
class Name:
    """A single named input or output cell (workbook-scoped defined name)."""

    key: str
    name: str
    label: str
    role: str = INPUT
    kind: str = "text"
    optional: bool = False


@dataclass(frozen=True)
class Sheet:
    """A worksheet and the blocks on it, top to bottom."""

    name: str
    title: str
    kind: str = "inputs"  # about | inputs | outputs | checks | lists
    blocks: tuple[Table | Name, ...] = ()


@dataclass(frozen=True)
class TemplateSpec:
    """One template. ``migrations`` maps an older version to renames (old name -> new name)
    of tables, defined names and headers that the binding applies when reading that version."""

    id: str
    version: str
    title: str
    about_en: tuple[str, ...]
    about_lo: tuple[str, ...]
    sheets: tuple[Sheet, ...]
    default_years: tuple[int, ...] = ()
    migrations: dict[str, dict[str, str]] = field(default_factory=dict)

    def tables(self) -> list[tuple[Sheet, Table]]:
        return [(s, b) for s in self.sheets for b in s.blocks if isinstance(b, Table)]

    def names(self) -> list[tuple[Sheet, Name]]:
        return [(s, b) for s in self.sheets for b in s.blocks if isinstance(b, Name)]

    @cached_property
    def _tables_by_key(self) -> dict[str, Table]:
        """Table key -> the first table with that key (the spec never changes: built once)."""
        out: dict[str, Table] = {}
        for _, t in self.tables():
            out.setdefault(t.key, t)
        return out

    def table(self, key: str) -> Table:
        found = self._tables_by_key.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def sheet_of(self, key: str) -> Sheet:
        for s in self.sheets:
            for b in s.blocks:
                if b.key == key:
                    return s
        raise KeyError(key)


# --- the three templates ----------------------------------------------------------------------

_CODE = Col("code", "Code", "code", KEY, "code", width=8)
_IND_NAME = Col("name_en", "Industry", "sector", LABEL, "text", width=44)
_IND_LO = Col("name_lo", "Lao name", "sector", LABEL, "text", width=36)
_ROW_LABEL = (_CODE, _IND_NAME, _IND_LO)


def _out(key: str, name: str, title: str, unit: str = "", **kw: object) -> Table:
    return Table(key, name, title, _ROW_LABEL, OUTPUT, "publication", True, OUTPUT, unit=unit, **kw)


def _ind_out(key: str, name: str, title: str, unit: str = "money") -> Table:
    """An optional output table by industry and year (added in 1.1)."""
    return Table(
        key, name, title, _ROW_LABEL, OUTPUT, "industries", True, OUTPUT, optional=True, unit=unit
    )


# old-base series and back-cast tables: 12 years before the new series starts
_OLD_SPAN = (-12, 2)
_BACK_SPAN = (-12, None)
_TAX_ROWS = (("TAX", "taxes_on_products"), ("SUB", "subsidies_on_products"))


#: SEZ output tables (template 1.2): key, table name, title
_SEZ_OUT = (
    ("sez_constant", "tblSezGvaConstant", "sez+gva+constant_prices"),
    ("gva_incl_sez_current", "tblGvaInclSezCurrent", "gva+including_sez+current_prices"),
    ("gva_excl_sez_current", "tblGvaExclSezCurrent", "gva+excluding_sez+current_prices"),
    ("gva_incl_sez_constant", "tblGvaInclSezConstant", "gva+including_sez+constant_prices"),
    ("gva_excl_sez_constant", "tblGvaExclSezConstant", "gva+excluding_sez+constant_prices"),
)


PROVINCE_GDP = TemplateSpec(
    id="province-gdp",
    version="1.2",
    title="gdp",
    default_years=tuple(range(2012, 2027)),
    about_en=about("province-gdp")[0],
    about_lo=about("province-gdp")[1],
    sheets=(
        Sheet("About", "about", "about"),
        Sheet(
            "Settings",
            "settings",
            "inputs",
            (
                Name("province_code", "xl_province_code", "province_code", INPUT, "province"),
                Name("base_year", "xl_base_year", "base_year", INPUT, "year"),
                Name("unit", "xl_unit", "unit", INPUT, "unit"),
                Name("compiler", "xl_compiler", "compiler", INPUT, "text", optional=True),
                Table(
                    "years",
                    "tblYears",
                    "annual_data",
                    (
                        Col("year", "Year", "year", KEY, "year", width=8),
                        Col("population", "Population", "population", fmt="#,##0"),
                        Col("kip_per_usd", "Kip per USD", "kip_per_usd", fmt="#,##0"),
                        Col(
                            "taxes_current",
                            "Taxes on products, current prices",
                            "taxes_on_products",
                        ),
                        Col("taxes_volume", "Taxes on products, volume index", "volume_index"),
                        # optional: read by the growth-sign-opposite check (validate), never by
                        # compile; a 1.0 file without the column still binds
                        Col(
                            "national_growth",
                            "National GDP growth (%)",
                            "national_gdp_growth",
                            optional=True,
                        ),
                        # 1.1: subsidies on products (optional: a 1.0 file binds without it)
                        Col(
                            "subsidies_current",
                            "Subsidies on products, current prices",
                            "subsidies_on_products",
                            optional=True,
                        ),
                    ),
                    rows="years",
                ),
            ),
        ),
        Sheet(
            "Benchmark",
            "benchmark",
            "inputs",
            (
                Table(
                    "benchmark",
                    "tblBenchmark",
                    "benchmark",
                    (
                        *_ROW_LABEL,
                        Col("section", "ISIC", "isic_section", LABEL, "text", width=6),
                        Col("output", "Output", "output"),
                        Col("ic", "Intermediate consumption", "intermediate_consumption"),
                        Col(
                            "gva",
                            "GVA",
                            "gva",
                            FORMULA,
                            # empty until both are typed ("empty, never zeros"): a blank
                            # row must not show GVA 0.0
                            formula='=IF(COUNT({col:output}{row},{col:ic}{row})<2,"",'
                            "{col:output}{row}-{col:ic}{row})",
                        ),
                        # 1.1: "single" or "double" deflation; blank = double where the
                        # intermediate-consumption price index has values, else single
                        Col(
                            "method",
                            "Deflation method",
                            "deflation_method",
                            INPUT,
                            "deflation_method",
                            width=12,
                            optional=True,
                        ),
                    ),
                    unit="money",
                ),
            ),
        ),
        Sheet(
            "Volume",
            "volume_index",
            "inputs",
            (Table("volume", "tblVolume", "volume_index", _ROW_LABEL, years=True, unit="index"),),
        ),
        Sheet(
            "Prices",
            "price_index",
            "inputs",
            (
                Table("prices", "tblPrices", "price_index", _ROW_LABEL, years=True, unit="index"),
                Table(
                    "ic_prices",
                    "tblIcPrices",
                    "ic_price_index",
                    _ROW_LABEL,
                    years=True,
                    optional=True,
                    unit="index",
                ),
            ),
        ),
        Sheet(
            "Direct",
            "direct_entries",
            "inputs",
            (
                Table(
                    "direct",
                    "tblDirect",
                    "direct_entries",
                    _ROW_LABEL,
                    years=True,
                    optional=True,
                    unit="money",
                ),
                Table(
                    "direct_constant",
                    "tblDirectConstant",
                    "direct_entries_constant",
                    _ROW_LABEL,
                    years=True,
                    optional=True,
                    unit="money",
                ),
            ),
        ),
        Sheet(
            "Results",
            "results",
            "outputs",
            (
                _out("gva_current", "tblGvaCurrent", "current_prices", "money"),
                _out("gva_constant", "tblGvaConstant", "constant_prices", "money"),
                _out("growth", "tblGrowth", "growth_rate", "percent"),
                _out("structure", "tblStructure", "structure", "percent_of_gdp"),
                _out("deflator", "tblDeflator", "deflator", "index"),
                _out("contributions", "tblContributions", "contributions"),
                Table(
                    "per_capita",
                    "tblPerCapita",
                    "per_capita",
                    (Col("code", "Code", "code", KEY, "code", width=8), _IND_NAME, _IND_LO),
                    OUTPUT,
                    "per_capita",
                    True,
                    OUTPUT,
                    fixed_rows=(
                        ("GDP", "gdp"),
                        ("POP", "population"),
                        ("GDPPC_KIP", "per_capita+kip"),
                        ("XR", "exchange_rate+kip_per_usd"),
                        ("GDPPC_USD", "per_capita+usd"),
                    ),
                    row_fmt=(("POP", "#,##0"), ("GDPPC_KIP", "#,##0"), ("XR", "#,##0")),
                ),
                # 1.1 (optional: a 1.0 workbook compiles without them)
                Table(
                    "taxes",
                    "tblTaxes",
                    "taxes_less_subsidies",
                    (Col("code", "Code", "code", KEY, "code", width=8), _IND_NAME, _IND_LO),
                    OUTPUT,
                    "taxes",
                    True,
                    OUTPUT,
                    optional=True,
                    unit="money",
                    fixed_rows=(
                        ("TAX_CUR", "taxes_on_products+current_prices"),
                        ("SUB_CUR", "subsidies_on_products+current_prices"),
                        ("NET_CUR", "taxes_less_subsidies+current_prices"),
                        ("TAX_CON", "taxes_on_products+constant_prices"),
                        ("SUB_CON", "subsidies_on_products+constant_prices"),
                        ("NET_CON", "taxes_less_subsidies+constant_prices"),
                    ),
                ),
                _out(
                    "chain",
                    "tblChain",
                    "chain_linked",
                    "money",
                    optional=True,
                    extra_rows=(("NONADD", "non_additivity"),),
                ),
                _out(
                    "chain_growth",
                    "tblChainGrowth",
                    "growth_rate+chain_linked",
                    "percent",
                    optional=True,
                ),
                _out(
                    "chain_contributions",
                    "tblChainContributions",
                    "contributions+chain_linked",
                    optional=True,
                ),
                Table(
                    "real_per_capita",
                    "tblRealPerCapita",
                    "real_per_capita",
                    (Col("code", "Code", "code", KEY, "code", width=8), _IND_NAME, _IND_LO),
                    OUTPUT,
                    "real_per_capita",
                    True,
                    OUTPUT,
                    optional=True,
                    fixed_rows=(
                        ("GDPPC_CON", "real_per_capita+constant_prices"),
                        ("GDPPC_CON_G", "growth_rate+real_per_capita"),
                        ("GDPPC_CHAIN", "real_per_capita+chain_linked"),
                        ("GDPPC_CHAIN_G", "growth_rate+chain_linked"),
                    ),
                    row_fmt=(("GDPPC_CON", "#,##0"), ("GDPPC_CHAIN", "#,##0")),
                ),
                Table(
                    "methods",
                    "tblMethods",
                    "methods_used",
                    (
                        *_ROW_LABEL,
                        Col(
                            "method",
                            "Deflation method",
                            "deflation_method",
                            OUTPUT,
                            "text",
                            width=12,
                        ),
                        Col("direct", "Direct entries", "direct_entries", OUTPUT, "text", width=20),
                    ),
                    OUTPUT,
                    optional=True,
                ),
            ),
        ),
        Sheet(
            "Production",
            "production",
            "outputs",
            (
                _ind_out("output_current", "tblOutputCurrent", "output+current_prices"),
                _ind_out("ic_current", "tblIcCurrent", "intermediate_consumption+current_prices"),
                _ind_out("output_constant", "tblOutputConstant", "output+constant_prices"),
                _ind_out(
                    "ic_constant", "tblIcConstant", "intermediate_consumption+constant_prices"
                ),
            ),
        ),
        Sheet(
            "Rebase",
            "rebase",
            "inputs",
            (
                Name(
                    "old_base_year",
                    "xl_rebase_old_base",
                    "old_base_year",
                    INPUT,
                    "year",
                    optional=True,
                ),
                Name("overlap", "xl_rebase_overlap", "overlap", OUTPUT, "text"),
                # 1.1: back-casting by industry
                Name(
                    "rebase_method",
                    "xl_rebase_method",
                    "rebase_method",
                    INPUT,
                    "rebase_method",
                    optional=True,
                ),
                Name("link_year", "xl_rebase_link_year", "link_year", INPUT, "year", optional=True),
                Table(
                    "rebase",
                    "tblRebase",
                    "rebase",
                    (
                        Col("year", "Year", "year", KEY, "year", width=8),
                        Col("old", "Old base series", "old_base_series"),
                        Col("new", "New base series", "new_base_series"),
                        Col("ratio", "Linked (ratio)", "linked_ratio", OUTPUT),
                        Col("interp", "Linked (interpolation)", "linked_interpolation", OUTPUT),
                    ),
                    rows="free",
                    capacity=40,
                    optional=True,
                    unit="money",
                ),
                Table(
                    "old_current",
                    "tblOldCurrent",
                    "old_base_series+current_prices",
                    _ROW_LABEL,
                    years=True,
                    optional=True,
                    unit="money",
                    extra_rows=_TAX_ROWS,
                    year_span=_OLD_SPAN,
                ),
                Table(
                    "old_constant",
                    "tblOldConstant",
                    "old_base_series+constant_prices",
                    _ROW_LABEL,
                    years=True,
                    optional=True,
                    unit="money",
                    extra_rows=_TAX_ROWS,
                    year_span=_OLD_SPAN,
                ),
                Table(
                    "links",
                    "tblRebaseLinks",
                    "rebase_links",
                    (
                        *_ROW_LABEL,
                        Col("link_year", "Link year", "link_year", OUTPUT, "year", width=8),
                        Col(
                            "ratio_current",
                            "Ratio, current prices",
                            "link_ratio+current_prices",
                            OUTPUT,
                            fmt="0.0000",
                        ),
                        Col(
                            "ratio_constant",
                            "Ratio, constant prices",
                            "link_ratio+constant_prices",
                            OUTPUT,
                            fmt="0.0000",
                        ),
                        Col("method", "Method", "rebase_method", OUTPUT, "text", width=14),
                    ),
                    OUTPUT,
                    optional=True,
                    extra_rows=_TAX_ROWS,
                ),
                _out(
                    "back_current",
                    "tblBackCurrent",
                    "backcast+current_prices",
                    "money",
                    optional=True,
                    year_span=_BACK_SPAN,
                ),
                _out(
                    "back_constant",
                    "tblBackConstant",
                    "backcast+constant_prices",
                    "money",
                    optional=True,
                    year_span=_BACK_SPAN,
                ),
                _out(
                    "back_deflator",
                    "tblBackDeflator",
                    "backcast+deflator",
                    "index",
                    optional=True,
                    year_span=_BACK_SPAN,
                ),
                _out(
                    "back_growth",
                    "tblBackGrowth",
                    "backcast+growth_rate",
                    "percent",
                    optional=True,
                    year_span=_BACK_SPAN,
                ),
            ),
        ),
        # 1.2: SEZs in the province (issue 9, section 1): optional blocks, a 1.1 file binds
        Sheet(
            "SEZ",
            "sez",
            "inputs",
            (
                # read by the review too (xladdin.review.sez.INCLUDED_TABLE): same table name,
                # headers "Industry code" and "Included"
                Table(
                    "sez_included",
                    "tblSezIncluded",
                    "sez_included",
                    (
                        Col("code", "Industry code", "industry_code", KEY, "code", width=8),
                        _IND_NAME,
                        _IND_LO,
                        Col("included", "Included", "included", INPUT, "yes_no", width=12),
                    ),
                    optional=True,
                ),
                Table(
                    "sez_gva",
                    "tblSezGva",
                    "sez+gva+current_prices",
                    _ROW_LABEL,
                    years=True,
                    optional=True,
                    unit="money",
                ),
                Table(
                    "sez_prices",
                    "tblSezPrices",
                    "sez+price_index",
                    _ROW_LABEL,
                    years=True,
                    optional=True,
                    unit="index",
                ),
            ),
        ),
        Sheet(
            "SezResults",
            "sez+results",
            "outputs",
            tuple(
                Table(
                    key,
                    name,
                    title,
                    _ROW_LABEL,
                    OUTPUT,
                    "industries",
                    True,
                    OUTPUT,
                    optional=True,
                    unit="money",
                    extra_rows=(("GVA", "gva_total"),),
                )
                for key, name, title in _SEZ_OUT
            ),
        ),
        Sheet("Checks", "checks", "checks"),
        Sheet("Lists", "lists", "lists"),
    ),
    migrations={
        # 1.1 had no SEZ sheets: optional blocks, so a 1.1 workbook binds unchanged and
        # compiles without SEZ results.
        "1.1": {},
        # 1.0 had none of the 1.1 additions (IC price index, subsidies, constant-price direct
        # entries, chain-linked volumes, back-casting by industry); they are optional blocks,
        # so a 1.0 workbook binds unchanged and compiles with single deflation and no back-cast.
        "1.0": {},
        # 0.9 (pilot) called the volume table tblVol and the taxes column "Taxes (current)".
        "0.9": {"tblVol": "tblVolume", "Taxes (current)": "Taxes on products, current prices"},
    },
)

DISTRICT_GROWTH = TemplateSpec(
    id="district-growth",
    version="1.1",
    title="district",
    default_years=tuple(range(2019, 2027)),
    about_en=about("district-growth")[0],
    about_lo=about("district-growth")[1],
    sheets=(
        Sheet("About", "about", "about"),
        Sheet(
            "Settings",
            "settings",
            "inputs",
            (
                Name("province_code", "xl_province_code", "province_code", INPUT, "province"),
                Name("district_code", "xl_district_code", "district_code", INPUT, "text"),
                Name("district_name", "xl_district_name", "district_name", INPUT, "text"),
                Name("base_year", "xl_base_year", "base_year", INPUT, "year"),
                Name("compiler", "xl_compiler", "compiler", INPUT, "text", optional=True),
            ),
        ),
        Sheet(
            "Indices",
            "production_index",
            "inputs",
            (
                Table(
                    "weights",
                    "tblWeights",
                    "weight",
                    (
                        Col("code", "Code", "code", KEY, "code", width=8),
                        _IND_NAME,
                        _IND_LO,
                        Col("weight", "Weight", "weight"),
                        # 1.1 (issue 9): the district's value added of the sector in the base
                        # year, million kip: the weight of the district in its province's
                        # sector (xladdin.review.districts.weights_table). Optional: a 1.0
                        # file binds without it.
                        Col(
                            "base_gva",
                            "Base-year GVA (million kip)",
                            "gva+base_year+million_kip",
                            fmt="#,##0.0",
                            width=16,
                            optional=True,
                        ),
                    ),
                    rows="sectors",
                ),
                Table(
                    "indices",
                    "tblIndices",
                    "production_index",
                    _ROW_LABEL,
                    rows="sectors",
                    years=True,
                    unit="index",
                ),
                Table(
                    "household",
                    "tblHousehold",
                    "household_income",
                    _ROW_LABEL,
                    rows="household",
                    years=True,
                    fixed_rows=(
                        ("HH_INC", "household_income"),
                        ("HH_EXP", "household_expenditure"),
                        ("CPI", "cpi"),
                    ),
                ),
            ),
        ),
        Sheet(
            "Results",
            "results",
            "outputs",
            (
                Table(
                    "growth",
                    "tblDistrictGrowth",
                    "growth_rate",
                    _ROW_LABEL,
                    OUTPUT,
                    "district_out",
                    True,
                    OUTPUT,
                    fixed_rows=(
                        ("COMPOSITE", "composite_index"),
                        ("COMPOSITE_G", "growth_rate+composite_index"),
                        ("AGR_G", "growth_rate+agriculture"),
                        ("IND_G", "growth_rate+industry"),
                        ("SER_G", "growth_rate+services"),
                        ("HH_INC_G", "growth_rate+household_income"),
                        ("HH_INC_REAL_G", "real_growth+household_income"),
                        ("HH_EXP_G", "growth_rate+household_expenditure"),
                        ("HH_EXP_REAL_G", "real_growth+household_expenditure"),
                    ),
                ),
            ),
        ),
        Sheet("Checks", "checks", "checks"),
        Sheet("Lists", "lists", "lists"),
    ),
    migrations={
        # 1.0 had no "Base-year GVA" column in tblWeights: an optional column, so a 1.0
        # workbook binds unchanged (its district weights then come from --shares or are
        # reported missing: district-weights-missing).
        "1.0": {},
    },
)

# names shown beside codes (native look-ups on the Lists sheet; not read by compile)
_PROVINCE_NAME = Col(
    "province_name",
    "Province name",
    "province",
    FORMULA,
    "text",
    formula="={province_name:province}",
    width=30,
    optional=True,
)
_INDUSTRY_NAME = Col(
    "industry_name",
    "Industry name",
    "sector",
    FORMULA,
    "text",
    formula="={industry_name:industry}",
    width=30,
    optional=True,
)

_SEZ_OUT_COLS = (
    Col("enterprises", "Enterprises", "enterprise", OUTPUT, fmt="#,##0"),
    Col("output", "Output", "output", OUTPUT),
    Col("ic", "Intermediate consumption", "intermediate_consumption", OUTPUT),
    Col("gva", "GVA", "gva", OUTPUT),
    Col("employees", "Employees", "employees", OUTPUT, fmt="#,##0"),
)


def _sez_result(key: str, name: str, title: str, *by: Col) -> Table:
    """A SEZ results table: the columns ``by`` it is grouped on, then year and the totals."""
    return Table(
        key,
        name,
        title,
        (*by, Col("year", "Year", "year", OUTPUT, "text", width=8), *_SEZ_OUT_COLS),
        OUTPUT,
        "free",
        capacity=40,
        unit="money",
    )


SEZ_ENTERPRISE = TemplateSpec(
    id="sez-enterprise",
    version="1.0",
    title="sez",
    about_en=about("sez-enterprise")[0],
    about_lo=about("sez-enterprise")[1],
    sheets=(
        Sheet("About", "about", "about"),
        Sheet(
            "Settings",
            "settings",
            "inputs",
            (
                Name("unit", "xl_unit", "unit", INPUT, "unit"),
                Name("compiler", "xl_compiler", "compiler", INPUT, "text", optional=True),
            ),
        ),
        Sheet(
            "Enterprises",
            "enterprise",
            "inputs",
            (
                Table(
                    "enterprises",
                    "tblEnterprises",
                    "enterprise",
                    (
                        Col("name", "Enterprise", "enterprise", KEY, "text", width=30),
                        Col("zone", "Zone", "zone", INPUT, "text", width=20),
                        Col("province", "Host province code", "host_province", INPUT, "province"),
                        _PROVINCE_NAME,
                        Col("industry", "Industry code", "industry_code", INPUT, "industry"),
                        _INDUSTRY_NAME,
                        Col("year", "Year", "year", INPUT, "year", width=8),
                        Col("output", "Output", "output"),
                        Col("ic", "Intermediate consumption", "intermediate_consumption"),
                        Col("employees", "Employees", "employees", fmt="#,##0"),
                    ),
                    rows="free",
                    capacity=60,
                    unit="money",
                ),
            ),
        ),
        Sheet(
            "Results",
            "results",
            "outputs",
            (
                _sez_result(
                    "by_zone",
                    "tblSezByZone",
                    "zone",
                    Col("zone", "Zone", "zone", KEY, "text", width=20),
                    Col("province", "Host province code", "host_province", OUTPUT, "text"),
                    _PROVINCE_NAME,
                ),
                _sez_result(
                    "by_industry",
                    "tblSezByIndustry",
                    "sector",
                    Col("industry", "Industry code", "industry_code", KEY, "text"),
                    _INDUSTRY_NAME,
                ),
                _sez_result(
                    "by_province",
                    "tblSezByProvince",
                    "host_province",
                    Col("province", "Host province code", "host_province", KEY, "text"),
                    _PROVINCE_NAME,
                ),
            ),
        ),
        Sheet("Checks", "checks", "checks"),
        Sheet("Lists", "lists", "lists"),
    ),
)

SPECS: dict[str, TemplateSpec] = {s.id: s for s in (PROVINCE_GDP, DISTRICT_GROWTH, SEZ_ENTERPRISE)}


def get_spec(template_id: str) -> TemplateSpec:
    """The current spec of a template (KeyError when the id is not one of ours)."""
    return SPECS[template_id]
