"""The layout, checked over the whole tree by parsing every .py file (ast, not regex):

- no import cycle among the project's modules;
- arrows point down only: data/ imports nothing of metrics, ui, pages or streamlit; metrics/
  nothing of ui, pages, streamlit or plotly; ui/ no pages; pages no SQL (no data.store, no duckdb);
- every import of a project module names a module that exists (no stale names after a move);
- no module over MAX_LINES lines unless it is in ALLOWED_LONG with a reason.

Imports inside functions count (a lazy import is still an arrow); imports under
`if TYPE_CHECKING:` do not. A module importing its own parent package is not an arrow: Python
runs the parent first anyway.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {".venv", "venv", ".git", "node_modules", "__pycache__", "out", "artifacts"}
MAX_LINES = 400

# path relative to the root → why it may be longer than MAX_LINES.
ALLOWED_LONG: dict[str, str] = {}

# layer (first part of the module name) → top-level names or module prefixes it must not import.
FORBIDDEN = {
    "data": ("metrics", "ui", "pages", "streamlit", "plotly"),
    "metrics": ("ui", "pages", "streamlit", "plotly"),
    "ui": ("pages",),
    "pages": ("data.store", "duckdb"),
}


@dataclass
class Module:
    name: str
    path: Path
    lines: int
    is_package: bool
    imports: list[tuple[str, int]] = field(default_factory=list)   # (dotted name, line number)


def module_name(root: Path, path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def python_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py")
                  if not any(part in SKIP_DIRS or part.startswith(".") for part in p.relative_to(root).parts[:-1]))


def _type_checking_lines(tree: ast.AST) -> set[int]:
    """Line numbers inside `if TYPE_CHECKING:` blocks."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(tree: ast.AST, name: str, is_package: bool, known: set[str]) -> list[tuple[str, int]]:
    """Every imported dotted name; `from a import b` gives a.b when that is a known module, else a."""
    skip = _type_checking_lines(tree)
    package = name.split(".") if is_package else name.split(".")[:-1]
    out = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)] if node.level > 1 else package
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}" if target else alias.name
                out.append((sub if sub in known else target, node.lineno))
    return out


def scan(root: Path) -> dict[str, Module]:
    """All modules under root, with their imports."""
    files = python_files(root)
    names = {module_name(root, p) for p in files}
    known = {n for n, _ in names}
    modules = {}
    for path in files:
        name, is_package = module_name(root, path)
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=str(path))
        modules[name] = Module(name, path, len(text.splitlines()), is_package,
                               _imports(tree, name, is_package, known))
    return modules


def _project_target(imported: str, modules: dict[str, Module]) -> str | None:
    """The project module an import lands on (the longest existing prefix), or None if external."""
    parts = imported.split(".")
    for n in range(len(parts), 0, -1):
        candidate = ".".join(parts[:n])
        if candidate in modules:
            return candidate
    return None


def graph(modules: dict[str, Module]) -> dict[str, set[str]]:
    """module → project modules it imports (without itself and its own parent packages)."""
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, module in modules.items():
        for imported, _ in module.imports:
            target = _project_target(imported, modules)
            if target is None or target == name or name.startswith(target + "."):
                continue
            edges[name].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    import sys
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(edges) + 100))
    try:
        for v in sorted(edges):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return sorted(found)


def upward_imports(modules: dict[str, Module]) -> list[str]:
    """'file:line imports X (layer L must not import P)' for every forbidden arrow."""
    out = []
    for name, module in sorted(modules.items()):
        layer = name.split(".")[0]
        for imported, line in module.imports:
            for banned in FORBIDDEN.get(layer, ()):
                if imported == banned or imported.startswith(banned + "."):
                    out.append(f"{_rel(module)}:{line} imports {imported} "
                               f"({layer}/ must not import {banned})")
    return list(dict.fromkeys(out))


def missing_modules(modules: dict[str, Module]) -> list[str]:
    """Imports of a project package's module that does not exist (a name left behind by a move)."""
    tops = {n.split(".")[0] for n, m in modules.items() if m.is_package}
    out = []
    for name, module in sorted(modules.items()):
        for imported, line in module.imports:
            if imported.split(".")[0] not in tops or imported in modules:
                continue
            # `from pkg.mod import attr` lands on pkg.mod (known); a dotted name that is not a module
            # is fine only when its parent is a module (an attribute), not a package.
            parent = imported.rsplit(".", 1)[0]
            if "." in imported and parent in modules and not modules[parent].is_package:
                continue
            out.append(f"{_rel(module)}:{line} imports {imported}, which is not a module of the tree")
    return list(dict.fromkeys(out))


def long_modules(modules: dict[str, Module], allowed: dict[str, str] = ALLOWED_LONG) -> list[str]:
    return [f"{_rel(m)}: {m.lines} lines (> {MAX_LINES}; split it or add it to ALLOWED_LONG with a reason)"
            for m in sorted(modules.values(), key=lambda m: m.name)
            if m.lines > MAX_LINES and _rel(m) not in allowed]


def _rel(module: Module) -> str:
    try:
        return module.path.relative_to(ROOT).as_posix()
    except ValueError:
        return module.path.as_posix()


@pytest.fixture(scope="module")
def tree() -> dict[str, Module]:
    return scan(ROOT)


# --- the tree ------------------------------------------------------------------------------------

def test_no_import_cycle(tree):
    found = cycles(graph(tree))
    assert not found, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in found)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_arrows_point_down(tree, layer):
    found = [line for line in upward_imports(tree) if f"({layer}/ must not" in line]
    assert not found, "\n".join(found)


def test_every_project_import_names_an_existing_module(tree):
    found = missing_modules(tree)
    assert not found, "\n".join(found)


def test_no_module_over_the_size_limit(tree):
    found = long_modules(tree)
    assert not found, "\n".join(found)


def test_allowed_long_modules_exist_and_say_why():
    for path, reason in ALLOWED_LONG.items():
        assert (ROOT / path).is_file(), f"{path} is in ALLOWED_LONG but does not exist"
        assert len(reason.split()) >= 3, f"{path}: give a reason"


def test_the_scan_sees_the_layers(tree):
    layers = {name.split(".")[0] for name in tree}
    assert {"data", "metrics", "pages", "tests"} <= layers
    assert "data.store" in tree and "metrics.engine" in tree


# --- the checker itself, on planted trees --------------------------------------------------------

def plant(root: Path, files: dict[str, str]) -> dict[str, Module]:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return scan(root)


def test_checker_finds_a_planted_cycle(tmp_path):
    modules = plant(tmp_path, {
        "data/__init__.py": "",
        "data/store.py": "from data.records import load\n",
        "data/records.py": "def load():\n    from data import importer\n",      # a lazy import counts
        "data/importer.py": "from . import store\n",                              # a relative one too
        "data/vocabulary.py": "import enum\n",
    })
    assert cycles(graph(modules)) == [["data.importer", "data.records", "data.store"]]


def test_checker_passes_a_tree_without_cycles(tmp_path):
    modules = plant(tmp_path, {
        "data/__init__.py": "from data.store import connect\n",      # a package re-exporting its module
        "data/store.py": "import duckdb\nfrom data import vocabulary\n",
        "data/vocabulary.py": "",
        "metrics/__init__.py": "",
        "metrics/engine.py": "from data.store import connect\nfrom typing import TYPE_CHECKING\n"
                             "if TYPE_CHECKING:\n    from ui.store import figures\n",
        "ui/__init__.py": "",
        "ui/store.py": "import metrics.engine\n",
    })
    assert cycles(graph(modules)) == []
    assert upward_imports(modules) == []
    assert missing_modules(modules) == []


def test_checker_finds_upward_imports_and_stale_names(tmp_path):
    modules = plant(tmp_path, {
        "data/__init__.py": "",
        "data/store.py": "import streamlit as st\n",
        "metrics/__init__.py": "",
        "metrics/engine.py": "from ui import widgets\nimport plotly.express\nfrom data.importer import prepare\n",
        "ui/__init__.py": "",
        "ui/widgets.py": "from pages import overview\n",
        "pages/__init__.py": "",
        "pages/overview.py": "from data.store import query\nimport duckdb\n",
    })
    found = upward_imports(modules)
    assert any("data/store.py:1 imports streamlit" in f for f in found)
    assert any("imports ui.widgets (metrics/ must not import ui)" in f for f in found)
    assert any("imports plotly.express (metrics/ must not import plotly)" in f for f in found)
    assert any("imports pages.overview (ui/ must not import pages)" in f for f in found)
    assert any("imports data.store (pages/ must not import data.store)" in f for f in found)
    assert any("imports duckdb (pages/ must not import duckdb)" in f for f in found)
    assert missing_modules(modules) == [f"{(tmp_path / 'metrics/engine.py').as_posix()}:3 imports data.importer, "
                                        "which is not a module of the tree"]


def test_checker_measures_module_size(tmp_path):
    modules = plant(tmp_path, {"big.py": "x = 1\n" * (MAX_LINES + 1), "small.py": "x = 1\n"})
    assert len(long_modules(modules)) == 1
    assert long_modules(modules, {(tmp_path / "big.py").as_posix(): "a reason given here"}) == []
