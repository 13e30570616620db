"""The versioned data files: glossary, industries, provinces, units, illustrative sample."""

from __future__ import annotations

import pandas as pd

from xladdin.templates.data import (
    DATA_DIR,
    districts,
    industries,
    label,
    load_sample,
    provinces,
    term,
    units,
)
from xladdin.templates.rows import row_set
from xladdin.templates.spec import SPECS


def test_every_label_used_by_a_spec_is_in_the_glossary():
    for spec in SPECS.values():
        for sheet in spec.sheets:
            term(sheet.title)
            for block in sheet.blocks:
                term(getattr(block, "label", None) or block.title)
                for col in getattr(block, "columns", ()):
                    term(col.label)
                for _code, key in getattr(block, "fixed_rows", ()):
                    for k in key.split("+"):
                        term(k)


def test_unconfirmed_terms_are_marked_with_a_dagger():
    assert not term("output").confirmed
    assert label("output").endswith("†")
    assert term("gdp").confirmed and "†" not in label("gdp")


def test_industries_follow_isic_sections_a_to_u_under_three_sectors_and_taxes():
    df = industries()
    ind = df[df.level == "industry"]
    assert list(ind.isic_section) == [chr(c) for c in range(ord("A"), ord("U") + 1)]
    assert set(ind.sector) == {"AGR", "IND", "SER"}
    assert {"TAX", "GDP", "GVA"} <= set(df.code)
    pub = [r.code for r in row_set(SPECS["province-gdp"].table("gva_current"))]
    assert pub[0] == "AGR" and pub[-3:] == ["GVA", "TAX", "GDP"] and len(pub) == 27


def test_provinces_match_the_2015_census_total():
    df = provinces()
    assert len(df) == 18
    assert df.population_2015_census.astype(int).sum() == 6_492_228
    assert df.code.iloc[0] == "01"  # codes stay text with leading zeros


def test_units_and_sample_are_data():
    assert units().set_index("key").at["billion kip", "kip"] == 1e9
    sample = load_sample()
    assert sample["indicators"].shape[0] == 21 * 15
    for name in ("benchmark", "indicators", "years", "rebase", "settings"):
        head = (DATA_DIR / "sample" / f"province_{name}.csv").read_text(encoding="utf-8")
        assert head.startswith("# illustrative, not official figures")


def test_district_list_matches_the_district_counts_of_provinces():
    d = districts()
    counts = d.groupby("province_code").size()
    expected = provinces().set_index("code")["districts"].astype(int)
    assert counts.to_dict() == expected.to_dict()
    assert (d.code.str[:2] == d.province_code).all() and d.code.is_unique
    assert set(d.status) == {"unverified"}  # not an LSB list: to be confirmed


def test_district_sector_rows_come_from_industries_csv(monkeypatch):
    # LSB renames a sector in industries.csv: the district tables follow, no code change
    import xladdin.templates.rows as rows

    df = industries().copy()
    df.loc[df.code == "SER", "name_en"] = "Services (renamed in the data file)"
    monkeypatch.setattr(rows, "industries", lambda: df)
    rows._row_set.cache_clear()
    try:
        for key in ("weights", "indices"):
            got = row_set(SPECS["district-growth"].table(key))
            assert [r.code for r in got] == ["AGR", "IND", "SER"]
            assert got[-1].en == "Services (renamed in the data file)"
    finally:
        rows._row_set.cache_clear()


def test_code_ranges_in_dropdown_messages_come_from_the_data(monkeypatch):
    import xladdin.templates.builder as builder

    # the dropdown lists the geography: the nation (00, nation.csv) and the provinces
    more = builder.geography().copy()
    more = pd.concat([more, more.tail(1).assign(code="19")], ignore_index=True)
    monkeypatch.setattr(builder, "geography", lambda: more)
    dv = builder._make_validation("province")
    assert "00-19" in dv.error and "19" in dv.formula1
    assert "01-21" in builder._make_validation("industry").error  # industries.csv: 01..21


def test_about_sheet_text_is_data_not_code():
    # LSB corrects a Lao sentence of the About sheet in xladdin/data/about.csv, not in code
    import re

    import xladdin.templates.spec as spec_module
    from xladdin.templates.data import about

    for tid, spec in SPECS.items():
        assert (spec.about_en, spec.about_lo) == about(tid)
        assert spec.about_en[0] and spec.about_lo[0]
    source = open(spec_module.__file__, encoding="utf-8").read()
    assert not re.search("[\u0e80-\u0eff]", source), "Lao text in spec.py: move it to a data file"


def test_lists_sheet_headers_take_their_lao_from_the_glossary(monkeypatch):
    import xladdin.templates.builder as builder
    from xladdin.templates.data import Term

    real = builder.term

    def fake(key):
        t = real(key)
        return Term(t.key, t.en, "LSB-corrected", t.confirmed) if key == "province" else t

    monkeypatch.setattr(builder, "term", fake)
    ws = builder.build_workbook("sez-enterprise")[builder.LISTS]
    headers = [c.value for c in ws[builder._LIST_TOP - 1]]
    assert "LSB-corrected" in headers and "Province / LSB-corrected" in headers
