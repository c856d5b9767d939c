"""Reading one XLSX sheet within the limits: the container is checked first (guard.guard_xlsx:
sizes, ratios, paths, the visible-or-named sheet, the declared dimension), then the sheet XML
is streamed (openpyxl read-only parser) and only filled rows are kept, with their row numbers.
Rows past the row limit or cells past the column limit refuse the file as soon as they are
met, whatever the dimension declared — nothing is padded out to a far cell.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from data.imports.guard import guard_xlsx
from data.imports.limits import Limits, Refusal


@dataclass
class SheetRows:
    title: str
    sheets: list[str]                 # the visible sheets (all when none is hidden)
    numbers: list[int]                # spreadsheet row number of each filled row
    rows: list[list[str | None]]      # cell texts, padded to the widest filled row


def cell_text(value) -> str | None:
    """A cell as text: formulas (also array and data-table formulas) as their '=…' text so the
    gate refuses them; dates as YYYY-MM-DD; whole floats without '.0'."""
    if value is None:
        return None
    text_attr = getattr(value, "text", None)
    if text_attr is not None and not isinstance(value, str):        # ArrayFormula
        text = str(text_attr)
        return text if text.startswith("=") else "=" + text
    if type(value).__name__ == "DataTableFormula":
        return "=TABLE()"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "nan"
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (int, str)):
        text = str(value).strip()
        return text or None
    return "#VALUE!"                                               # anything else: never its repr


def read_sheet(data: bytes, lim: Limits, sheet: str | None = None) -> SheetRows:
    """Stream the chosen sheet's filled rows; raise Refusal (Korean) on any limit or damage."""
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    info = guard_xlsx(data, lim, sheet)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False,
                                      keep_vba=False)
    except Refusal:
        raise
    except Exception:
        raise Refusal("엑셀(XLSX) 파일을 열 수 없습니다 — 파일이 손상되었거나 XLSX가 아닙니다") from None
    numbers: list[int] = []
    rows: list[list[str | None]] = []
    width = 0
    cells = 0
    try:
        ws = book[info.title]
        with ws._get_source() as src:
            parser = WorkSheetParser(src, ws._shared_strings, data_only=False, epoch=book.epoch,
                                     date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
            for idx, raw in parser.parse():
                if idx > lim.rows + 1 + 50:
                    raise Refusal(f"시트 '{info.title}'의 행이 너무 많습니다 ({idx:,}행째에 값이 있습니다, 최대 {lim.rows:,}행)",
                                  row=idx)
                values: dict[int, str] = {}
                for cell in raw:
                    text = cell_text(cell["value"])
                    if text is None:
                        continue
                    col = int(cell["column"])
                    if col > lim.columns:
                        raise Refusal(f"시트 '{info.title}'의 열이 너무 많습니다 ({col:,}번째 열에 값이 있습니다, 최대 "
                                      f"{lim.columns:,}열)", row=idx)
                    if len(text) > lim.cell_chars:
                        raise Refusal(f"한 칸의 글자가 너무 많습니다 ({len(text):,}자, 최대 {lim.cell_chars:,}자)", row=idx)
                    values[col] = text
                if not values:
                    continue
                cells += len(values)
                if cells > lim.cells:
                    raise Refusal(f"칸이 너무 많습니다 (최대 {lim.cells:,}칸)", row=idx)
                width = max(width, max(values))
                numbers.append(idx)
                rows.append([values.get(c) for c in range(1, max(values) + 1)])
    except Refusal:
        raise
    except Exception:
        raise Refusal(f"시트 '{info.title}'을(를) 읽을 수 없습니다 — 파일이 손상되었습니다. 엑셀에서 다시 저장하세요") from None
    finally:
        book.close()
    for r in rows:
        r.extend([None] * (width - len(r)))
    return SheetRows(info.title, list(info.visible or info.sheets), numbers, rows)
