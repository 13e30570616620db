"""``xladdin consolidate`` and ``xladdin register list``: central review on the command line.

Thin front door over :func:`xladdin.review.consolidate.consolidate` and
:class:`xladdin.review.register.Register` (the ribbon's *Consolidate* button calls the same
function). Exit codes: 0 clean, 1 errors found, 2 a file was unreadable or refused, no workbook
found in the folders given, or bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from xladdin.cli.common import command_lines, error_words, usage_error
from xladdin.findings.texts import pairs


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``consolidate`` and ``register`` to the parser."""
    from xladdin.cli.common import add_lang

    p = sub.add_parser(
        "consolidate",
        help="consolidate returned provincial/district workbooks into a national review workbook",
        description="Read every returned workbook (untrusted: inspected first), verify its stamp, "
        "validate it, and write a review workbook: provinces x industries x years, the sum of "
        "provinces against national GDP, growth, structure, per capita, raking to national "
        "totals, and a status table. Unchanged files are taken from the submission register.",
    )
    p.add_argument(
        "paths", nargs="+", metavar="DIR_OR_FILE", help="returned .xlsx/.xlsm files or folders"
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="REVIEW.xlsx", help="review workbook to write"
    )
    p.add_argument(
        "--national",
        metavar="FILE",
        help="national totals (CSV, .xlsx with a National sheet, or a compiled national "
        "workbook: the province template with province code 00, Lao PDR)",
    )
    p.add_argument(
        "--register", metavar="PATH", help="SQLite register (default: beside the review workbook)"
    )
    p.add_argument(
        "--accept",
        action="append",
        default=[],
        metavar="FILE",
        help="sum this file although its stamp shows a change, it has no stamp or it cannot be "
        "verified (file name or path, wildcards allowed; repeatable). Without it such files "
        "are not summed",
    )
    p.add_argument(
        "--allow-unstamped",
        action="store_true",
        help="deprecated: accept every file without a return stamp (as --accept for each)",
    )
    p.add_argument(  # digital signatures (xladdin/signing; docs/signing.md)
        "--trust-root",
        action="append",
        metavar="CA.pem",
        help="check each file's digital signer against this root certificate (PEM or DER; "
        "repeatable; wins over XLADDIN_TRUST_ROOT), shown on the Status sheet",
    )
    p.add_argument(
        "--signers",
        metavar="CSV",
        help="signer table (province,sha256,common_name,valid_from,valid_to,note): a file "
        "signed by a trusted certificate not listed for its province is an error; needs "
        "--trust-root or XLADDIN_TRUST_ROOT",
    )
    p.add_argument("--no-validate", action="store_true", help="skip the validation rules")
    p.add_argument("--no-reconcile", action="store_true", help="do not rake to the national totals")
    p.add_argument(
        "--rake-incomplete",
        action="store_true",
        help="rake years in which some provinces have no data (default: leave them as submitted)",
    )
    p.add_argument(
        "--alterability",
        metavar="CSV",
        help="CSV with columns province,line,alterability (0 = hold the cell fixed while raking)",
    )
    p.add_argument("--allocation-key", choices=["population", "gva"], default="population")
    p.add_argument(  # issue 9 (L1): docs/levels.md
        "--taxes",
        choices=["gva", "rake"],
        default="gva",
        help="taxes less subsidies on products: allocate the national total by GVA (default, "
        "ESA 2010 ch. 13; collected taxes kept beside) or rake the collected taxes",
    )
    p.add_argument(
        "--district-shares",
        dest="district_shares_csv",
        metavar="CSV",
        help="base-year shares of districts in each sector (CSV district,sector,share), "
        "overriding the district returns' own base-year GVA for the sectors it lists (the "
        "DistrictGrowth sheet compares the districts' weighted growth with their province's)",
    )
    p.add_argument(
        "--volume-deflator",
        choices=["national", "own"],
        default="national",
        help="provincial volumes: deflate with the national industry deflator (default, ESA 2010 "
        "ch. 13) or the province's own, then reconcile to the national constant prices",
    )
    p.add_argument(
        "--tolerance",
        type=float,
        default=0.05,
        metavar="PCT",
        help="discrepancy reported above this percent",
    )
    p.add_argument(
        "--macros",
        choices=["warn", "refuse"],
        default="warn",
        help="policy for macro-enabled files",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="processes reading new files (default: one per CPU on Linux for 4+ files, else 1; "
        "XLADDIN_WORKERS)",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    add_lang(p)  # the terminal's language; the review workbook has both
    p.set_defaults(func=_consolidate)

    i = sub.add_parser(
        "inspect",
        help="check returned files for zip bombs, entity tricks, macros, links, DDE (nothing is run)",
        description="Inspect untrusted .xlsx/.xlsm files without opening them in a workbook "
        "library: zip bombs, XML entities, macros, encryption, truncation, absurd dimensions, "
        "external links, DDE/command formulas, hidden sheets with data. Exit 2 when a file "
        "must not be read, 1 when it has security errors, 0 when clean.",
    )
    i.add_argument("files", nargs="+", metavar="FILE")
    i.add_argument("--macros", choices=["warn", "refuse"], default="warn")
    i.add_argument("--json", action="store_true")
    add_lang(i)
    i.set_defaults(func=_inspect)

    r = sub.add_parser("register", help="the submission register (history of received files)")
    rsub = r.add_subparsers(dest="register_command", metavar="ACTION")
    lst = rsub.add_parser("list", help="list every file received, newest last")
    lst.add_argument(
        "--register",
        metavar="PATH",
        default=None,
        help="SQLite register (default: ./review.register.sqlite)",
    )
    lst.add_argument("--current", action="store_true", help="only files not superseded")
    lst.add_argument("--json", action="store_true")
    add_lang(lst)
    lst.set_defaults(func=_register_list)
    r.set_defaults(func=lambda args: (r.print_help(sys.stderr), 2)[1])  # no ACTION


def _read_alterability(path: str):
    import pandas as pd

    df = pd.read_csv(path, dtype={"province": str, "line": str})
    missing = {"province", "line", "alterability"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    df["province"] = df["province"].str.zfill(2)
    df["line"] = [s.zfill(2) if s.isdigit() else s for s in df["line"]]
    return df.pivot_table(index="province", columns="line", values="alterability", aggfunc="last")


def _signature_policy(args: argparse.Namespace):
    """The trust roots and signer table of ``consolidate`` (None after printing why they
    cannot be used: exit 2)."""
    from xladdin.review.geography import province_names
    from xladdin.signing import SignaturePolicyError, signature_policy
    from xladdin.signing.core import SigningError
    from xladdin.signing.signers import SignersFileError

    try:
        known = {*province_names(), "00"}  # 00: the national workbook
        return signature_policy(args.trust_root, args.signers, known)
    except SigningError as exc:
        f = exc.finding
        msg = {"en": f.message_en, "lo": f.message_lo}.get(
            args.lang, f"{f.message_en}\n{f.message_lo}"
        )
        print(f"xladdin consolidate: {f.code}: {msg}", file=sys.stderr)
    except (SignersFileError, SignaturePolicyError) as exc:
        from xladdin.findings.words import one_line, say

        # the table's problem (its line), or the policy's reason, in both languages
        if isinstance(exc, SignersFileError):  # cannot use the table (as shares_unusable)
            said = exc.without(str(args.signers))
            lines = say(
                "signers_unusable", args.lang, path=args.signers, command="consolidate", **said
            )
        else:
            lines = say("cli_failed", args.lang, command="consolidate", **exc.reason)
        print("\n".join(one_line(t) for t in lines), file=sys.stderr)
    return None


def _register_unusable(command: str, path: object, exc: Exception, lang: str) -> None:
    """Why the submission register cannot be used (``sqlite3``'s own words in English)."""
    from xladdin.findings.words import word

    if path:
        where = {"path": path}
    else:  # the default register, beside the review workbook
        where = {"path": word("register_beside", lang if lang != "both" else "en")}
    why = {"reason": str(exc), "reason_lo": word("register_not_usable", "lo")}
    usage_error("cli_register_path_unusable", lang, command=command, **where, **why)


def _consolidate(args: argparse.Namespace) -> int:
    from xladdin.review.consolidate import Options, consolidate
    from xladdin.workbook.safety import Limits

    alter = None
    if args.alterability:
        try:
            alter = _read_alterability(args.alterability)
        except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
            why = error_words(exc, "alterability_invalid")
            why["reason"] = why["reason"].removeprefix(f"{args.alterability}: ")
            fields = {"option": "--alterability", "path": args.alterability}
            usage_error("option_unusable", args.lang, command="consolidate", **fields, **why)
            return 2
    shares = None
    if args.district_shares_csv:  # issue 9 (L1): xladdin.review.districts
        from xladdin.review.districts import read_shares

        try:
            shares = read_shares(args.district_shares_csv)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            why = error_words(exc, "shares_reason")
            fields = {"option": "--district-shares", "path": args.district_shares_csv}
            usage_error("option_unusable", args.lang, command="consolidate", **fields, **why)
            return 2
    from xladdin.review.consolidate import collect_paths

    for p in args.paths:
        if not Path(p).exists():
            usage_error("cli_no_such_path", args.lang, command="consolidate", path=p)
            return 2
    if Path(args.output).is_dir():
        usage_error("cli_review_not_folder", args.lang, command="consolidate", path=args.output)
        return 2
    from xladdin.cli.common import output_problem

    problem = output_problem(args.output, lang=args.lang)
    if problem:  # never create a folder the user did not make (a typo in -o)
        print(command_lines("consolidate", problem, args.lang), file=sys.stderr)
        return 2
    if args.register and Path(args.register).is_dir():
        usage_error("cli_register_folder", args.lang, command="consolidate", path=args.register)
        return 2
    national = None
    if args.national:  # given on purpose: a file that gives no totals is an error, not "none"
        from xladdin.review.national import read_national

        national = read_national(args.national, accept=tuple(args.accept))
        bad = [f for f in national.findings if f.severity.value == "error"]
        if bad or national.frame.empty:
            for f in bad or national.findings:
                fields = {"option": "--national", "path": args.national}
                why = {"reason": f.message_en, "reason_lo": f.message_lo}
                usage_error("option_unusable", args.lang, command="consolidate", **fields, **why)
            return 2
    if not collect_paths(args.paths):
        usage_error("cli_no_returns", args.lang, command="consolidate", paths=", ".join(args.paths))
        return 2
    signatures = _signature_policy(args)  # --trust-root, --signers (xladdin/signing)
    if signatures is None:
        return 2
    options = Options(
        limits=Limits(macros=args.macros),
        accept=tuple(args.accept),
        require_stamp=not args.allow_unstamped,
        validate=not args.no_validate,
        tolerance_pct=args.tolerance,
        reconcile=not args.no_reconcile,
        rake_incomplete=args.rake_incomplete,
        alterability=alter,
        allocation_key=args.allocation_key,
        taxes=args.taxes,
        volume_deflator=args.volume_deflator,
        district_shares=shares,
        workers=args.workers,
    )
    if args.allow_unstamped:
        from xladdin.findings.words import say

        for line in say("cli_allow_unstamped_deprecated", args.lang):
            print(line, file=sys.stderr)
    import sqlite3

    from xladdin.errors import WorkbookError

    try:
        result = consolidate(
            args.paths,
            args.output,
            national=national,
            register=args.register,
            options=options,
            signatures=signatures,
        )
    except sqlite3.Error as exc:  # e.g. --register names a CSV
        _register_unusable("consolidate", args.register, exc, args.lang)
        return 2
    except WorkbookError as exc:  # the review workbook cannot be written (read-only, disk full)
        why = error_words(exc, "cli_detail_in_english")
        usage_error("cli_failed", args.lang, command="consolidate", **why)
        return 2
    if args.json:
        out = result.report.to_dict()
        out["output"] = str(result.out)
        out["register"] = str(result.register) if result.register else None
        out["files"] = result.stats["status"]
        out["stats"] = {  # the District levels frames are in the review workbook, not here
            k: v for k, v in result.stats.items() if k not in ("status", "district_levels")
        }
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return result.exit_code
    print(_summary(result, args.lang))
    return result.exit_code


# Terminal words for a file's state, English and Lao; the exit lines are ``word`` rows exit_0..2.
_STATE_WORDS = pairs("state")  # key -> (English, Lao): xladdin/data/messages.csv, kind=state


def _texts(pair: tuple[str, str], lang: str, **fmt: str) -> list[str]:
    en, lo = (t.format(**fmt) for t in pair)
    return {"en": [en], "lo": [lo]}.get(lang, [en, lo])


def _why(row: dict, lang: str) -> list[str]:
    """Lines explaining one file that needs the reviewer's attention (empty when none)."""
    from xladdin.findings.words import pad, say, word
    from xladdin.text.width import display_width

    states = []
    if row["refused"]:
        states.append("refused")
    elif row["consolidated"] == "superseded":
        states.append("superseded")
    elif row["consolidated"] != "consolidated":
        states.append("not consolidated")
    if row.get("stamp") in ("CHANGED", "missing"):
        states.append(row["stamp"])
    if row["status"] == "errors" and row["consolidated"] == "consolidated":
        states.append("errors")
    accepted = str(row.get("accepted") or "")
    if accepted.startswith("accepted"):
        states.append("accepted")
    elif accepted.startswith("not accepted"):
        states.append("not accepted")
    if not states:
        return []
    heads = [_texts(_STATE_WORDS[s], lang, newer=row.get("superseded_by") or "?") for s in states]
    if lang == "both":
        head = [" | ".join(h[0] for h in heads), " | ".join(h[1] for h in heads)]
    else:
        head = [" | ".join(h[0] for h in heads)]
    indent = " " * display_width(row["file"])  # a Lao file name: its marks take no column
    out = [f"  {row['file']}: {head[0]}"] + [f"  {indent}  {h}" for h in head[1:]]
    for reason in row.get("reasons", []):
        if reason["code"] == "review-superseded":
            continue  # said in the head line
        msgs = {"en": [reason["message_en"]], "lo": [reason["message_lo"]]}.get(
            lang, [reason["message_en"], reason["message_lo"]]
        )
        sev = word(reason["severity"], "lo" if lang == "lo" else "en")
        out.append(f"      {pad(sev, 8)} {reason['code']}: {msgs[0]}")
        out += [f"      {'':<8} {' ' * len(reason['code'])}  {m}" for m in msgs[1:]]
    if row.get("more_reasons"):
        out += [f"      {t}" for t in say("more_reasons", lang, n=row["more_reasons"])]
    return out


def _summary(result, lang: str) -> str:
    """The terminal summary of a consolidation in ``lang`` (en, lo, both): every header,
    state and total from :mod:`xladdin.findings.words`, the table padded by display width."""
    from xladdin.findings import Report
    from xladdin.findings.words import WORDS, render_table, say, word

    one = "lo" if lang == "lo" else "en"

    def state(prefix: str, value: object) -> str:
        key = f"{prefix}_{value}"
        return word(key, one) if key in WORDS else str(value or "-")

    s = result.stats
    lines = [
        *say(
            "files_line",
            lang,
            files=s["files"],
            read=s["read"],
            cached=s["cached"],
            used=len(result.used),
            seconds=f"{s['seconds']:.2f}",
        ),
        "",
    ]
    keys = ("file", "code", "status", "stamp", "err", "warn", "consolidated")
    header = [word(f"col_{k}", one) for k in keys]
    rows = []
    for row in s["status"]:
        extra = ""
        if row.get("stamped_validation"):
            sv = row["stamped_validation"]
            extra = f"  [{_lao_stamped(sv) if one == 'lo' else sv}]"
        rows.append(
            [
                row["file"][:30],
                row["code"],
                state("status", row["status"]),
                state("stamp", row.get("stamp") or "-"),
                row["errors"],
                row["warnings"],
                state("consolidated", row["consolidated"]) + extra,
            ]
        )
    lines += render_table(header, rows, align=["<", "<", "<", "<", ">", ">", "<"])
    why = [line for row in s["status"] for line in _why(row, lang)]
    if why:
        lines += ["", *say("attention", lang), *why]
    review = Report([f for f in result.report if "file" not in f.details])
    if len(review):
        lines += ["", *say("review_findings", lang)]
        first: dict[str, tuple[int, object]] = {}
        for f in review.sorted():
            n, f0 = first.get(f.code, (0, f))
            first[f.code] = (n + 1, f0)
        found = []
        for code, (n, f) in first.items():
            msgs = {"en": [f.message_en], "lo": [f.message_lo]}.get(
                lang, [f.message_en, f.message_lo]
            )
            found.append([word(f.severity.value, one), code, f"\u00d7{n}", msgs[0]])
            found += [["", "", "", m] for m in msgs[1:]]
        lines += render_table(["", "", "", ""], found, indent="  ")[1:]
    c = result.report.counts()
    wrote = (
        say("wrote_register", lang, path=result.out, register=result.register)
        if result.register
        else say("wrote", lang, path=result.out)
    )
    lines += [
        "",
        *say("total", lang, **c),
        *wrote,
        *say(("exit_0", "exit_1", "exit_2")[result.exit_code], lang),
    ]
    from xladdin.findings.words import one_line  # a newline in a file name stays one line

    return "\n".join(one_line(line) for line in lines)


def _lao_stamped(text: str) -> str:
    """Lao for "stamped: E errors, W warnings" (the register's English text)."""
    import re

    m = re.fullmatch(r"stamped: (\d+) errors?, (\d+) warnings?", text.strip())
    if not m:
        return text
    from xladdin.findings.words import word

    return word("stamped_validation", "lo", errors=m.group(1), warnings=m.group(2))


def _register_list(args: argparse.Namespace) -> int:
    from xladdin.review.register import Register, format_rows

    path = Path(args.register or "review.register.sqlite")
    if not path.is_file():
        usage_error("cli_no_register", args.lang, path=path)
        return 2
    import sqlite3

    try:
        with Register(path) as reg:
            rows = reg.rows(include_superseded=not args.current)
    except sqlite3.Error as exc:  # e.g. a CSV given as the register
        _register_unusable("register list", path, exc, args.lang)
        return 2
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(format_rows(rows, args.lang))
    return 0


def _inspect(args: argparse.Namespace) -> int:
    from xladdin.findings import Report
    from xladdin.workbook.safety import Limits, inspect_package

    limits = Limits(macros=args.macros)
    reports = [Report(inspect_package(f, limits), source=str(f)) for f in args.files]
    if args.json:
        print(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        for r in reports:
            print(f"== {r.source}")
            print(r.to_text(lang=args.lang))
    return max(r.exit_code for r in reports)
