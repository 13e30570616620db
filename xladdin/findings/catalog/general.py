"""Run-level finding types shared by every area."""

from xladdin.findings.model import Category, Severity, define

RULE_ERROR = define(
    "rule-error",
    Severity.ERROR,
    Category.STRUCTURE,
    "Check '{rule}' could not run: {error}",
    "ການກວດ '{rule}' ບໍ່ສາມາດດຳເນີນການໄດ້: {error}",
    "A validation rule failed on unexpected input; the other rules still ran. Report it to the xladdin maintainers with the file.",
)
