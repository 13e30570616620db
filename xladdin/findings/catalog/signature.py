"""Finding types of digital signatures: ``xladdin sign`` and the signature part of
``xladdin verify``. Emitted by :mod:`xladdin.signing`."""

from xladdin.findings.model import Category, Severity, define

S = Category.SECURITY

# --- sign -------------------------------------------------------------------------------------

SIGN_KEY_UNREADABLE = define("sign-key-unreadable", Severity.ERROR, S, refuses=True)

SIGN_REFUSED = define("sign-refused", Severity.ERROR, S, refuses=True)

# --- verify -----------------------------------------------------------------------------------

SIGNATURE_TRUST_ROOT_UNREADABLE = define(
    "signature-trust-root-unreadable", Severity.ERROR, S, refuses=True
)

SIGNATURE_UNREADABLE = define("signature-unreadable", Severity.ERROR, S, refuses=True)

SIGNATURE_MISSING = define("signature-missing", Severity.ERROR, S)

SIGNATURE_NOT_CHECKED = define("signature-not-checked", Severity.WARNING, S)

SIGNATURE_MALFORMED = define("signature-malformed", Severity.ERROR, S)

SIGNATURE_INVALID = define("signature-invalid", Severity.ERROR, S)

SIGNATURE_PROPERTY_CHANGED = define("signature-property-changed", Severity.ERROR, S)

SIGNATURE_CERTIFICATE_MISMATCH = define("signature-certificate-mismatch", Severity.ERROR, S)

SIGNATURE_PART_CHANGED = define("signature-part-changed", Severity.ERROR, S)

SIGNATURE_PART_MISSING = define("signature-part-missing", Severity.ERROR, S)

SIGNATURE_PART_UNSIGNED = define("signature-part-unsigned", Severity.ERROR, S)

SIGNATURE_RELATIONSHIP_UNSIGNED = define("signature-relationship-unsigned", Severity.ERROR, S)

SIGNATURE_VALID = define("signature-valid", Severity.INFO, S)

SIGNATURE_TRUSTED = define("signature-trusted", Severity.INFO, S)

SIGNATURE_UNTRUSTED = define("signature-untrusted", Severity.ERROR, S)

# --- which signer may sign for which province (--signers signers.csv; xladdin.signing.signers)

SIGNATURE_SIGNER_NOT_FOR_PROVINCE = define("signature-signer-not-for-province", Severity.ERROR, S)

SIGNATURE_SIGNER_FOR_PROVINCE = define("signature-signer-for-province", Severity.INFO, S)
