"""Finding types for consistent levels from district to nation (issue 9): constant-price
reconciliation, taxes on products allocated by GVA, districts against their province and
special economic zones against their host provinces (:mod:`xladdin.review.reconcile`,
:mod:`xladdin.compile.district`, :mod:`xladdin.review.levels`)."""

from xladdin.findings.model import Category, Severity, define

VOLUME_RECONCILE_ADJUSTED = define(
    "volume-reconcile-adjusted",
    Severity.INFO,
    Category.CONSISTENCY,
    "{year}: {lines} national line(s) reconciled at constant prices; the largest change is {largest} ({industry}, province {province})",
    "{year}: ປັບ {lines} ແຖວ ລາຄາຄົງທີ່ ໃຫ້ເທົ່າກັບຍອດລວມຂັ້ນຊາດ; ປ່ຽນແປງຫຼາຍສຸດ {largest} ({industry}, ແຂວງ {province})",
    "After raking current prices, provincial constant prices are derived by deflation (national "
    "industry deflators by default, ESA 2010 ch. 13) and raked to the national constant prices "
    "with the same alterability; the Volumes and VolumeGrowth sheets show every cell and the "
    "growth before and after.",
)
TAXES_ALLOCATED = define(
    "taxes-allocated",
    Severity.INFO,
    Category.CONSISTENCY,
    "Taxes less subsidies on products allocated to provinces in proportion to GVA ({years}); the largest difference from the taxes a province collected is {diff} (province {province}, {year})",
    "ອາກອນຫັກເງິນອຸດໜູນຜະລິດຕະພັນ ຖືກແບ່ງໃຫ້ແຂວງຕາມສັດສ່ວນມູນຄ່າເພີ່ມ ({years}); ຕ່າງຈາກອາກອນທີ່ແຂວງເກັບໄດ້ຫຼາຍສຸດ {diff} (ແຂວງ {province}, {year})",
    "ESA 2010 ch. 13: where a tax on products is collected (customs posts, large importers) is "
    "not where value is added, so regional GDP uses the national total allocated by GVA. The "
    "collected taxes are kept beside on the Taxes sheet; GDP per capita uses the allocated taxes.",
)
DISTRICT_GROWTH_GAP = define(
    "district-growth-gap",
    Severity.WARNING,
    Category.PLAUSIBILITY,
    "Province {province}, {sector} {year}: provincial growth {province_growth}% vs weighted growth of its districts {district_growth}% (gap {gap} points)",
    "ແຂວງ {province}, {sector} {year}: ການຂະຫຍາຍຕົວຂອງແຂວງ {province_growth}% ທຽບກັບການຂະຫຍາຍຕົວສະເລ່ຍຖ່ວງນ້ຳໜັກຂອງເມືອງ {district_growth}% (ຕ່າງກັນ {gap} ຈຸດ)",
    "The districts' growth by sector, weighted with their base-year shares, should tell the same "
    "story as the province's own growth; a gap above the threshold means the district indicators "
    "or the province's compile need a look.",
)
DISTRICT_WEIGHTS_MISSING = define(
    "district-weights-missing",
    Severity.WARNING,
    Category.DATA,
    "Province {province}, {sector}: no base-year district shares ({reason}); districts not compared or allocated for this sector",
    "ແຂວງ {province}, {sector}: ບໍ່ມີສັດສ່ວນຂອງເມືອງໃນປີພື້ນຖານ ({reason}); ບໍ່ໄດ້ທຽບ ຫຼື ແບ່ງໃຫ້ເມືອງສຳລັບຂະແໜງນີ້",
    "Weights are the districts' base-year values of the sector (the district returns' "
    "indicator table); without them the weighted district growth cannot be computed.",
)
SEZ_DOUBLE_COUNTED = define(
    "sez-double-counted",
    Severity.ERROR,
    Category.CONSISTENCY,
    "SEZ {zone}, industry {industry}, {year}: GVA {amount} {unit} is returned by the SEZ and already included in province {province}'s figures; adding the SEZ return would count it twice",
    "ເຂດເສດຖະກິດພິເສດ {zone}, ຂະແໜງ {industry}, {year}: ມູນຄ່າເພີ່ມ {amount} {unit} ສົ່ງມາໂດຍເຂດເສດຖະກິດພິເສດ ແລະ ລວມຢູ່ໃນຕົວເລກຂອງແຂວງ {province} ແລ້ວ; ຖ້າເພີ່ມອີກຈະນັບຊ້ຳ",
    "The province's tblSezIncluded says its figures include the SEZ enterprises of that "
    "industry; the SEZ return must then not be added to the province (the review does not sum "
    "SEZ returns). Check that the SEZ enterprises are not also in the province's sources twice.",
)
SEZ_OMITTED = define(
    "sez-omitted",
    Severity.WARNING,
    Category.CONSISTENCY,
    "SEZ {zone}, industry {industry}, {year}: GVA {amount} {unit} is not in province {province}'s figures (it says they exclude SEZs) and SEZ returns are not summed; the sum of provinces misses it",
    "ເຂດເສດຖະກິດພິເສດ {zone}, ຂະແໜງ {industry}, {year}: ມູນຄ່າເພີ່ມ {amount} {unit} ບໍ່ໄດ້ລວມຢູ່ໃນຕົວເລກຂອງແຂວງ {province}; ຜົນລວມຂອງແຂວງຂາດມັນ",
    "Add the SEZ value added to the province's industry (typed or imported), or ask the "
    "province to include its SEZ enterprises, then mark the industry as included.",
)
SEZ_INCLUSION_UNKNOWN = define(
    "sez-inclusion-unknown",
    Severity.INFO,
    Category.DATA,
    "SEZ {zone}, industry {industry}, {year}: GVA {amount} {unit}; province {province} does not say whether its figures include SEZ enterprises, so double counting or omission cannot be checked",
    "ເຂດເສດຖະກິດພິເສດ {zone}, ຂະແໜງ {industry}, {year}: ມູນຄ່າເພີ່ມ {amount} {unit}; ແຂວງ {province} ບໍ່ໄດ້ບອກວ່າຕົວເລກລວມວິສາຫະກິດໃນເຂດເສດຖະກິດພິເສດ ຫຼື ບໍ່",
    "The province return has no tblSezIncluded table (Industry code, Included yes/no, optional "
    "Year); the province template does not have it yet (docs/levels.md).",
)
