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


def _say(lang: str, key: str, **fields: object) -> None:
    from xladdin.findings.words import say

    print("\n".join(say(key, lang, **fields)))


def _fail(lang: str, path: object, reason: str, reason_lo: str) -> int:
    """Print why ``path`` cannot be used (row ``cannot_use``) in ``lang``; exit code 2."""
    from xladdin.findings.words import one_line, say

    fields = {"command": "sez import", "path": str(path), "reason": reason, "reason_lo": reason_lo}
    print("\n".join(one_line(t) for t in say("cannot_use", lang, **fields)), file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from xladdin.findings.words import word
    from xladdin.review.sez_import import SezImportError, plan_import
    from xladdin.workbook.safety import open_untrusted
    from xladdin.workbook.xlsx_patch import apply_patch

    lang, path = args.lang, Path(args.province_file)
    if not path.is_file():
        key = "path_folder" if path.is_dir() else "path_missing"
        return _fail(lang, path, word(key, "en"), word(key, "lo"))
    view, problems = open_untrusted(path, purpose="compile")  # the province's own file
    if view is None:
        if problems:
            return _fail(lang, path, problems[0].message_en, problems[0].message_lo)
        return _fail(lang, path, word("reason_unreadable", "en"), word("reason_unreadable", "lo"))
    try:  # the same planner as the ribbon's Import SEZ button
        plan = plan_import(view, str(path), args.sez_files, tuple(args.accept))
    except SezImportError as exc:
        return _fail(lang, exc.path, exc.reason, exc.reason_lo)
    code, unit, lost = plan.province, plan.unit, plan.lost
    if plan.patch is None:
        _say(lang, "sez_nothing_written", code=code)
        return 1
    apply_patch(path, plan.patch, backup=not args.no_backup, package=getattr(view, "package", None))
    from xladdin.templates.data import term, unit_term

    title = term("sez+gva+current_prices")  # the table's title on the SEZ sheet (spec.py)
    shown_unit = unit_term(unit)  # "million kip" -> ລ້ານກີບ
    _say(
        lang,
        "sez_written",
        n=plan.industries,
        table=title.en,
        table_lo=title.lo,
        sheet=plan.sheet,
        file=path.name,
        unit=shown_unit.en if shown_unit else unit,
        unit_lo=shown_unit.lo if shown_unit else unit,
    )
    if lost:
        _say(lang, "sez_years_not_written", years=", ".join(map(str, lost)))
    return 0
