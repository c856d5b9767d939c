"""The card as HWPX (the format Korean offices edit), written with python-hwpx from publish.model
blocks and checked with the library's own validators before the bytes are handed out.

A4, 15 mm margins; the footer carries the card's as-of date, the rounding policy and the page
number ('n/N'). Tables span the text width; header cells are bold and shaded, the schedule's
planned quarters shaded.
"""
from __future__ import annotations

from hwpx import HwpxDocument
from hwpx.tools.package_validator import validate_package
from hwpx.tools.validator import validate_document

from metrics.formatting import date_ko
from publish.model import BUDGET, GOAL, INDICATORS, SCHEDULE, Block, CardDocument, Table

MARGIN_MM = 15
TEXT_WIDTH = round((210 - 2 * MARGIN_MM) * 7200 / 25.4)   # HWPUNIT: 1/7200 inch
HEAD_FILL = "#E8EDF5"
BAR_FILL = "#7E9CCC"
TABLE_BLOCKS = (SCHEDULE, BUDGET, INDICATORS)


class HwpxInvalid(RuntimeError):
    """The generated file failed python-hwpx's own check; str() is a one-line Korean message."""


class _Writer:
    def __init__(self) -> None:
        self.doc = HwpxDocument.new()
        self.doc.page.setup(paper_size="A4", margins_mm={"left": MARGIN_MM, "right": MARGIN_MM,
                                                         "top": MARGIN_MM, "bottom": MARGIN_MM})
        styles = self.doc.styles
        self.title = styles.ensure_run(bold=True, size=16)
        self.heading = styles.ensure_run(bold=True, size=12)
        self.body = styles.ensure_run(size=10)
        self.small = styles.ensure_run(size=8)
        self.cell_text = styles.ensure_run(size=8)
        self.cell_head = styles.ensure_run(bold=True, size=8)
        self.centered: list = []
        self.right: list = []

    def paragraph(self, text: str, run: str, align: str | None = None):
        paragraph = self.doc.add_paragraph(text, char_pr_id_ref=run, inherit_style=False)
        if align == "CENTER":
            self.centered.append(paragraph)
        elif align == "RIGHT":
            self.right.append(paragraph)
        return paragraph

    def table(self, table: Table) -> None:
        rows, cols = len(table.rows), len(table.widths)
        grid = self.doc.add_table(rows, cols, width=TEXT_WIDTH)
        grid.set_column_widths(list(table.widths))
        placed = table.placed()
        for r, c, cell in placed:   # merge first: the grid keeps its addresses (every row and column starts a cell)
            if cell.rowspan > 1 or cell.colspan > 1:
                grid.merge_cells(r, c, r + cell.rowspan - 1, c + cell.colspan - 1)
        for r, c, cell in placed:
            target = grid.cell(r, c)
            if cell.text:
                target.set_text(cell.text)
                for paragraph in target.paragraphs:
                    for run in paragraph.runs:
                        run.char_pr_id_ref = self.cell_head if cell.head else self.cell_text
            if cell.head:
                grid.set_cell_shading(r, c, HEAD_FILL)
            elif cell.fill:
                grid.set_cell_shading(r, c, BAR_FILL)
            paragraphs = target.paragraphs
            if cell.align == "C":
                self.centered.extend(paragraphs)
            elif cell.align == "R":
                self.right.extend(paragraphs)

    def block(self, block: Block) -> None:
        if block.title == GOAL:
            text = block.lines[0].text if block.lines else ""
            self.paragraph(f"◆ {block.title}: {text}", self.heading)
            return
        if block.title in TABLE_BLOCKS:
            self.paragraph(f"< {block.title} >", self.heading, "CENTER")
        else:
            self.paragraph(f"□ {block.title}", self.heading)
        notes = [n for n in (block.note, block.table.unit if block.table is not None else None) if n]
        if notes:
            self.paragraph(" · ".join(notes), self.small, "RIGHT")
        if block.table is not None:
            self.table(block.table)
        for line in block.lines:
            self.paragraph(("  - " if line.level == 1 else "      · ") + line.text, self.body)
        self.paragraph("", self.body)

    def card(self, card: CardDocument) -> None:
        self.paragraph(f"{card.city_name} 공약 관리카드 · {card.area} · 기준일 {date_ko(card.as_of)}", self.small, "RIGHT")
        self.paragraph(card.heading, self.title, "CENTER")
        self.paragraph(card.policy_text, self.small, "RIGHT")
        for block in card.blocks:
            self.block(block)
        self.doc.page.set_footer(content=[{"align": "RIGHT", "children": [
            {"type": "run", "text": f"{card.footer} · "}, {"page_number": "page/total"}, {"type": "run", "text": "쪽"}]}])

    def finish(self) -> bytes:
        styles = self.doc.styles
        if self.centered:
            styles.apply_paragraph_format(paragraphs=self.centered, alignment="CENTER")
        if self.right:
            styles.apply_paragraph_format(paragraphs=self.right, alignment="RIGHT")
        return self.doc.to_bytes()


def check(data: bytes) -> None:
    """python-hwpx's document check (schemas) and package check (ZIP, manifest); HwpxInvalid on an error."""
    document = validate_document(data)
    package = validate_package(data)
    if not document.ok or not package.ok:
        problems = [i for i in (*document.issues, *package.issues)
                    if getattr(i, "severity", getattr(i, "level", "")) == "error"]
        first = problems[0].message if problems else "알 수 없는 오류"
        raise HwpxInvalid(f"HWPX 파일 검증에 실패했습니다: {first}")


def card_hwpx(card: CardDocument) -> bytes:
    """One card as HWPX bytes, valid by python-hwpx's own check."""
    writer = _Writer()
    writer.card(card)
    data = writer.finish()
    check(data)
    return data
