"""Tables as downloadable files: CSV (UTF-8 with BOM, so Excel reads Korean) and XLSX."""
from __future__ import annotations

import io

import pandas as pd


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as CSV bytes, UTF-8 with a byte-order mark (Excel opens Korean headers correctly)."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "표") -> bytes:
    """The table as an XLSX workbook with one sheet (openpyxl); dates stay dates, and
    timezone-aware timestamps are written as local wall time (Excel has no time zones)."""
    out = frame.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        out.to_excel(writer, sheet_name=sheet[:31] or "표", index=False)
    return buffer.getvalue()
