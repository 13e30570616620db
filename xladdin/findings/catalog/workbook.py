"""Finding types for the workbook area: a package that cannot be opened as a workbook. All of
them refuse the file (exit code 2).

Both front doors use these codes, one code per condition: the headless reader
(:func:`xladdin.workbook.xlsx_reader.read_findings`, where each matches a subclass of
:class:`~xladdin.errors.UnreadableWorkbookError` / :class:`~xladdin.errors.RefusedWorkbookError`
through its ``finding_code``) and the untrusted-file inspection that runs before it
(:func:`xladdin.workbook.safety.inspect_package`). Every template names the file (``{file}``).
"""

from xladdin.findings.model import Category, Severity, define

WORKBOOK_UNREADABLE = define(
    "workbook-unreadable",
    Severity.ERROR,
    Category.STRUCTURE,
    "The workbook {file} cannot be read: {reason}",
    "ບໍ່ສາມາດອ່ານປຶ້ມວຽກ {file} ໄດ້: {reason}",
    "The file is not a readable .xlsx/.xlsm package (not a zip file, or a damaged part); open it in Excel, save it again as .xlsx and resend it.",
    refuses=True,
)

WORKBOOK_TRUNCATED = define(
    "workbook-truncated",
    Severity.ERROR,
    Category.STRUCTURE,
    "The workbook {file} is truncated or damaged: {reason}",
    "ປຶ້ມວຽກ {file} ບໍ່ຄົບ ຫຼື ເສຍຫາຍ: {reason}",
    "The zip package ends early (an interrupted copy, download or e-mail attachment) or fails its checksums; ask the sender for the file again.",
    refuses=True,
)

WORKBOOK_ENCRYPTED = define(
    "workbook-encrypted",
    Severity.ERROR,
    Category.STRUCTURE,
    "The workbook {file} is password-protected (encrypted) and cannot be read",
    "ປຶ້ມວຽກ {file} ຖືກລັອກດ້ວຍລະຫັດຜ່ານ (ເຂົ້າລະຫັດ) ແລະ ບໍ່ສາມາດອ່ານໄດ້",
    "The file has a password to open (or its zip entries are encrypted); ask the sender to remove the password (File > Info > Protect Workbook) and send it again.",
    refuses=True,
)

WORKBOOK_LEGACY_XLS = define(
    "workbook-legacy-xls",
    Severity.ERROR,
    Category.STRUCTURE,
    "The file {file} is an old binary Excel workbook (.xls), not .xlsx",
    "ໄຟລ໌ {file} ແມ່ນປຶ້ມວຽກ Excel ແບບເກົ່າ (.xls), ບໍ່ແມ່ນ .xlsx",
    "Binary .xls files are not read; open the file in Excel and save it as .xlsx.",
    refuses=True,
)

WORKBOOK_MISSING_PART = define(
    "workbook-missing-part",
    Severity.ERROR,
    Category.STRUCTURE,
    "The file {file} is a zip package but not an Excel workbook: {reason}",
    "ໄຟລ໌ {file} ແມ່ນແພັກເກດ zip ແຕ່ບໍ່ແມ່ນປຶ້ມວຽກ Excel: {reason}",
    "A part every workbook has ([Content_Types].xml, xl/workbook.xml) is missing, e.g. a .docx or .zip renamed to .xlsx; send the real workbook.",
    refuses=True,
)

WORKBOOK_REFUSED = define(
    "workbook-refused",
    Severity.ERROR,
    Category.SECURITY,
    "The workbook {file} was refused for safety: {reason}",
    "ປຶ້ມວຽກ {file} ຖືກປະຕິເສດເພື່ອຄວາມປອດໄພ: {reason}",
    "A part is absurdly large or compressed (zip bomb) or its XML declares entities; nothing was executed. Ask the sender to save the file again from Excel.",
    refuses=True,
)

CELL_VALUE_NOT_A_NUMBER = define(
    "cell-value-not-a-number",
    Severity.ERROR,
    Category.STRUCTURE,
    "Cell {sheet}!{cell} of {file} is stored as a number but holds '{value}'; the file was refused",
    "ຕາລາງ {sheet}!{cell} ຂອງ {file} ຖືກບັນທຶກເປັນຕົວເລກ ແຕ່ມີ '{value}'; ໄຟລ໌ຖືກປະຕິເສດ",
    "Excel writes numbers with ASCII digits, a point and an optional exponent; '1_000', ' 12 ', Lao digits, NaN or INF in a number cell are not read as numbers (they would be summed or dropped silently). Type the value again in Excel and save.",
    refuses=True,
)
