"""Import cycles among ``xladdin`` modules, counted from the source (issue #12 target: 0).

Every ``import`` / ``from ... import`` is counted, including those inside functions and those
behind ``TYPE_CHECKING`` (they show the same design dependency). ``import_module("...")`` calls
with a literal name count too, and ``import_module(f"pkg.{name}")`` counts as importing every
module under its literal prefix. A package's ``__init__`` counts as the package, and importing
``a.b.c`` counts as importing the packages ``a.b`` and ``a`` too (Python runs their
``__init__`` first): a package that re-exports a module which, further down, imports a sibling of
that package is a cycle. Cycles are the strongly connected components with more than one
module.

Usage::

    python bench/bench_imports.py
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _harness import verdict  # noqa: E402

PACKAGES = ("xladdin", "udfs")


def module_name(path: Path, root: Path = ROOT) -> str:
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(current: str, is_pkg: bool, level: int, target: str | None) -> str:
    base = current.split(".")
    if not is_pkg:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def _import_module_targets(node: ast.Call, modules: dict[str, Path]) -> list[str] | None:
    """Modules named by ``import_module(...)``: a literal name, or every module under the
    literal prefix of an f-string (``import_module(f"xladdin.cli.{name}")``)."""
    if getattr(node.func, "attr", getattr(node.func, "id", None)) != "import_module":
        return None
    if not node.args:
        return None
    arg = node.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if isinstance(arg, ast.JoinedStr) and arg.values:
        first = arg.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value:
            prefix = first.value
            return [m for m in modules if m.startswith(prefix)]
    return None


def graph(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> dict[str, set[str]]:
    """Module → the modules of ``packages`` it imports (anywhere in its source), and the
    packages whose ``__init__`` such an import runs."""
    files = [p for pkg in packages for p in (root / pkg).rglob("*.py")]
    modules = {module_name(p, root): p for p in files}
    edges: dict[str, set[str]] = {m: set() for m in modules}

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    for mod, path in modules.items():
        is_pkg = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(mod, is_pkg, node.level, node.module) if node.level else node.module
                if base:
                    # "from pkg import sub" imports pkg.sub when sub is a module
                    targets = [f"{base}.{a.name}" for a in node.names] + [base]
            elif isinstance(node, ast.Call):
                for name in _import_module_targets(node, modules) or ():
                    if name.startswith("."):
                        level = len(name) - len(name.lstrip("."))
                        name = _resolve(mod, is_pkg, level, name.lstrip("."))
                    targets.append(name)
            for t in targets:
                k = known(t)
                if k and k != mod:
                    edges[mod].add(k)
                    # importing a.b.c runs a/__init__ and a/b/__init__ first: the packages
                    # above it count too (not the importer's own packages, already running)
                    parent = k.rpartition(".")[0]
                    while parent:
                        if parent in modules and not mod.startswith(parent + "."):
                            edges[mod].add(parent)
                        parent = parent.rpartition(".")[0]
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    if len(comp) > 1:
                        out.append(sorted(comp))
    return out


def main() -> int:
    edges = graph()
    found = cycles(edges)
    n_edges = sum(len(v) for v in edges.values())
    print(f"{len(edges)} modules, {n_edges} import edges (including imports inside functions)")
    said = verdict(len(found), 0, "import cycles among xladdin modules (all imports counted)")
    print(f"import cycles (strongly connected groups of modules): {len(found)} — target 0: {said}")
    for comp in found:
        print("  - " + " ↔ ".join(comp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
