"""Finding types for the validate area. Declare them with xladdin.findings.define()."""

from xladdin.findings import Category, Severity, define  # noqa: F401
