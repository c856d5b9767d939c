"""Korean everywhere: every page (AppTest through dashboard.py — the public pages and 로그인 as an
anonymous visitor, every staff page as an admin, 목표 변경 승인 as an approver) and every file its
download buttons offer (CSV and XLSX cells, file names) show no English identifier where Korean
text belongs: no codes such as `publicity` or `applications`, no rule codes, no True/False,
None/nan. Units and names of formats stay (the allow-list). Every table shows its dates as
2024. 5. 31. and its times as 2024. 6. 1. 09:30 (the files keep them as dates), and a missing
value as '—', never the table's default 'None'."""
from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import openpyxl
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from tests.accounts import LOGINS, store_with_accounts
from ui import navigation

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")
SPECS = [s for s in navigation.SPECS if navigation.available(s)]
ALLOWED = {"SNS", "ID", "CSV", "XLSX", "PDF", "HWPX", "YAML", "YML", "TSV", "TXT", "SHA", "UTF", "BOM", "OIDC",
           "DEMO", "SYN", "KB", "MB", "GB", "URL", "A4", "SMS", "QR", "TV", "LED"}
# Logins are identifiers an admin chose (data, like a file name), shown on the account pages.
ALLOWED |= set(LOGINS.values()) | {"oidcplan", "build"}
# 목표 변경 승인 needs the decide action, which the approver holds (the admin does not).
ROLE_OF_PAGE = {"pages/approvals.py": "approver"}
WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9_]*(?![A-Za-z0-9_])")


def english(text: str) -> list[str]:
    """The English words of a text outside markup, links and the allow-list."""
    text = re.sub(r"<style>[\s\S]*?</style>", " ", str(text))
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"(https?://|public-card\?|mailto:)\S+", " ", text)
    text = re.sub(r"[\w.+-]+@[\w-]+\.[\w.]+", " ", text)             # e-mail addresses (accounts)
    text = re.sub(r":material/\w+:", " ", text)
    text = re.sub(r"\S*[/\\]\S*|\S+\.(csv|xlsx|yaml|yml|md|tsv|txt)\b", " ", text)   # file names and paths (data)
    text = re.sub(r"\b[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\b|(?<![A-Za-z])README(?![A-Za-z])", " ", text)          # settings named for admins
    text = text.replace("%p", "%")                                                      # 퍼센트포인트
    words = [w for w in WORD.findall(text) if w not in ALLOWED and not re.fullmatch(r"[A-Z]{1,2}\d*", w)]
    return words


@pytest.fixture(scope="module")
def db(built_db, tmp_path_factory) -> Path:
    return store_with_accounts(built_db, tmp_path_factory.mktemp("korean"))


@pytest.fixture
def files(monkeypatch):
    """Every file a page hands to a download button in this test: (file name, mimetype, bytes)."""
    made = []
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        made.append((filename, mimetype, path_or_data))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return made


def page_texts(at: AppTest) -> list[tuple[str, str]]:
    """(where, text) of everything drawn: titles, markdown, captions, alerts, metric labels and
    values, widget labels, table headers and cells."""
    out = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success"):
        out += [(kind, str(e.value)) for e in getattr(at, kind)]
    out += [("metric", f"{m.label} {m.value}") for m in at.metric]
    for kind in ("button", "selectbox", "text_input", "date_input", "toggle", "radio", "expander", "tabs",
                 "number_input", "multiselect", "checkbox"):
        out += [(kind, str(getattr(e, "label", ""))) for e in getattr(at, kind)]
    out += [("download", b.proto.label) for b in at.get("download_button")]
    for frame in at.dataframe:
        value = frame.value
        out += [("header", str(c)) for c in value.columns]
        for column in value.columns:
            if "ID" in str(column):
                continue            # identifiers (지표 ID, 대상자ID) are codes by nature, like logins
            out += [(f"cell {column}", str(v)) for v in value[column] if v is not None and str(v) != "<NA>"]
    return out


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def iso_dates(at: AppTest) -> list[tuple[str, str]]:
    """(table column, what is wrong) where a table shows a date or a time other than the
    interface's 2024. 5. 31. / 2024. 6. 1. 09:30: a typed date or time column without that format
    (st.dataframe's default is ISO), or a text cell written as an ISO date."""
    import json

    import pandas as pd

    out = []
    for frame in at.dataframe:
        value, config = frame.value, json.loads(frame.proto.columns or "{}")
        for column in value.columns:
            values = value[column]
            typed = (pd.api.types.is_datetime64_any_dtype(values.dtype)
                     or (values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) == "date"))
            shown = config.get(str(column), {}).get("type_config", {}).get("format", "")
            if typed and not shown.startswith("YYYY. M. D."):
                out.append((str(column), f"typed, shown as {shown or 'ISO'}"))
            elif values.dtype != object or typed:
                continue
            elif any(isinstance(v, str) and ISO_DATE.search(v) for v in values):
                out.append((str(column), "text: " + next(v for v in values if isinstance(v, str) and ISO_DATE.search(v))))
    return out


def none_shown(at: AppTest) -> list[str]:
    """The tables that would show a missing value as st.dataframe's English 'None' (no placeholder)."""
    return [" · ".join(map(str, frame.value.columns[:4])) for frame in at.dataframe
            if frame.value.isna().to_numpy().any() and frame.proto.placeholder != "—"]


def file_texts(name: str, data: bytes) -> list[tuple[str, str]]:
    out = [("file name", name.rsplit(".", 1)[0])]
    if name.endswith(".csv"):
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
            out += [("csv", cell) for cell in row]
    elif name.endswith(".xlsx"):
        book = openpyxl.load_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            out.append(("sheet", sheet.title))
            out += [("xlsx", str(c.value)) for row in sheet.iter_rows() for c in row if c.value is not None]
    return out


def open_as(db: Path, monkeypatch, spec, login: str | None) -> AppTest:
    monkeypatch.setenv("PLEDGE_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["as_of"] = "2024-05-31"
    if login:
        at.session_state["auth_login"] = login
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    at.switch_page(spec.path).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("spec", SPECS, ids=[s.url_path for s in SPECS])
def test_page_and_its_downloads_are_korean(db, monkeypatch, files, spec):
    role = ROLE_OF_PAGE.get(spec.path, "admin")
    login = None if spec.needs in (navigation.PUBLIC, navigation.ANONYMOUS_ONLY) else LOGINS[role]
    at = open_as(db, monkeypatch, spec, login)
    found = [(where, text[:80], english(text)) for where, text in page_texts(at) if english(text)]
    assert not found, found
    assert not iso_dates(at), iso_dates(at)
    assert not none_shown(at), none_shown(at)
    for name, _, data in files:
        if not isinstance(data, bytes) or not name or name.startswith("양식_"):
            continue        # import templates list the accepted (also English) column names on purpose
        found = [(where, text[:80], english(text)) for where, text in file_texts(name, data) if english(text)]
        assert not found, (name, found)


def test_card_file_names_are_korean():
    import datetime as dt
    from publish import FORMATS, file_name
    from publish.model import CardDocument
    card = CardDocument(city="naju", city_name="나주시", pledge_id="6-1-1", title="t", area="", as_of=dt.date(2024, 5, 31),
                        policy_text="", status="", rate=None)
    assert [file_name(card, f) for f in FORMATS] == [f"공약관리카드_나주시_6-1-1_2024-05-31.{f}" for f in FORMATS]
    assert not english(file_name(card, "pdf").rsplit(".", 1)[0])


def test_the_checker_finds_codes():
    assert english("출처: publicity · 규칙 rule_code · 값 True · None") == ["publicity", "rule_code", "True", "None"]
    assert english("nan · NaT · False") == ["nan", "NaT", "False"]
    assert english("SNS 홍보 3건 · 대상자ID · CSV 내려받기 · <div class='pc'>표</div> public-card?pledge=naju") == []
