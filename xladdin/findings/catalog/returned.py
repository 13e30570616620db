"""Finding types of returned files: ``xladdin prepare`` (making a file safe to send) and
``xladdin verify`` (checking its stamp). Emitted by :mod:`xladdin.returned`."""

from xladdin.findings.model import Category, Severity, define

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

# --- stamp scheme v2: what changed (diagnostics; the hash decides) ----------------------------

STAMP_OLD_SCHEME = define(
    "return-stamp-old-scheme",
    Severity.ERROR,
    Category.SECURITY,
    "The return stamp uses the older hashing scheme '{scheme}', which did not cover everything the review reads; this xladdin checks '{expected}' only",
    "ເຄື່ອງໝາຍຢັ້ງຢືນໃຊ້ວິທີ hash ເກົ່າ '{scheme}' ເຊິ່ງບໍ່ໄດ້ກວມເອົາທຸກຢ່າງທີ່ການກວດສອບອ່ານ; xladdin ສະບັບນີ້ກວດສະເພາະ '{expected}'",
    "Ask the sender to prepare the file again with the current xladdin (Prepare for return); the file cannot be verified as it is.",
    refuses=True,
)

SHEETS_CHANGED = define(
    "return-sheets-changed",
    Severity.ERROR,
    Category.SECURITY,
    "Which sheets exist, which are hidden, or which are xladdin's own changed after the stamp: {change}",
    "ແຜ່ນງານທີ່ມີ, ທີ່ຖືກເຊື່ອງ ຫຼື ທີ່ເປັນຂອງ xladdin ຖືກປ່ຽນແປງຫຼັງຈາກການຢັ້ງຢືນ: {change}",
    "A sheet was hidden, added, removed, renamed, or made to look like one of xladdin's own sheets (which the hash leaves out) after 'xladdin prepare'.",
)

TABLES_CHANGED = define(
    "return-tables-changed",
    Severity.ERROR,
    Category.SECURITY,
    "An Excel Table changed after the stamp (its range, sheet, name or column names): {change}",
    "ຕາຕະລາງ Excel ຖືກປ່ຽນແປງຫຼັງຈາກການຢັ້ງຢືນ (ຂອບເຂດ, ແຜ່ນງານ, ຊື່ ຫຼື ຊື່ຖັນ): {change}",
    "The review reads the results from these tables; a shrunk range, a table moved to another sheet or a renamed year column changes what is summed.",
)

NAMES_CHANGED = define(
    "return-names-changed",
    Severity.ERROR,
    Category.SECURITY,
    "A defined name changed after the stamp: {change}",
    "ຊື່ທີ່ກຳນົດຖືກປ່ຽນແປງຫຼັງຈາກການຢັ້ງຢືນ: {change}",
    "Names such as xl_province_code say whose return the file is; pointing one at another cell files the return under another province.",
)

IDENTITY_CHANGED = define(
    "return-identity-changed",
    Severity.ERROR,
    Category.SECURITY,
    "The return's identity changed after the stamp (template, province, district, base year or unit): {change}",
    "ຂໍ້ມູນລະບຸຕົວຕົນຂອງໄຟລ໌ສົ່ງຄືນຖືກປ່ຽນແປງຫຼັງຈາກການຢັ້ງຢືນ (ແບບຟອມ, ແຂວງ, ເມືອງ, ປີຖານ ຫຼື ຫົວໜ່ວຍ): {change}",
    "The review files a return under its province and base year; these must be what was stamped.",
)

STAMP_EDITED = define(
    "return-stamp-edited",
    Severity.ERROR,
    Category.SECURITY,
    "The stamp itself was edited after preparation (e.g. the stamp time or the compiler's name): stamped {stamped} by {compiler}",
    "ເຄື່ອງໝາຍຢັ້ງຢືນເອງຖືກແກ້ໄຂຫຼັງຈາກການກະກຽມ (ເຊັ່ນ ເວລາຢັ້ງຢືນ ຫຼື ຊື່ຜູ້ລວບລວມ): ຢັ້ງຢືນ {stamped} ໂດຍ {compiler}",
    "The stamp time decides which of two returns of a province is the latest; an edited time could make an old return supersede a new one.",
)

# --- prepare compiles first -------------------------------------------------------------------

COMPILED = define(
    "return-compiled",
    Severity.INFO,
    Category.CONSISTENCY,
    "Compiled before stamping: the returned file's outputs are computed from its inputs ({template})",
    "ໄດ້ compile ກ່ອນຢັ້ງຢືນ: ຜົນໄດ້ຮັບໃນໄຟລ໌ສົ່ງຄືນຖືກຄິດໄລ່ຈາກຂໍ້ມູນປ້ອນເຂົ້າຂອງມັນ ({template})",
    "prepare runs the same compile as 'xladdin compile' on the copy it returns; the original workbook is not changed.",
)

OUTPUTS_WERE_STALE = define(
    "return-outputs-were-stale",
    Severity.WARNING,
    Category.CONSISTENCY,
    "The workbook's outputs did not follow from its inputs ({reason}); the returned file has the recomputed outputs, the original still has the old ones",
    "ຜົນໄດ້ຮັບຂອງປຶ້ມວຽກບໍ່ກົງກັບຂໍ້ມູນປ້ອນເຂົ້າ ({reason_lo}); ໄຟລ໌ສົ່ງຄືນມີຜົນໄດ້ຮັບທີ່ຄິດໄລ່ໃໝ່, ຕົ້ນສະບັບຍັງມີຄ່າເກົ່າ",
    "Compile the original workbook too (xladdin compile or the ribbon's Compile) so it shows what was returned.",
)

COMPILE_REFUSED = define(
    "return-compile-refused",
    Severity.ERROR,
    Category.STRUCTURE,
    "Cannot prepare this workbook: it cannot be compiled ({reason}), so its outputs could not be made to follow from its inputs",
    "ບໍ່ສາມາດກະກຽມປຶ້ມວຽກນີ້: ມັນ compile ບໍ່ໄດ້ ({reason}), ຈຶ່ງບໍ່ສາມາດເຮັດໃຫ້ຜົນໄດ້ຮັບກົງກັບຂໍ້ມູນປ້ອນເຂົ້າ",
    "Fix what 'xladdin compile' reports (or use a supported template version), then prepare again. No file was written.",
    refuses=True,
)

# --- validate: outputs current (rule xladdin.validate.rules.current) --------------------------

OUTPUTS_NOT_CURRENT = define(
    "outputs-not-current",
    Severity.ERROR,
    Category.CONSISTENCY,
    "The outputs on sheet '{sheet}' ({tables}) do not follow from the inputs now in the workbook: {reason}",
    "ຜົນໄດ້ຮັບໃນແຜ່ນງານ '{sheet}' ({tables_lo}) ບໍ່ກົງກັບຂໍ້ມູນປ້ອນເຂົ້າທີ່ມີຢູ່ໃນປຶ້ມວຽກຕອນນີ້: {reason_lo}",
    "Compile the workbook again (xladdin compile or the ribbon's Compile); 'xladdin prepare' compiles before stamping.",
)
