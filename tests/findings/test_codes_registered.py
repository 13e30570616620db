"""Every finding code the source emits is defined in the catalogue (issue #12).

Call sites pass code strings (``finding("growth-out-of-band", ...)``), so a typo would only
show at run time, as a KeyError in the middle of a run. This test reads the source with
:mod:`ast` and finds the codes wherever they are written:

- the first argument of :func:`xladdin.findings.finding`, and of every function that passes
  one of its parameters on as that argument (``state.add(code, ...)``, ``check_codes(...,
  "unknown-province-code")``), found by following such wrappers until none is new;
- when that argument is a variable: the strings assigned to it, compared with it or iterated
  into it in the same function (``code = "a" if x else "b"``, ``for group, code in
  _PART_FINDINGS.items()``), including module-level tables it is read from;
- ``finding_code=...`` carried by exceptions and turned into findings by the readers, also
  through :func:`xladdin.workbook.package.with_finding` (the one way to attach it), whose code
  argument counts in every module, as ``finding``'s does.

Only kebab-case strings count (every code is kebab-case, :func:`xladdin.findings.define`).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from xladdin.findings import catalogue

ROOT = Path(__file__).resolve().parents[2]
KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    names = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]]
    return names[1:] if names[:1] in (["self"], ["cls"]) else names


EMITTERS = {"finding": (0, "code"), "with_finding": (1, "code")}
"""Functions whose code argument counts in every module: (position, keyword)."""


def _strings(node: ast.AST) -> set[str]:
    return {
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and KEBAB.fullmatch(n.value)
    }


def _carried_code(node: ast.AST) -> ast.AST | None:
    """The value an exception is given as its ``finding_code`` (``exc.finding_code = code``,
    ``Error(..., finding_code=code)``): a function doing so with a parameter emits codes."""
    if isinstance(node, ast.keyword) and node.arg == "finding_code":
        return node.value
    if isinstance(node, ast.Assign) and any(
        getattr(t, "attr", None) == "finding_code" for t in node.targets
    ):
        return node.value
    return None


class Source:
    """The parsed modules of xladdin and udfs."""

    def __init__(self) -> None:
        files = [p for pkg in ("xladdin", "udfs") for p in (ROOT / pkg).rglob("*.py")]
        self.trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in files}
        self.parents: dict[ast.AST, ast.AST] = {}
        for tree in self.trees.values():
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    self.parents[child] = node

    def enclosing(self, node: ast.AST) -> ast.AST | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, FUNCS):
                return node
        return None

    def factories(self) -> dict[Path, dict[str, tuple[int, str]]]:
        """Per module: function name -> (position, parameter name) of its code parameter.

        ``finding`` itself everywhere; wrappers only in their own module (names like ``add``
        are common, and wrappers are private to their module)."""
        found: dict[Path, dict[str, tuple[int, str]]] = {p: {} for p in self.trees}
        changed = True
        while changed:
            changed = False
            for path, tree in self.trees.items():
                known = {**EMITTERS, **found[path]}
                for fn in ast.walk(tree):
                    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        continue
                    if fn.name in known:
                        continue
                    params = _params(fn)
                    for call in ast.walk(fn):
                        arg = self.code_arg(call, known) or _carried_code(call)
                        if isinstance(arg, ast.Name) and arg.id in params:
                            found[path][fn.name] = (params.index(arg.id), arg.id)
                            changed = True
                            break
        return found

    @staticmethod
    def code_arg(call: ast.AST, known: dict[str, tuple[int, str]]) -> ast.AST | None:
        if not isinstance(call, ast.Call) or _name(call) not in known:
            return None
        pos, kw = known[_name(call)]  # type: ignore[index]
        if len(call.args) > pos and not any(isinstance(a, ast.Starred) for a in call.args[:pos]):
            return call.args[pos]
        return next((k.value for k in call.keywords if k.arg == kw), None)

    def bound_strings(self, name: str, scope: ast.AST, tree: ast.Module) -> set[str]:
        """Kebab strings assigned to, compared with or iterated into ``name`` in ``scope``,
        with the module-level tables those expressions read."""
        out: set[str] = set()
        tables = {
            t.id: node.value
            for node in tree.body
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(t, ast.Name)
        }

        def binds(target: ast.AST) -> bool:
            return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target))

        for node in ast.walk(scope):
            value = None
            if isinstance(node, ast.Assign) and any(binds(t) for t in node.targets):
                value = node.value
                for t in node.targets:  # code, scheme = "a", other: only the code's element
                    if (
                        isinstance(t, ast.Tuple)
                        and isinstance(value, ast.Tuple)
                        and len(t.elts) == len(value.elts)
                    ):
                        value = ast.Tuple(
                            elts=[v for e, v in zip(t.elts, value.elts, strict=True) if binds(e)]
                        )
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and binds(node.target):
                value = node.value
            elif isinstance(node, (ast.For, ast.comprehension)) and binds(node.target):
                value = node.iter
            elif isinstance(node, ast.Compare) and binds(node.left):
                value = ast.Tuple(elts=node.comparators)
            if value is None:
                continue
            out |= _strings(value)
            for ref in ast.walk(value):
                if isinstance(ref, ast.Name) and ref.id in tables:
                    out |= _strings(tables[ref.id])
        return out

    def codes(self) -> dict[str, list[str]]:
        """Code -> the places (``path:line``) that emit it."""
        factories = self.factories()
        out: dict[str, list[str]] = {}

        def put(values: set[str], path: Path, line: int) -> None:
            for v in values:
                out.setdefault(v, []).append(f"{path.relative_to(ROOT)}:{line}")

        for path, tree in self.trees.items():
            known = {**EMITTERS, **factories[path]}
            for node in ast.walk(tree):
                if isinstance(node, ast.keyword) and node.arg == "finding_code":
                    put(_strings(node.value), path, node.value.lineno)
                if isinstance(node, (ast.Assign, ast.AnnAssign)):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    if any(
                        getattr(t, "attr", getattr(t, "id", "")) == "finding_code" for t in targets
                    ):
                        put(_strings(node.value), path, node.lineno)
                arg = self.code_arg(node, known)
                if arg is None:
                    continue
                if isinstance(arg, ast.Name):
                    scope = self.enclosing(node) or tree
                    params = _params(scope) if isinstance(scope, ast.FunctionDef) else []
                    if arg.id in params and getattr(scope, "name", None) in known:
                        continue  # a wrapper passing its own parameter on: its callers count
                    put(self.bound_strings(arg.id, scope, tree), path, node.lineno)
                else:
                    put(_strings(arg), path, node.lineno)
        return out


def test_every_finding_code_used_in_the_source_is_in_the_catalogue():
    used = Source().codes()
    defined = {t.code for t in catalogue()}
    # The scan must see the call sites, or the test proves nothing.
    assert len(used) > 120
    for code in ("workbook-unreadable", "unknown-province-code", "return-stamp-old-scheme"):
        assert code in used, code  # through error_finding, check_codes(...), a variable
    unknown = {code: places for code, places in used.items() if code not in defined}
    assert not unknown, f"finding codes used but not defined in the catalogue: {unknown}"


def test_every_finding_code_in_the_catalogue_is_emitted_somewhere():
    # The converse: a code no call site can emit is a message LSB reviews for nothing (and a
    # sign a check was lost). The same scan, so a code emitted through a wrapper, a variable
    # or an exception counts.
    used = Source().codes()
    never = sorted(t.code for t in catalogue() if t.code not in used)
    assert not never, f"finding codes defined but never emitted: {never}"


def source_of(tmp_path: Path, monkeypatch, text: str) -> Source:
    """The scan of a hand-made package whose one module ``xladdin/m.py`` is ``text``."""
    pkg = tmp_path / "xladdin"
    pkg.mkdir()
    (tmp_path / "udfs").mkdir()
    (pkg / "m.py").write_text(text, encoding="utf-8")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    return Source()


def test_the_scan_finds_a_misspelt_code(tmp_path, monkeypatch):
    # A hand-made module with a typo in each place the scan looks.
    source = source_of(
        tmp_path,
        monkeypatch,
        "def direct():\n"
        "    return finding('growth-out-of-bnd', value=1)\n"
        "def add(state, code, **kw):\n"
        "    state.append(finding(code, **kw))\n"
        "def via_wrapper(state):\n"
        "    add(state, 'zip-bom')\n"
        "TABLE = {'x': 'return-stamp-mising'}\n"
        "def via_table():\n"
        "    for key, code in TABLE.items():\n"
        "        yield finding(code)\n"
        "def via_exception():\n"
        "    raise ValueError(finding_code='workbook-unreadabl')\n"
        "def _limit_error(code, message):\n"
        "    exc = ValueError(message)\n"
        "    exc.finding_code = code\n"
        "    return exc\n"
        "def via_limit_error():\n"
        "    raise _limit_error('cell-limt', 'too many')\n"
        "def via_with_finding():\n"
        "    raise with_finding(ValueError('x'), 'zip-too-many-part', count=1)\n"
        "def _made(code, message):\n"
        "    return with_finding(ValueError(message), code)\n"
        "def via_made():\n"
        "    raise _made('sheet-dimension-absurb', 'x')\n",
    )
    assert set(source.codes()) == {
        "growth-out-of-bnd",
        "zip-bom",
        "return-stamp-mising",
        "workbook-unreadabl",
        "cell-limt",
        "zip-too-many-part",
        "sheet-dimension-absurb",
    }
