"""Every user-facing text of the ribbon, in Lao and English, in one table.

Keys are stable; ``{fields}`` are filled by :func:`text`. Lao wording follows the glossary
where a term exists there; wording not yet confirmed by LSB is marked in the docs.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MESSAGES", "both", "text"]

MESSAGES: dict[str, tuple[str, str]] = {
    # key: (English, Lao)
    "title": ("xladdin - GDP", "xladdin - GDP"),
    # action names (status bar)
    "action-validate": ("Validate", "ກວດສອບ"),
    "action-compile": ("Compile", "ສັງລວມ"),
    "action-prepare": ("Prepare for return", "ກະກຽມສົ່ງ"),
    "action-new-province": ("New provincial workbook", "ປຶ້ມວຽກແຂວງໃໝ່"),
    "action-new-district": ("New district workbook", "ປຶ້ມວຽກເມືອງໃໝ່"),
    "action-new-sez": ("New SEZ workbook", "ປຶ້ມວຽກເຂດເສດຖະກິດພິເສດໃໝ່"),
    "action-rebase": ("Rebase", "ປັບປີຖານ"),
    "action-review": ("Review this file", "ກວດກາໄຟລ໌ນີ້"),
    "action-consolidate": ("Consolidate returned files", "ລວມໄຟລ໌ທີ່ສົ່ງຄືນ"),
    "action-help": ("Help", "ຊ່ວຍເຫຼືອ"),
    "action-selftest": ("Self-test", "ທົດສອບຕົນເອງ"),
    # progress
    "working": ("xladdin: {action}...", "xladdin: {action}..."),
    "reading": ("xladdin: reading the workbook...", "xladdin: ກຳລັງອ່ານປຶ້ມວຽກ..."),
    "computing": ("xladdin: computing...", "xladdin: ກຳລັງຄຳນວນ..."),
    "writing": ("xladdin: writing {count} cells...", "xladdin: ກຳລັງຂຽນ {count} ຕາລາງ..."),
    # results
    "summary": (
        "{action} finished: {errors} error(s), {warnings} warning(s). See the Checks sheet.",
        "{action} ສຳເລັດ: ຂໍ້ຜິດພາດ {errors}, ຄຳເຕືອນ {warnings}. ເບິ່ງແຜ່ນ Checks.",
    ),
    "summary-clean": (
        "{action} finished: no problems found.",
        "{action} ສຳເລັດ: ບໍ່ພົບບັນຫາ.",
    ),
    "first-errors": ("First problems:", "ບັນຫາທຳອິດ:"),
    "refused": (
        "{action} cannot run on this workbook:\n{reason}",
        "{action} ບໍ່ສາມາດເຮັດວຽກກັບປຶ້ມວຽກນີ້ໄດ້:\n{reason}",
    ),
    "no-book": (
        "Open or select a workbook first.",
        "ກະລຸນາເປີດ ຫຼື ເລືອກປຶ້ມວຽກກ່ອນ.",
    ),
    "save-first": (
        "Save the workbook first (File > Save As .xlsx or .xlsm); the returned file is made from the saved file.",
        "ກະລຸນາບັນທຶກປຶ້ມວຽກກ່ອນ (File > Save As .xlsx ຫຼື .xlsm); ໄຟລ໌ສົ່ງຄືນຖືກສ້າງຈາກໄຟລ໌ທີ່ບັນທຶກແລ້ວ.",
    ),
    "save-now": (
        "The workbook has unsaved changes. Save it now before preparing the returned file?",
        "ປຶ້ມວຽກມີການປ່ຽນແປງທີ່ຍັງບໍ່ໄດ້ບັນທຶກ. ບັນທຶກດຽວນີ້ກ່ອນກະກຽມໄຟລ໌ສົ່ງຄືນບໍ?",
    ),
    "prepared": (
        "Returned file written:\n{path}\n\n{frozen} formula(s) frozen to values (listed on its Audit sheet); "
        "no macros, no external links. Send this file, not the original.",
        "ໄຟລ໌ສົ່ງຄືນຖືກຂຽນແລ້ວ:\n{path}\n\nສູດ {frozen} ສູດຖືກປ່ຽນເປັນຄ່າ (ລາຍການຢູ່ແຜ່ນ Audit); "
        "ບໍ່ມີມາໂຄຣ, ບໍ່ມີການເຊື່ອມຕໍ່ພາຍນອກ. ກະລຸນາສົ່ງໄຟລ໌ນີ້, ບໍ່ແມ່ນໄຟລ໌ຕົ້ນສະບັບ.",
    ),
    "prepared-warnings": (
        "Warnings:",
        "ຄຳເຕືອນ:",
    ),
    # -- digital signature after Prepare (xladdin/signing; settings key "signing_key") --
    "sign-password": (
        "Password of the key file {keyfile} (it is not stored). Cancel: the file is not signed.",
        "ລະຫັດຜ່ານຂອງໄຟລ໌ກະແຈ {keyfile} (ບໍ່ຖືກບັນທຶກໄວ້). ຍົກເລີກ: ໄຟລ໌ຈະບໍ່ຖືກລົງລາຍເຊັນ.",
    ),
    "signed": (
        "Digitally signed by {signer} at {time}.",
        "ລົງລາຍເຊັນດິຈິຕອນໂດຍ {signer} ເມື່ອ {time}.",
    ),
    "sign-cancelled": (
        "NOT signed: no password was given. Sign it later with 'xladdin sign'.",
        "ບໍ່ໄດ້ລົງລາຍເຊັນ: ບໍ່ໄດ້ໃສ່ລະຫັດຜ່ານ. ລົງລາຍເຊັນພາຍຫຼັງດ້ວຍ 'xladdin sign'.",
    ),
    "sign-failed": (
        "NOT signed: {error}",
        "ບໍ່ໄດ້ລົງລາຍເຊັນ: {error}",
    ),
    "sign-unavailable": (
        "NOT signed: signing is not installed with this xladdin (extra 'sign': lxml).",
        "ບໍ່ໄດ້ລົງລາຍເຊັນ: ການລົງລາຍເຊັນບໍ່ໄດ້ຕິດຕັ້ງກັບ xladdin ນີ້ (ສ່ວນເສີມ 'sign': lxml).",
    ),
    "new-book": (
        "New workbook created:\n{path}",
        "ສ້າງປຶ້ມວຽກໃໝ່ແລ້ວ:\n{path}",
    ),
    "rebase-not-province": (
        "Rebase works on the provincial GDP workbook (it has a Rebase sheet); this workbook is not one.",
        "ການປັບປີຖານໃຊ້ໄດ້ກັບປຶ້ມວຽກ GDP ແຂວງ (ທີ່ມີແຜ່ນ Rebase); ປຶ້ມວຽກນີ້ບໍ່ແມ່ນ.",
    ),
    "rebased": (
        "Rebase sheet recalculated ({count} cells written).",
        "ຄຳນວນແຜ່ນ Rebase ຄືນໃໝ່ແລ້ວ (ຂຽນ {count} ຕາລາງ).",
    ),
    "review-intact": (
        "Stamp intact: the data has not changed since {compiler} prepared it on {stamped}.",
        "ເຄື່ອງໝາຍຢັ້ງຢືນຄົບຖ້ວນ: ຂໍ້ມູນບໍ່ໄດ້ປ່ຽນແປງນັບແຕ່ {compiler} ກະກຽມມັນເມື່ອ {stamped}.",
    ),
    "review-changed": (
        "WARNING: the data changed after {compiler} prepared it on {stamped}.",
        "ເຕືອນ: ຂໍ້ມູນຖືກປ່ຽນແປງຫຼັງຈາກ {compiler} ກະກຽມມັນເມື່ອ {stamped}.",
    ),
    "review-unstamped": (
        "This file has no xladdin stamp: it was not made with 'Prepare for return'.",
        "ໄຟລ໌ນີ້ບໍ່ມີເຄື່ອງໝາຍຢັ້ງຢືນຂອງ xladdin: ມັນບໍ່ໄດ້ຖືກສ້າງດ້ວຍ 'ກະກຽມສົ່ງ'.",
    ),
    "pick-folder": (
        "Choose the folder with the returned files",
        "ເລືອກໂຟນເດີທີ່ມີໄຟລ໌ສົ່ງຄືນ",
    ),
    "cancelled": ("Cancelled.", "ຍົກເລີກແລ້ວ."),
    "consolidated": (
        "Consolidated {count} file(s) from\n{folder}\ninto\n{path}\n\n{errors} error(s), {warnings} warning(s).",
        "ລວມ {count} ໄຟລ໌ຈາກ\n{folder}\nເຂົ້າໃນ\n{path}\n\nຂໍ້ຜິດພາດ {errors}, ຄຳເຕືອນ {warnings}.",
    ),
    "help": (
        "xladdin {version}: GDP compilation for the Lao Statistics Bureau.\n\n"
        "Validate: check this workbook; results on the Checks sheet.\n"
        "Compile: compute the GDP tables from the input sheets.\n"
        "Prepare for return: write BOOK-return.xlsx to send (values only, stamped).\n"
        "Review this file: check a returned file's stamp and rules.\n"
        "Consolidate: combine the returned files of a folder.\n\n"
        "Documentation: {docs}\nLog file: {log}",
        "xladdin {version}: ການສັງລວມ GDP ສຳລັບສູນສະຖິຕິແຫ່ງຊາດ.\n\n"
        "ກວດສອບ: ກວດປຶ້ມວຽກນີ້; ຜົນຢູ່ແຜ່ນ Checks.\n"
        "ສັງລວມ: ຄຳນວນຕາຕະລາງ GDP ຈາກແຜ່ນປ້ອນຂໍ້ມູນ.\n"
        "ກະກຽມສົ່ງ: ຂຽນ BOOK-return.xlsx ເພື່ອສົ່ງ (ມີແຕ່ຄ່າ, ມີເຄື່ອງໝາຍຢັ້ງຢືນ).\n"
        "ກວດກາໄຟລ໌ນີ້: ກວດເຄື່ອງໝາຍຢັ້ງຢືນ ແລະ ກົດລະບຽບຂອງໄຟລ໌ທີ່ສົ່ງຄືນ.\n"
        "ລວມ: ລວມໄຟລ໌ທີ່ສົ່ງຄືນຂອງໂຟນເດີໜຶ່ງ.\n\n"
        "ເອກະສານ: {docs}\nໄຟລ໌ບັນທຶກ: {log}",
    ),
    "selftest-missing": (
        "The self-test workbook was not found next to the add-in ({where}).",
        "ບໍ່ພົບປຶ້ມວຽກທົດສອບຕົນເອງຢູ່ຂ້າງ add-in ({where}).",
    ),
    "selftest-opened": (
        "Self-test workbook opened: every 'OK' cell must say TRUE.\n{path}",
        "ເປີດປຶ້ມວຽກທົດສອບຕົນເອງແລ້ວ: ທຸກຕາລາງ 'OK' ຕ້ອງເປັນ TRUE.\n{path}",
    ),
    # problems
    "unreadable": (
        "The workbook file cannot be read: {error}",
        "ບໍ່ສາມາດອ່ານໄຟລ໌ປຶ້ມວຽກໄດ້: {error}",
    ),
    "file-problem": (
        "xladdin cannot use the file {path} ({error}). If it is open in Excel or another "
        "program, close it and try again.",
        "xladdin ບໍ່ສາມາດໃຊ້ໄຟລ໌ {path} ໄດ້ ({error}). ຖ້າໄຟລ໌ນີ້ເປີດຢູ່ໃນ Excel ຫຼື ໂປຣແກຣມອື່ນ, "
        "ກະລຸນາປິດມັນ ແລ້ວລອງໃໝ່.",
    ),
    "unavailable": (
        "This part of xladdin is not installed or not available: {what}",
        "ພາກສ່ວນນີ້ຂອງ xladdin ບໍ່ໄດ້ຕິດຕັ້ງ ຫຼື ໃຊ້ບໍ່ໄດ້: {what}",
    ),
    "unknown-tag": (
        "xladdin does not know the button '{tag}'.",
        "xladdin ບໍ່ຮູ້ຈັກປຸ່ມ '{tag}'.",
    ),
    "unexpected": (
        "xladdin hit an unexpected problem during '{action}' ({error}).\n"
        "Nothing was lost. Please send this file to the xladdin maintainers:\n{log}",
        "xladdin ພົບບັນຫາທີ່ບໍ່ຄາດຄິດລະຫວ່າງ '{action}' ({error}).\n"
        "ບໍ່ມີຫຍັງເສຍຫາຍ. ກະລຸນາສົ່ງໄຟລ໌ນີ້ໃຫ້ຜູ້ດູແລ xladdin:\n{log}",
    ),
}


def text(key: str, lang: str = "lo", **fields: Any) -> str:
    """The message ``key`` in ``lang`` (``"lo"`` or ``"en"``), fields filled in.

    A ``tag`` field (a ribbon button tag) also fills ``{action}`` with the action's name in
    that language.
    """
    en, lo = MESSAGES[key]
    template = en if lang == "en" else lo
    if "action" not in fields and "tag" in fields:
        name = MESSAGES.get(f"action-{fields['tag']}")
        fields["action"] = (name[0] if lang == "en" else name[1]) if name else fields["tag"]
    return template.format(**fields)


def both(key: str, lang: str = "lo", **fields: Any) -> str:
    """The message in both languages, the chosen one first (for errors users forward)."""
    other = "en" if lang == "lo" else "lo"
    return f"{text(key, lang, **fields)}\n\n{text(key, other, **fields)}"
