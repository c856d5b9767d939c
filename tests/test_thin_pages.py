"""The pages stay thin: no SQL, no database access, no aggregation of figures (that is
metrics/), imports of ui and metrics only; every page is described in docs/dashboard.md.
Every file in pages/ is checked (a glob, not a list)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
FORBIDDEN = [
    (r"\bimport duckdb\b|from duckdb\b", "database access"),
    (r"from data\.store import|data\.store\.", "the store (use ui.store.table)"),
    (r"^\s*(from|import) data\b", "data/ (go through ui/)"),
    (r"^\s*(from|import) streamlit\.(runtime|testing)", "Streamlit internals"),
    (r"\b(SELECT|INSERT|UPDATE|DELETE)\s", "SQL"),
    (r"\.(sum|mean|cumsum|groupby|pivot_table|agg|count|diff|pct_change)\(", "aggregation of figures"),
    (r"[\w\]\)]\s*[-+*/]\s*[\w\[\(]", "arithmetic"),
]


def code_lines(path: Path) -> list[str]:
    """The page's code without its docstring, comments and string literals' contents."""
    text = re.sub(r'"""[\s\S]*?"""', "", path.read_text(encoding="utf-8"))
    lines = []
    for line in text.splitlines():
        line = re.sub(r'f?"(?:[^"\\]|\\.)*"', '""', line.split("#")[0])
        lines.append(line)
    return lines


@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_sql_and_no_arithmetic(page):
    for number, line in enumerate(code_lines(ROOT / page), start=1):
        for pattern, what in FORBIDDEN:
            assert not re.search(pattern, line), f"{page}:{number}: {what}: {line.strip()}"


def test_every_page_is_checked():
    assert len(PAGES) >= 8 and "pages/import.py" in PAGES and "pages/portfolio.py" in PAGES


@pytest.mark.parametrize("page", PAGES)
def test_page_imports_only_ui_metrics_and_libraries(page):
    text = (ROOT / page).read_text(encoding="utf-8")
    modules = re.findall(r"^\s*(?:from|import) ([\w.]+)", text, flags=re.MULTILINE)
    ours = {m.split(".")[0] for m in modules} & {"data", "ui", "metrics", "pages", "charts", "dashboard"}
    assert ours <= {"ui", "metrics"}, f"{page} imports {sorted(ours)}"


@pytest.mark.parametrize("page", PAGES)
def test_page_is_described(page):
    text = (ROOT / page).read_text(encoding="utf-8")
    assert text.startswith('"""'), f"{page} has no docstring"
    docs = (ROOT / "docs" / "dashboard.md").read_text(encoding="utf-8")
    assert f"`{page}`" in docs, f"{page} is not described in docs/dashboard.md"


def test_the_checker_catches_arithmetic(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('"""doc"""\nx = figures.rate * 100\ny = frame["a"].sum()\nz = "a - b"\n', encoding="utf-8")
    hits = [what for line in code_lines(bad) for pattern, what in FORBIDDEN if re.search(pattern, line)]
    assert hits == ["arithmetic", "aggregation of figures"]
