"""``xladdin compile BOOK [--no-backup] [--json]``: compile a template workbook in place.

Exit codes: 0 clean (warnings allowed), 1 errors found, 2 unreadable or refused.
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["print_summary", "register", "summary_lines"]


def print_summary(summary: dict, lang: str = "both") -> None:
    """Print a compile summary (GDP, growth, structure of the latest year) in ``lang`` ("en",
    "lo", or "both": English with the Lao label beside it). Province and industry names come
    from the data files (``provinces.csv``, ``industries.csv``), never codes."""
    for line in summary_lines(summary, lang):
        print(line)


def summary_lines(summary: dict, lang: str = "both") -> list[str]:
    """The lines of :func:`print_summary`."""
    from xladdin.findings.words import pad, word

    if not summary:
        return []
    one = "lo" if lang == "lo" else "en"

    def label(key: str, **fields: object) -> str:
        return word(key, one, **fields)

    def lo_note(key: str, **fields: object) -> str:
        return f"   ({word(key, 'lo', **fields)})" if lang == "both" else ""

    template = summary.get("template")
    if template == "province-gdp":
        return _province_lines(summary, lang, one, label, lo_note, pad)
    out = []
    if template == "district-growth":
        out.append(
            label(
                "district_line",
                district=summary.get("district_code") or "-",
                base=summary.get("base_year") or "-",
                latest=summary.get("latest_year") or "-",
            )
        )
        out.append(
            f"  {pad(label('composite_growth'), 30)} "
            f"{_f(summary.get('composite_growth_pct'), 2)} %{lo_note('composite_growth')}"
        )
        return out
    if template == "sez-enterprise":
        for key in ("enterprises", "zones"):
            out.append(f"  {pad(label(key), 30)} {summary.get(key, '-')}{lo_note(key)}")
        out.append(
            f"  {pad(label('gva_total'), 30)} {_f(summary.get('gva_total'))}{lo_note('gva_total')}"
        )
        return out
    return [f"  {k}: {'-' if v is None else v}" for k, v in summary.items() if k != "template"]


def _province_lines(summary, lang, one, label, lo_note, pad) -> list[str]:
    from xladdin.templates.data import geography, industries

    ind = industries()
    col = "name_lo" if one == "lo" else "name_en"
    names = dict(zip(ind["code"], ind[col], strict=False))
    prov = geography()  # the provinces and the nation (00, Lao PDR)
    code = str(summary.get("province_code") or "")
    pnames = dict(zip(prov["code"].astype(str).str.zfill(2), prov[col], strict=False))
    province = pnames.get(code.zfill(2), code or "-") if code else "-"
    if one == "en" and province != "-":
        province = f"{province} ({code})"
    unit = summary.get("unit") or ""
    base = summary.get("base_year")
    if one == "lo":
        unit = _unit_lo(unit)
    out = [label("province_line", province=province, base=base, latest=summary.get("latest_year"))]
    w = 34
    out.append(
        f"  {pad(label('gdp_current'), w)} {_f(summary.get('gdp_current'))} {unit}"
        f"{lo_note('gdp_current')}"
    )
    out.append(
        f"  {pad(label('gdp_constant', base=base), w)} {_f(summary.get('gdp_constant'))} {unit}"
        f"{lo_note('gdp_constant', base=base)}"
    )
    out.append(
        f"  {pad(label('real_growth'), w)} {_f(summary.get('gdp_growth_pct'), 2)} %"
        f"{lo_note('real_growth')}"
    )
    out.append(f"  {label('structure')}{lo_note('structure')}")
    for c, v in (summary.get("structure_pct") or {}).items():
        out.append(f"    {pad(names.get(c, c), w - 2)} {_f(v, 1):>6} %")
    out.append(
        f"  {pad(label('per_capita'), w)} {_f(summary.get('gdp_per_capita_kip'), 0)} "
        f"{label('kip')} = {_f(summary.get('gdp_per_capita_usd'), 0)} {label('usd')}"
        f"{lo_note('per_capita')}"
    )
    return out


def _unit_lo(unit: str) -> str:
    """The Lao name of a money unit: its glossary term (``units.csv`` names the key)."""
    from xladdin.templates.data import unit_term

    shown = unit_term(unit)
    return shown.lo if shown else unit


def _f(value, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _run(args: argparse.Namespace) -> int:
    from xladdin.cli.common import error_words, refused_line, usage_error
    from xladdin.compile import compile_file
    from xladdin.errors import WorkbookError
    from xladdin.findings.words import say
    from xladdin.workbook.package import os_reason

    try:
        result = compile_file(args.book, backup=not args.no_backup)
    except (OSError, WorkbookError) as exc:  # e.g. the file is open in Excel on Windows
        why = error_words(exc, "cli_detail_in_english")
        if isinstance(exc, OSError):
            why["reason"] = os_reason(exc)
        usage_error("cannot_compile", args.lang, path=args.book, **why)
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        if result.written:
            for line in say("compiled", args.lang, path=result.written):
                print(line)
        print_summary(result.summary, args.lang)
        print(result.report.to_text(lang=args.lang))
    line = refused_line("compile", args.book, result.report, args.lang)
    if line:
        print(line, file=sys.stderr)
    return result.exit_code


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``compile``."""
    from xladdin.cli.common import add_lang

    p = sub.add_parser("compile", help="compile a template workbook in place (outputs + Checks)")
    p.add_argument(
        "book", help="the .xlsx workbook (province-gdp, district-growth, sez-enterprise)"
    )
    p.add_argument(
        "--no-backup", action="store_true", help="do not keep the backup copy BOOK.xlsx.bak"
    )
    p.add_argument("--json", action="store_true", help="print the findings and summary as JSON")
    add_lang(p)
    p.set_defaults(func=_run)
