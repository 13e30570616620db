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
    "workbook-unreadable", Severity.ERROR, Category.STRUCTURE, refuses=True
)

WORKBOOK_TRUNCATED = define("workbook-truncated", Severity.ERROR, Category.STRUCTURE, refuses=True)

WORKBOOK_ENCRYPTED = define("workbook-encrypted", Severity.ERROR, Category.STRUCTURE, refuses=True)

WORKBOOK_LEGACY_XLS = define(
    "workbook-legacy-xls", Severity.ERROR, Category.STRUCTURE, refuses=True
)

WORKBOOK_MISSING_PART = define(
    "workbook-missing-part", Severity.ERROR, Category.STRUCTURE, refuses=True
)

WORKBOOK_REFUSED = define("workbook-refused", Severity.ERROR, Category.SECURITY, refuses=True)

CELL_VALUE_NOT_A_NUMBER = define(
    "cell-value-not-a-number", Severity.ERROR, Category.STRUCTURE, refuses=True
)
