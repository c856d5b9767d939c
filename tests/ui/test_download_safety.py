"""Every download the pages offer stores `=HYPERLINK("http://x")` as text: the pages run in
AppTest (admin: every table's CSV and XLSX; the public pages; the card files) over a store whose
card title, goal, department, progress log and import file names hold the formula; every CSV
and XLSX made is captured at its one writer (ui.export, publish.xlsx) and checked: in CSV the
cell starts with a quote, in XLSX (openpyxl) the cell is a string (data_type 's'), never a formula.
A static check makes sure there is no other writer in ui/, pages/ or publish/."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from data.safe_text import is_trigger
from data.store import connect
from tests.accounts import LOGINS, store_with_accounts
from ui import export, navigation

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")
HOSTILE = '=HYPERLINK("http://x")'
WRITERS = {"ui/export.py", "publish/xlsx.py"}
PAGES = [s.path for s in navigation.SPECS if navigation.available(s) and s.path != "pages/sign_in.py"]


@pytest.fixture(scope="module")
def hostile_db(built_db, tmp_path_factory) -> Path:
    db = store_with_accounts(built_db, tmp_path_factory.mktemp("downloads"))
    con = connect(db)
    try:
        con.execute("UPDATE pledges SET title = ?, policy_goal = ?, department = ?", [HOSTILE, HOSTILE, HOSTILE])
        con.execute("UPDATE progress_log SET text = ? WHERE ord = 0", [HOSTILE])
        con.execute("UPDATE imports SET file_name = ?", [HOSTILE])
    finally:
        con.close()
    return db


@pytest.fixture
def captured(monkeypatch):
    """Every CSV and XLSX made while the test runs (the writers are wrapped, not replaced)."""
    made: list[tuple[str, bytes]] = []
    for name, kind in (("to_csv_bytes", "csv"), ("to_xlsx_bytes", "xlsx")):
        real = getattr(export, name)

        def spy(*args, _real=real, _kind=kind, **kwargs):
            data = _real(*args, **kwargs)
            made.append((_kind, data))
            return data
        monkeypatch.setattr(export, name, spy)
        monkeypatch.setattr(f"ui.widgets.{name}", spy)
    return made


def check_csv(data: bytes) -> int:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    found = [cell for row in rows for cell in row if "HYPERLINK" in cell]
    assert all(cell.startswith("'") or not is_trigger(cell) for cell in found), found[:3]
    assert any(cell.startswith("'=") for cell in found) or not any(cell == HOSTILE for cell in found)
    return len(found)


def check_xlsx(data: bytes) -> int:
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    found = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert all(c.data_type == "s" for c in found)
    return len(found)


def test_no_other_writer():
    pattern = re.compile(r"\.to_csv\(|\.to_excel\(|Workbook\(|csv\.writer\(|xlsxwriter")
    found = [str(p.relative_to(ROOT)) for folder in ("ui", "pages", "publish") for p in (ROOT / folder).rglob("*.py")
             if pattern.search(p.read_text(encoding="utf-8"))]
    assert set(found) <= WRITERS, found


@pytest.mark.parametrize("page", PAGES)
def test_every_download_is_text(page, hostile_db, captured, monkeypatch):
    monkeypatch.setenv("PLEDGE_DB", str(hostile_db))
    at = AppTest.from_file(APP, default_timeout=120)
    if navigation.BY_PATH[page].needs != navigation.PUBLIC:
        at.session_state["auth_login"] = LOGINS["approver" if page == "pages/approvals.py" else "admin"]
    at.query_params["as_of"] = "2024-05-31"
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    hostile = sum(check_csv(d) if kind == "csv" else check_xlsx(d) for kind, d in captured)
    if captured:
        assert hostile, f"{page}: downloads made but none holds the planted value"


def test_card_files_are_text(hostile_db):
    from publish.source import load_card
    from publish.xlsx import card_xlsx
    import datetime as dt

    con = connect(hostile_db)
    try:
        card = load_card(con, dt.date(2024, 5, 31), "naju", "6-1-1")
    finally:
        con.close()
    assert check_xlsx(card_xlsx(card)) >= 1
