"""Finding types for central review: consolidation of returned files, comparison with the
national totals and reconciliation (:mod:`xladdin.review`)."""

from xladdin.findings.model import REGISTRY as _REGISTRY
from xladdin.findings.model import Category, Severity, define

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
    "The file has no return stamp; it was consolidated because the reviewer accepted it",
    "ໄຟລ໌ບໍ່ມີການປະທັບກ່ອນສົ່ງຄືນ; ໄດ້ລວມເຂົ້າ ເພາະຜູ້ທົບທວນຍອມຮັບມັນ",
    "With --accept FILE (or the deprecated --allow-unstamped), a file not passed through 'xladdin prepare' is summed; nobody can tell whether its inputs changed after validation.",
)
REVIEW_NOT_ACCEPTED = define(
    "review-not-accepted",
    Severity.ERROR,
    Category.SECURITY,
    'Not summed: {reasons}. Check the file, then accept it by name: --accept "{name}"',
    'ບໍ່ໄດ້ລວມ: {reasons}. ກວດເບິ່ງໄຟລ໌ກ່ອນ, ແລ້ວຍອມຮັບມັນຕາມຊື່: --accept "{name}"',
    "A file whose stamp shows a change, a file without a stamp, or a file that cannot be verified "
    "(stamp or recomputation) is summed only when the reviewer accepts it by name "
    "(--accept FILE, or the Consolidate settings of the ribbon).",
    refuses=True,
)
REVIEW_ACCEPTED = define(
    "review-accepted",
    Severity.WARNING,
    Category.SECURITY,
    "Summed because the reviewer accepted it ({how}) although: {reasons}",
    "ລວມເຂົ້າ ເພາະຜູ້ທົບທວນຍອມຮັບ ({how}) ເຖິງວ່າ: {reasons}",
    "The reviewer accepted a changed, unstamped or unverifiable file by name; its numbers are "
    "summed (recomputed from its inputs when possible) and the Status sheet says so.",
)
REVIEW_OUTPUT_DIFFERS = define(
    "review-output-differs",
    Severity.ERROR,
    Category.CONSISTENCY,
    "{table} {row} {year}: the file says {stored}, recomputed from its own inputs {computed}; the recomputed number is summed",
    "{table} {row} {year}: ໄຟລ໌ບອກວ່າ {stored}, ຄິດໄລ່ຄືນຈາກຂໍ້ມູນປ້ອນເຂົ້າຂອງມັນເອງ {computed}; ຕົວເລກທີ່ຄິດໄລ່ຄືນຖືກລວມ",
    "Consolidation recomputes every return from its inputs with the same compile as 'xladdin "
    "compile' and sums the recomputed numbers; an output that differs was not compiled from "
    "these inputs (stale, or edited by hand). Ask the province to press Compile and send again.",
)
REVIEW_OUTPUT_DIFFERS_MORE = define(
    "review-output-differs-more",
    Severity.ERROR,
    Category.CONSISTENCY,
    "{table}: {count} more output cell(s) differ from the numbers recomputed from the file's inputs ({cells})",
    "{table}: ມີອີກ {count} ຕາລາງຜົນໄດ້ຮັບ ທີ່ຕ່າງຈາກຕົວເລກທີ່ຄິດໄລ່ຄືນຈາກຂໍ້ມູນປ້ອນເຂົ້າ ({cells})",
    "Only the first differing cells of a file are listed one by one; the rest are counted here.",
)
REVIEW_NOT_RECOMPUTED = define(
    "review-not-recomputed",
    Severity.WARNING,
    Category.CONSISTENCY,
    "The outputs could not be recomputed from the file's inputs ({reason}); its own numbers would be summed only if the reviewer accepts it",
    "ບໍ່ສາມາດຄິດໄລ່ຜົນໄດ້ຮັບຄືນຈາກຂໍ້ມູນປ້ອນເຂົ້າຂອງໄຟລ໌ ({reason}); ຕົວເລກຂອງມັນເອງຈະຖືກລວມ ກໍ່ຕໍ່ເມື່ອຜູ້ທົບທວນຍອມຮັບ",
    "The file is not a compilable xladdin template (or compile failed on it), so its results "
    "cannot be checked against its inputs.",
)
REVIEW_READ_FAILED = define(
    "review-read-failed",
    Severity.ERROR,
    Category.STRUCTURE,
    "The file could not be read ({error}); it was not consolidated, the other files were",
    "ບໍ່ສາມາດອ່ານໄຟລ໌ໄດ້ ({error}); ບໍ່ໄດ້ລວມໄຟລ໌ນີ້, ໄຟລ໌ອື່ນໆລວມແລ້ວ",
    "An unexpected problem while reading one file never stops the review; the file is read "
    "again on the next run (it is not cached in the register). Please report it.",
    refuses=True,
)
REVIEW_FILE_SKIPPED = define(
    "review-file-skipped",
    Severity.INFO,
    Category.STRUCTURE,
    "{file} skipped: {reason}",
    "ຂ້າມ {file}: {reason}",
    "Temporary files of xladdin's own writer (left by a run that was stopped) and review "
    "workbooks are never read as returns.",
)
REVIEW_TEXT_CLEANED = define(
    "review-text-cleaned",
    Severity.INFO,
    Category.STRUCTURE,
    "Review workbook: {bad} text cell(s) had characters a workbook cannot hold (shown as a replacement mark), {long} text cell(s) were cut to 32,767 characters",
    "ປຶ້ມວຽກທົບທວນ: {bad} ຕາລາງຂໍ້ຄວາມມີຕົວອັກສອນທີ່ປຶ້ມວຽກເກັບບໍ່ໄດ້ (ສະແດງເປັນເຄື່ອງໝາຍແທນ), {long} ຕາລາງຖືກຕັດໃຫ້ເຫຼືອ 32,767 ຕົວອັກສອນ",
    "Control characters from returned files (cell text, file names) cannot be stored in XML and "
    "Excel refuses text over 32,767 characters; the review replaces or shortens them instead of failing.",
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
    "ບໍ່ມີຕົວເລກລວມຂັ້ນຊາດ; ບໍ່ໄດ້ປຽບທຽບຜົນລວມຂອງແຂວງກັບ ຈີດີພີ ຂັ້ນຊາດ",
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
    "{industry} {year} at constant prices: sum of provinces as submitted {total} vs national {national}, difference {diff} ({pct}%)",
    "{industry} {year} ລາຄາຄົງທີ່: ຜົນລວມຂອງແຂວງ ຕາມທີ່ສົ່ງມາ {total} ທຽບກັບຂັ້ນຊາດ {national}, ຕ່າງກັນ {diff} ({pct}%)",
    "The provinces' own constant prices as submitted. With national constant prices the review "
    "also derives provincial volumes by deflation and reconciles them (Volumes and VolumeGrowth "
    "sheets, docs/levels.md); chain-linked volumes are not additive and are only compared.",
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
