"""Run-level finding types shared by every area."""

from xladdin.findings.model import Category, Severity, define

RULE_ERROR = define("rule-error", Severity.ERROR, Category.STRUCTURE)
