"""Finding types for untrusted returned files (:mod:`xladdin.workbook.safety`).

Every type here has category ``security``. Types with ``refuses=True`` mean the package must not
be read at all (exit code 2); the others are reported and the values are still read (nothing in
a returned file is ever executed: formulas are not evaluated, macros are not run).

A file that is not a readable workbook at all (not a zip, truncated, encrypted, a legacy .xls, a
zip without a workbook part) gets the reader's ``workbook-*`` codes of
:mod:`xladdin.findings.catalog.workbook`, from the inspection as from the reader: one code per
condition.
"""

from xladdin.findings.model import Category, Severity, define

S = Category.SECURITY

PACKAGE_MISSING = define(
    "package-missing",
    Severity.ERROR,
    S,
    "The file {file} cannot be opened: {reason}",
    "ບໍ່ສາມາດເປີດໄຟລ໌ {file} ໄດ້: {reason}",
    "The path does not exist, is not a regular file or cannot be read; check the path.",
    refuses=True,
)
PACKAGE_TOO_LARGE = define(
    "package-too-large",
    Severity.ERROR,
    S,
    "The file is {size} bytes, more than the limit of {limit} bytes; it was not read",
    "ໄຟລ໌ມີຂະໜາດ {size} ໄບ, ເກີນຂີດຈຳກັດ {limit} ໄບ; ບໍ່ໄດ້ອ່ານ",
    "The file on disk is larger than any GDP workbook should be; ask the sender for the original.",
    refuses=True,
)
ZIP_TOO_MANY_PARTS = define(
    "zip-too-many-parts",
    Severity.ERROR,
    S,
    "The package has {count} parts, more than the limit of {limit}",
    "ແພັກເກດມີ {count} ສ່ວນ, ເກີນຂີດຈຳກັດ {limit}",
    "A workbook with this many package parts is not a GDP template; it was refused to keep memory and time bounded.",
    refuses=True,
)
ZIP_BOMB = define(
    "zip-bomb",
    Severity.ERROR,
    S,
    "Part '{part}' expands too much ({reason}); the file was refused",
    "ສ່ວນ '{part}' ຂະຫຍາຍໃຫຍ່ເກີນໄປ ({reason}); ໄຟລ໌ຖືກປະຕິເສດ",
    "Uncompressed size or compression ratio exceeds the limits (a zip bomb or a damaged file); the file was not read.",
    refuses=True,
)
XML_ENTITY_DECLARATION = define(
    "xml-entity-declaration",
    Severity.ERROR,
    S,
    "Part '{part}' declares a DOCTYPE or XML entities; the file was refused",
    "ສ່ວນ '{part}' ມີການປະກາດ DOCTYPE ຫຼື entity XML; ໄຟລ໌ຖືກປະຕິເສດ",
    "Excel never writes DTDs or entities; they are used for entity-expansion attacks (billion laughs, external entities).",
    refuses=True,
)
XML_MALFORMED = define(
    "xml-malformed",
    Severity.ERROR,
    S,
    "Part '{part}' is not well-formed XML: {reason}",
    "ສ່ວນ '{part}' ບໍ່ແມ່ນ XML ທີ່ຖືກຕ້ອງ: {reason}",
    "A package part cannot be parsed; the file is damaged or was not written by Excel.",
    refuses=True,
)
MACRO_PROJECT_PRESENT = define(
    "macro-project-present",
    Severity.ERROR,
    S,
    "The workbook contains macros ({part}); they were not run, only cell values were read",
    "ປຶ້ມວຽກມີມາໂຄຣ ({part}); ບໍ່ໄດ້ແລ່ນມາໂຄຣ, ອ່ານແຕ່ຄ່າໃນຕາລາງ",
    "Returned files should be .xlsx without macros; xladdin never runs them. Ask the sender to save as .xlsx.",
)
MACRO_PROJECT_REFUSED = define(
    "macro-project-refused",
    Severity.ERROR,
    S,
    "The workbook contains macros ({part}) and the policy refuses macro-enabled files",
    "ປຶ້ມວຽກມີມາໂຄຣ ({part}) ແລະ ນະໂຍບາຍບໍ່ຮັບໄຟລ໌ທີ່ມີມາໂຄຣ",
    "With the 'refuse' macro policy a file containing a VBA project or Excel 4 macro sheet is not read.",
    refuses=True,
)
EMBEDDED_OBJECT_PRESENT = define(
    "embedded-object-present",
    Severity.ERROR,
    S,
    "The workbook contains an embedded object or ActiveX control ({part}); it was not opened",
    "ປຶ້ມວຽກມີວັດຖຸຝັງ ຫຼື ActiveX ({part}); ບໍ່ໄດ້ເປີດ",
    "Embedded OLE objects and ActiveX controls are not needed in a GDP return; remove them.",
)
EXTERNAL_LINK_PRESENT = define(
    "external-link-present",
    Severity.ERROR,
    S,
    "The workbook links to another file ({target}); linked values may be stale",
    "ປຶ້ມວຽກເຊື່ອມຕໍ່ກັບໄຟລ໌ອື່ນ ({target}); ຄ່າທີ່ເຊື່ອມຕໍ່ອາດບໍ່ທັນສະໄໝ",
    "A returned file must not contain external links (DESIGN §5); break the links (Data > Edit Links) and send it again.",
)
DATA_CONNECTION_PRESENT = define(
    "data-connection-present",
    Severity.ERROR,
    S,
    "The workbook contains data connections ({part}); they were not refreshed",
    "ປຶ້ມວຽກມີການເຊື່ອມຕໍ່ຂໍ້ມູນ ({part}); ບໍ່ໄດ້ໂຫຼດຄືນ",
    "Query or database connections are not needed in a GDP return and are never refreshed by xladdin.",
)
DDE_FORMULA = define(
    "dde-formula",
    Severity.ERROR,
    S,
    "Cell holds a DDE or command formula ({formula}); the file was refused",
    "ຕາລາງມີສູດ DDE ຫຼື ຄຳສັ່ງ ({formula}); ໄຟລ໌ຖືກປະຕິເສດ",
    "DDE / command formulas (=cmd|'/c ...'!A1, DDE links) can run programs on the reviewer's computer; never open such a file in Excel.",
    refuses=True,
)
WEBSERVICE_FORMULA = define(
    "webservice-formula",
    Severity.ERROR,
    S,
    "Cell holds a formula that reaches outside the workbook ({formula})",
    "ຕາລາງມີສູດທີ່ເຊື່ອມຕໍ່ນອກປຶ້ມວຽກ ({formula})",
    "WEBSERVICE, FILTERXML, RTD, CALL and REGISTER send data out or load code; a returned file must not contain them.",
)
HYPERLINK_TO_FILE = define(
    "hyperlink-to-file",
    Severity.ERROR,
    S,
    "Hyperlink to a local or network file ({target})",
    "ລິ້ງໄປຫາໄຟລ໌ໃນເຄື່ອງ ຫຼື ເຄືອຂ່າຍ ({target})",
    "A link to file:// or a UNC path can open a program on the reviewer's computer; do not click it.",
)
SHEET_DIMENSION_ABSURD = define(
    "sheet-dimension-absurd",
    Severity.ERROR,
    S,
    "Sheet part '{part}' claims {what} {value}, beyond the limit of {limit}; the file was refused",
    "ສ່ວນແຜ່ນງານ '{part}' ມີ {what} {value}, ເກີນຂີດຈຳກັດ {limit}; ໄຟລ໌ຖືກປະຕິເສດ",
    "A sheet's used range or cells lie far beyond any GDP table (e.g. A1:XFD1048576); delete the unused rows and columns and save again.",
    refuses=True,
)
HIDDEN_SHEET_DATA = define(
    "hidden-sheet-data",
    Severity.ERROR,
    S,
    "Hidden sheet '{sheet}' contains {cells} cell(s) of data",
    "ແຜ່ນງານທີ່ເຊື່ອງໄວ້ '{sheet}' ມີຂໍ້ມູນ {cells} ຕາລາງ",
    "A reviewer cannot see hidden sheets; unhide the sheet or remove the data.",
)
VERY_HIDDEN_SHEET_DATA = define(
    "very-hidden-sheet-data",
    Severity.ERROR,
    S,
    "Very hidden sheet '{sheet}' contains {cells} cell(s) of data",
    "ແຜ່ນງານທີ່ເຊື່ອງໄວ້ຢ່າງສົມບູນ '{sheet}' ມີຂໍ້ມູນ {cells} ຕາລາງ",
    "'veryHidden' sheets cannot be unhidden from Excel's menu; data there is invisible to the reviewer.",
)
ZIP_ENTRY_NAME_UNSAFE = define(
    "zip-entry-name-unsafe",
    Severity.ERROR,
    S,
    "The package holds an entry named '{name}' ({reason}); the file was refused",
    "ແພັກເກດມີລາຍການຊື່ '{name}' ({reason}); ໄຟລ໌ຖືກປະຕິເສດ",
    "Excel never writes absolute, '..', backslash or drive-letter entry names; such an entry could be unpacked outside its folder or shadow a real part. It is never read and never copied into a returned file.",
    refuses=True,
)
ZIP_ENTRY_DUPLICATE = define(
    "zip-entry-duplicate",
    Severity.ERROR,
    S,
    "The package holds the part '{name}' more than once; the file was refused",
    "ແພັກເກດມີສ່ວນ '{name}' ຫຼາຍກວ່າໜຶ່ງເທື່ອ; ໄຟລ໌ຖືກປະຕິເສດ",
    "Two zip entries with the same part name (compared without case, as Excel does): one program would show the first, another the last, so what the reviewer sees could differ from what is summed.",
    refuses=True,
)
EXTERNAL_RELATIONSHIP = define(
    "external-relationship",
    Severity.ERROR,
    S,
    "Part '{part}' points outside the workbook ({target}); Excel may fetch it when the file is opened",
    "ສ່ວນ '{part}' ຊີ້ອອກໄປນອກປຶ້ມວຽກ ({target}); Excel ອາດດຶງເອົາເມື່ອເປີດໄຟລ໌",
    "An external picture, object or template on a network (UNC), file:// or web address is fetched by Excel on opening and can leak the reviewer's Windows credentials; prepare removes it.",
)
SHEET_PART_SHARED = define(
    "sheet-part-shared",
    Severity.ERROR,
    S,
    "Sheets {sheets} all use the same part '{part}'; the file was refused",
    "ແຜ່ນງານ {sheets} ໃຊ້ສ່ວນດຽວກັນ '{part}'; ໄຟລ໌ຖືກປະຕິເສດ",
    "Excel writes one part per sheet; many sheets sharing one part multiply the work of reading it.",
    refuses=True,
)
TABLE_RANGE_ABSURD = define(
    "table-range-absurd",
    Severity.ERROR,
    S,
    "Table '{table}' covers {ref} ({cells} cells), beyond the limit of {limit}; the file was refused",
    "ຕາຕະລາງ '{table}' ກວມເອົາ {ref} ({cells} ຕາລາງ), ເກີນຂີດຈຳກັດ {limit}; ໄຟລ໌ຖືກປະຕິເສດ",
    "A table range far beyond any GDP table (e.g. B7:XFD1048576) would take gigabytes to read; resize the table to its data.",
    refuses=True,
)
SHARED_STRING_EXPANSION = define(
    "shared-string-expansion",
    Severity.ERROR,
    S,
    "Shared text expands to more than {limit} characters in the cells of {file}; the file was refused",
    "ຂໍ້ຄວາມທີ່ໃຊ້ຮ່ວມກັນຂະຫຍາຍເກີນ {limit} ຕົວອັກສອນໃນຕາລາງຂອງ {file}; ໄຟລ໌ຖືກປະຕິເສດ",
    "One long text referenced by many cells is stored once but read once per cell; beyond the limit it would exhaust memory.",
    refuses=True,
)
FORMULA_TOO_LONG = define(
    "formula-too-long",
    Severity.ERROR,
    S,
    "Cell holds a formula of {length} characters, more than the limit of {limit}; the file was refused",
    "ຕາລາງມີສູດຍາວ {length} ຕົວອັກສອນ, ເກີນຂີດຈຳກັດ {limit}; ໄຟລ໌ຖືກປະຕິເສດ",
    "Excel's own limit is 8,192 characters; a longer (shared) formula is not something Excel writes and is expanded on every cell that shares it.",
    refuses=True,
)
INSPECTION_TIME_EXCEEDED = define(
    "inspection-time-exceeded",
    Severity.ERROR,
    S,
    "Inspecting the file took more than {limit} seconds; the file was refused",
    "ການກວດໄຟລ໌ໃຊ້ເວລາເກີນ {limit} ວິນາທີ; ໄຟລ໌ຖືກປະຕິເສດ",
    "The file is far larger or more complex than a GDP workbook; it was refused so one file cannot hold up a review.",
    refuses=True,
)
SHARED_FORMULA_EXPANSION = define(
    "shared-formula-expansion",
    Severity.ERROR,
    S,
    "Shared formulas expand to more than {limit} characters in the cells of {file}; the file was refused",
    "ສູດທີ່ໃຊ້ຮ່ວມກັນຂະຫຍາຍເກີນ {limit} ຕົວອັກສອນໃນຕາລາງຂອງ {file}; ໄຟລ໌ຖືກປະຕິເສດ",
    "A shared formula is stored once and written out on every cell that shares it; a long one shared by very many cells would exhaust memory.",
    refuses=True,
)
