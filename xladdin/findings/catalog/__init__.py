"""The finding catalogue: one module per area, each declaring its types with
:func:`xladdin.findings.define` (code, severity, category); their texts, English and Lao, are
the rows of xladdin/data/messages.csv. Importing this package registers them all.

Ownership (one module per area so that codes stay together with the rules that emit them):

- ``general``   rule-error and other run-level findings
- ``workbook``  reading packages (unreadable, truncated, encrypted) -- xladdin.workbook
- ``security``  untrusted-input defences (zip bombs, macros, external links, DDE) -- xladdin.review / workbook
- ``template``  template recognition, versions, names, sheets -- xladdin.templates
- ``validate``  data, identity and plausibility rules -- xladdin.validate
- ``compile``   compile-time findings -- xladdin.compile
- ``review``    consolidation and reconciliation -- xladdin.review
- ``returned``  prepare / verify of returned files -- xladdin.returned
- ``signature``  digital signatures: sign / verify -- xladdin.signing
- ``gdp``       calculation warnings surfaced as findings (e.g. raking cannot meet a total)
- ``levels``    district / province / SEZ / nation consistency (issue 9) -- xladdin.review, compile.district
"""

from xladdin.findings.catalog import (  # noqa: F401
    compile,
    gdp,
    general,
    levels,
    returned,
    review,
    security,
    signature,
    template,
    validate,
    workbook,
)
