"""The versioned data files: glossary, industries, provinces, units, illustrative sample."""

from __future__ import annotations

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
