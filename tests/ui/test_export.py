"""ui/export.py: CSV and XLSX bytes keep Korean headers and plain dates."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data.store import query
from metrics.engine import compute, load_inputs
from metrics.rates import RatePolicy
import io

import openpyxl

from ui.export import to_csv_bytes, to_xlsx_bytes
from ui.presenters.common import korean_headers

AS_OF = dt.date(2024, 5, 31)
POLICY = RatePolicy()


def test_csv_and_xlsx_keep_korean_headers(con):
    records = korean_headers(query(con, "records_publicity", as_of=AS_OF, city="naju", pledge_id="6-1-1",
                                         year=2024))
    csv = to_csv_bytes(records)
    assert csv.startswith(b"\xef\xbb\xbf") and "홍보번호,홍보일" in csv.decode("utf-8-sig")
    assert "2024-01-08" in csv.decode("utf-8-sig")           # plain dates, not timestamps
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(records, "근거기록")))
    sheet = book["근거기록"]
    assert [c.value for c in sheet[1]][:3] == ["홍보번호", "홍보일", "매체"]
    assert sheet.max_row == 4


from ui.export import Context, numeric_frame

CONTEXT = Context(title="공약별 이행 현황", city="나주시", pledge="6-1-1 출산 전·후 지원 돌봄서비스 제공", as_of=AS_OF,
                  filters="연도: 전체", policy="소수 2자리 버림", generated_at=dt.datetime(2026, 11, 26, 9, 30),
                  columns=(("이행률 (%)", "공약 이행률", "%"),))
HOSTILE = '=HYPERLINK("http://x")'


def shown_table() -> pd.DataFrame:
    """A table as presenters format it for the screen: numbers as text."""
    return pd.DataFrame({"공약명": [HOSTILE, "+cmd|' /C calc'!A0"], "계획(백만원)": ["1,344", "504"],
                         "집행률": ["68.75%", "—"], "건수": [4.0, 6.0], "합성": [True, False], "기호": ["-", "@SUM(1)"]})


def test_numeric_frame_turns_displayed_numbers_into_numbers():
    out = numeric_frame(shown_table())
    assert out["계획(백만원)"].tolist() == [1344, 504] and str(out["계획(백만원)"].dtype) == "Int64"
    assert out["집행률 (%)"].iloc[0] == 68.75 and pd.isna(out["집행률 (%)"].iloc[1])
    assert str(out["건수"].dtype) == "Int64" and out["합성"].tolist() == ["예", "아니오"]


def test_xlsx_cells_are_text_or_numbers_never_formulas():
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(shown_table(), "표", CONTEXT)))
    sheet = book["표"]
    assert sheet["A2"].value == HOSTILE and sheet["A2"].data_type == "s"
    assert sheet["A3"].data_type == "s" and sheet["F3"].data_type == "s"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert sheet["B2"].value == 1344 and isinstance(sheet["B2"].value, int)
    assert sheet["C2"].value == 68.75 and sheet["C3"].value is None
    assert sheet["D2"].value == 4 and isinstance(sheet["D2"].value, int)
    assert sheet.column_dimensions["A"].width > 10
    info = book["설명"]
    values = {info.cell(row=r, column=1).value: info.cell(row=r, column=2).value for r in range(2, 9)}
    assert values["시군"] == "나주시" and values["기준일"] == "2024. 5. 31." and values["조건"] == "연도: 전체"
    assert values["이행률 표시"] == "소수 2자리 버림" and values["생성 시각"] == "2026-11-26 09:30"
    assert [c.value for c in info[10]] == ["항목명", "설명", "단위"]


def test_csv_starts_with_its_context_and_quotes_formulas():
    import csv as csvlib
    rows = list(csvlib.reader(io.StringIO(to_csv_bytes(shown_table(), CONTEXT).decode("utf-8-sig"))))
    assert rows[0] == ["자료명", "공약별 이행 현황"] and rows[3] == ["기준일", "2024. 5. 31."]
    assert ["항목명", "설명", "단위"] in rows
    header = rows.index(["공약명", "계획(백만원)", "집행률 (%)", "건수", "합성", "기호"])
    assert rows[header + 1] == ["'" + HOSTILE, "1344", "68.75", "4", "예", "-"]
    assert rows[header + 2][0].startswith("'+") and rows[header + 2][5] == "'@SUM(1)"
