"""Finding types for the gdp area: calculation problems surfaced as findings.

The calculation core (:mod:`xladdin.gdp`) raises typed exceptions; compile and review callers
turn the ones that describe the *data* (not a bug) into these findings, so the run continues
and the reviewer sees where and by how much.
"""

from xladdin.findings.model import Category, Severity, define

RAKE_TOTAL_NOT_MET = define(
    "rake-total-not-met",
    Severity.WARNING,
    Category.CONSISTENCY,
    "{what}: raking could not meet the binding total {total} ({reason}); the components were "
    "left as submitted",
    "{what}: ການປັບ (raking) ບໍ່ສາມາດເຮັດໃຫ້ເທົ່າກັບຍອດລວມທີ່ກຳນົດ {total} ໄດ້ ({reason}); ອົງປະກອບຍັງຄົງຄ່າເດີມ",
    "Raking (G-Series method) adjusts the components (e.g. provinces) in proportion to their "
    "values to meet a binding total (e.g. national GVA); when every alterable component is "
    "zero or held fixed (or, by value, they cancel out) the components keep their values. Check the total and the components, unfix at least one "
    "non-zero component, or use basis 'abs' when components have mixed signs.",
)

RAKE_NEGATIVE_RESULT = define(
    "rake-negative-result",
    Severity.WARNING,
    Category.PLAUSIBILITY,
    "{what}: raking to the total {total} made a component negative ({value})",
    "{what}: ການປັບໃຫ້ເທົ່າກັບຍອດລວມ {total} ເຮັດໃຫ້ອົງປະກອບຕິດລົບ ({value})",
    "A component that was positive became negative after raking, usually because the "
    "discrepancy is large compared with the components or the components have mixed signs; "
    "check the inputs or rake with basis 'abs'.",
)
