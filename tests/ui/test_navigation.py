"""ui/navigation.py: the page list itself (the roles' pages are tests/ui/test_roles_pages.py)."""
import ast
from pathlib import Path

from ui import navigation


def test_every_page_is_found_by_its_file_name():
    """A fresh server's first visitor who opens a page's URL runs in Streamlit's pages/-folder
    mode, which finds a page only by its file name; a url_path that differs from it showed
    "Page not found" over the page (tests/e2e/test_direct_link.py checks it in Chromium)."""
    for spec in navigation.SPECS:
        assert spec.url_path == Path(spec.path).stem, spec.path
        assert (navigation.ROOT / spec.path).is_file(), spec.path


def test_every_page_guards_itself_first():
    """navigation.guard(__file__) is each page's first statement after its imports: it serves a
    page opened in that mode through dashboard.py before the page draws anything."""
    for spec in navigation.SPECS:
        body = ast.parse((navigation.ROOT / spec.path).read_text(encoding="utf-8")).body
        code = [node for node in body if not isinstance(node, (ast.Import, ast.ImportFrom))
                and not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]   # the docstring
        first = getattr(code[0], "value", None) if code else None
        assert first is not None and ast.unparse(first) == "navigation.guard(__file__)", spec.path
