"""Finding types for the compile area (emitted by :mod:`xladdin.compile`)."""

from xladdin.findings.model import Category, Severity, define

REFUSED = define(
    "compile-refused",
    Severity.ERROR,
    Category.STRUCTURE,
    "Cannot compile this workbook: {reason}",
    "ບໍ່ສາມາດ compile ປຶ້ມວຽກນີ້: {reason}",
    "Compile needs a recognised xladdin template (province-gdp, district-growth, sez-enterprise). The file is left unchanged.",
    refuses=True,
)
MISSING_INPUT = define(
    "compile-missing-input",
    Severity.ERROR,
    Category.DATA,
    "{what} is missing or not a number for {where}; results that depend on it are left empty",
    "{what} ບໍ່ມີ ຫຼື ບໍ່ແມ່ນຕົວເລກ ສຳລັບ {where}; ຜົນທີ່ຂຶ້ນກັບມັນຖືກປະໄວ້ຫວ່າງ",
    "An input value needed by the compilation is empty or is text. Type the number in the cell shown.",
)
BASE_YEAR = define(
    "compile-base-year-invalid",
    Severity.ERROR,
    Category.DATA,
    "Base year {base_year} is not one of the year columns ({first}-{last})",
    "ປີຖານ {base_year} ບໍ່ແມ່ນໜຶ່ງໃນຖັນປີ ({first}-{last})",
    "The base year (Settings) must be one of the years of the volume and price tables.",
)
UNKNOWN_UNIT = define(
    "compile-unknown-unit",
    Severity.ERROR,
    Category.DATA,
    "Unit '{unit}' is not known (use one of: {known}); per-capita figures are left empty",
    "ຫົວໜ່ວຍ '{unit}' ບໍ່ຮູ້ຈັກ (ໃຊ້: {known}); ຕົວເລກຕໍ່ຫົວຄົນຖືກປະໄວ້ຫວ່າງ",
    "The unit in Settings decides the scale of per-capita figures; pick it from the list.",
)
CALCULATION = define(
    "compile-calculation-failed",
    Severity.ERROR,
    Category.DATA,
    "{step} could not be computed: {error}",
    "ບໍ່ສາມາດຄິດໄລ່ {step}: {error}",
    "A calculation step failed on the inputs shown (e.g. a zero index or population). Fix the inputs and compile again.",
)
DIRECT_USED = define(
    "compile-direct-entries-used",
    Severity.INFO,
    Category.DATA,
    "{count} current-price GVA value(s) were taken from the Direct sheet instead of volume x price",
    "ມູນຄ່າເພີ່ມລາຄາໃນປີ {count} ຄ່າ ຖືກເອົາຈາກແຜ່ນ Direct ແທນ ປະລິມານ x ລາຄາ",
    "Direct current-price entries override the reflated value for those industries and years.",
)
TAXES_EXTRAPOLATED = define(
    "compile-taxes-extrapolated",
    Severity.INFO,
    Category.DATA,
    "Taxes on products at constant prices for {years} follow the volume of GVA (no taxes volume index)",
    "ພາສີ-ອາກອນລາຄາຄົງທີ່ ປີ {years} ຄິດໄລ່ຕາມປະລິມານຂອງມູນຄ່າເພີ່ມ (ບໍ່ມີດັດຊະນີປະລິມານພາສີ)",
    "Without a taxes volume index, constant-price taxes are base-year taxes x the volume of total GVA "
    "(never current taxes deflated with the GVA deflator, which would count a tax-rate change as "
    "volume growth). Type a taxes volume index on Settings where one exists.",
)
DEFLATION_METHODS = define(
    "compile-deflation-methods",
    Severity.INFO,
    Category.DATA,
    "Double deflation (output and intermediate consumption deflated separately): {double}; single indicator: {single}",
    "ປັບລາຄາຄູ່ (ມູນຄ່າການຜະລິດ ແລະ ການຊົມໃຊ້ຂັ້ນກາງ ແຍກກັນ): {double}; ປັບລາຄາດຽວ: {single}",
    "Industries with an intermediate-consumption price index (Prices sheet) are double deflated "
    "unless their Benchmark method says 'single'; the others use the output price index for GVA.",
)
DOUBLE_NOT_POSITIVE = define(
    "compile-double-deflation-not-positive",
    Severity.WARNING,
    Category.PLAUSIBILITY,
    "Double-deflated GVA of {item} is zero or negative in {years}",
    "ມູນຄ່າເພີ່ມທີ່ປັບລາຄາຄູ່ຂອງ {item} ເປັນສູນ ຫຼື ຕິດລົບ ໃນປີ {years}",
    "Output less intermediate consumption, each with its own price index, left no value added: "
    "check the two price indices (an IC price index rising much faster than the output price "
    "index is the usual cause), or choose 'single' in the Benchmark method column.",
)
OUTPUT_YEAR_MISSING = define(
    "compile-output-year-missing",
    Severity.WARNING,
    Category.STRUCTURE,
    "Output table '{title}' has no column for year(s) {years}; those results are not written",
    "ຕາຕະລາງຜົນ '{title_lo}' ບໍ່ມີຖັນປີ {years}; ຜົນຂອງປີເຫຼົ່ານັ້ນບໍ່ຖືກຂຽນ",
    "Add the year columns to the output table (header = the year) so that every computed year is shown.",
)
OUTPUT_TOO_SMALL = define(
    "compile-output-too-small",
    Severity.WARNING,
    Category.STRUCTURE,
    "Output table '{title}' has {capacity} rows but {needed} are needed; extra rows are not written",
    "ຕາຕະລາງຜົນ '{title_lo}' ມີ {capacity} ແຖວ ແຕ່ຕ້ອງການ {needed} ແຖວ; ແຖວທີ່ເກີນບໍ່ຖືກຂຽນ",
    "Resize the output table (drag its corner) so that it has a row for every result.",
)
REBASE_SKIPPED = define(
    "compile-rebase-skipped",
    Severity.WARNING,
    Category.DATA,
    "Rebasing was not done: {reason}",
    "ບໍ່ໄດ້ປັບປຸງປີຖານ: ຕ້ອງມີຊຸດຂໍ້ມູນປີຖານເກົ່າ ທີ່ມີຢ່າງໜ້ອຍໜຶ່ງປີ ທັບຊ້ອນກັບຊຸດຂໍ້ມູນປີຖານໃໝ່ (ຫຼື ຈີດີພີ ທີ່ສັງລວມແລ້ວ) ແລະ ມີຄ່າໃນປີນັ້ນ",
    "The Rebase sheet needs an old-base series that overlaps the new-base series (or the compiled GDP) in at least one year.",
)
VALIDATION_UNAVAILABLE = define(
    "compile-validation-unavailable",
    Severity.INFO,
    Category.STRUCTURE,
    "Validation was not run: {reason}",
    "ບໍ່ໄດ້ດຳເນີນການກວດສອບ: {reason}",
    "The validation module is missing or failed to load; compile results were written without the Checks sheet.",
)
UNKNOWN_DISTRICT = define(
    "compile-unknown-district",
    Severity.WARNING,
    Category.DATA,
    "District code '{district}' is not a district of province '{province}' in the district list",
    "ລະຫັດເມືອງ '{district}' ບໍ່ແມ່ນເມືອງຂອງແຂວງ '{province}' ໃນລາຍຊື່ເມືອງ",
    "District codes are four digits: the province code then the district number (districts.csv; the list is unverified until LSB confirms it).",
)
SEZ_INCLUSION_MISSING = define(
    "compile-sez-inclusion-missing",
    Severity.WARNING,
    Category.DATA,
    "SEZ GVA is given for {item} but not whether the province figures already include SEZ enterprises; GVA including and excluding SEZs is left empty for it",
    "ມີມູນຄ່າເພີ່ມຂອງເຂດເສດຖະກິດພິເສດ ສຳລັບ {item} ແຕ່ບໍ່ໄດ້ບອກວ່າຕົວເລກຂອງແຂວງລວມວິສາຫະກິດໃນເຂດເສດຖະກິດພິເສດແລ້ວ ຫຼື ບໍ່; ມູນຄ່າເພີ່ມລວມ ແລະ ບໍ່ລວມເຂດເສດຖະກິດພິເສດ ຖືກປະໄວ້ຫວ່າງ",
    "On the SEZ sheet, say 'yes' or 'no' in the Included column for every industry with SEZ GVA: "
    "'yes' means the province's own figures already count the SEZ enterprises (GVA excluding "
    "SEZs = province - SEZ), 'no' that they do not (GVA including SEZs = province + SEZ).",
)
