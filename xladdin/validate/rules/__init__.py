"""Built-in validation rules; importing this package registers them with the engine.

- :mod:`.current`      outputs follow from the inputs of the last compile (inputs hash)
- :mod:`.data`         generic data rules, run on every workbook (recognised or not)
- :mod:`.inputs`       template inputs: missing values, codes, base years, population
- :mod:`.identity`     accounting identities (GVA, GDP, shares, quarters)
- :mod:`.plausibility` growth bands, opposite signs, deflators, negative GVA, ratio jumps
- :mod:`.security`     text that would become a formula if pasted or saved as CSV (OWASP)
"""

from xladdin.validate.rules import (  # noqa: F401
    current,
    data,
    identity,
    inputs,
    plausibility,
    security,
)
