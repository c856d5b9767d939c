"""The document model: every block of the printed card, in its order, with the engine's figures;
publish/ stays a layer beside ui/ (no streamlit, no ui, no SQL)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from metrics.rates import RatePolicy
from publish.model import BLOCK_TITLES, BUDGET, INDICATORS, PROGRESS, SCHEDULE
from publish.source import load_card
from tests.publish.conftest import AS_OF

PUBLISH = Path(__file__).resolve().parents[2] / "publish"


def _block(card, title):
    return next(b for b in card.blocks if b.title == title)


def _texts(block):
    return [c.text for row in block.table.rows for c in row]


def test_blocks_follow_the_printed_card(card):
    assert tuple(b.title for b in card.blocks) == BLOCK_TITLES
    assert card.heading == "6-1-1 출산 전·후 지원 돌봄서비스 제공"
    assert card.rate_shown == "64.85"


def test_indicator_table_has_every_period_with_totals_and_rates(card):
    block = _block(card, INDICATORS)
    head = [c.text for c in block.table.rows[0]]
    assert head[3:-1] == ["2022", "2023", "2024", "2025", "2026. 6."]
    texts = _texts(block)
    for figure in ("68.75", "60.95", "64.85", "2,205", "1,344", "16", "11"):
        assert figure in texts


def test_budget_and_schedule_cover_the_whole_term(card):
    budget = _texts(_block(card, BUDGET))
    assert {"2022", "2026", "504", "83", "62", "21", "197", "109"} <= set(budget)
    schedule = _block(card, SCHEDULE).table
    assert len(schedule.rows[1]) == 16          # 2022 Q3 … 2026 Q2
    assert sum(c.fill for row in schedule.rows for c in row) > 0


def test_progress_log_is_complete_up_to_the_as_of_date(card, con):
    from data.store import query
    log = query(con, "progress_log", city="naju", pledge_id="6-1-1")
    lines = [line.text for line in _block(card, PROGRESS).lines]
    for entry in log.itertuples(index=False):
        assert f"{entry.text} : {entry.date_text}" in lines
    assert "(2023년) 1회 3시간, 총 5회 → (2024년) 1회 4시간, 총 4회" in lines


def test_cut_policy_reaches_every_printed_rate(con):
    card = load_card(con, AS_OF, "naju", "6-1-1", RatePolicy(rounding="cut"))
    assert "버림" in card.policy_text
    budget_lines = " ".join(line.text for line in _block(card, BUDGET).lines)
    assert "16.46%" in budget_lines          # 83 ÷ 504 = 16.468… cut, not 16.47
    assert card.rate_shown == "64.85"


def test_publish_imports_no_streamlit_no_ui_and_holds_no_sql():
    for path in PUBLISH.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [m for m in names if m.split(".")[0] in ("streamlit", "ui", "pages", "plotly")], path.name
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bSELECT\b.+\bFROM\b", text), path.name
        assert len(text.splitlines()) <= 400, path.name


def test_spans_are_placed_on_the_grid_as_in_html():
    """Each cell goes to the first column of its row not taken by a span from above or its left."""
    from publish.model import Cell, Table

    a, b, c, d, e = (Cell(t) for t in "abcde")
    table = Table(widths=(1, 1, 1), rows=((Cell("A", rowspan=2), Cell("B", colspan=2)), (a, b), (c, d, e)))
    assert [(r, col, cell.text) for r, col, cell in table.placed()] == [
        (0, 0, "A"), (0, 1, "B"), (1, 1, "a"), (1, 2, "b"), (2, 0, "c"), (2, 1, "d"), (2, 2, "e")]
