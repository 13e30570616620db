"""``xladdin sez import``: fill a province workbook's SEZ table from SEZ returns (issue 9, 1).

Writes only into the province's ``tblSezGva`` (SEZ sheet, template 1.2), only when run, through
the normal patch writer (the original is kept as a backup unless ``--no-backup``). See
:mod:`xladdin.review.sez_import` and ``docs/levels.md``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``sez import``."""
    from xladdin.cli.common import add_lang

    group = sub.add_parser("sez", help="special economic zones in the province workbook")
    actions = group.add_subparsers(dest="sez_command", metavar="ACTION")
    p = actions.add_parser(
        "import",
        help="fill the province workbook's SEZ GVA table from SEZ returns",
        description="Fill the SEZ GVA table (tblSezGva, SEZ sheet) of a province workbook from "
        "SEZ returns: GVA = output - intermediate consumption of the enterprises hosted by the "
        "province, summed by industry and year, in the province's unit. Replaces that table "
        "only (the Included setting and the SEZ price index are left as typed); nothing else "
        "in the workbook is changed. Compile the province workbook afterwards to see GVA "
        "including and excluding SEZs.",
    )
    p.add_argument("province_file", metavar="PROVINCE.xlsx", help="the province workbook")
    p.add_argument("sez_files", nargs="+", metavar="SEZ_RETURN.xlsx", help="SEZ returns")
    p.add_argument(
        "--accept",
        action="append",
        default=[],
        metavar="FILE",
        help="use this SEZ return although its stamp shows a change or it has none",
    )
    p.add_argument("--no-backup", action="store_true", help="do not keep the original as a backup")
    add_lang(p)
    p.set_defaults(func=run)
    group.set_defaults(func=lambda a: (group.print_help(sys.stderr), 2)[1])  # no ACTION


def _say(lang: str, en: str, lo: str) -> None:
    print({"en": en, "lo": lo}.get(lang, f"{en}\n{lo}"))


def _fail(why: str) -> int:
    print(f"xladdin sez import: {why}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from xladdin.review.sez_import import SezImportError, plan_import
    from xladdin.workbook.safety import open_untrusted
    from xladdin.workbook.xlsx_patch import apply_patch

    path = Path(args.province_file)
    if not path.is_file():
        return _fail(
            f"cannot use {path}: it {'is a folder' if path.is_dir() else 'does not exist'}"
        )
    view, problems = open_untrusted(path, purpose="compile")  # the province's own file
    if view is None:
        return _fail(f"cannot use {path}: {problems[0].message_en if problems else 'unreadable'}")
    try:  # the same planner as the ribbon's Import SEZ button
        plan = plan_import(view, str(path), args.sez_files, tuple(args.accept))
    except SezImportError as exc:
        return _fail(str(exc))
    code, unit, lost = plan.province, plan.unit, plan.lost
    if plan.patch is None:
        _say(
            args.lang,
            f"no enterprise hosted by province {code} in these returns: nothing written",
            f"ບໍ່ມີວິສາຫະກິດທີ່ຕັ້ງຢູ່ແຂວງ {code} ໃນໄຟລ໌ເຫຼົ່ານີ້: ບໍ່ໄດ້ຂຽນຫຍັງ",
        )
        return 1
    apply_patch(path, plan.patch, backup=not args.no_backup, package=getattr(view, "package", None))
    n = plan.industries
    _say(
        args.lang,
        f"wrote SEZ GVA of {n} industries into tblSezGva of {path.name} ({unit}); compile it "
        "to see GVA including and excluding SEZs",
        f"ຂຽນມູນຄ່າເພີ່ມຂອງເຂດເສດຖະກິດພິເສດ {n} ຂະແໜງ ໃສ່ tblSezGva ຂອງ {path.name} ({unit}) "
        "ແລ້ວ; compile ເພື່ອເບິ່ງມູນຄ່າເພີ່ມລວມ ແລະ ບໍ່ລວມເຂດເສດຖະກິດພິເສດ",
    )
    if lost:
        years = ", ".join(map(str, lost))
        _say(
            args.lang,
            f"years not in the province workbook, not written: {years}",
            f"ປີທີ່ບໍ່ມີໃນປຶ້ມວຽກຂອງແຂວງ, ບໍ່ໄດ້ຂຽນ: {years}",
        )
    return 0
