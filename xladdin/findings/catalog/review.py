"""Finding types for central review: consolidation of returned files, comparison with the
national totals and reconciliation (:mod:`xladdin.review`)."""

from xladdin.findings import _REGISTRY, Category, Severity, define

REVIEW_FILE_UNRECOGNISED = define(
    "review-file-unrecognised",
    Severity.ERROR,
    Category.STRUCTURE,
    "Not an xladdin provincial or district workbook ({reason}); the file was not consolidated",
    "ບໍ່ແມ່ນປຶ້ມວຽກ xladdin ຂັ້ນແຂວງ ຫຼື ເມືອງ ({reason}); ບໍ່ໄດ້ລວມໄຟລ໌ນີ້",
    "Consolidation reads the results tables of compiled xladdin templates; send the compiled workbook.",
)
REVIEW_SEZ_NOT_SUMMED = define(
    "review-sez-not-summed",
    Severity.INFO,
    Category.STRUCTURE,
    "SEZ enterprise return: listed, not added to the sum of provinces (GVA by host province is in its table {table})",
    "ແບບຟອມວິສາຫະກິດເຂດເສດຖະກິດພິເສດ: ລົງທະບຽນໄວ້, ບໍ່ໄດ້ລວມເຂົ້າໃນຜົນລວມຂອງແຂວງ (ມູນຄ່າເພີ່ມຕາມແຂວງທີ່ຕັ້ງຢູ່ໃນຕາຕະລາງ {table})",
    "Consolidation sums provincial GDP returns; SEZ enterprise returns are registered and shown on the Status sheet only.",
)
REVIEW_UNSTAMPED = define(
    "review-unstamped",
    Severity.WARNING,
    Category.CONSISTENCY,
    "The file has no return stamp; it was consolidated because unstamped files are allowed",
    "ໄຟລ໌ບໍ່ມີການປະທັບກ່ອນສົ່ງຄືນ; ໄດ້ລວມເຂົ້າ ເພາະອະນຸຍາດໄຟລ໌ທີ່ບໍ່ມີການປະທັບ",
    "With --allow-unstamped, files not passed through 'xladdin prepare' are summed; nobody can tell whether their numbers changed after validation.",
)
REVIEW_NO_RESULTS = define(
    "review-no-results",
    Severity.ERROR,
    Category.DATA,
    "Table {table} has no numbers; compile the workbook before sending it",
    "ຕາຕະລາງ {table} ບໍ່ມີຕົວເລກ; ກະລຸນາ Compile ປຶ້ມວຽກກ່ອນສົ່ງ",
    "The results tables are empty (the workbook was not compiled); press Compile and send it again.",
)
REVIEW_UNKNOWN_PROVINCE = define(
    "review-unknown-province",
    Severity.ERROR,
    Category.IDENTITY,
    "Province code '{province}' is not one of the 18 provinces; the file was not consolidated",
    "ລະຫັດແຂວງ '{province}' ບໍ່ແມ່ນໜຶ່ງໃນ 18 ແຂວງ; ບໍ່ໄດ້ລວມໄຟລ໌ນີ້",
    "Set the province code on the Settings sheet (xl_province_code) to a code of provinces.csv.",
)
REVIEW_SUPERSEDED = define(
    "review-superseded",
    Severity.INFO,
    Category.CONSISTENCY,
    "Superseded by a later file for the same {level} {unit}: {newer}",
    "ຖືກແທນທີ່ດ້ວຍໄຟລ໌ໃໝ່ກວ່າ ຂອງ {level} {unit}: {newer}",
    "Only the latest file received for a province or district is consolidated; older ones stay in the register.",
)
REVIEW_PROVINCE_MISSING = define(
    "review-province-missing",
    Severity.WARNING,
    Category.CONSISTENCY,
    "No usable file for province {province} ({name}); received but not consolidated: {files}",
    "ບໍ່ມີໄຟລ໌ທີ່ໃຊ້ໄດ້ຈາກແຂວງ {province} ({name}); ໄຟລ໌ທີ່ໄດ້ຮັບແຕ່ບໍ່ໄດ້ລວມ: {files}",
    "The sum of provinces lacks this province: no file came, or every file for it was refused or "
    "not consolidated (listed; '-' when none was received or recognised). Its share of the "
    "national total is shown by top-down allocation.",
)
REVIEW_NATIONAL_MISSING = define(
    "review-national-missing",
    Severity.INFO,
    Category.CONSISTENCY,
    "No national totals given; the sum of provinces was not compared with national GDP",
    "ບໍ່ມີຕົວເລກລວມຂັ້ນຊາດ; ບໍ່ໄດ້ປຽບທຽບຜົນລວມຂອງແຂວງກັບ GDP ຂັ້ນຊາດ",
    "Give the national totals with --national FILE or type them on the National sheet of the review workbook.",
)
NATIONAL_FILE_INVALID = define(
    "national-file-invalid",
    Severity.ERROR,
    Category.STRUCTURE,
    "National totals {where}: {reason}",
    "ຕົວເລກລວມຂັ້ນຊາດ {where}: {reason}",
    "The national totals file must have the columns industry, year, current, constant (optional growth); see docs/review.md.",
)
PROVINCE_SUM_DIFFERS = define(
    "province-sum-differs",
    Severity.WARNING,
    Category.CONSISTENCY,
    "{industry} at current prices: sum of provinces differs from national in {count} year(s) ({years}); largest in {year}: sum {total} vs national {national}, difference {diff} ({pct}%)",
    "{industry} ລາຄາໃນປີ: ຜົນລວມຂອງແຂວງຕ່າງຈາກຂັ້ນຊາດ {count} ປີ ({years}); ຫຼາຍທີ່ສຸດໃນປີ {year}: ຜົນລວມ {total} ທຽບກັບຂັ້ນຊາດ {national}, ຕ່າງກັນ {diff} ({pct}%)",
    "Current-price values are additive: the provinces should add up to the national total; reconcile (rake) or ask the provinces. Each year's difference is on the Discrepancy sheet.",
)
VOLUME_SUM_DIFFERS = define(
    "volume-sum-differs",
    Severity.INFO,
    Category.CONSISTENCY,
    "{industry} {year} at constant prices: sum of provinces {total} vs national {national}, difference {diff} ({pct}%); reported, not forced away",
    "{industry} {year} ລາຄາຄົງທີ່: ຜົນລວມຂອງແຂວງ {total} ທຽບກັບຂັ້ນຊາດ {national}, ຕ່າງກັນ {diff} ({pct}%); ລາຍງານໄວ້, ບໍ່ບັງຄັບໃຫ້ເທົ່າກັນ",
    "Constant-price (volume) series are not additive in general (chain-linking, different base years); the discrepancy is shown, never raked.",
)
GROWTH_GAP = define(
    "growth-gap",
    Severity.WARNING,
    Category.PLAUSIBILITY,
    "{year}: growth implied by the sum of provinces is {implied}%, official national growth is {official}% (gap {gap} points)",
    "{year}: ການຂະຫຍາຍຕົວຈາກຜົນລວມຂອງແຂວງ {implied}%, ການຂະຫຍາຍຕົວຂັ້ນຊາດທາງການ {official}% (ຕ່າງກັນ {gap} ຈຸດ)",
    "Provincial growth that sums to more than national growth (Vietnam before 2015: 1.7-1.8x) means provincial volumes are overstated.",
)
BASE_YEARS_MIXED = define(
    "base-years-mixed",
    Severity.WARNING,
    Category.CONSISTENCY,
    "Provinces use different base years ({years}); constant-price sums mix price bases",
    "ແຂວງຕ່າງໆໃຊ້ປີຖານຕ່າງກັນ ({years}); ຜົນລວມລາຄາຄົງທີ່ປົນກັນຫຼາຍປີຖານ",
    "Constant-price values at different base years cannot be added; compare growth rates instead.",
)
RECONCILE_ADJUSTED = define(
    "reconcile-adjusted",
    Severity.INFO,
    Category.CONSISTENCY,
    "{year}: {lines} national line(s) raked; the largest change is {largest} ({industry}, province {province})",
    "{year}: ປັບ (raking) {lines} ແຖວໃຫ້ເທົ່າກັບຍອດລວມຂັ້ນຊາດ; ປ່ຽນແປງຫຼາຍສຸດ {largest} ({industry}, ແຂວງ {province})",
    "Raking adjusted provincial current-price GVA to the national totals; every change is on the Adjusted and Difference sheets.",
)
RECONCILE_INCOMPLETE = define(
    "reconcile-incomplete",
    Severity.WARNING,
    Category.CONSISTENCY,
    "{year}: current prices not raked to the national totals; {count} province(s) have no data ({provinces})",
    "{year}: ບໍ່ໄດ້ປັບລາຄາໃນປີໃຫ້ເທົ່າກັບຍອດລວມຂັ້ນຊາດ; {count} ແຂວງບໍ່ມີຂໍ້ມູນ ({provinces})",
    "Raking only the provinces that reported would give them the missing provinces' share; the year is left as submitted (use --rake-incomplete to rake anyway).",
)

if "rake-total-not-met" not in _REGISTRY:  # the gdp area may define it first
    RAKE_TOTAL_NOT_MET = define(
        "rake-total-not-met",
        Severity.WARNING,
        Category.CONSISTENCY,
        "{what}: raking could not meet the total {total} ({reason})",
        "{what}: ການປັບ (raking) ບໍ່ສາມາດໃຫ້ເທົ່າກັບຍອດລວມ {total} ({reason})",
        "Every component is held fixed or zero, so the total cannot be met; allow some components to change.",
    )
