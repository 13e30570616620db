"""Finding types of digital signatures: ``xladdin sign`` and the signature part of
``xladdin verify``. Emitted by :mod:`xladdin.signing`."""

from xladdin.findings.model import Category, Severity, define

S = Category.SECURITY

# --- sign -------------------------------------------------------------------------------------

SIGN_KEY_UNREADABLE = define(
    "sign-key-unreadable",
    Severity.ERROR,
    S,
    "The key file {path} cannot be used: {reason}",
    "ບໍ່ສາມາດໃຊ້ໄຟລ໌ກະແຈ {path} ໄດ້: {reason}",
    "The PKCS#12 file (.p12/.pfx) holding the province's private key and certificate cannot be read, or the password is wrong. Nothing was signed.",
    refuses=True,
)

SIGN_REFUSED = define(
    "sign-refused",
    Severity.ERROR,
    S,
    "{path} was not signed: {reason}",
    "{path} ບໍ່ໄດ້ຖືກລົງລາຍເຊັນ: {reason}",
    "Only a returned file made by 'xladdin prepare' and not yet signed is signed; prepare the workbook again and sign the new file.",
    refuses=True,
)

# --- verify -----------------------------------------------------------------------------------

SIGNATURE_TRUST_ROOT_UNREADABLE = define(
    "signature-trust-root-unreadable",
    Severity.ERROR,
    S,
    "The trust root {path} cannot be used: {reason}",
    "ບໍ່ສາມາດໃຊ້ໃບຢັ້ງຢືນຮາກທີ່ເຊື່ອຖືໄດ້ {path}: {reason}",
    "A --trust-root must be a PEM or DER certificate file (the national root CA certificate).",
    refuses=True,
)

SIGNATURE_UNREADABLE = define(
    "signature-unreadable",
    Severity.ERROR,
    S,
    "The signatures cannot be checked: {error}",
    "ບໍ່ສາມາດກວດລາຍເຊັນໄດ້: {error}",
    "The package cannot be read (not a zip, damaged, too large, duplicate entries).",
    refuses=True,
)

SIGNATURE_MISSING = define(
    "signature-missing",
    Severity.ERROR,
    S,
    "The file has no digital signature, but a signature was required (--trust-root)",
    "ໄຟລ໌ບໍ່ມີລາຍເຊັນດິຈິຕອນ, ແຕ່ຕ້ອງການລາຍເຊັນ (--trust-root)",
    "Ask the province to sign the returned file ('xladdin sign', or Prepare for return with a key file in the ribbon).",
)

SIGNATURE_NOT_CHECKED = define(
    "signature-not-checked",
    Severity.WARNING,
    S,
    "The digital signature was not fully checked: {reason}",
    "ລາຍເຊັນດິຈິຕອນບໍ່ໄດ້ຖືກກວດຢ່າງຄົບຖ້ວນ: {reason}",
    "Either the 'sign' extra (lxml) is not installed, or no --trust-root was given so the signer's identity is not established.",
)

SIGNATURE_MALFORMED = define(
    "signature-malformed",
    Severity.ERROR,
    S,
    "The signature {part} cannot be checked: {error}",
    "ບໍ່ສາມາດກວດລາຍເຊັນ {part} ໄດ້: {error}",
    "The signature part is not the OOXML/XAdES signature xladdin, Office and LibreOffice write (or uses an algorithm not accepted, such as SHA-1).",
)

SIGNATURE_INVALID = define(
    "signature-invalid",
    Severity.ERROR,
    S,
    "The signature {part} of {signer} does not verify: the signed information was changed after signing",
    "ລາຍເຊັນ {part} ຂອງ {signer} ບໍ່ຖືກຕ້ອງ: ຂໍ້ມູນທີ່ລົງລາຍເຊັນຖືກປ່ຽນແປງຫຼັງຈາກລົງລາຍເຊັນ",
    "The signature value does not match the signed information with the key of the certificate; the signature was edited or made with another key.",
)

SIGNATURE_PROPERTY_CHANGED = define(
    "signature-property-changed",
    Severity.ERROR,
    S,
    "The signed object '{id}' of {part} changed after signing",
    "ວັດຖຸທີ່ລົງລາຍເຊັນ '{id}' ຂອງ {part} ຖືກປ່ຽນແປງຫຼັງຈາກລົງລາຍເຊັນ",
    "The manifest, signing time or signer properties inside the signature were edited.",
)

SIGNATURE_CERTIFICATE_MISMATCH = define(
    "signature-certificate-mismatch",
    Severity.ERROR,
    S,
    "The certificate in {part} is not the one the signature names: the certificate was swapped",
    "ໃບຢັ້ງຢືນໃນ {part} ບໍ່ແມ່ນໃບທີ່ລາຍເຊັນລະບຸ: ໃບຢັ້ງຢືນຖືກສັບປ່ຽນ",
    "The XAdES SigningCertificate digest does not match any certificate in KeyInfo.",
)

SIGNATURE_PART_CHANGED = define(
    "signature-part-changed",
    Severity.ERROR,
    S,
    "Part {part} changed after signing: {reason}",
    "ພາກສ່ວນ {part} ຖືກປ່ຽນແປງຫຼັງຈາກລົງລາຍເຊັນ: {reason}",
    "The digest of this part of the package differs from the one signed: a sheet, the shared strings, a table, the stamp or a relationship was edited.",
)

SIGNATURE_PART_MISSING = define(
    "signature-part-missing",
    Severity.ERROR,
    S,
    "Signed part {part} was removed after signing",
    "ພາກສ່ວນທີ່ລົງລາຍເຊັນ {part} ຖືກລຶບອອກຫຼັງຈາກລົງລາຍເຊັນ",
    "A part the signature covers is no longer in the package.",
)

SIGNATURE_PART_UNSIGNED = define(
    "signature-part-unsigned",
    Severity.ERROR,
    S,
    "Part {part} is not covered by the signature: it was added after signing",
    "ພາກສ່ວນ {part} ບໍ່ໄດ້ຖືກລົງລາຍເຊັນ: ມັນຖືກເພີ່ມເຂົ້າຫຼັງຈາກລົງລາຍເຊັນ",
    "Every part except [Content_Types].xml, docProps/core.xml, docProps/app.xml and the signature itself must be signed.",
)

SIGNATURE_RELATIONSHIP_UNSIGNED = define(
    "signature-relationship-unsigned",
    Severity.ERROR,
    S,
    "Relationship {id} (to {target}) in {part} is not covered by the signature: it was added after signing",
    "ຄວາມສຳພັນ {id} (ໄປຫາ {target}) ໃນ {part} ບໍ່ໄດ້ຖືກລົງລາຍເຊັນ: ມັນຖືກເພີ່ມເຂົ້າຫຼັງຈາກລົງລາຍເຊັນ",
    "The relationship transform signs the relationships it names; one that it does not name was added later.",
)

SIGNATURE_VALID = define(
    "signature-valid",
    Severity.INFO,
    S,
    "Signed by {signer} on {time}: the signature is valid and no signed part changed",
    "ລົງລາຍເຊັນໂດຍ {signer} ເມື່ອ {time}: ລາຍເຊັນຖືກຕ້ອງ ແລະ ບໍ່ມີພາກສ່ວນທີ່ລົງລາຍເຊັນຖືກປ່ຽນແປງ",
    "Every digest was recomputed and the signature value verifies with the signer's certificate.",
)

SIGNATURE_TRUSTED = define(
    "signature-trusted",
    Severity.INFO,
    S,
    "The certificate of {signer} chains to a trusted root",
    "ໃບຢັ້ງຢືນຂອງ {signer} ເຊື່ອມຕໍ່ກັບໃບຢັ້ງຢືນຮາກທີ່ເຊື່ອຖືໄດ້",
    "The signer's certificate is valid today and issued (directly or through intermediates) by a --trust-root certificate.",
)

SIGNATURE_UNTRUSTED = define(
    "signature-untrusted",
    Severity.ERROR,
    S,
    "The signer {signer} is not trusted: {reason}",
    "ຜູ້ລົງລາຍເຊັນ {signer} ບໍ່ໄດ້ຮັບຄວາມເຊື່ອຖື: {reason}",
    "The certificate does not chain to any --trust-root (made by someone else, expired, or not a CA-issued certificate); anyone can make a key with any name on it.",
)
