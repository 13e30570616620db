"""A returned workbook as the review sees it: identity, stamp and the results tables.

:func:`extract` reads a compiled xladdin workbook through a
:class:`~xladdin.workbook.model.WorkbookView`, finding every block by **table name and header
text** or defined name (never by cell address), as the templates' binding does. The result, a
:class:`Submission`, is plain data (pandas frames indexed by row code with integer year
columns) and round-trips through JSON so the submission register can cache it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from xladdin.findings import Finding, finding
from xladdin.findings.words import reason
from xladdin.workbook.model import WorkbookView, parse_refers_to

__all__ = ["Submission", "extract", "recompute", "table_frame"]

# Table and defined names of the templates (see xladdin.templates.spec).
PROVINCE_TABLES = {
    "gva_current": "tblGvaCurrent",
    "gva_constant": "tblGvaConstant",
    "per_capita": "tblPerCapita",
}
DISTRICT_TABLES = {"district_growth": "tblDistrictGrowth"}
YEARS_TABLE = "tblYears"
#: the results tables :func:`recompute` compares and replaces, by key
_RECOMPUTED = {**PROVINCE_TABLES, **DISTRICT_TABLES}


@dataclass
class Submission:
    """One returned workbook, extracted.

    Attributes
    ----------
    path : str
        Where it was read from.
    level : {"province", "district", "sez", "unknown"}
    code : str or None
        Province code (``"16"``) or district code.
    province_code : str or None
        The province (for a district, its province).
    template_id, template_version : str or None
    base_year : int or None
    unit : str or None
    period : str or None
        Years with data, e.g. ``"2012-2026"``.
    stamp : dict
        The return stamp (compiled by, when, xladdin and template version), if any.
    data_hash : str or None
        Hash of the data cells recorded in the stamp.
    tables : dict of str to DataFrame
        Results tables by key (``gva_current``, ``gva_constant``, ``per_capita``,
        ``district_growth``, ``years``): index = row code (``"01"``, ``"GDP"``...) or year,
        columns = years (int) or field names, values float (NaN where empty).
    findings : list of Finding
        Everything found while reading, verifying and validating this file.
    stamp_state : str
        ``intact``, ``changed``, ``missing``, ``unknown`` (a stamp this xladdin cannot check)
        or ``""`` (not verified).
    recomputed : bool
        True when :attr:`tables` hold the numbers recomputed from the file's inputs
        (:func:`recompute`), False when they are the file's own outputs.
    signature : tuple, optional
        The review's "Signed by" parts and findings for this file, checked on the bytes that
        were read (:func:`xladdin.signing.review_signature_parts`); None when not checked
        while reading. Not saved in the register (the trust roots of the next run may differ).
    register_json : str, optional
        :meth:`to_json` made where the file was read (a worker process), for the register;
        None: made when recorded.
    """

    path: str
    level: str = "unknown"
    code: str | None = None
    province_code: str | None = None
    template_id: str | None = None
    template_version: str | None = None
    base_year: int | None = None
    unit: str | None = None
    period: str | None = None
    stamp: dict[str, Any] = field(default_factory=dict)
    data_hash: str | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    stamp_state: str = ""
    recomputed: bool = False
    signature: Any = field(default=None, repr=False, compare=False)
    register_json: str | None = field(default=None, repr=False, compare=False)

    @property
    def usable(self) -> bool:
        """True when the file was read and has results to consolidate."""
        return (
            self.level in ("province", "district")
            and bool(self.tables)
            and not any(f.refuses for f in self.findings)
        )

    def to_json(self) -> str:
        def frame(df: pd.DataFrame) -> dict[str, Any]:
            d = df.astype(object).where(df.notna(), None)
            return {
                "index": [str(i) for i in d.index],
                "columns": [str(c) for c in d.columns],
                "data": d.values.tolist(),
            }

        return json.dumps(
            {
                "path": self.path,
                "level": self.level,
                "code": self.code,
                "province_code": self.province_code,
                "template_id": self.template_id,
                "template_version": self.template_version,
                "base_year": self.base_year,
                "unit": self.unit,
                "period": self.period,
                "stamp": _plain(self.stamp),
                "data_hash": self.data_hash,
                "tables": {k: frame(v) for k, v in self.tables.items()},
                "findings": [f.to_dict() for f in self.findings],
                "stamp_state": self.stamp_state,
                "recomputed": self.recomputed,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Submission:
        d = json.loads(text)
        tables = {}
        for key, t in d.pop("tables").items():
            df = pd.DataFrame(t["data"], index=t["index"], columns=t["columns"], dtype=float)
            if key == "years":
                df.index = [int(i) for i in df.index]
            else:
                df.columns = [int(c) for c in df.columns]
            tables[key] = df
        findings = [Finding.from_dict(f) for f in d.pop("findings")]
        return cls(**d, tables=tables, findings=findings)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# --- reading ---------------------------------------------------------------------------------


def _number(value: Any) -> float:
    if isinstance(value, bool) or value is None:
        return math.nan
    if isinstance(value, (int, float)):
        return float(value)
    return math.nan  # text / errors: validation reports them; the review does not guess


def _norm(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


def table_frame(
    view: WorkbookView, table_name: str, key_header: str = "Code"
) -> pd.DataFrame | None:
    """An Excel Table as a frame: index = the key column (text), columns = year headers (int).

    Columns whose header is not a year are dropped. None when the table does not exist.
    """
    tables = {k.casefold(): t for k, t in view.tables().items()}
    t = tables.get(table_name.casefold())
    if t is None:
        return None
    rows = view.values(t.sheet, t.ref)
    if not rows:
        return None
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    norm = [_norm(h) for h in headers]
    try:
        key_at = norm.index(_norm(key_header))
    except ValueError:
        return None
    year_cols = [(j, int(h)) for j, h in enumerate(headers) if h.isdigit() and len(h) == 4]
    index, data = [], []
    for row in rows[1:]:
        key = row[key_at]
        if key is None or str(key).strip() == "":
            continue
        key = str(int(key)).zfill(2) if isinstance(key, (int, float)) else str(key).strip()
        index.append(key)
        data.append([_number(row[j]) for j, _ in year_cols])
    return pd.DataFrame(data, index=index, columns=[y for _, y in year_cols], dtype=float)


def _years_frame(view: WorkbookView) -> pd.DataFrame | None:
    tables = {k.casefold(): t for k, t in view.tables().items()}
    t = tables.get(YEARS_TABLE.casefold())
    if t is None:
        return None
    rows = view.values(t.sheet, t.ref)
    wanted = {"population": "population", "kip per usd": "kip_per_usd"}
    headers = [_norm(h) for h in rows[0]]
    if "year" not in headers:
        return None
    yi = headers.index("year")
    cols = {wanted[h]: j for j, h in enumerate(headers) if h in wanted}
    index, data = [], []
    for row in rows[1:]:
        y = row[yi]
        if isinstance(y, (int, float)) and not isinstance(y, bool):
            index.append(int(y))
            data.append([_number(row[j]) for j in cols.values()])
    return pd.DataFrame(data, index=index, columns=list(cols), dtype=float)


def _name_value(view: WorkbookView, name: str) -> Any:
    names = {k.casefold(): v for k, v in view.defined_names().items()}
    refers = names.get(name.casefold())
    if not refers:
        return None
    target = parse_refers_to(refers)
    if target is None:
        return None
    sheet, ref = target
    try:
        vals = view.values(sheet, ref.split(":")[0])
    except Exception:  # a name pointing at a missing sheet: treat as absent
        return None
    return vals[0][0] if vals and vals[0] else None


def _code_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)).zfill(2)
    text = str(value).strip()
    head = text.split()[0] if text else ""
    head = head.split("-")[0].strip()
    return head.zfill(2) if head.isdigit() else (text or None)


def template_identity(view: WorkbookView) -> tuple[str | None, str | None, list[Finding]]:
    """(template id, version, findings) from :func:`xladdin.templates.binding.recognise`
    (the hidden ``_xladdin`` sheet, else the custom document properties)."""
    try:
        from xladdin.templates.binding import recognise
    except ImportError:  # pragma: no cover - templates package incomplete
        return None, None, []
    try:
        info, found = recognise(view)
    except Exception as exc:  # a damaged stamp: report, go on with the tables
        return None, None, [finding("rule-error", rule="template-recognition", error=str(exc))]
    if info is None:
        return None, None, list(found)
    return info.id, info.version, list(found)


def _period(frames: list[pd.DataFrame]) -> str | None:
    years = sorted({int(c) for df in frames for c in df.columns[df.notna().any().to_numpy()]})
    if not years:
        return None
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def extract(view: WorkbookView, path: str | None = None) -> Submission:
    """Read the identity and results tables of a compiled xladdin workbook.

    Never raises for bad content: problems become findings on the returned submission
    (``review-file-unrecognised``, ``review-no-results``). Validation, stamp verification and
    the security inspection are run by :func:`xladdin.review.consolidate.read_submission`.
    """
    sub = Submission(path=path or getattr(view, "source", "") or "")
    sub.template_id, sub.template_version, found = template_identity(view)
    sub.findings.extend(found)
    tables = {k.casefold() for k in view.tables()}
    if PROVINCE_TABLES["gva_current"].casefold() in tables:
        sub.level = "province"
        keys = PROVINCE_TABLES
    elif DISTRICT_TABLES["district_growth"].casefold() in tables:
        sub.level = "district"
        keys = DISTRICT_TABLES
    elif sub.template_id == "sez-enterprise":
        sub.level = "sez"
        sub.findings.append(finding("review-sez-not-summed", table="tblSezByProvince"))
        from xladdin.review.sez import sez_gva_table  # issue 9 (L1): matched to host provinces

        gva = sez_gva_table(view)
        if gva is not None and not gva.empty:
            sub.tables["sez_gva"] = gva
        unit = _name_value(view, "xl_unit")
        sub.unit = str(unit) if unit is not None else None
        return sub
    else:
        sub.findings.append(
            finding(
                "review-file-unrecognised",
                **reason("reason_no_results_table"),
            )
        )
        return sub
    sub.province_code = _code_text(_name_value(view, "xl_province_code"))
    if sub.level == "district":
        sub.code = _code_text(_name_value(view, "xl_district_code"))
    else:
        sub.code = sub.province_code
    base = _name_value(view, "xl_base_year")
    if isinstance(base, (int, float)) and not isinstance(base, bool):
        sub.base_year = int(base)
    elif isinstance(base, str) and base.strip().isdigit():
        sub.base_year = int(base.strip())
    unit = _name_value(view, "xl_unit")
    sub.unit = str(unit) if unit is not None else None
    for key, name in keys.items():
        df = table_frame(view, name)
        if df is None:
            continue
        sub.tables[key] = df
    main = "gva_current" if sub.level == "province" else "district_growth"
    if main not in sub.tables or not sub.tables[main].notna().any().any():
        sub.findings.append(finding("review-no-results", table=keys[main]))
    years = _years_frame(view)
    if years is not None:
        sub.tables["years"] = years
    if sub.level == "province" and "gva_current" in sub.tables:  # issue 9 (L1): SEZ included?
        from xladdin.review.sez import included_table

        flags = included_table(view, [int(y) for y in sub.tables["gva_current"].columns])
        if flags is not None:
            sub.tables["sez_included"] = flags
    if sub.level == "district":  # issue 9 (L2): base-year GVA by sector, the district's weight
        from xladdin.review.district_weights import weights_table

        weights = weights_table(view, sub.base_year)
        if weights is not None:
            sub.tables["district_weights"] = weights
    sub.period = _period(
        [df for k, df in sub.tables.items() if k not in ("years", "district_weights")]
    )
    return sub


# --- recomputation ---------------------------------------------------------------------------

MAX_DIFFERS_LISTED = 20
"""Differing output cells listed one by one per file; the rest are counted per table."""


def _same(stored: Any, computed: Any) -> bool:
    """Equal as the review reads them: both empty, or numbers equal to 1e-9 relative."""
    a = _number(stored)
    b = _number(computed)
    if math.isnan(a) and math.isnan(b):
        # both empty; a text or error where nothing is computed is still a difference
        return stored is None or not isinstance(stored, str) or stored.strip() == ""
    if math.isnan(a) or math.isnan(b):
        return False
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _shown(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "(empty)"
    if isinstance(value, float):
        return f"{value:.6g}"
    return repr(value)[:40]


def _cells_of(raw: pd.DataFrame) -> Any:
    """``raw.at[row, column]`` as a function, looked up in one array when the keys are unique
    (the same values; KeyError for an absent key, as ``.at``)."""
    if not (raw.index.is_unique and raw.columns.is_unique):
        return lambda row, col: raw.at[row, col]
    array = raw.to_numpy(dtype=object)
    rows = {k: i for i, k in enumerate(raw.index)}
    cols = {k: j for j, k in enumerate(raw.columns)}
    return lambda row, col: array[rows[row], cols[col]]


def _not_recomputed(why: dict[str, str]) -> Finding:
    """``review-not-recomputed`` with its reason in English and Lao (``reason``,
    ``reason_lo``: :func:`xladdin.findings.words.reason`)."""
    return finding("review-not-recomputed", **why)


def _finding_reason(f: Finding) -> dict[str, str]:
    """A compile finding as the reason: its English and its Lao message."""
    return {"reason": f.message_en, "reason_lo": f.message_lo}


def recompute(
    view: WorkbookView, sub: Submission, binding: tuple[list[Finding], Any] | None = None
) -> None:
    """Recompute the results of ``sub`` from the inputs in ``view`` and use them.

    Calls :func:`xladdin.compile.compile_view` -- the same compile as ``xladdin compile`` --
    in memory (the patch is never applied, no file is written; with ``outputs=`` it holds the
    values of the tables read here). Every output cell of the tables the review reads
    (``tblGvaCurrent``, ``tblGvaConstant``, ``tblPerCapita``, ``tblDistrictGrowth``) is
    compared with the file's own value: a difference is a
    ``review-output-differs`` finding naming the sheet and cell, with both values. The
    submission's tables are then replaced by the recomputed ones, so a forged or stale output
    changes nothing in the sums. When compile cannot run on the file, ``review-not-recomputed``
    says why and the file's own tables stay (summed only if the reviewer accepts the file).
    ``binding`` (recognise findings, Bound) is the binding validation already made of this
    ``view``; compile then does not bind the file again.
    """
    from xladdin.compile import compile_view
    from xladdin.workbook.model import SetValue, col_letter

    try:
        # only the values of the tables read here go into the patch
        res = compile_view(view, validate=False, binding=binding, outputs=_RECOMPUTED.values())
    except Exception as exc:  # a compile bug must not stop the review
        error = f"{type(exc).__name__}: {exc}"
        sub.findings.append(_not_recomputed(reason("not_recomputed_failed", error=error)))
        return
    wanted = {name.casefold(): key for key, name in _RECOMPUTED.items()}
    blocks = {}
    if res.bound is not None and not res.report.refused:
        blocks = {
            wanted[b.table.casefold()]: b
            for b in res.bound.outputs.values()
            if b.table.casefold() in wanted
        }
    main = "gva_current" if sub.level == "province" else "district_growth"
    if main not in blocks:
        refusing = next((f for f in res.report if f.refuses), None)
        sub.findings.append(
            _not_recomputed(
                _finding_reason(refusing)
                if refusing is not None
                else reason("not_recomputed_no_table", table=_RECOMPUTED[main])
            )
        )
        return
    computed = {(op.sheet, op.cell): op.value for op in res.patch.ops if isinstance(op, SetValue)}
    tables: dict[str, pd.DataFrame] = {}
    differs: list[Finding] = []
    listed = 0
    for key, block in blocks.items():
        data = []
        more: list[str] = []
        stored_at = _cells_of(block.raw)
        sheet = block.sheet
        # block.cell(code, year) is f"{letter of year}{row of code}"
        letters = [col_letter(block.columns[y]) for y in block.years] if block.rows else []
        for code, sheet_row in block.rows.items():
            row = []
            for year, letter in zip(block.years, letters, strict=True):
                cell = f"{letter}{sheet_row}"
                value = computed.get((sheet, cell))
                try:
                    stored = stored_at(code, year)
                except KeyError:
                    stored = None
                if type(value) is float:  # as _number() and _same() take it, without the calls
                    row.append(value)
                    if type(stored) is float and stored == value:
                        continue
                else:
                    row.append(_number(value))
                if _same(stored, value):
                    continue
                if listed < MAX_DIFFERS_LISTED:
                    listed += 1
                    differs.append(
                        finding(
                            "review-output-differs",
                            sheet=block.sheet,
                            cell=cell,
                            table=block.table,
                            row=code,
                            year=year,
                            stored=_shown(stored),
                            computed=_shown(value),
                        )
                    )
                else:
                    more.append(cell)
            data.append(row)
        if more:
            shown = ", ".join(more[:10]) + (", ..." if len(more) > 10 else "")
            differs.append(
                finding(
                    "review-output-differs-more",
                    sheet=block.sheet,
                    cell=more[0],
                    table=block.table,
                    count=len(more),
                    cells=shown,
                )
            )
        index = [str(c) for c in block.rows]
        tables[key] = pd.DataFrame(data, index=index, columns=list(block.years), dtype=float)
    if not tables[main].notna().any().any():
        # nothing computable from the inputs (missing tables or inputs): cannot be verified
        error = next((f for f in res.report if f.severity.value == "error"), None)
        sub.findings.append(
            _not_recomputed(
                _finding_reason(error) if error is not None else reason("not_recomputed_no_inputs")
            )
        )
        return
    sub.findings.extend(differs)
    for kept in ("years", "sez_included", "district_weights"):  # inputs, not recomputed
        if kept in sub.tables:
            tables[kept] = sub.tables[kept]
    sub.tables = tables
    sub.recomputed = True
    sub.period = _period([df for k, df in tables.items() if k not in ("years", "district_weights")])
