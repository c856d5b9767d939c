"""docs/formats.md is generated from data/formats.py and kept in step with it."""
from pathlib import Path

from data.formats import IMPORT_FORMATS
from data.templates import DOC_PATH, formats_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_formats_doc_is_up_to_date():
    assert DOC_PATH.read_text(encoding="utf-8") == formats_markdown(), \
        "docs/formats.md is stale: run .venv/bin/python -m data.templates"


def test_every_format_and_column_is_documented():
    text = DOC_PATH.read_text(encoding="utf-8")
    for kind, fmt in IMPORT_FORMATS.items():
        assert f"## {fmt.label} (`{kind}`)" in text
        for col in fmt.columns:
            assert f"| {col.header} | `{col.name}`" in text


def test_readme_points_to_the_import():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python -m metrics import" in readme and "docs/formats.md" in readme
