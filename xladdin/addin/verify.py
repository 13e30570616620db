"""Check a built ``xladdin.xlam`` with parsers independent of the one that wrote it.

Checks (each recorded in the report; any failure raises AddinBuildError listing them all):

* package: a valid zip; ``xl/vbaProject.bin`` present; the ribbon part is referenced from
  ``_rels/.rels`` with the extensibility relationship; the workbook content type is the
  add-in one (``application/vnd.ms-excel.addin.macroEnabled.main+xml``);
* ribbon: ``customUI14.xml`` is well-formed (defusedxml), declares the 2009/07 namespace, has
  unique ids and only known attributes (:data:`RIBBON_SCHEMA`), texts within Excel's limits;
* ``_VBA_PROJECT``: one of the two variants the build writes (``cache-zeroed``: header kept,
  performance cache all zero bytes; ``stub``: ``cc61ffff00xxxx``, version 0xFFFF and no cache),
  the one asked for when ``vba_project`` is given; the project is named ``xladdin`` (PROJECT
  stream, read with olefile);
* every ``Declare`` compiled under VBA7 is ``PtrSafe``, with handle and pointer parameters
  (``hWnd``, ``h...``, ``lp...``) and handle-returning functions (``LoadLibrary``...) typed
  ``LongPtr`` (:func:`declare_errors`);
* olevba (oletools) reads every module back identical to its source (line endings
  normalised), no module missing, none extra;
* all VBA text is ASCII; no line over 1023 characters nor over 24 continuations; Sub/Function/If/Select/With/For/Do
  blocks are balanced (a cheap stand-in for compiling, which only Excel can do);
* every ``imageMso`` is in :data:`KNOWN_IMAGE_MSO` (names seen working; a typo shows no icon);
* every callback named in the ribbon XML (``onAction``, ``getVisible``, ``onLoad`` ...) is a
  public Sub in a standard module, with the parameters Office passes (onLoad
  ``(ribbon As IRibbonUI)``, onAction ``(control As IRibbonControl)``, get*
  ``(control As IRibbonControl, ByRef returnedVal)``);
* the dispatcher has a ``Case`` for every button tag of the ribbon, and nothing else;
* the ``xladdin.conf`` sheet has ``UDF Modules = udfs`` and the workbook folder off the path;
* LibreOffice (when installed) imports the VBA project: converted headless to .ods, its Basic
  library lists every module with the same code (LibreOffice drops ``Attribute`` lines).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from xladdin.addin import conf
from xladdin.addin.manifest import DISPATCHER, expected_modules
from xladdin.errors import AddinBuildError

CUSTOMUI_NS = {
    "customUI14.xml": "http://schemas.microsoft.com/office/2009/07/customui",
    "customUI.xml": "http://schemas.microsoft.com/office/2006/01/customui",
}
ADDIN_CONTENT_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
EXTENSIBILITY_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
CALLBACK_ATTRS = {
    "onLoad", "loadImage", "onAction", "onChange", "getLabel", "getScreentip", "getSupertip",
    "getVisible", "getEnabled", "getImage", "getKeytip", "getDescription", "getShowLabel",
    "getShowImage", "getSize", "getPressed", "getText", "getItemCount", "getItemLabel",
    "getItemID", "getItemImage", "getItemScreentip", "getItemSupertip", "getSelectedItemID",
    "getSelectedItemIndex", "getContent", "getTitle", "getHelperText", "getAltText",
}  # fmt: skip
DISPATCHER_CALLBACK = "xladdin_OnAction"
# Built-in icons we use, each seen in working public ribbons. A misspelt imageMso shows no icon
# in Excel and no error here, so a new icon goes into this list only after a Windows check.
KNOWN_IMAGE_MSO = frozenset({
    "AcceptInvitation", "CalculateNow", "FileNew", "FileSaveAs", "FindDialog", "Help",
    "MacroPlay", "PivotTableInsert", "Refresh", "TableInsert", "Translate",
})  # fmt: skip
LIBREOFFICE_TIMEOUT = 180
VBA_MAX_LINE = 1023  # the VBA editor's limit for one physical line
VBA_MAX_CONTINUATIONS = 24  # "Too many line continuations" above this


@dataclass
class Check:
    """One verification step and its outcome."""

    name: str
    ok: bool | None  # None: skipped
    detail: str = ""


@dataclass
class VerifyReport:
    """What :func:`verify_addin` checked."""

    path: Path
    checks: list[Check] = field(default_factory=list)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if c.ok is False]

    def add(self, name: str, ok: bool | None, detail: str = "") -> None:
        self.checks.append(Check(name, ok, detail))

    def render(self) -> str:
        mark = {True: "ok  ", False: "FAIL", None: "skip"}
        return "\n".join(f"{mark[c.ok]}  {c.name}: {c.detail}" for c in self.checks)


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _norm(text: str) -> str:
    """Normalise line endings only (VBA stores CRLF; olevba may hand back either)."""
    return _lf(text)


def _parse_xml(data: bytes):
    from defusedxml import ElementTree

    return ElementTree.fromstring(data)


# ---------------------------------------------------------------- package structure


def _check_package(path: Path, report: VerifyReport) -> dict[str, bytes] | None:
    from xladdin.errors import RefusedWorkbookError, WorkbookError
    from xladdin.workbook.package import read_all_parts

    try:  # an .xlam from elsewhere: the one set of package limits (size, ratio, names)
        parts = read_all_parts(path)  # every part inflated: a corrupt one fails its CRC here
    except RefusedWorkbookError as exc:
        report.add("package", False, f"refused by the package limits: {exc}")
        return None
    except WorkbookError as exc:
        report.add("package", False, f"not a valid zip: {exc}")
        return None
    problems = []
    if "xl/vbaProject.bin" not in parts:
        problems.append("no xl/vbaProject.bin")
    try:
        types = _parse_xml(parts["[Content_Types].xml"])
        ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
        overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{ns}Override")}
        if overrides.get("/xl/workbook.xml") != ADDIN_CONTENT_TYPE:
            problems.append(
                f"workbook content type is {overrides.get('/xl/workbook.xml')!r}, "
                f"not {ADDIN_CONTENT_TYPE!r}"
            )
        if overrides.get("/xl/vbaProject.bin") != "application/vnd.ms-office.vbaProject":
            problems.append("vbaProject.bin has no vbaProject content type")
    except KeyError:
        problems.append("no [Content_Types].xml")
    ui_targets = []
    try:
        rels = _parse_xml(parts["_rels/.rels"])
        for rel in rels:
            if rel.get("Type") == EXTENSIBILITY_REL:
                ui_targets.append(rel.get("Target", "").lstrip("/"))
    except KeyError:
        problems.append("no _rels/.rels")
    if len(ui_targets) != 1:
        problems.append(f"expected one customUI relationship in _rels/.rels, found {ui_targets}")
    elif ui_targets[0] not in parts:
        problems.append(f"_rels/.rels points to missing part {ui_targets[0]}")
    report.add(
        "package",
        not problems,
        "; ".join(problems) or f"zip with xl/vbaProject.bin, {ui_targets[0]}, add-in content type",
    )
    parts["__customui_target__"] = (ui_targets[0] if len(ui_targets) == 1 else "").encode()
    return parts


# ---------------------------------------------------------------- ribbon


@dataclass
class Ribbon:
    """What the verification needs from the ribbon XML."""

    callbacks: dict[str, set[str]]  # callback name -> attribute names using it
    dispatched_tags: set[str]  # tags of controls whose onAction is the dispatcher
    untagged: list[str]  # ids of dispatcher controls without a tag
    images: set[str] = field(default_factory=set)  # imageMso names


# The customUI14 schema, reduced to the elements and attributes this add-in uses. Excel
# refuses the WHOLE ribbon (silently, unless "Show add-in user interface errors" is on) for an
# unknown attribute, a duplicate id or a text over its length limit, so these are checked here.
RIBBON_SCHEMA: dict[str, set[str]] = {
    "customUI": {"onLoad", "loadImage"},
    "ribbon": {"startFromScratch"},
    "tabs": set(),
    "tab": {"id", "idMso", "label", "insertAfterMso", "insertBeforeMso", "keytip", "getVisible", "tag"},
    "group": {"id", "label", "getLabel", "getVisible", "imageMso", "keytip", "tag", "screentip", "supertip"},
    "button": {
        "id", "tag", "label", "getLabel", "size", "imageMso", "screentip", "getScreentip",
        "supertip", "getSupertip", "onAction", "getEnabled", "getVisible", "keytip", "showLabel",
    },
    "separator": {"id"},
}  # fmt: skip
_TEXT_LIMITS = {"label": 1024, "screentip": 1024, "supertip": 1024, "tag": 1024, "keytip": 3}
_ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:-]{0,1023}$")


def ribbon_schema_errors(root) -> list[str]:
    """Elements/attributes outside :data:`RIBBON_SCHEMA`, duplicate ids, over-long texts."""
    errors = []
    seen: dict[str, int] = {}
    for el in root.iter():
        local = el.tag.split("}")[-1]
        if local not in RIBBON_SCHEMA:
            errors.append(f"element <{local}> is not used by this add-in's schema")
            continue
        for attr, value in el.attrib.items():
            if attr not in RIBBON_SCHEMA[local]:
                errors.append(f"<{local} id={el.get('id')!r}>: attribute {attr!r} not allowed")
            if attr in _TEXT_LIMITS and len(value) > _TEXT_LIMITS[attr]:
                errors.append(
                    f"<{local} id={el.get('id')!r}>: {attr} longer than {_TEXT_LIMITS[attr]}"
                )
        if local == "button" and el.get("size", "normal") not in ("normal", "large"):
            errors.append(f"button {el.get('id')!r}: size must be normal or large")
        ident = el.get("id")
        if ident is not None:
            if not _ID_RE.match(ident):
                errors.append(f"id {ident!r} is not a valid control id")
            seen[ident] = seen.get(ident, 0) + 1
    errors += [f"id {i!r} used {n} times" for i, n in seen.items() if n > 1]
    return errors


def parse_ribbon(data: bytes, part_name: str) -> Ribbon:
    """Parse the customUI XML; raise AddinBuildError when malformed or in the wrong namespace."""
    try:
        root = _parse_xml(data)
    except Exception as exc:  # defusedxml / expat errors
        raise AddinBuildError(f"{part_name} is not well-formed XML: {exc}") from exc
    want = CUSTOMUI_NS.get(Path(part_name).name)
    tag = root.tag
    ns = tag[1:].split("}")[0] if tag.startswith("{") else ""
    if want is None or ns != want or not tag.endswith("}customUI"):
        raise AddinBuildError(
            f"{part_name}: root element {tag!r} must be customUI in namespace {want!r}"
        )
    errors = ribbon_schema_errors(root)
    if errors:
        raise AddinBuildError(f"{part_name}: " + "; ".join(errors[:10]))
    callbacks: dict[str, set[str]] = {}
    tags: set[str] = set()
    untagged: list[str] = []
    images = {el.get("imageMso") for el in root.iter() if el.get("imageMso")}
    for el in root.iter():
        for attr, value in el.attrib.items():
            if attr in CALLBACK_ATTRS:
                callbacks.setdefault(value, set()).add(attr)
        if el.get("onAction") == DISPATCHER_CALLBACK:
            if el.get("tag"):
                tags.add(el.get("tag"))
            else:
                untagged.append(el.get("id", "?"))
    return Ribbon(callbacks, tags, untagged, images)


# ---------------------------------------------------------------- VBA


def read_vba_with_olevba(path: Path) -> dict[str, str]:
    """Module name -> source, as oletools' olevba extracts them."""
    import warnings

    with warnings.catch_warnings():  # oletools 0.60.2 uses deprecated pyparsing names
        warnings.simplefilter("ignore")
        from oletools.olevba import VBA_Parser

        parser = VBA_Parser(str(path))
    try:
        out = {}
        for _sub, stream_path, _vba_filename, code in parser.extract_all_macros():
            name = stream_path.split("/")[-1]
            if isinstance(code, bytes):
                code = code.decode("latin-1")
            out[name] = code
        return out
    finally:
        parser.close()


def _ole_stream(vba_bin: bytes, *path: str) -> bytes:
    """A stream of vbaProject.bin, read with olefile (not the writer's CFB code)."""
    import io

    import olefile

    want = [p.upper() for p in path]
    with olefile.OleFileIO(io.BytesIO(vba_bin)) as ole:
        for entry in ole.listdir():
            if [e.upper() for e in entry[-len(want) :]] == want:
                return ole.openstream(entry).read()
    raise AddinBuildError(f"no {'/'.join(path)} stream in vbaProject.bin")


def vba_project_header(vba_bin: bytes) -> bytes:
    """The raw ``VBA/_VBA_PROJECT`` stream."""
    return _ole_stream(vba_bin, "VBA", "_VBA_PROJECT")


def vba_project_name(vba_bin: bytes) -> str:
    """``Name=`` of the PROJECT stream."""
    text = _ole_stream(vba_bin, "PROJECT").decode("latin-1")
    m = re.search(r'^Name="([^"]*)"', text, re.M)
    return m.group(1) if m else ""


_SUB_RE = re.compile(
    r"^[ \t]*(?:(Public|Private|Friend)[ \t]+)?(?:Static[ \t]+)?(Sub|Function)[ \t]+(\w+)[ \t]*\(",
    re.I | re.M,
)


def public_subs(modules: dict[str, str]) -> dict[str, set[str]]:
    """Callable Subs per module: name -> modules defining it (standard modules, not Private)."""
    out: dict[str, set[str]] = {}
    for module, text in modules.items():
        if "Attribute VB_Base" in text:  # document/class modules cannot host ribbon callbacks
            continue
        for scope, kind, name in _SUB_RE.findall(text):
            if kind.lower() == "sub" and scope.lower() != "private":
                out.setdefault(name.lower(), set()).add(module)
    return out


# The parameter lists Office passes to ribbon callbacks (VBA signatures of the customUI
# callbacks): a Sub with another list compiles, but Office cannot call it and the button or
# the tab silently does nothing.
_CONTROL = r"(?:ByVal\s+|ByRef\s+)?\w+\s+As\s+(?:Office\.)?IRibbonControl"
CALLBACK_SIGNATURES = {
    "onLoad": re.compile(r"^(?:ByVal\s+|ByRef\s+)?\w+\s+As\s+(?:Office\.)?IRibbonUI$", re.I),
    "onAction": re.compile(rf"^{_CONTROL}$", re.I),
    "get": re.compile(rf"^{_CONTROL}\s*,\s*ByRef\s+\w+(?:\s+As\s+\w+)?$", re.I),
}


def sub_parameters(modules: dict[str, str]) -> dict[str, list[str]]:
    """Public Sub name (lower case) -> its parameter lists (continuations joined)."""
    out: dict[str, list[str]] = {}
    rx = re.compile(
        r"^[ \t]*(?:(Public|Private|Friend)[ \t]+)?(?:Static[ \t]+)?Sub[ \t]+(\w+)[ \t]*\(([^)]*)\)",
        re.I | re.M,
    )
    for text in modules.values():
        if "Attribute VB_Base" in text:
            continue
        joined = re.sub(r" _\r?\n\s*", " ", _lf(text))
        for scope, name, params in rx.findall(joined):
            if scope.lower() != "private":
                out.setdefault(name.lower(), []).append(" ".join(params.split()))
    return out


def callback_signature_errors(callbacks: dict[str, set[str]], modules: dict[str, str]) -> list[str]:
    """Ribbon callbacks whose Sub does not take the parameters Office passes."""
    params = sub_parameters(modules)
    errors = []
    for callback, attrs in sorted(callbacks.items()):
        name = callback.split(".")[-1].split("!")[-1].lower()
        for attr in sorted(attrs):
            kind = "get" if attr.startswith("get") else attr
            rx = CALLBACK_SIGNATURES.get(kind)
            if rx is None:
                continue
            for found in params.get(name, []):
                if not rx.match(found):
                    errors.append(f"{callback}({found}) cannot be the {attr} callback")
    return errors


def _strip_comment(line: str) -> str:
    """The code part of a VBA line (a ' outside a string starts a comment)."""
    in_str = False
    for i, ch in enumerate(line):
        if ch == '"':
            in_str = not in_str
        elif ch == "'" and not in_str:
            return line[:i]
    return line


_OPENERS = [
    (re.compile(r"^(?:(?:Public|Private|Friend)\s+)?(?:Static\s+)?Sub\s+\w+", re.I), "Sub"),
    (
        re.compile(r"^(?:(?:Public|Private|Friend)\s+)?(?:Static\s+)?Function\s+\w+", re.I),
        "Function",
    ),
    (
        re.compile(
            r"^(?:(?:Public|Private|Friend)\s+)?(?:Static\s+)?Property\s+(?:Get|Let|Set)\s+\w+",
            re.I,
        ),
        "Property",
    ),
    (re.compile(r"^Select\s+Case\b", re.I), "Select"),
    (re.compile(r"^If\b.*\bThen$", re.I), "If"),
    (re.compile(r"^With\b", re.I), "With"),
    (re.compile(r"^For\b", re.I), "For"),
    (re.compile(r"^Do\b", re.I), "Do"),
]
_CLOSERS = [
    (re.compile(r"^End\s+Sub\b", re.I), "Sub"),
    (re.compile(r"^End\s+Function\b", re.I), "Function"),
    (re.compile(r"^End\s+Property\b", re.I), "Property"),
    (re.compile(r"^End\s+Select\b", re.I), "Select"),
    (re.compile(r"^End\s+If\b", re.I), "If"),
    (re.compile(r"^End\s+With\b", re.I), "With"),
    (re.compile(r"^Next\b", re.I), "For"),
    (re.compile(r"^Loop\b", re.I), "Do"),
]


def _first_branch(lines: list[str]) -> list[tuple[int, str]]:
    """Resolve ``#If`` conditional compilation by always taking the first branch (one
    consistent configuration; every configuration must be balanced on its own)."""
    out = []
    stack: list[list[bool]] = []  # per #If: [active now, a branch was taken]
    for n, raw in enumerate(lines, 1):
        line = _strip_comment(raw).strip()
        low = line.lower()
        if low.startswith("#if "):
            parent = all(level[0] for level in stack)
            stack.append([parent, parent])
        elif low.startswith(("#elseif ", "#else")) and stack:
            stack[-1][0] = False
        elif re.match(r"#end\s+if\b", low) and stack:
            stack.pop()
        elif line.startswith("#"):
            continue
        elif all(level[0] for level in stack):
            out.append((n, line))
    return out


def block_errors(text: str) -> list[str]:
    """Unbalanced Sub/Function/If/Select/With/For/Do blocks: a cheap stand-in for compiling,
    which only Excel can do. Single-line ``If ... Then x`` is not a block."""
    stack: list[tuple[str, int]] = []
    errors = []
    joined = re.sub(r" _\r?\n", " ", _lf(text))
    for n, line in _first_branch(joined.split("\n")):
        if not line or line.lower().startswith(("attribute ", "rem ")):
            continue
        for rx, kind in _CLOSERS:
            if rx.match(line):
                if not stack or stack[-1][0] != kind:
                    errors.append(f"line {n}: {line!r} closes nothing open")
                else:
                    stack.pop()
                break
        else:
            for rx, kind in _OPENERS:
                if rx.match(line):
                    stack.append((kind, n))
                    break
    errors += [f"line {n}: {kind} never closed" for kind, n in stack]
    return errors


def dispatcher_cases(text: str) -> set[str]:
    """Every string literal in a ``Case`` clause of the dispatcher (continuations joined)."""
    joined = re.sub(r" _\r?\n", " ", _lf(text))
    tags: set[str] = set()
    for line in joined.split("\n"):
        stripped = line.strip()
        if re.match(r"Case\b", stripped, re.I) and not re.match(r"Case\s+Else\b", stripped, re.I):
            tags.update(re.findall(r'"([^"]*)"', stripped.split(":")[0]))
    return tags


def vba_project_variant(header: bytes) -> str | None:
    """Which build variant a ``_VBA_PROJECT`` stream is: ``stub``, ``cache-zeroed`` or None.

    ``stub``: 7 bytes ``cc61ffff00xxxx`` (version 0xFFFF, no cache). ``cache-zeroed``: at
    least 5 bytes, ``cc61`` + any version + ``00``, then only zero bytes (the cache zeroed);
    from xlwings' template (version 0xFFFF) that is ``cc61ffff000000``.
    """
    if len(header) < 5 or header[:2] != b"\xcc\x61" or header[4] != 0:
        return None
    if len(header) == 7 and header[2:4] == b"\xff\xff" and header[5:] != b"\0\0":
        return "stub"
    if not any(header[5:]):
        return "cache-zeroed"
    return None


_HANDLE_PARAM = re.compile(
    r"\b(?i:ByVal|ByRef)\s+(h[A-Z]\w*|hwnd|lp[A-Z]\w*)\s+(?i:As)\s+(?i:Long)\b"
)
_HANDLE_FUNCS = ("loadlibrary", "getmodulehandle", "getprocaddress", "findwindow", "getdc")


def declare_errors(modules: dict[str, str]) -> list[str]:
    """``Declare`` statements that would not compile or would truncate in 64-bit Office.

    A Declare in the ``#Else`` branch of ``#If VBA7`` (or the ``#If Not VBA7`` branch) is for
    Office 2007 and older and is skipped. Every other one must say ``PtrSafe``; in it, a
    parameter named like a handle or pointer (``hWnd``, ``hModule``, ``lpText``) must not be
    ``As Long``, nor the result of a function that returns a handle (``LoadLibrary``...).
    """
    errors = []
    for name, text in sorted(modules.items()):
        # One entry per open #If: [condition is "VBA7", inside a branch compiled only before VBA7]
        stack: list[list[bool]] = []
        lines = re.sub(r" _\r?\n", " ", _lf(text)).split("\n")
        for i, line in enumerate(lines, 1):
            code = _strip_comment(line).strip()
            low = code.lower()
            if low.startswith("#if "):
                cond = low[4:]
                stack.append(
                    [bool(re.match(r"vba7\b", cond)), bool(re.match(r"not\s+vba7\b", cond))]
                )
            elif low.startswith("#elseif") and stack:
                stack[-1][1] = False
            elif low.startswith("#else") and stack:
                stack[-1][1] = stack[-1][0]
            elif low.startswith("#end if") and stack:
                stack.pop()
            elif re.match(r"(?:(?:public|private)\s+)?declare\s", low):
                if any(pre for _, pre in stack):
                    continue
                where = f"{name} line {i}"
                if not re.search(r"\bdeclare\s+ptrsafe\b", low):
                    errors.append(f"{where}: Declare without PtrSafe")
                    continue
                bad = _HANDLE_PARAM.findall(code)
                if bad:
                    errors.append(f"{where}: {', '.join(bad)} As Long (must be LongPtr)")
                fname = re.search(r"\b(?:function|sub)\s+(\w+)", low)
                alias = re.search(r'\balias\s+"(\w+)"', low)
                called = (alias.group(1) if alias else fname.group(1) if fname else "").lower()
                returns_long = re.search(r"\)\s*as\s+long\s*$", low)
                if returns_long and called.startswith(_HANDLE_FUNCS):
                    errors.append(f"{where}: {called} returns a handle: As LongPtr, not As Long")
    return errors


def _check_vba(
    path: Path,
    parts: dict[str, bytes],
    expected: dict[str, str] | None,
    report: VerifyReport,
    vba_project: str | None = None,
) -> dict[str, str]:
    header = vba_project_header(parts["xl/vbaProject.bin"])
    variant = vba_project_variant(header)
    ok = variant is not None and (vba_project is None or variant == vba_project)
    report.add(
        "_VBA_PROJECT",
        ok,
        f"{header[:8].hex()} ({len(header)} bytes): "
        + (
            f"variant {variant} (no live performance cache)"
            if ok
            else f"must be the {vba_project or 'stub or cache-zeroed'} variant "
            "(cc61ffff00xxxx, or cc61 + version + 00 + zero bytes); read as "
            f"{variant or 'neither'}"
        ),
    )
    name = vba_project_name(parts["xl/vbaProject.bin"])
    report.add("VBA project name", name == "xladdin", f"{name!r}")
    modules = read_vba_with_olevba(path)
    if expected is not None:
        missing = sorted(set(expected) - set(modules))
        extra = sorted(set(modules) - set(expected))
        differ = sorted(
            n for n in set(expected) & set(modules) if _norm(expected[n]) != _norm(modules[n])
        )
        problems = []
        if missing:
            problems.append(f"missing modules {missing}")
        if extra:
            problems.append(f"unexpected modules {extra}")
        for n in differ:
            a, b = _lf(expected[n]).split("\n"), _lf(modules[n]).split("\n")
            first = next(
                (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)),
            )
            problems.append(f"module {n} differs from its source at line {first + 1}")
        report.add(
            "olevba read-back",
            not problems,
            "; ".join(problems) or f"{len(modules)} modules identical to their sources",
        )
    else:
        report.add("olevba read-back", bool(modules), f"{len(modules)} modules read")
    bad = []
    for n, text in modules.items():
        for i, line in enumerate(_lf(text).split("\n"), 1):
            if any(ord(ch) > 127 for ch in line):
                bad.append(f"{n} line {i}")
                break
    report.add("ASCII", not bad, f"non-ASCII text in {bad}" if bad else "all VBA text is ASCII")
    long_lines = [
        f"{n} line {i}"
        for n, text in sorted(modules.items())
        for i, line in enumerate(_lf(text).split("\n"), 1)
        if len(line) > VBA_MAX_LINE
    ]
    for n, text in sorted(modules.items()):
        run = 0
        for i, line in enumerate(_lf(text).split("\n"), 1):
            run = run + 1 if _strip_comment(line).rstrip().endswith(" _") else 0
            if run > VBA_MAX_CONTINUATIONS:
                long_lines.append(f"{n} line {i}: over {VBA_MAX_CONTINUATIONS} continuations")
                break
    report.add(
        "VBA line length",
        not long_lines,
        f"lines over {VBA_MAX_LINE} characters: {long_lines[:5]}"
        if long_lines
        else f"every line at most {VBA_MAX_LINE} characters",
    )
    unbalanced = [f"{n}: {e}" for n in sorted(modules) for e in block_errors(modules[n])[:3]]
    declares = declare_errors(modules)
    report.add(
        "Declare PtrSafe",
        not declares,
        "; ".join(declares[:5])
        or "every Declare compiled under VBA7 is PtrSafe, handles and pointers LongPtr",
    )
    report.add(
        "VBA block structure",
        not unbalanced,
        "; ".join(unbalanced)
        or "Sub/Function/If/Select/With/For/Do blocks balanced in every module",
    )
    return modules


def _check_callbacks(ribbon: Ribbon, modules: dict[str, str], report: VerifyReport) -> None:
    subs = public_subs(modules)
    missing = []
    for callback in sorted(ribbon.callbacks):
        name = callback.split(".")[-1].split("!")[-1]
        if name.lower() not in subs:
            missing.append(f"{callback} ({', '.join(sorted(ribbon.callbacks[callback]))})")
    report.add(
        "ribbon callbacks",
        not missing,
        f"no public Sub for {missing}"
        if missing
        else f"{len(ribbon.callbacks)} callbacks found: " + ", ".join(sorted(ribbon.callbacks)),
    )
    wrong = callback_signature_errors(ribbon.callbacks, modules)
    report.add(
        "ribbon callback signatures",
        not wrong,
        "; ".join(wrong)
        or "onLoad (ribbon As IRibbonUI), onAction (control As IRibbonControl), "
        "get* (control As IRibbonControl, ByRef returnedVal)",
    )
    unknown = sorted(ribbon.images - KNOWN_IMAGE_MSO)
    report.add(
        "ribbon icons",
        not unknown,
        f"imageMso not yet checked in Excel: {unknown} (check on Windows, then add to "
        "KNOWN_IMAGE_MSO)"
        if unknown
        else f"{len(ribbon.images)} built-in icons, all known",
    )
    cases = dispatcher_cases(modules.get(DISPATCHER, ""))
    problems = []
    if ribbon.untagged:
        problems.append(f"controls without a tag: {ribbon.untagged}")
    if ribbon.dispatched_tags - cases:
        problems.append(
            f"tags with no Case in {DISPATCHER}: {sorted(ribbon.dispatched_tags - cases)}"
        )
    if cases - ribbon.dispatched_tags:
        problems.append(f"Cases for tags no button uses: {sorted(cases - ribbon.dispatched_tags)}")
    report.add(
        "dispatcher tags",
        not problems,
        "; ".join(problems) or f"{len(cases)} tags, each with its Case: {', '.join(sorted(cases))}",
    )


def _check_conf(parts: dict[str, bytes], modules: dict[str, str], report: VerifyReport) -> None:
    problems = []
    workbook = parts.get("xl/workbook.xml", b"").decode("utf-8", "replace")
    if f'name="{conf.CONF_SHEET}"' not in workbook:
        problems.append(f"no sheet named {conf.CONF_SHEET}")
    values = conf.read_sheet(
        parts.get(conf.SHEET_PART, b"<x/>"), parts.get(conf.STRINGS_PART, b"<x/>")
    )
    if values.get("UDF MODULES") != "udfs":
        problems.append(f"UDF Modules is {values.get('UDF MODULES')!r}, not 'udfs'")
    if str(values.get("ADD_WORKBOOK_TO_PYTHONPATH", "true")).lower() != "false":
        problems.append("ADD_WORKBOOK_TO_PYTHONPATH must be false")
    if f'PROJECT_NAME As String = "{conf.PROJECT_NAME}"' not in modules.get("xlwings", ""):
        problems.append(f"xlwings module PROJECT_NAME is not {conf.PROJECT_NAME!r}")
    interp = values.get(conf.INTERPRETER_KEY.upper())
    report.add(
        "xlwings config",
        not problems,
        "; ".join(problems)
        or f"sheet {conf.CONF_SHEET}: UDF Modules=udfs, Interpreter_Win={interp or '(empty: Python on PATH)'}",
    )


# ---------------------------------------------------------------- LibreOffice


def soffice_path() -> str | None:
    """LibreOffice's command line, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_modules(path: Path, soffice: str) -> tuple[dict[str, str], str]:
    """Convert the add-in to .ods headless; return LibreOffice's Basic modules and library name."""
    from xladdin.workbook.cells import xml_unescape

    with tempfile.TemporaryDirectory(prefix="xladdin-lo-") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / "addin.xlam"
        shutil.copyfile(path, src)
        profile = (tmpdir / "profile").as_uri()
        cmd = [
            soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
            "--infilter=Calc MS Excel 2007 VBA XML", "--convert-to", "ods",
            "--outdir", str(tmpdir / "out"), str(src),
        ]  # fmt: skip
        env = dict(os.environ, HOME=str(tmpdir))
        try:
            subprocess.run(
                cmd, capture_output=True, timeout=LIBREOFFICE_TIMEOUT, env=env, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise AddinBuildError(f"LibreOffice did not finish in {LIBREOFFICE_TIMEOUT}s") from exc
        ods = tmpdir / "out" / "addin.ods"
        if not ods.is_file():
            raise AddinBuildError("LibreOffice could not open the add-in (no .ods written)")
        out: dict[str, str] = {}
        library = ""
        with zipfile.ZipFile(ods) as z:
            for name in z.namelist():
                m = re.fullmatch(r"Basic/([^/]+)/([^/]+)\.xml", name)
                if not m or m.group(2) == "script-lb":
                    continue
                library = m.group(1)
                xml = z.read(name).decode("utf-8")
                body = re.search(r"<script:module[^>]*>(.*)</script:module>", xml, re.S)
                text = xml_unescape(body.group(1)) if body else ""
                out[m.group(2)] = text
        return out, library


_LO_HEADER = {"Option VBASupport 1", "Option ClassModule"}


def _code_lines(text: str) -> list[str]:
    """Lines LibreOffice keeps: no Attribute lines, no LibreOffice VBA-mode header lines."""
    keep = []
    for line in _lf(text).split("\n"):
        s = line.strip()
        if s.startswith(("Attribute ", "Rem Attribute VBA_ModuleType")) or s in _LO_HEADER:
            continue
        keep.append(line.rstrip())
    while keep and not keep[-1]:
        keep.pop()
    return keep


def _check_libreoffice(
    path: Path, modules: dict[str, str], use: bool | None, report: VerifyReport
) -> None:
    soffice = soffice_path()
    if use is False or (use is None and soffice is None):
        report.add(
            "LibreOffice import", None, "skipped (LibreOffice not installed or not requested)"
        )
        return
    if soffice is None:
        report.add(
            "LibreOffice import", False, "LibreOffice (soffice) is required but not installed"
        )
        return
    try:
        lo, library = libreoffice_modules(path, soffice)
    except AddinBuildError as exc:
        report.add("LibreOffice import", False, str(exc))
        return
    problems = []
    missing = sorted(set(modules) - set(lo))
    if missing:
        problems.append(f"modules LibreOffice did not import: {missing}")
    if library != "xladdin":
        problems.append(f"LibreOffice names the VBA project {library!r}, not 'xladdin'")
    for name in sorted(set(modules) & set(lo)):
        if _code_lines(modules[name]) != _code_lines(lo[name]):
            problems.append(f"module {name} reads differently in LibreOffice")
    report.add(
        "LibreOffice import",
        not problems,
        "; ".join(problems)
        or f"{len(lo)} modules imported into Basic library {library!r}, code identical",
    )


# ---------------------------------------------------------------- entry point


def verify_addin(
    path: str | Path,
    *,
    expected: dict[str, str] | None = None,
    libreoffice: bool | None = None,
    raise_on_failure: bool = True,
    vba_project: str | None = None,
) -> VerifyReport:
    """Verify the add-in at ``path``.

    ``expected`` maps module names to their sources; by default they are rebuilt from the
    current text sources and UDF signatures (so a stale or edited add-in fails).
    ``libreoffice``: True requires the LibreOffice check, False skips it, None runs it when
    LibreOffice is installed. ``vba_project`` (``stub`` / ``cache-zeroed``) requires that
    ``_VBA_PROJECT`` variant; None accepts either.
    """
    path = Path(path)
    report = VerifyReport(path)
    if expected is None:
        expected = expected_modules()
    parts = _check_package(path, report)
    if parts is not None:
        target = parts.pop("__customui_target__").decode()
        ribbon = None
        if target in parts:
            try:
                ribbon = parse_ribbon(parts[target], target)
                report.add(
                    "ribbon XML",
                    True,
                    f"{target} well-formed, namespace {CUSTOMUI_NS[Path(target).name]}, "
                    "ids unique, attributes and text lengths within the schema",
                )
            except AddinBuildError as exc:
                report.add("ribbon XML", False, str(exc))
        if "xl/vbaProject.bin" in parts:
            try:
                modules = _check_vba(path, parts, expected, report, vba_project)
            except AddinBuildError as exc:
                report.add("VBA project", False, str(exc))
                modules = {}
            if ribbon is not None:
                _check_callbacks(ribbon, modules, report)
            _check_conf(parts, modules, report)
            _check_libreoffice(path, modules, libreoffice, report)
    if raise_on_failure and report.failures:
        lines = "\n".join(f"  - {c.name}: {c.detail}" for c in report.failures)
        raise AddinBuildError(f"add-in verification failed for {path}:\n{lines}")
    return report
