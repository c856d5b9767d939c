"""The hostile corpus through the upload page (AppTest), signed in as an administrator.

Every refused file: no exception, the page shows the same Korean refusal as the import code
gives (its first error line, escaped for Markdown), the 가져오기 button stays disabled, and the
database is byte-identical — sha256 of the database file and its write-ahead log, taken before
and after each upload (signing in through the session writes no sign-in log row). All cases of
every class run as a representative subset (SUBSET: 34 files; test_corpus.py runs all of them
through the CLI). `formula_user_name` (a formula as the CLI's --as) has no page equivalent: the
page's actor is the signed-in account, whose login was checked when it was made.
The page also shows the import limits before a file is chosen.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data import imports as importer
from data.build import open_store
from data.imports.limits import korean_lines
from tests.accounts import LOGINS, store_with_accounts
from tests.hostile.builders import store_sha
from tests.hostile.make_corpus import CLASSES, cases
from ui import safe

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")
PAGE = "pages/import.py"
# A representative subset of every class (each case takes ~3 s through AppTest on a loaded
# machine; PLEDGE_UPLOAD_ALL=1 runs every refusal of the corpus but the big resource files).
SUBSET = {
    "resource": {"xlsx_dimension_xfd", "zip_bomb_lying_size", "csv_too_many_columns", "csv_long_cell",
                 "yaml_billion_laughs", "yaml_long_scalar"},
    "traceback": {"utf16_truncated", "csv_duplicate_headers", "xlsx_merged_header", "xlsx_path_outside",
                  "yaml_deep_flow"},
    "value": {"inf_hours", "int_2_63_week", "decimal_comma_hours", "zwsp_in_id", "div0_xlsx_error_cell"},
    "personal": {"rrn_spaced_dash", "phone_plus82", "name_in_free_text", "card_phone_in_text"},
    "formula": {"formula_minus_cmd", "formula_plus_hyperlink", "formula_card_title", "formula_file_name",
                "formula_author"},
    "markup": {"markup_image_title", "markup_html_title", "markup_link_goal", "markup_image_log"},
    "card": {"card_duplicate_key", "card_nan_target", "card_negative_weight", "card_unknown_city",
             "xlsx_hidden_first_sheet"},
}
NO_PAGE_EQUIVALENT = {"formula_user_name"}
EVERYTHING = os.environ.get("PLEDGE_UPLOAD_ALL") == "1"
CASES = [c for c in cases() if c.expect == "refuse" and c.id not in NO_PAGE_EQUIVALENT
         and (c.id in SUBSET.get(c.cls, ()) or (EVERYTHING and not c.slow))]


def _option(args: list[str], name: str) -> str | None:
    return args[args.index(name) + 1] if name in args else None


@pytest.fixture(scope="module")
def stores(built_db, tmp_path_factory) -> tuple[Path, Path]:
    """(the page's store, a twin for the expected refusals): the built store, migrated, with one
    account per role."""
    base = store_with_accounts(built_db, tmp_path_factory.mktemp("upload"), "pages.duckdb")
    twin = base.with_name("twin.duckdb")
    shutil.copy(base, twin)
    return base, twin


@pytest.fixture(scope="module")
def page(stores):
    db = stores[0]
    patch = pytest.MonkeyPatch()
    patch.setenv("PLEDGE_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["auth_login"] = LOGINS["admin"]
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    yield at
    patch.undo()


@pytest.fixture(scope="module")
def expected(stores):
    con = open_store(stores[1])
    yield lambda case, data: importer.prepare(con, data, case.name, author=_option(case.args, "--author"),
                                              reason=_option(case.args, "--reason"))
    con.close()


def _texts(at: AppTest, kind: str) -> list[str]:
    return [str(e.value) for e in getattr(at, kind)]


def test_page_shows_the_limits(page):
    markdown = "\n".join(_texts(page, "markdown"))
    for line in korean_lines():
        assert safe.md(line) in markdown


def test_every_class_is_covered():
    assert {c.cls for c in CASES} == set(CLASSES) - {"valid"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.cls}-{c.id}")
def test_refused_on_the_page(case, page, stores, expected):
    db = stores[0]
    data = case.build()
    want = expected(case, data)
    assert not want.ok, "the import code accepts this file"
    page.session_state["import_author"] = _option(case.args, "--author") or ""
    page.session_state["import_reason"] = _option(case.args, "--reason") or ""
    before = store_sha(db)
    page.file_uploader[0].upload(case.name, data).run()
    assert not page.exception, page.exception
    errors = "\n".join(_texts(page, "error"))
    assert safe.md(want.errors[0].text(case.name)) in errors, errors[-600:]
    assert "Traceback" not in errors and "Error" not in errors
    button = next(b for b in page.button if b.label == "가져오기")
    assert button.disabled
    assert store_sha(db) == before, "an upload changed the database"
