"""Finding types of returned files: ``xladdin prepare`` (making a file safe to send) and
``xladdin verify`` (checking its stamp). Emitted by :mod:`xladdin.returned`."""

from xladdin.findings import Category, Severity, define

# --- verify ---------------------------------------------------------------------------------

STAMP_MISSING = define(
    "return-stamp-missing",
    Severity.ERROR,
    Category.SECURITY,
    "The workbook has no xladdin return stamp: it was not prepared with 'xladdin prepare', so nobody can tell whether its numbers changed",
    "ປຶ້ມວຽກນີ້ບໍ່ມີເຄື່ອງໝາຍຢັ້ງຢືນຂອງ xladdin: ມັນບໍ່ໄດ້ຖືກກະກຽມດ້ວຍ 'xladdin prepare', ຈຶ່ງບໍ່ສາມາດບອກໄດ້ວ່າຕົວເລກຖືກປ່ຽນແປງຫຼືບໍ່",
    "A returned file must be made with 'xladdin prepare' (or the ribbon's Prepare for return); ask the sender to prepare it again.",
    refuses=True,
)

STAMP_UNKNOWN_SCHEME = define(
    "return-stamp-unknown-scheme",
    Severity.ERROR,
    Category.SECURITY,
    "The return stamp uses hashing scheme '{scheme}', which this xladdin does not know (expected '{expected}')",
    "ເຄື່ອງໝາຍຢັ້ງຢືນໃຊ້ວິທີ hash '{scheme}' ທີ່ xladdin ສະບັບນີ້ບໍ່ຮູ້ຈັກ (ຄາດວ່າ '{expected}')",
    "The file was stamped by a newer or unknown xladdin; update xladdin and verify again.",
    refuses=True,
)

STAMP_INTACT = define(
    "return-stamp-intact",
    Severity.INFO,
    Category.SECURITY,
    "Data unchanged since it was stamped on {stamped} by {compiler} ({cells} data cells)",
    "ຂໍ້ມູນບໍ່ໄດ້ປ່ຽນແປງນັບແຕ່ຖືກຢັ້ງຢືນເມື່ອ {stamped} ໂດຍ {compiler} ({cells} ຕາລາງຂໍ້ມູນ)",
    "The data cells hash to the value recorded in the stamp.",
)

DATA_CHANGED = define(
    "return-data-changed",
    Severity.ERROR,
    Category.SECURITY,
    "Data changed after the stamp of {stamped} by {compiler}: the data hash is {actual}, the stamp says {expected}",
    "ຂໍ້ມູນຖືກປ່ຽນແປງຫຼັງຈາກການຢັ້ງຢືນເມື່ອ {stamped} ໂດຍ {compiler}: ຄ່າ hash ຂອງຂໍ້ມູນແມ່ນ {actual}, ເຄື່ອງໝາຍຢັ້ງຢືນບອກວ່າ {expected}",
    "Some value in a data cell was changed, added or deleted after 'xladdin prepare'; ask the sender which number changed and why, and to prepare the file again.",
)

SHEET_CHANGED = define(
    "return-sheet-changed",
    Severity.ERROR,
    Category.SECURITY,
    "Sheet '{sheet}' changed after the stamp ({before} data cells then, {after} now)",
    "ແຜ່ນງານ '{sheet}' ຖືກປ່ຽນແປງຫຼັງຈາກການຢັ້ງຢືນ ({before} ຕາລາງຂໍ້ມູນກ່ອນ, {after} ຕອນນີ້)",
    "Names the sheet whose values differ from those hashed at preparation (from the per-sheet hashes on the Audit sheet).",
)

SHEET_ADDED = define(
    "return-sheet-added",
    Severity.ERROR,
    Category.SECURITY,
    "Sheet '{sheet}' was added after the stamp",
    "ແຜ່ນງານ '{sheet}' ຖືກເພີ່ມເຂົ້າຫຼັງຈາກການຢັ້ງຢືນ",
    "A sheet with data exists now that was not there when the file was prepared.",
)

SHEET_REMOVED = define(
    "return-sheet-removed",
    Severity.ERROR,
    Category.SECURITY,
    "Sheet '{sheet}' was removed or renamed after the stamp",
    "ແຜ່ນງານ '{sheet}' ຖືກລຶບ ຫຼື ປ່ຽນຊື່ຫຼັງຈາກການຢັ້ງຢືນ",
    "A sheet that held data when the file was prepared is gone.",
)

UDF_FORMULA_PRESENT = define(
    "return-udf-formula",
    Severity.ERROR,
    Category.SECURITY,
    "Cell {sheet}!{cell} has the add-in formula {formula}: without the add-in it shows #NAME?",
    "ຕາລາງ {sheet}!{cell} ມີສູດຂອງ add-in {formula}: ຖ້າບໍ່ມີ add-in ມັນຈະສະແດງ #NAME?",
    "A returned file must not contain GDP_ (or other add-in) formulas; run 'xladdin prepare' on the source workbook.",
)

MACROS_PRESENT = define(
    "return-macros-present",
    Severity.ERROR,
    Category.SECURITY,
    "The returned file contains a VBA project (macros): {part}",
    "ໄຟລ໌ທີ່ສົ່ງຄືນມີໂຄງການ VBA (ມາໂຄຣ): {part}",
    "Returned files must be macro-free .xlsx files; macros are never run by xladdin.",
)

EXTERNAL_LINKS_PRESENT = define(
    "return-external-links-present",
    Severity.ERROR,
    Category.SECURITY,
    "The returned file links to another workbook: {target}",
    "ໄຟລ໌ທີ່ສົ່ງຄືນມີການເຊື່ອມຕໍ່ໄປຫາປຶ້ມວຽກອື່ນ: {target}",
    "Returned files must not depend on other files; the linked values must be frozen by 'xladdin prepare'.",
)

RETURN_UNREADABLE = define(
    "return-file-unreadable",
    Severity.ERROR,
    Category.STRUCTURE,
    "The file cannot be read as an xlsx workbook: {error}",
    "ບໍ່ສາມາດອ່ານໄຟລ໌ເປັນປຶ້ມວຽກ xlsx ໄດ້: {error}",
    "The file is truncated, encrypted, not an Excel 2007+ workbook, or refused for safety.",
    refuses=True,
)

# --- prepare --------------------------------------------------------------------------------

FORMULAS_FROZEN = define(
    "return-formulas-frozen",
    Severity.INFO,
    Category.SECURITY,
    "{count} formula(s) frozen to their values ({reasons}); the formula text is listed on the Audit sheet",
    "ສູດ {count} ສູດຖືກປ່ຽນເປັນຄ່າຄົງທີ່ ({reasons}); ຂໍ້ຄວາມຂອງສູດຖືກບັນທຶກໄວ້ໃນແຜ່ນງານ Audit",
    "Add-in (GDP_), external-link, volatile and DDE formulas are replaced by their last calculated values.",
)

FROZEN_WITHOUT_VALUE = define(
    "return-formula-no-cached-value",
    Severity.WARNING,
    Category.DATA,
    "Formula {formula} in {sheet}!{cell} had no calculated value; the cell is empty in the returned file",
    "ສູດ {formula} ໃນ {sheet}!{cell} ບໍ່ມີຄ່າທີ່ຄຳນວນແລ້ວ; ຕາລາງນີ້ຫວ່າງເປົ່າໃນໄຟລ໌ທີ່ສົ່ງຄືນ",
    "Open and calculate (or compile) the workbook in Excel with the add-in, save it, then prepare it again.",
)

MACROS_REMOVED = define(
    "return-macros-removed",
    Severity.INFO,
    Category.SECURITY,
    "Macros removed: {parts}",
    "ມາໂຄຣຖືກລຶບອອກ: {parts}",
    "The VBA project (and any ribbon customisation or Excel 4 macro sheet) is dropped; the returned file is an .xlsx.",
)

EXTERNAL_LINK_REMOVED = define(
    "return-external-link-removed",
    Severity.INFO,
    Category.SECURITY,
    "Link to another workbook removed: {target}",
    "ການເຊື່ອມຕໍ່ໄປຫາປຶ້ມວຽກອື່ນຖືກລຶບອອກ: {target}",
    "Formulas that used the link keep their last values.",
)

NAME_REMOVED = define(
    "return-name-removed",
    Severity.INFO,
    Category.SECURITY,
    "Defined name '{name}' removed ({reason}): {refers_to}",
    "ຊື່ທີ່ກຳນົດ '{name}' ຖືກລຶບອອກ ({reason}): {refers_to}",
    "Names pointing to other workbooks, DDE or macros cannot work in a returned file.",
)

SHEET_UNHIDDEN = define(
    "return-sheet-unhidden",
    Severity.INFO,
    Category.SECURITY,
    "Sheet '{sheet}' was {state}; it is visible in the returned file",
    "ແຜ່ນງານ '{sheet}' ຖືກເຊື່ອງໄວ້ ({state}); ມັນຈະເຫັນໄດ້ໃນໄຟລ໌ທີ່ສົ່ງຄືນ",
    "A returned file holds no data the reviewer cannot see.",
)

TEMPLATE_UNKNOWN = define(
    "return-template-unknown",
    Severity.WARNING,
    Category.STRUCTURE,
    "The workbook's template id and version are unknown; the stamp records them as empty",
    "ບໍ່ຮູ້ລະຫັດ ແລະ ສະບັບຂອງແບບຟອມຂອງປຶ້ມວຽກນີ້; ເຄື່ອງໝາຍຢັ້ງຢືນບັນທຶກໄວ້ເປັນຄ່າຫວ່າງ",
    "The workbook was not made from an xladdin template (or its id property was removed).",
)

VALIDATION_ERRORS = define(
    "return-validation-errors",
    Severity.WARNING,
    Category.CONSISTENCY,
    "The returned workbook has {errors} validation error(s) and {warnings} warning(s); the file was written and its stamp records this result",
    "ປຶ້ມວຽກທີ່ສົ່ງຄືນມີຂໍ້ຜິດພາດການກວດສອບ {errors} ແລະ ຄຳເຕືອນ {warnings}; ໄຟລ໌ຖືກຂຽນແລ້ວ ແລະ ເຄື່ອງໝາຍຢັ້ງຢືນບັນທຶກຜົນນີ້ໄວ້",
    "The central reviewer sees the stamped counts and decides; correct the errors (Validate) and prepare the file again if you can.",
)
