"""Tables as downloadable files that carry their context: CSV (UTF-8 with BOM, so Excel reads
Korean) and XLSX.

Every file says what it is: the CSV starts with the context (자료명, 시군, 공약, 기준일, 조건,
이행률 표시, 생성 시각) and, when given, a description of each column (항목명, 설명, 단위), then
the table; the XLSX has the table on its first sheet and the same context and column
descriptions on a sheet '설명'. Numbers are numbers: text cells that only hold a number as
displayed ('1,344', '68.75%', '—') become numbers (or empty), whole numbers integers (4, not
4.0); every other text cell is neutralised against formulas (data/safe_text.py: CSV
quote-prefix, XLSX cells stored as text). XLSX columns get widths from their contents.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from data.safe_text import csv_safe, csv_safe_frame, xlsx_text_cell
from metrics.formatting import date_ko

_NUMBER = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?$|^-?\d+(?:\.\d+)?%?$")
_EMPTY = {"", "-", "–", "—"}
BOOL_LABELS = {True: "예", False: "아니오"}
INFO_SHEET = "설명"
HEAD_FILL = PatternFill("solid", fgColor="E8EEF7")


@dataclass(frozen=True)
class Context:
    """What a downloaded table is: its title, city, pledge, as-of date, filters, rounding policy,
    the time it was made, and (optional) each column's description: (항목명, 설명, 단위)."""
    title: str
    city: str
    pledge: str
    as_of: dt.date
    filters: str
    policy: str
    generated_at: dt.datetime
    columns: tuple[tuple[str, str, str], ...] = ()

    def rows(self) -> list[tuple[str, str]]:
        return [("자료명", self.title), ("시군", self.city), ("공약", self.pledge),
                ("기준일", date_ko(self.as_of)), ("조건", self.filters), ("이행률 표시", self.policy),
                ("생성 시각", self.generated_at.strftime("%Y-%m-%d %H:%M"))]


def _parsed(text: str) -> float | None:
    """'1,344' → 1344.0, '68.75%' → 68.75; None for the empty markers; NaN when not a number."""
    text = text.strip()
    if text in _EMPTY:
        return None
    return float(text.replace(",", "").rstrip("%")) if _NUMBER.match(text) else math.nan


def _whole(values: pd.Series) -> pd.Series:
    """A float column whose values are all whole as integers (nullable Int64)."""
    present = values.dropna()
    if len(present) and (present == present.round()).all() and present.abs().max() < 2 ** 53:
        return values.round().astype("Int64")
    return values


def numeric_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with numbers as numbers: a text column whose every cell is a number as displayed
    ('1,344', '68.75%', '-', '—') becomes numeric (a '%' moves into the header: '이행률 (%)');
    whole floats become integers; yes/no columns read 예/아니오; timestamps at midnight dates."""
    out = frame.copy()
    renames = {}
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_bool_dtype(values):
            out[col] = values.map(BOOL_LABELS)
        elif pd.api.types.is_float_dtype(values):
            out[col] = _whole(values)
        elif pd.api.types.is_datetime64_any_dtype(values):
            if isinstance(values.dtype, pd.DatetimeTZDtype):
                values = values.dt.tz_localize(None)
            if (values.dropna() == values.dropna().dt.normalize()).all():
                values = values.dt.date
            out[col] = values
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            texts = [v for v in values if isinstance(v, str)]
            if any(isinstance(v, bool) for v in values):
                out[col] = values.map(lambda v: BOOL_LABELS.get(v, v) if isinstance(v, bool) else v)
                continue
            if not texts or len(texts) != values.notna().sum():
                continue
            parsed = [_parsed(v) for v in texts]
            if any(p is not None and math.isnan(p) for p in parsed) or all(p is None for p in parsed):
                continue
            out[col] = _whole(pd.Series([_parsed(v) if isinstance(v, str) else None for v in values],
                                        index=values.index, dtype=float))
            if any(t.strip().endswith("%") for t in texts) and "%" not in str(col):
                renames[col] = f"{col} (%)"
    return out.rename(columns=renames)


def _cell(value):
    """A value as written into a file: missing → None, numpy scalars → Python numbers."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool):
        return BOOL_LABELS[value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    return value


def to_csv_bytes(frame: pd.DataFrame, context: Context | None = None) -> bytes:
    """The table as CSV bytes (UTF-8 with BOM): the context and column descriptions first (when
    given, each section followed by an empty line), then the table with numeric cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if context is not None:
        writer.writerows([csv_safe(k), csv_safe(v)] for k, v in context.rows())
        writer.writerow([])
        if context.columns:
            writer.writerow(["항목명", "설명", "단위"])
            writer.writerows([csv_safe(x) for x in row] for row in context.columns)
            writer.writerow([])
    buffer.write(csv_safe_frame(numeric_frame(frame)).to_csv(index=False, lineterminator="\n"))
    return buffer.getvalue().encode("utf-8-sig")


def _width(value) -> float:
    """A column width for the value: Hangul and other wide characters count twice."""
    text = value.strftime("%Y-%m-%d") if isinstance(value, (dt.date, dt.datetime)) else \
        (f"{value:,}" if isinstance(value, (int, float)) else str(value or ""))
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _write_table(ws, frame: pd.DataFrame, first_row: int = 1) -> None:
    """Headers (bold) and rows from first_row; text as text, numbers as numbers, dates as dates."""
    for c, name in enumerate(frame.columns, start=1):
        cell = ws.cell(row=first_row, column=c)
        xlsx_text_cell(cell, str(name))
        cell.font, cell.fill = Font(bold=True), HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for r, row in enumerate(frame.itertuples(index=False), start=first_row + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            value = _cell(value)
            xlsx_text_cell(cell, value)
            if isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, float):
                cell.number_format = "#,##0.00"
            elif isinstance(value, int):
                cell.number_format = "#,##0"


def _fit_widths(ws) -> None:
    widths: dict[int, float] = {}
    for row in ws.iter_rows():
        for cell in row:
            widths[cell.column] = max(widths.get(cell.column, 0), _width(cell.value))
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = min(max(8, width + 2), 60)


def _sheet_name(title: str) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31]
    return name if name and name != INFO_SHEET else "표"


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "표", context: Context | None = None) -> bytes:
    """The table as an XLSX workbook: the table on the first sheet (numbers as numbers, dates as
    dates, text as text, widths set, header row frozen) and, with a context, a sheet '설명'
    with the context and each column's description."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = _sheet_name(sheet)
    _write_table(ws, numeric_frame(frame))
    ws.freeze_panes = "A2"
    _fit_widths(ws)
    if context is not None:
        info = book.create_sheet(INFO_SHEET)
        rows = pd.DataFrame(context.rows(), columns=["항목", "값"])
        _write_table(info, rows)
        if context.columns:
            _write_table(info, pd.DataFrame(list(context.columns), columns=["항목명", "설명", "단위"]),
                         first_row=len(rows) + 3)
        _fit_widths(info)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
