"""The card as an XLSX workbook (openpyxl), laid out like the printed card on one sheet.

Numbers are stored as numbers: counts and amounts as integers ('#,##0'), rates as fractions with
a percent format (64.85% is 0.6485 shown '0.00%'). Text is stored as text, never as a formula:
a value that starts with = + - @ is written as a string with Excel's quote prefix.
The top rows carry the context: city, pledge, as-of date, rounding policy, generation time.
"""
from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from data.safe_text import is_trigger
from metrics.formatting import date_ko
from publish.model import GOAL, Block, CardDocument, Cell, Table

FIRST_WIDTH = 34.0
OTHER_WIDTH = 9.5
TEXT_COLUMNS = 11            # text lines span the columns of the widest ordinary table
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E8EDF5")
BAR_FILL = PatternFill("solid", fgColor="7E9CCC")
ALIGN = {"L": "left", "C": "center", "R": "right"}


def put_text(ws: Worksheet, row: int, col: int, text: str):
    """Write `text` as a string cell: never a formula (a leading = + - @ gets the quote prefix)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(text))
    cell = ws.cell(row=row, column=col)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(TRIGGERS) or is_trigger(text):      # data.safe_text: also full-width and spaced forms
        cell.quotePrefix = True
    return cell


def _percent_format(text: str) -> str:
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return "0." + "0" * decimals + "%" if decimals else "0%"


def put_cell(ws: Worksheet, row: int, col: int, cell: Cell):
    """A model cell: numbers as numbers (rates as fractions with a % format), the rest as text."""
    if cell.value is not None and cell.kind in ("count", "amount", "rate"):
        target = ws.cell(row=row, column=col)
        if cell.kind == "rate":
            target.value = float(cell.value) / 100
            target.number_format = _percent_format(cell.text)
        else:
            target.value = cell.value
            target.number_format = "#,##0" if isinstance(cell.value, int) else "#,##0.0"
        return target
    return put_text(ws, row, col, cell.text)


def _table(ws: Worksheet, top: int, table: Table) -> int:
    """Draw the table from row `top`; returns the next free row."""
    for r, c, cell in table.placed():
        row, col = top + r, 1 + c
        target = put_cell(ws, row, col, cell)
        target.alignment = Alignment(horizontal=ALIGN[cell.align], vertical="center", wrap_text=True)
        target.font = Font(bold=cell.head, size=9)
        if cell.head:
            target.fill = HEAD_FILL
        elif cell.fill:
            target.fill = BAR_FILL
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                ws.cell(row=row + dr, column=col + dc).border = BOX
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + cell.rowspan - 1,
                           end_column=col + cell.colspan - 1)
    return top + len(table.rows)


def _line(ws: Worksheet, row: int, text: str, *, bold: bool = False, size: float = 10, align: str = "left",
          span: int = TEXT_COLUMNS) -> int:
    cell = put_text(ws, row, 1, text)
    cell.font = Font(bold=bold, size=size)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
    width_chars = FIRST_WIDTH + OTHER_WIDTH * (span - 1)
    lines = max(1, -(-len(text) * 2 // int(width_chars * 1.1)))   # Hangul is about two characters wide
    ws.row_dimensions[row].height = max(15.0, 14.5 * lines) * (size / 10)
    return row + 1


def _block(ws: Worksheet, row: int, block: Block) -> int:
    if block.title == GOAL:
        text = block.lines[0].text if block.lines else ""
        return _line(ws, row, f"◆ {block.title}: {text}", bold=True) + 1
    row = _line(ws, row, f"□ {block.title}", bold=True, size=11)
    notes = [n for n in (block.note, block.table.unit if block.table is not None else None) if n]
    if notes:
        row = _line(ws, row, " · ".join(notes), size=8, align="right")
    if block.table is not None:
        row = _table(ws, row, block.table)
    for line in block.lines:
        row = _line(ws, row, ("- " if line.level == 1 else "    · ") + line.text)
    return row + 1


def _sheet_name(card: CardDocument) -> str:
    name = f"{card.pledge_id} 공약관리카드"
    return "".join(ch for ch in name if ch not in '[]:*?/\\')[:31]


def card_xlsx(card: CardDocument, generated: dt.datetime | None = None) -> bytes:
    """One card as XLSX bytes: one sheet in the card's layout, context rows on top."""
    generated = generated or dt.datetime.now().replace(microsecond=0)
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_name(card)
    ws.column_dimensions["A"].width = FIRST_WIDTH
    for col in range(2, 19):
        ws.column_dimensions[get_column_letter(col)].width = OTHER_WIDTH
    row = _line(ws, 1, card.heading, bold=True, size=14, align="center")
    for label, value in (("시군", f"{card.city_name} ({card.city})"), ("공약 번호", card.pledge_id), ("공약명", card.title), ("분야", card.area),
                         ("기준일", date_ko(card.as_of)), ("반올림 방식", card.policy_text),
                         ("생성 일시", generated.strftime("%Y-%m-%d %H:%M"))):
        put_text(ws, row, 1, label).font = Font(bold=True, size=9)
        put_text(ws, row, 2, value).font = Font(size=9)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=TEXT_COLUMNS)
        row += 1
    row += 1
    for block in card.blocks:
        row = _block(ws, row, block)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.left.text = card.footer.replace("&", "&&")
    ws.oddFooter.right.text = "&P / &N쪽"
    wb.properties.title = f"공약 관리카드 {card.heading}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
