"""Finding types for the workbook area. Declare them with xladdin.findings.define()."""

from xladdin.findings import Category, Severity, define  # noqa: F401
