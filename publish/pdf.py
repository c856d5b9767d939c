"""The card (and a city's pledge book) as an A4 PDF, drawn with fpdf2 from publish.model blocks.

Korean text is set in NanumGothic (Debian `fonts-nanum`, TrueType: fpdf2 embeds a subset of it);
every page carries the card's as-of date, the rounding policy and 'n / N' page numbers.
"""
from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode, XPos, YPos

from metrics.formatting import date_ko
from publish.model import BUDGET, GOAL, INDICATORS, SCHEDULE, Block, CardDocument, Table

FONT_DIRS = (Path("/usr/share/fonts/truetype/nanum"), Path("/usr/local/share/fonts/nanum"))
FONT = "nanum"
MARGIN = 12.0
BODY = 9.0
SMALL = 7.5
HEAD_FILL = (232, 237, 245)
BAR_FILL = (126, 156, 204)
TITLE_FILL = (244, 246, 250)
TABLE_BLOCKS = (SCHEDULE, BUDGET, INDICATORS)
CONTENTS_ROWS = 26   # contents lines per cover page of a pledge book


class FontMissing(RuntimeError):
    """str() is a one-line Korean message."""


def font_files() -> tuple[Path, Path]:
    """NanumGothic regular and bold; FontMissing (Korean) when fonts-nanum is not installed."""
    for folder in FONT_DIRS:
        regular, bold = folder / "NanumGothic.ttf", folder / "NanumGothicBold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    raise FontMissing("한글 글꼴(NanumGothic)이 없습니다 — 'apt-get install fonts-nanum'으로 설치하세요")


class CardPdf(FPDF):
    """A4 portrait with the current card's footer line and page numbers."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
        regular, bold = font_files()
        self.add_font(FONT, "", str(regular))
        self.add_font(FONT, "B", str(bold))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=16)
        self.set_lang("ko")
        self.set_creator("공약 이행 대시보드")
        self.footer_text = ""

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", SMALL)
        self.set_text_color(90, 90, 90)
        self.cell(self.epw * 0.8, 5, self.footer_text, align="L")
        self.cell(self.epw * 0.2, 5, f"{self.page_no()} / {{nb}}쪽", align="R")
        self.set_text_color(0, 0, 0)


# --- drawing ---------------------------------------------------------------------------------

def _table(pdf: CardPdf, table: Table, size: float = SMALL) -> None:
    pdf.set_font(FONT, "", size)
    head = FontFace(emphasis="BOLD", fill_color=HEAD_FILL)
    bar = FontFace(fill_color=BAR_FILL, color=(255, 255, 255), emphasis="BOLD")
    with pdf.table(col_widths=table.widths, width=pdf.epw, line_height=size * 0.55, text_align="CENTER",
                   first_row_as_headings=table.head_rows > 0, num_heading_rows=max(table.head_rows, 1),
                   headings_style=head, cell_fill_mode=TableCellFillMode.NONE, padding=(0.8, 0.8),
                   v_align="MIDDLE") as grid:
        for cells in table.rows:
            row = grid.row()
            for c in cells:
                style = head if c.head else bar if c.fill else None
                row.cell(c.text, align=c.align, colspan=c.colspan, rowspan=c.rowspan, style=style)
    pdf.ln(1.5)


def _lines(pdf: CardPdf, block: Block) -> None:
    pdf.set_font(FONT, "", BODY)
    for line in block.lines:
        indent = 3.0 if line.level == 1 else 7.0
        bullet = "- " if line.level == 1 else "· "
        pdf.set_x(MARGIN + indent)
        pdf.multi_cell(pdf.epw - indent, 4.8, bullet + line.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _need(pdf: CardPdf, height: float) -> None:
    """Start a new page when less than `height` mm are left (a title never ends a page)."""
    if pdf.get_y() + height > pdf.h - pdf.b_margin:
        pdf.add_page()


def _height(block: Block) -> float:
    """Room to ask for before a block's title: the whole table when it is short (so that a title
    and its table stay together), else the title and a few rows."""
    if block.table is None:
        return 14 + 5 * min(len(block.lines), 2)
    table = 14 + len(block.table.rows) * (SMALL * 0.55 + 1.8)
    return table if table < 110 else 40


def _block(pdf: CardPdf, block: Block) -> None:
    if block.title == GOAL:
        _need(pdf, 14)
        pdf.ln(1)
        pdf.set_font(FONT, "B", BODY + 1)
        text = block.lines[0].text if block.lines else ""
        pdf.multi_cell(pdf.epw, 5.5, f"◆ {block.title}: {text}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)
        return
    _need(pdf, _height(block))
    pdf.ln(1)
    if block.title in TABLE_BLOCKS:
        pdf.set_font(FONT, "B", BODY + 1)
        pdf.cell(pdf.epw, 6, f"< {block.title} >", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        pdf.set_font(FONT, "B", BODY + 1.5)
        pdf.cell(pdf.epw, 6.5, f"□ {block.title}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    notes = [n for n in (block.note, block.table.unit if block.table is not None else None) if n]
    if notes:
        pdf.set_font(FONT, "", SMALL)
        pdf.cell(pdf.epw, 4.5, " · ".join(notes), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if block.table is not None:
        _table(pdf, block.table)
        _lines(pdf, block)
    else:
        _lines(pdf, block)
    pdf.ln(1.5)


def _title(pdf: CardPdf, card: CardDocument) -> None:
    pdf.set_font(FONT, "", SMALL)
    pdf.cell(pdf.epw / 2, 5, f"{card.city_name} 공약 관리카드 · {card.area}", align="L")
    pdf.cell(pdf.epw / 2, 5, f"기준일 {date_ko(card.as_of)}", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 15)
    pdf.set_fill_color(*TITLE_FILL)
    pdf.multi_cell(pdf.epw, 10, card.heading, border=1, align="C", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", SMALL)
    pdf.cell(pdf.epw, 5, card.policy_text, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def draw_card(pdf: CardPdf, card: CardDocument, new_page: bool = True) -> int:
    """Draw one card from a new page (or the current, empty one); returns its first page number."""
    pdf.footer_text = card.footer
    if new_page:
        pdf.add_page()
    first = pdf.page_no()
    pdf.start_section(card.heading)
    _title(pdf, card)
    for block in card.blocks:
        _block(pdf, block)
    return first


def card_pdf(card: CardDocument) -> bytes:
    """One card as PDF bytes."""
    pdf = CardPdf()
    pdf.set_title(f"공약 관리카드 {card.heading}")
    draw_card(pdf, card)
    return bytes(pdf.output())


def _contents_pages(count: int) -> int:
    return max(1, math.ceil((count + 6) / CONTENTS_ROWS))


def book_pdf(cards: Sequence[CardDocument]) -> bytes:
    """Every card of a city in one PDF: a cover with one contents line per pledge (번호, 공약,
    추진상황, 이행률, 쪽), then the cards, each from a new page."""
    if not cards:
        raise ValueError("no cards")
    first = cards[0]
    pdf = CardPdf()
    pdf.set_title(f"{first.city_name} 공약 관리카드 ({date_ko(first.as_of)} 기준)")
    pdf.footer_text = f"{first.city_name} 공약 관리카드 모음 · 기준일 {date_ko(first.as_of)} · {first.policy_text}"
    pdf.add_page()
    starts: list[int] = []

    def contents(doc: FPDF, _outline) -> None:
        doc.set_font(FONT, "B", 18)
        doc.cell(doc.epw, 14, f"{first.city_name} 공약 관리카드", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        doc.set_font(FONT, "", BODY)
        doc.cell(doc.epw, 6, f"기준일 {date_ko(first.as_of)} · 공약 {len(cards):,}개 · {first.policy_text}",
                 align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        doc.ln(4)
        doc.set_font(FONT, "", SMALL + 0.5)
        head = FontFace(emphasis="BOLD", fill_color=HEAD_FILL)
        with doc.table(col_widths=(1.4, 8, 2.2, 1.6, 1.0), width=doc.epw, line_height=4.4, headings_style=head,
                       text_align=("CENTER", "LEFT", "CENTER", "RIGHT", "RIGHT"), padding=(0.6, 1)) as grid:
            grid.row(("번호", "공약", "추진상황", "이행률 (%)", "쪽"))
            for card, page in zip(cards, starts):
                grid.row((card.pledge_id, card.title, card.status, card.rate_shown, str(page)))

    pdf.insert_toc_placeholder(contents, pages=_contents_pages(len(cards)), allow_extra_pages=True)
    for i, card in enumerate(cards):   # the placeholder leaves us on a fresh page for the first card
        starts.append(draw_card(pdf, card, new_page=i > 0))
    return bytes(pdf.output())
