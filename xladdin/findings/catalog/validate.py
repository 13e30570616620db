"""Finding types of :mod:`xladdin.validate`: data, identity, plausibility and consistency rules.

English templates are ASCII. Lao wording uses the terms of xladdin/data/glossary.csv; terms the
glossary marks ``unconfirmed`` (output, intermediate consumption, deflator) are provisional
and should be checked with LSB.
"""

from xladdin.findings.model import Category, Severity, define

# --- data ---------------------------------------------------------------------------------------

NUMBER_STORED_AS_TEXT = define(
    "number-stored-as-text",
    Severity.WARNING,
    Category.DATA,
    "Number stored as text: '{text}' reads as {value}",
    "ຕົວເລກຖືກບັນທຶກເປັນຂໍ້ຄວາມ: '{text}' ອ່ານໄດ້ເປັນ {value}",
    "A cell holds a number typed as text; Excel ignores it in sums. xladdin reads it explicitly "
    "(never by the Excel locale) and uses it when the reading is unambiguous; re-enter it as a "
    "number.",
)

AMBIGUOUS_SEPARATOR = define(
    "ambiguous-separator",
    Severity.WARNING,
    Category.DATA,
    "'{text}' is ambiguous: {value} or {alternative}? Type the number without separators",
    "'{text}' ບໍ່ຊັດເຈນ: ແມ່ນ {value} ຫຼື {alternative}? ກະລຸນາພິມຕົວເລກໂດຍບໍ່ມີເຄື່ອງໝາຍຂັ້ນ",
    "A number stored as text has one separator followed by three digits (1.234, 5,463): it may "
    "mean thousands or decimals, so it is not used until retyped. In an input cell of a "
    "template it is an error (the results that need it stay empty); elsewhere a warning.",
)

TEXT_LOOKS_LIKE_FORMULA = define(
    "text-looks-like-formula",
    Severity.WARNING,
    Category.SECURITY,
    "Text '{text}' starts like a formula ({lead}); pasted elsewhere or saved as CSV it would run as one",
    "ຂໍ້ຄວາມ '{text}' ເລີ່ມຕົ້ນຄືສູດ ({lead}); ຖ້າສຳເນົາໄປບ່ອນອື່ນ ຫຼື ບັນທຶກເປັນ CSV ມັນຈະກາຍເປັນສູດ",
    "A text cell starts with =, +, -, @, a tab or a carriage return (OWASP 'CSV Injection'). "
    "xladdin keeps it as text in everything it writes and never evaluates it, but a spreadsheet "
    "that receives it by copy and paste or CSV may run it (e.g. =HYPERLINK, DDE). If the text "
    "is not meant to start that way, remove the leading character. Numbers typed as text "
    "('-5') are reported as number-stored-as-text instead; a lone '-' is not reported.",
)

LAO_DIGITS = define(
    "lao-digits",
    Severity.WARNING,
    Category.DATA,
    "Lao digits in '{text}' read as {value}; type Arabic digits",
    "ມີຕົວເລກລາວໃນ '{text}' ອ່ານໄດ້ເປັນ {value}; ກະລຸນາພິມຕົວເລກອາຣັບ (0-9)",
    "A number is typed with Lao digits (໐-໙); xladdin converts them, but Excel treats the cell "
    "as text, so formulas ignore it.",
)

LEGACY_LAO_FONT = define(
    "legacy-lao-font",
    Severity.WARNING,
    Category.DATA,
    "Text '{text}' looks typed in a legacy (non-Unicode) Lao font ({kind}); retype it in a "
    "Unicode font such as Phetsarath OT. It may read: {suggestion}",
    "ຂໍ້ຄວາມ '{text}' ເບິ່ງຄືພິມດ້ວຍຟອນລາວແບບເກົ່າ (ບໍ່ແມ່ນ Unicode) ({kind}); ກະລຸນາພິມໃໝ່ດ້ວຍຟອນ "
    "Unicode ເຊັ່ນ Phetsarath OT. ອາດອ່ານວ່າ: {suggestion}",
    "A label is made of Latin-1 (or Thai) characters the way Lao typed in an old font such as "
    "Saysettha Lao or Alice appears without that font; labels cannot be matched until retyped "
    "in Unicode.",
)

MISSING_INPUT = define(
    "missing-input",
    Severity.ERROR,
    Category.DATA,
    "Input '{name}' is missing",
    "ຂາດຂໍ້ມູນປ້ອນເຂົ້າ '{name}'",
    "A value the compilation needs is empty; fill the cell (type 0 only if the true value is "
    "zero).",
)

INPUT_NOT_A_NUMBER = define(
    "input-not-a-number",
    Severity.ERROR,
    Category.DATA,
    "Input '{name}' is not a number: '{text}'",
    "ຂໍ້ມູນປ້ອນເຂົ້າ '{name}' ບໍ່ແມ່ນຕົວເລກ: '{text}'",
    "A cell that must hold a number holds text, an Excel error value or a date; correct it.",
)

NEGATIVE_INPUT = define(
    "negative-input",
    Severity.ERROR,
    Category.DATA,
    "Input '{name}' is negative ({value}); it cannot be below zero",
    "ຂໍ້ມູນປ້ອນເຂົ້າ '{name}' ຕິດລົບ ({value}); ມັນບໍ່ສາມາດຕ່ຳກວ່າສູນໄດ້",
    "Output, intermediate consumption and exchange rates are never negative. A minus sign "
    "typed by mistake changes GVA in the wrong direction (a negative intermediate consumption "
    "makes GVA larger than output); correct the cell.",
)

INDEX_NOT_POSITIVE = define(
    "index-not-positive",
    Severity.ERROR,
    Category.DATA,
    "Index '{name}' is {value}; an index must be above zero",
    "ດັດຊະນີ '{name}' ແມ່ນ {value}; ດັດຊະນີຕ້ອງໃຫຍ່ກວ່າສູນ",
    "A volume or price index of zero or below gives a GVA of zero or below for that year (a "
    "price index of 0 makes current prices 0, and the deflator 0). Type the index (e.g. 100 in "
    "the base year), or leave the cell empty if it is not known yet.",
)

UNKNOWN_PROVINCE_CODE = define(
    "unknown-province-code",
    Severity.ERROR,
    Category.DATA,
    "Unknown province code '{value}'",
    "ລະຫັດແຂວງ '{value}' ບໍ່ຖືກຕ້ອງ",
    "A province code is not one of the 18 codes of the geography list (01 Vientiane Capital to "
    "18 Xaisomboun); use the code from the list.",
)

UNKNOWN_INDUSTRY_CODE = define(
    "unknown-industry-code",
    Severity.ERROR,
    Category.DATA,
    "Unknown industry code '{value}'",
    "ລະຫັດຂະແໜງການ '{value}' ບໍ່ຖືກຕ້ອງ",
    "An industry code is not in the template's industry list; use a code from the list.",
)

POPULATION_MISSING = define(
    "population-missing",
    Severity.ERROR,
    Category.DATA,
    "Population for {year} is missing; GDP per capita cannot be computed",
    "ຂາດຈຳນວນພົນລະເມືອງປີ {year}; ບໍ່ສາມາດຄິດໄລ່ ຈີດີພີ ຕໍ່ຫົວຄົນໄດ້",
    "GDP per capita is asked for but the population of that year is empty or zero.",
)

FINDINGS_TRUNCATED = define(
    "findings-truncated",
    Severity.INFO,
    Category.DATA,
    "{count} more '{of}' findings on sheet '{sheet}' are not listed",
    "ຍັງມີອີກ {count} ບັນຫາ '{of}' ໃນແຜ່ນ '{sheet}' ທີ່ບໍ່ໄດ້ສະແດງ",
    "One rule found more problems on a sheet than the report lists (see max_findings_per_sheet "
    "in the validation settings); fix the ones shown and validate again.",
)

# --- consistency ---------------------------------------------------------------------------------

INCONSISTENT_BASE_YEAR = define(
    "inconsistent-base-year",
    Severity.ERROR,
    Category.CONSISTENCY,
    "Base year {found} differs from the base year {expected} used elsewhere in the workbook",
    "ປີຖານ {found} ບໍ່ກົງກັບປີຖານ {expected} ທີ່ໃຊ້ຢູ່ບ່ອນອື່ນໃນໄຟລ໌",
    "Constant-price figures in one workbook must share one base year (the national base is "
    "2012; some provinces have rebased); correct the label or rebase the series.",
)

REBASE_OLD_BASE_NOT_EARLIER = define(
    "rebase-old-base-not-earlier",
    Severity.ERROR,
    Category.CONSISTENCY,
    "The old base year {old} on the Rebase sheet is not earlier than the base year {base} "
    "(Settings)",
    "ປີຖານເກົ່າ {old} ໃນແຜ່ນ Rebase ບໍ່ໄດ້ຢູ່ກ່ອນປີຖານ {base} (ແຜ່ນ Settings)",
    "Rebasing links an old series (at the prices of an earlier base year) to the series at the "
    "base year of the workbook, so the old base year must be earlier; the two years are "
    "probably swapped or mistyped.",
)

# --- identity ------------------------------------------------------------------------------------

GVA_IDENTITY = define(
    "gva-identity",
    Severity.ERROR,
    Category.IDENTITY,
    "GVA of {item} ({year}) is {gva} but output {output} minus intermediate consumption {ic} "
    "is {expected} (difference {diff})",
    "ມູນຄ່າເພີ່ມລວມຂອງ {item} ({year}) ແມ່ນ {gva} ແຕ່ ມູນຄ່າການຜະລິດ {output} ລົບ "
    "ການຊົມໃຊ້ຂັ້ນກາງ {ic} ແມ່ນ {expected} (ຕ່າງກັນ {diff})",
    "In the benchmark table, gross value added must equal output minus intermediate "
    "consumption within the tolerance.",
)

GDP_IDENTITY = define(
    "gdp-identity",
    Severity.ERROR,
    Category.IDENTITY,
    "GDP ({year}) is {gdp} but the sum of GVA {gva_sum} plus taxes {taxes} minus subsidies "
    "{subsidies} is {expected} (difference {diff})",
    "ຈີດີພີ ({year}) ແມ່ນ {gdp} ແຕ່ ຜົນລວມມູນຄ່າເພີ່ມ {gva_sum} ບວກ ພາສີ-ອາກອນ {taxes} ລົບ "
    "ເງິນອຸດໜູນ {subsidies} ແມ່ນ {expected} (ຕ່າງກັນ {diff})",
    "GDP must equal the sum of gross value added over industries plus taxes on products "
    "minus subsidies on products.",
)

AGGREGATE_SUM = define(
    "aggregate-sum",
    Severity.ERROR,
    Category.IDENTITY,
    "{item} ({year}) is {total} but its parts ({parts}) sum to {expected} (difference {diff})",
    "{item} ({year}) ແມ່ນ {total} ແຕ່ ຜົນລວມຂອງສ່ວນປະກອບ ({parts}) ແມ່ນ {expected} (ຕ່າງກັນ {diff})",
    "A total of the results (a sector, total GVA) must equal the sum of its industries; a "
    "difference means a result cell was typed over or the workbook was not compiled again.",
)

SHARES_SUM = define(
    "shares-sum",
    Severity.ERROR,
    Category.IDENTITY,
    "Shares ({year}) sum to {total}, not 100",
    "ໂຄງປະກອບ ({year}) ລວມກັນໄດ້ {total}, ບໍ່ແມ່ນ 100",
    "Sector shares of GDP (structure) must add up to 100 per cent within the tolerance.",
)

QUARTERS_SUM = define(
    "quarters-sum",
    Severity.ERROR,
    Category.IDENTITY,
    "Quarters of {item} ({year}) sum to {total}, not the annual value {annual} (difference {diff})",
    "ໄຕມາດຂອງ {item} ({year}) ລວມກັນໄດ້ {total}, ບໍ່ເທົ່າກັບຄ່າປະຈຳປີ {annual} (ຕ່າງກັນ {diff})",
    "Where quarterly figures exist (flows at current or constant prices), the four quarters "
    "must add up to the year.",
)

# --- plausibility --------------------------------------------------------------------------------

GROWTH_OUT_OF_BAND = define(
    "growth-out-of-band",
    Severity.WARNING,
    Category.PLAUSIBILITY,
    "Growth of {item} in {year} is {growth}%, outside the band {low}% to {high}%",
    "ອັດຕາການຂະຫຍາຍຕົວຂອງ {item} ປີ {year} ແມ່ນ {growth}%, ຢູ່ນອກຂອບເຂດ {low}% ຫາ {high}%",
    "Real growth outside the plausibility band (default 0 to 10 per cent, the band Indonesia's "
    "BPS uses in review; configurable) needs an explanation or a correction.",
)

GROWTH_SIGN_OPPOSITE = define(
    "growth-sign-opposite",
    Severity.WARNING,
    Category.PLAUSIBILITY,
    "Growth of {item} in {year} ({growth}%) has the opposite sign to national growth ({national}%)",
    "ອັດຕາການຂະຫຍາຍຕົວຂອງ {item} ປີ {year} ({growth}%) ມີທິດທາງກົງກັນຂ້າມກັບ "
    "ການຂະຫຍາຍຕົວລະດັບຊາດ ({national}%)",
    "A provincial total grows while the national economy shrinks, or the reverse; check the "
    "indicators. National growth comes from the optional 'National GDP growth (%)' column of "
    "the annual table on Settings, or from the validation settings (which win where both "
    "give a year).",
)

DEFLATOR_GROWTH_OUT_OF_BAND = define(
    "deflator-growth-out-of-band",
    Severity.WARNING,
    Category.PLAUSIBILITY,
    "Implicit deflator of {item} changes by {growth}% in {year}, outside the band {low}% "
    "to {high}%",
    "ຕົວປັບລາຄາຂອງ {item} ປ່ຽນແປງ {growth}% ໃນປີ {year}, ຢູ່ນອກຂອບເຂດ {low}% ຫາ {high}%",
    "The implicit deflator (current over constant prices) moves by more than the configured "
    "band; one of the two price bases is probably wrong.",
)

NEGATIVE_GVA = define(
    "negative-gva",
    Severity.WARNING,
    Category.PLAUSIBILITY,
    "GVA of {item} in {year} is negative ({value})",
    "ມູນຄ່າເພີ່ມລວມຂອງ {item} ປີ {year} ຕິດລົບ ({value})",
    "Gross value added below zero is possible but rare (intermediate consumption above "
    "output); confirm the source data.",
)

RATIO_JUMP = define(
    "ratio-jump",
    Severity.WARNING,
    Category.PLAUSIBILITY,
    "Ratio of value to indicator for {item} changes by {change}% from {year0} to {year1} "
    "(threshold {threshold}%)",
    "ອັດຕາສ່ວນລະຫວ່າງມູນຄ່າ ແລະ ຕົວຊີ້ວັດຂອງ {item} ປ່ຽນແປງ {change}% ຈາກປີ {year0} ຫາ {year1} "
    "(ເກນ {threshold}%)",
    "The benchmark-to-indicator ratio jumps between years by more than the threshold; the "
    "indicator or the benchmark probably changed definition.",
)
