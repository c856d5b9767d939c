"""Text made safe for the spreadsheets the product writes (CSV and XLSX downloads).

Every text cell a user may have typed is written as text, never as a formula:
- CSV: a value starting with a formula trigger (= + - @ TAB CR LF, or their full-width forms;
  see data/imports/screen.py) gets a leading apostrophe, as OWASP advises; plain negative
  numbers are left alone.
- XLSX (openpyxl): the cell is set as a string (data_type 's') with the quotePrefix style, so
  Excel shows `=HYPERLINK(…)` as the characters typed.

    frame = csv_safe_frame(frame)                 # before frame.to_csv(...)
    xlsx_text_cell(ws.cell(row=r, column=c), value)
"""
from __future__ import annotations

import re

import pandas as pd

_TRIGGER = re.compile(r"^[ ]*[=+\-@\t\r\n＝＋－＠]")
_PLAIN_NUMBER = re.compile(r"^-(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$|^-+$")


def is_trigger(text: str) -> bool:
    """True when a spreadsheet would read the text as a formula (a plain -5 is a number)."""
    return bool(_TRIGGER.match(text)) and not _PLAIN_NUMBER.match(text)


def csv_safe(value):
    """A CSV cell: text with a formula trigger is quote-prefixed ("'=1+1"); other values unchanged."""
    if isinstance(value, str) and is_trigger(value):
        return "'" + value
    return value


def csv_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame with every text cell (and header) made safe by `csv_safe`."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(csv_safe)
    out.columns = [csv_safe(c) if isinstance(c, str) else c for c in out.columns]
    return out


def xlsx_text_cell(cell, value) -> None:
    """Write `value` into an openpyxl cell; text is stored as text (never a formula)."""
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if is_trigger(value):
            cell.quotePrefix = True
    else:
        cell.value = value


def xlsx_safe_sheet(ws) -> None:
    """After writing a sheet (e.g. by pandas' to_excel): turn every formula-looking cell back
    into quote-prefixed text."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and (cell.data_type == "f" or is_trigger(cell.value)):
                xlsx_text_cell(cell, cell.value)
