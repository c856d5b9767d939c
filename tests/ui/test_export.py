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
