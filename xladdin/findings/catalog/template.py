"""Finding types for the template area (recognition, versions, tables, names, rows).

Emitted by :mod:`xladdin.templates.binding`.
"""

from xladdin.findings.model import Category, Severity, define

S = Category.STRUCTURE

NOT_RECOGNISED = define(
    "template-not-recognised",
    Severity.INFO,
    S,
    "This workbook is not an xladdin template ({reason}); template-specific checks and compile are not available",
    "ປຶ້ມວຽກນີ້ບໍ່ແມ່ນແບບຟອມ xladdin ({reason}); ບໍ່ສາມາດກວດສອບຕາມແບບຟອມ ຫຼື compile ໄດ້",
    "The workbook has no xladdin template stamp (hidden _xladdin sheet or custom properties). Start from `xladdin templates build` or the demo.",
)
VERSION_UNSUPPORTED = define(
    "template-version-unsupported",
    Severity.ERROR,
    S,
    "Template '{template}' version {version} is not supported (current {current}); copy your data into a new template",
    "ແບບຟອມ '{template}' ສະບັບ {version} ບໍ່ຮອງຮັບ (ສະບັບປັດຈຸບັນ {current}); ກະລຸນາສຳເນົາຂໍ້ມູນໃສ່ແບບຟອມໃໝ່",
    "The template version is older or newer than any version this xladdin can read and no migration exists. The file is refused.",
    refuses=True,
)
UPGRADED = define(
    "template-upgraded",
    Severity.INFO,
    S,
    "Template '{template}' version {version} read as version {current} (renamed: {renames})",
    "ແບບຟອມ '{template}' ສະບັບ {version} ຖືກອ່ານເປັນສະບັບ {current} (ປ່ຽນຊື່: {renames})",
    "An older template version was recognised and read through its migration (renamed tables/headers); the file itself is not rewritten.",
)
ID_MISMATCH = define(
    "template-id-mismatch",
    Severity.WARNING,
    S,
    "The _xladdin sheet says '{sheet_value}' but the document properties say '{property_value}'; using the sheet",
    "ແຜ່ນ _xladdin ບອກວ່າ '{sheet_value}' ແຕ່ຄຸນສົມບັດເອກະສານບອກວ່າ '{property_value}'; ໃຊ້ຕາມແຜ່ນ",
    "The two template stamps disagree, usually because sheets were copied between workbooks. Check that this is the right template.",
)
TABLE_MISSING = define(
    "template-table-missing",
    Severity.ERROR,
    S,
    "Table '{title}' is missing (Excel table name {table}); it was expected on sheet '{expected_sheet}'",
    "ບໍ່ພົບຕາຕະລາງ '{title_lo}' (ຊື່ຕາຕະລາງ Excel {table}); ຄາດວ່າຢູ່ແຜ່ນ '{expected_sheet}'",
    "An Excel Table of the template was deleted or converted to a plain range. Restore it from a fresh template (Insert > Table, same name).",
)
COLUMN_MISSING = define(
    "template-column-missing",
    Severity.ERROR,
    S,
    "Table '{title}' has no column with header '{header}'",
    "ຕາຕະລາງ '{title_lo}' ບໍ່ມີຖັນ '{header}'",
    "A column header of a template table was changed or deleted. Restore the header text exactly.",
)
NO_YEARS = define(
    "template-no-year-columns",
    Severity.ERROR,
    S,
    "Table '{title}' has no year columns (headers such as 2012)",
    "ຕາຕະລາງ '{title_lo}' ບໍ່ມີຖັນປີ (ຫົວຖັນເຊັ່ນ 2012)",
    "Year-by-year tables need one column per year whose header is the year.",
)
NAME_MISSING = define(
    "template-name-missing",
    Severity.ERROR,
    S,
    "Defined name '{name}' ({title}) is missing",
    "ບໍ່ພົບຊື່ທີ່ກຳນົດ '{name}' ({title})",
    "A named cell of the template was deleted. Restore it (Formulas > Name Manager) from a fresh template.",
)
NAME_BROKEN = define(
    "template-name-broken",
    Severity.ERROR,
    S,
    "Defined name '{name}' does not point to a cell ({refers_to})",
    "ຊື່ທີ່ກຳນົດ '{name}' ບໍ່ໄດ້ຊີ້ໄປຫາຫ້ອງໃດ ({refers_to})",
    "A named cell points to a deleted range (#REF!) or to something other than one cell.",
)
ROW_MISSING = define(
    "template-row-missing",
    Severity.WARNING,
    S,
    "Table '{title}' has no row with code '{code}'",
    "ຕາຕະລາງ '{title_lo}' ບໍ່ມີແຖວລະຫັດ '{code}'",
    "A prefilled row of a template table was deleted or its code changed; its values are treated as missing.",
)
DUPLICATE_CODE = define(
    "template-duplicate-code",
    Severity.ERROR,
    S,
    "Code '{code}' appears more than once in table '{title}'; only the first row is used",
    "ລະຫັດ '{code}' ຊ້ຳກັນໃນຕາຕະລາງ '{title_lo}'; ໃຊ້ແຕ່ແຖວທຳອິດ",
    "Each code (industry, year) may appear once per table.",
)
UNKNOWN_CODE = define(
    "template-unknown-code",
    Severity.WARNING,
    S,
    "Code '{code}' in table '{title}' is not one of the template's codes; the row is ignored",
    "ລະຫັດ '{code}' ໃນຕາຕະລາງ '{title_lo}' ບໍ່ແມ່ນລະຫັດຂອງແບບຟອມ; ແຖວນີ້ບໍ່ຖືກນຳໃຊ້",
    "A row code is not in the industries/years list of the template (typo, or a row added by hand).",
)
ROW_WITHOUT_CODE = define(
    "template-row-without-code",
    Severity.WARNING,
    S,
    "A row of table '{title}' has values but no code; it is ignored",
    "ແຖວໜຶ່ງຂອງຕາຕະລາງ '{title_lo}' ມີຄ່າແຕ່ບໍ່ມີລະຫັດ; ແຖວນີ້ບໍ່ຖືກນຳໃຊ້",
    "Values in a row without a code cannot be attributed to an industry or year.",
)
SHEET_RENAMED = define(
    "template-sheet-renamed",
    Severity.INFO,
    S,
    "Sheet '{expected_sheet}' was renamed or moved; its blocks were found on '{found_sheet}'",
    "ແຜ່ນ '{expected_sheet}' ຖືກປ່ຽນຊື່; ພົບຂໍ້ມູນຢູ່ແຜ່ນ '{found_sheet}'",
    "Blocks are found by table and defined names, so a renamed sheet is harmless; this note only records it.",
)
