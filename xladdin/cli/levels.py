"""``xladdin districts allocate``: a province and its districts (issue 9, section 2).

Reads a province's returned workbook and its districts' returned workbooks (as untrusted files,
with the same stamp checks as ``xladdin consolidate``), compares the province's growth by
sector with the growth of its districts weighted by their base-year GVA by sector (typed in
each district return, table ``tblWeights``, column "Base-year GVA (million kip)"; ``--shares``
overrides) (``district-growth-gap``),
allocates the provincial sector GVA to the districts by their indicators (adding up to the
province exactly) and writes a workbook the district offices can be sent. See
``docs/levels.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``districts allocate``."""
    from xladdin.cli.common import add_lang

    group = sub.add_parser(
        "districts",
        help="a province and its districts: growth compared, district GVA levels",
    )
    actions = group.add_subparsers(dest="districts_command", metavar="ACTION")
    p = actions.add_parser(
        "allocate",
        help="compare district growth with the province and allocate provincial GVA to districts",
        description="Compare the province's growth by sector with the growth of its districts "
        "weighted by their base-year GVA by sector (typed in each district workbook: sheet "
        "Indices, column 'Base-year GVA (million kip)'), and allocate the provincial sector GVA "
        "to the districts in proportion to their indicators (base-year GVA x sector index), "
        "adding up to the province exactly. Writes Levels, Growth and Findings sheets.",
    )
    p.add_argument("province_file", metavar="PROVINCE_RETURN", help="the province's return")
    p.add_argument(
        "district_files", nargs="+", metavar="DISTRICT_RETURN", help="its districts' returns"
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="DISTRICTS.xlsx", help="workbook to write"
    )
    p.add_argument(
        "--shares",
        dest="shares_csv",
        metavar="CSV",
        help="base-year shares of the districts in each sector, CSV district,sector,share; "
        "overrides the district workbooks' base-year GVA for every sector it lists",
    )
    p.add_argument(
        "--gap",
        type=float,
        default=1.0,
        metavar="POINTS",
        help="growth gap (percentage points) above which district-growth-gap is given",
    )
    p.add_argument(
        "--accept",
        action="append",
        default=[],
        metavar="FILE",
        help="use this file although its stamp shows a change or it has none (as consolidate)",
    )
    add_lang(p)
    p.set_defaults(func=run)
    group.set_defaults(func=lambda a: (group.print_help(sys.stderr), 2)[1])  # no ACTION


def _cannot_use(lang: str, path: object, key: str = "", en: str = "", lo: str = "", **fields):
    """The lines (row ``cannot_use``) naming ``path`` as typed and why, in ``lang``: the reason
    is the ``word`` row ``key`` or the texts ``en`` / ``lo`` (a finding's messages)."""
    from xladdin.findings.words import one_line, reason, say

    why = reason(key, **fields) if key else {"reason": en, "reason_lo": lo}
    lines = say("cannot_use", lang, command="districts allocate", path=str(path), **why)
    return "\n".join(one_line(t) for t in lines)


def _read(path: str, level: str, options, lang: str) -> tuple[object | None, str | None]:
    """The submission, or why it cannot be used (one line naming the file as typed)."""
    from xladdin.review.consolidate import apply_acceptance, read_submission

    p = Path(path)
    if not p.is_file():
        return None, _cannot_use(lang, path, "path_folder" if p.is_dir() else "path_missing")
    sub = read_submission(p, options)
    apply_acceptance(sub, options)
    for f in sub.findings:
        if f.refuses:
            return None, _cannot_use(lang, path, en=f.message_en, lo=f.message_lo)
    if sub.level != level or not sub.tables:
        key = {"province": "reason_not_province_return", "district": "reason_not_district_return"}
        return None, _cannot_use(lang, path, key[level])
    return sub, None


def run(args: argparse.Namespace) -> int:
    from xladdin.findings import Report
    from xladdin.review.consolidate import Options
    from xladdin.review.districts import (
        compare_and_allocate,
        district_weights,
        read_shares,
        sector_growth,
        write_districts_book,
    )

    options = Options(validate=False, accept=tuple(args.accept))
    shares = None
    if args.shares_csv:
        try:
            shares = read_shares(args.shares_csv)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            from xladdin.findings.words import one_line, say, word

            why = getattr(exc, "strerror", None) or str(exc)
            fields = {"command": "districts allocate", "path": args.shares_csv, "reason": why}
            lines = say(
                "shares_unusable", args.lang, **fields, reason_lo=word("shares_reason", "lo")
            )
            print("\n".join(one_line(t) for t in lines), file=sys.stderr)
            return 2
    prov, why = _read(args.province_file, "province", options, args.lang)
    if why:
        print(why, file=sys.stderr)
        return 2
    subs = []
    for path in args.district_files:
        sub, why = _read(path, "district", options, args.lang)
        if why:
            print(why, file=sys.stderr)
            return 2
        subs.append(sub)
    code = prov.code or ""
    report = Report(source="districts")
    for sub in [prov, *subs]:  # the files' own problems, each named by its file
        name = Path(sub.path).name
        report.extend(
            dataclasses.replace(f, details={**f.details, "file": name})
            for f in sub.findings
            if f.severity.value in ("error", "warning")
        )
    growth: dict[str, object] = {}
    base: dict[str, int] = {}
    for s in subs:
        if s.province_code and s.province_code != code:
            fields = {"other": s.province_code, "code": code}
            print(
                _cannot_use(args.lang, s.path, "reason_other_province", **fields), file=sys.stderr
            )
            return 2
        growth[s.code or Path(s.path).stem] = sector_growth(s.tables["district_growth"])
        base[s.code or Path(s.path).stem] = int(s.base_year or 0)
    constant = prov.tables.get("gva_constant")
    current = prov.tables.get("gva_current")
    # the returns' own weights (--shares overrides), keyed as growth is (a return without a
    # district code: its file name)
    weights, files = district_weights(subs, shares)
    table, levels, found = compare_and_allocate(
        code, current, constant, growth, weights, base, files, args.gap
    )
    report.extend(found)
    from xladdin.templates.data import districts

    known = districts()
    names = dict(zip(known["code"].astype(str), known["name_en"].astype(str), strict=True))
    write_districts_book(args.output, code, table, levels, list(report), names)
    print(report.to_text(lang=args.lang))
    from xladdin.findings.words import word

    print(word("wrote", args.lang, path=args.output))
    return report.exit_code
