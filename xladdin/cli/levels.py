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


def _read(path: str, level: str, options) -> tuple[object | None, str | None]:
    """The submission, or why it cannot be used (one line naming the file as typed)."""
    from xladdin.review.consolidate import apply_acceptance, read_submission

    p = Path(path)
    if not p.is_file():
        what = "is a folder" if p.is_dir() else "does not exist"
        return None, f"cannot use {path}: it {what}"
    sub = read_submission(p, options)
    apply_acceptance(sub, options)
    for f in sub.findings:
        if f.refuses:
            return None, f"cannot use {path}: {f.message_en}"
    if sub.level != level or not sub.tables:
        return None, f"cannot use {path}: not an xladdin {level} return"
    return sub, None


def run(args: argparse.Namespace) -> int:
    from xladdin.findings import Report
    from xladdin.review.consolidate import Options
    from xladdin.review.districts import (
        allocate_levels,
        compare_growth,
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
            why = getattr(exc, "strerror", None) or str(exc)
            print(
                f"xladdin districts allocate: bad --shares {args.shares_csv}: {why}",
                file=sys.stderr,
            )
            return 2
    prov, why = _read(args.province_file, "province", options)
    if why:
        print(f"xladdin districts allocate: {why}", file=sys.stderr)
        return 2
    subs = []
    for path in args.district_files:
        sub, why = _read(path, "district", options)
        if why:
            print(f"xladdin districts allocate: {why}", file=sys.stderr)
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
            print(
                f"xladdin districts allocate: cannot use {s.path}: district of province "
                f"{s.province_code}, not {code}",
                file=sys.stderr,
            )
            return 2
        growth[s.code or Path(s.path).stem] = sector_growth(s.tables["district_growth"])
        base[s.code or Path(s.path).stem] = int(s.base_year or 0)
    constant = prov.tables.get("gva_constant")
    current = prov.tables.get("gva_current")
    weights, files = district_weights(subs, shares)  # the returns' own; --shares overrides
    for s in subs:  # keyed as growth is (a return without a district code: its file name)
        files.setdefault(s.code or Path(s.path).stem, Path(s.path).name)
    table, found = compare_growth(code, constant, growth, weights, args.gap, files)
    levels = allocate_levels(code, current, constant, growth, weights, base, files)
    report.extend(found + [f for f in levels.findings if f not in found])
    from xladdin.templates.data import districts

    known = districts()
    names = dict(zip(known["code"].astype(str), known["name_en"].astype(str), strict=True))
    write_districts_book(args.output, code, table, levels, list(report), names)
    print(report.to_text(lang=args.lang))
    done = {"en": f"wrote {args.output}", "lo": f"ຂຽນ {args.output} ແລ້ວ"}
    print(done.get(args.lang, f"{done['en']} / {done['lo']}"))
    return report.exit_code
