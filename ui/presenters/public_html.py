"""HTML of the public pages, for st.html: every value escaped (`escape`), the
public tables (real HTML tables: read aloud by screen readers, selectable, printed, and light to
load: no grid code in the browser), the printed card's blocks (publish.model) with their merged
cells, and the style of both (CARD_CSS, with the print style)."""
from __future__ import annotations

import html

import numpy as np
import pandas as pd

from publish.model import Block, Table

LINK_TEXT = "카드 보기"       # the text of each '공약 카드' link
WIDE_TEXT = ("공약명", "분야")    # columns of running text: left-aligned, wrapping


def _cell_text(value, column: str) -> str:
    """One cell as shown: a rate with two decimals (already rounded by the city's policy), a
    count with thousands separators, an empty cell for a missing value, text as typed."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    if column.endswith("(%)"):
        return f"{float(value):.2f}"
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return f"{int(value):,}"
    return str(value)


def table_html_of(frame: pd.DataFrame, compact: bool = False) -> str:
    """A public table as a real HTML table (for st.html: read by screen readers, selectable,
    printed, light to load — no grid code), inside a box that scrolls sideways on a phone:
    every value escaped, numbers right-aligned, the '공약 카드' column as links to the public
    cards. An empty table keeps its header row. `compact`: as wide as its content (a short table),
    else the full width."""
    columns = [str(c) for c in frame.columns]
    numeric = {c for c in columns if c != "공약 카드" and frame[c].dtype.kind in "iuf"}
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in columns)
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for column, value in zip(columns, values):
            if column == "공약 카드":
                cells.append(f'<td><a href="{html.escape(str(value), quote=True)}">{LINK_TEXT}</a></td>'
                             if isinstance(value, str) and value else "<td></td>")
            else:
                kind = ' class="r"' if column in numeric else (' class="l"' if column in WIDE_TEXT else "")
                cells.append(f"<td{kind}>{escape(_cell_text(value, column))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    kind = "pc compact" if compact else "pc"
    return (f'<div class="pc-scroll"><table class="{kind}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')



# --- the public card: the printed card's blocks (publish.model) ---------------------------------

def _cell_html(cell) -> str:
    tag = "th" if cell.head else "td"
    attrs = "".join(f' {k}="{v}"' for k, v in (("colspan", cell.colspan), ("rowspan", cell.rowspan)) if v > 1)
    classes = " ".join(c for c in ("fill" if cell.fill else "", {"L": "l", "R": "r"}.get(cell.align, "")) if c)
    if classes:
        attrs += f' class="{classes}"'
    return f"<{tag}{attrs}>{escape(cell.text)}</{tag}>"


def escape(text: str) -> str:
    """Text shown as typed: HTML-escaped, with '$', '[' and ']' as entities too (read as text even
    where Markdown renders it), on one line."""
    return (html.escape(str(text)).replace("$", "&#36;").replace("[", "&#91;").replace("]", "&#93;")
            .replace("\n", " "))


def table_html(table: Table) -> str:
    """A card table (merged cells kept) inside a box that scrolls sideways on a phone."""
    rows = "".join("<tr>" + "".join(_cell_html(c) for c in row) + "</tr>" for row in table.rows)
    unit = f'<div class="unit">{escape(table.unit)}</div>' if table.unit else ""
    return f'{unit}<div class="pc-scroll"><table class="pc">{rows}</table></div>'


def lines_html(block: Block) -> str:
    items = "".join(f'<li class="lv{line.level}">{escape(line.text)}</li>' for line in block.lines)
    return f'<ul class="pc-lines">{items}</ul>' if items else ""


def block_html(block: Block) -> str:
    """One block of the card: its title, note, table and lines, as one HTML fragment (one line)."""
    note = f'<div class="pc-note">{escape(block.note)}</div>' if block.note else ""
    table = table_html(block.table) if block.table is not None else ""
    return f'<div class="pc-block"><h4>□ {escape(block.title)}</h4>{note}{table}{lines_html(block)}</div>'


CARD_CSS = """<style>
.pc-scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.2rem 0 .6rem 0}
table.pc{border-collapse:collapse;font-size:.85rem;min-width:100%;}
table.pc th,table.pc td{border:1px solid #9aa5b1;padding:.2rem .35rem;text-align:center;white-space:nowrap}
table.pc th{background:#eef2f7;font-weight:600}
table.pc td.l{text-align:left;white-space:normal;min-width:10rem}
table.pc td.r{text-align:right}
table.pc td.fill{background:#cfe0f5}
table.pc.compact{min-width:0}
table.pc a{white-space:nowrap}
.pc-block h4{font-size:1.05rem;margin:.9rem 0 .2rem 0;padding:0}
.pc-note,.unit{font-size:.8rem;color:#555}
ul.pc-lines{margin:.2rem 0 .4rem 0;padding-left:1.2rem}
ul.pc-lines li.lv2{list-style:'· ';margin-left:1rem;font-size:.9rem}
@media print{
 [data-testid=stSidebar],[data-testid=stHeader],[data-testid=stToolbar],[data-testid=stSidebarCollapsedControl],
 .no-print,[data-testid=stDownloadButton],[data-testid=stSelectbox],[data-testid=stDateInput],
 [data-testid=stTextInput]{display:none!important}
 .pc-scroll{overflow:visible} table.pc{font-size:7.5pt} .pc-block{break-inside:avoid-page}
}
</style>"""
