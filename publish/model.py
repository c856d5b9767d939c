"""The printable card as a document model: plain data that the PDF, HWPX and XLSX renderers draw.

Pure: `card_document(pledge, policy, as_of, parts)` takes one pledge of the engine's report
(metrics.report.report) and the card's query frames (texts, contacts, milestones, progress log,
budget, term periods) and returns a `CardDocument` — the blocks of the printed card, in its order,
with Korean titles, paragraphs and tables. No store, no streamlit, no file format here.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from data.vocabulary import FUNDING_SOURCES, Status
from metrics.budget import by_source
from metrics.formatting import date_ko
from metrics.rates import RatePolicy
from metrics.schedule import milestone_state, term_quarters

Kind = Literal["text", "count", "amount", "rate"]
MARK = "○"

# Block titles, in the printed card's order.
FLAGS = "공약 구분"
STATUS = "추진상황 및 이행률"
GOAL = "정책목표"
OVERVIEW = "현황 및 정책개요"
PLAN = "추진계획"
SCHEDULE = "연차별 추진일정"
BUDGET = "연도별 투자 계획 및 집행"
PROGRESS = "추진실적"
INDICATORS = "공약달성 확인지표"
EFFECT = "기대효과"
DEPARTMENT = "주관부서"
BLOCK_TITLES = (FLAGS, STATUS, GOAL, OVERVIEW, PLAN, SCHEDULE, BUDGET, PROGRESS, INDICATORS, EFFECT, DEPARTMENT)


@dataclass(frozen=True)
class Cell:
    """One table cell: `text` as printed; `value` the number behind it (None for text);
    `kind` says how a spreadsheet stores it (rates in percent, e.g. 64.85)."""
    text: str = ""
    value: float | int | None = None
    kind: Kind = "text"
    colspan: int = 1
    rowspan: int = 1
    head: bool = False
    fill: bool = False          # a shaded cell (the schedule's planned quarters)
    align: Literal["L", "C", "R"] = "C"


@dataclass(frozen=True)
class Table:
    widths: tuple[float, ...]   # relative column widths
    rows: tuple[tuple[Cell, ...], ...]
    head_rows: int = 1
    unit: str | None = None     # printed above the table, e.g. (단위: 백만원)

    def placed(self) -> list[tuple[int, int, Cell]]:
        """(row, column, cell) for every cell on the table's grid, spans placed as in HTML: a cell
        goes to the first column of its row not taken by a span from above or from its left."""
        taken: set[tuple[int, int]] = set()
        placed = []
        for r, cells in enumerate(self.rows):
            c = 0
            for cell in cells:
                while (r, c) in taken:
                    c += 1
                placed.append((r, c, cell))
                taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
                c += cell.colspan
        return placed


@dataclass(frozen=True)
class Line:
    text: str
    level: int = 1              # 1 = '- ' item, 2 = ' · ' sub-item


@dataclass(frozen=True)
class Block:
    title: str
    lines: tuple[Line, ...] = ()
    table: Table | None = None
    note: str | None = None     # a line under the title (e.g. '2024. 5. 31. 기준')


@dataclass(frozen=True)
class CardDocument:
    city: str
    city_name: str
    pledge_id: str
    title: str
    area: str
    as_of: dt.date
    policy_text: str
    status: str
    rate: float | None
    rate_shown: str = ""        # the rate as printed, e.g. '64.85'
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def heading(self) -> str:
        return f"{self.pledge_id} {self.title}"

    @property
    def footer(self) -> str:
        return f"{self.city_name} 공약 관리카드 {self.pledge_id} · 기준일 {date_ko(self.as_of)} · {self.policy_text}"


@dataclass(frozen=True)
class CardParts:
    """The card's query frames (data.store.query), for one pledge."""
    texts: pd.DataFrame
    contacts: pd.DataFrame
    milestones: pd.DataFrame
    progress: pd.DataFrame
    budget: pd.DataFrame
    term_start: dt.date
    term_end: dt.date


# --- small formatting helpers ------------------------------------------------------------------

def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def whole(value) -> int | float | None:
    """A number as int when it is whole (11, not 11.0); None when missing."""
    if _missing(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def num_text(value) -> str:
    """1344 → '1,344'; '' when missing."""
    value = whole(value)
    if value is None:
        return ""
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def rate_text(value: float | None, policy: RatePolicy) -> str:
    """A rate already rounded by the policy, with the policy's decimals: 64.85 → '64.85'."""
    return "" if value is None else f"{value:.{policy.decimals}f}"


def policy_text(policy: RatePolicy) -> str:
    """'이행률: 소수 둘째 자리 반올림, 지표 이행률 100% 상한 적용'."""
    places = {0: "정수", 1: "소수 첫째 자리", 2: "소수 둘째 자리", 3: "소수 셋째 자리"}.get(
        policy.decimals, f"소수 {policy.decimals}자리")
    how = "반올림" if policy.rounding == "half_up" else "버림(절사)"
    cap = "지표 이행률 100% 상한 적용" if policy.cap else "지표 이행률 상한 없음"
    return f"이행률 표시: {places} {how}, {cap}"


def _count(value, **kw) -> Cell:
    return Cell(num_text(value), whole(value), "count", **kw)


def _amount(value, **kw) -> Cell:
    return Cell(num_text(value), whole(value), "amount", **kw)


def _rate(value, policy: RatePolicy, **kw) -> Cell:
    return Cell(rate_text(value, policy), value, "rate", **kw)


def _head(text: str, **kw) -> Cell:
    return Cell(text, head=True, **kw)


def _details(value) -> list:
    """A TEXT[] column's value (list, array or missing) as a list."""
    if value is None or isinstance(value, (str, float)):
        return [] if value is None or isinstance(value, float) else [value]
    return [d for d in list(value) if not _missing(d)]


def _text(value) -> str:
    return "" if _missing(value) else str(value)


# --- blocks ------------------------------------------------------------------------------------

def flags_block(pledge: dict, city_name: str) -> Block:
    """완료시기 · 사업주체 · 신규여부 · 예산구분 with a ○ under the card's value, and 소요예산."""
    groups = [("완료시기", ["임기내", "임기후"], pledge.get("completion")),
              ("사업주체", ["국가", "도", city_name, "민간"], pledge.get("implementer")),
              ("신규여부", ["신규", "계속"], pledge.get("novelty")),
              ("예산구분", ["예산", "비예산"], pledge.get("budget_type"))]
    top = [_head(name, colspan=len(options)) for name, options, _ in groups]
    top.append(_head("소요예산 (백만원)", rowspan=2))
    options = [_head(o) for _, opts, _ in groups for o in opts]
    marks = [Cell(MARK if o == value else "") for _, opts, value in groups for o in opts]
    marks.append(_amount(pledge.get("required_budget")))
    return Block(FLAGS, table=Table((1,) * 10 + (2.4,), (tuple(top), tuple(options), tuple(marks)), head_rows=2))


def status_block(pledge: dict, policy: RatePolicy) -> Block:
    """추진상황 (○ under the recorded status), the pledge's 이행률 and the status the figures suggest."""
    statuses = [Status.DONE_CLOSED, Status.DONE_CONTINUING, Status.ON_TRACK, Status.PARTIAL]
    recorded = pledge.get("status")
    if recorded not in statuses:
        statuses.append(recorded)
    head = tuple(_head(str(s)) for s in statuses) + (_head("이행률 (%)"),)
    marks = tuple(Cell(MARK if s == recorded else "") for s in statuses) + (_rate(pledge.get("rate"), policy),)
    note = f"지표로 본 추진상황: {pledge.get('suggested_status') or '—'}"
    if pledge.get("status_date"):
        note += f" · 추진상황 입력일 {date_ko(dt.date.fromisoformat(pledge['status_date']))}"
    return Block(STATUS, table=Table((1.2,) * len(statuses) + (1.2,), (head, marks)), note=note)


def text_lines(texts: pd.DataFrame, block: str) -> tuple[Line, ...]:
    """One card text block (overview | plan | effect): '(label) text', ' : note' after plan lines."""
    lines = []
    for r in texts[texts["block"] == block].sort_values("ord").itertuples(index=False):
        text = str(r.text)
        if not _missing(r.label) and str(r.label).strip():
            text = f"({r.label}) {text}"
        if not _missing(r.note) and str(r.note).strip():
            text = f"{text} : {r.note}"
        lines.append(Line(text, 2 if int(r.level) >= 2 else 1))
    return tuple(lines)


def schedule_block(milestones: pd.DataFrame, term_start: dt.date, term_end: dt.date, as_of: dt.date) -> Block:
    """Milestones × the term's quarters: planned quarters shaded, the state on the as-of date in 비고."""
    quarters = term_quarters(term_start, term_end)
    years = quarters.groupby("year", sort=True).size()
    top = [_head("세부 추진상황", rowspan=2)] + [_head(f"{y}년", colspan=int(n)) for y, n in years.items()]
    top.append(_head("비고", rowspan=2))
    second = [_head(q[-1]) for q in quarters["quarter"]]
    rows = [tuple(top), tuple(second)]
    for m in milestones.sort_values("ord").itertuples(index=False):
        done = m.done_quarter if isinstance(m.done_quarter, str) else None
        cells = [Cell(str(m.name), align="L")]
        for q in quarters["quarter"]:
            planned = m.start_quarter <= q <= m.end_quarter
            cells.append(Cell("●" if done == q and planned else "", fill=planned))
        cells.append(Cell(milestone_state(m.start_quarter, m.end_quarter, done, as_of)))
        rows.append(tuple(cells))
    if len(rows) == 2:
        rows.append((Cell("등록된 추진일정이 없습니다", colspan=len(quarters) + 2),))
    widths = (9.0,) + (1.0,) * len(quarters) + (3.2,)
    return Block(SCHEDULE, table=Table(widths, tuple(rows), head_rows=2),
                 note="음영: 계획 분기, ●: 완료 분기, 비고: 기준일의 상태")


def budget_block(budget: pd.DataFrame, summary: dict, program: str, as_of: dt.date, policy: RatePolicy) -> Block:
    """연도별 투자 계획 (백만원) by funding source, with the execution (집행액) to the as-of date."""
    if budget.empty:
        return Block(BUDGET, lines=(Line("등록된 투자 계획이 없습니다"),))
    plan = by_source(budget)
    years = [c for c in plan.columns if str(c).isdigit()]
    top = [_head("사업명", rowspan=2), _head("재원", rowspan=2), _head("총계", rowspan=2), _head("기 투자", rowspan=2),
           _head("임기내", colspan=1 + len(years)), _head("임기후 투자", rowspan=2)]
    second = [_head("소계")] + [_head(str(y)) for y in years]
    columns = ["total", "before", "term_total", *years, "after"]
    rows = [tuple(top), tuple(second)]
    total = plan.sum()
    sources = len(FUNDING_SOURCES)
    rows.append((Cell(program, rowspan=1 + sources, align="L"), _head("총 계"),
                 *(_amount(total[c], align="R") for c in columns)))
    for source in FUNDING_SOURCES:
        label = " ".join(str(source))  # '국 비', as printed
        rows.append((_head(label), *(_amount(plan.loc[str(source), c], align="R") for c in columns)))
    term = budget[budget["phase"] == "term"]
    executed = term.groupby("year")["executed"].sum()
    by_year = [round(float(executed.get(int(y), 0.0)), 6) for y in years]
    spent = round(float(budget["executed"].sum()), 6)
    rows.append((_head("집행액", colspan=2), _amount(spent, align="R"), Cell("-"), _amount(sum(by_year), align="R"),
                 *(_amount(v, align="R") if v else Cell("-") for v in by_year), Cell("-")))
    lines = (Line(f"집행률 (계획 총액 대비): {rate_text(summary.get('execution_rate'), policy)}% "
                  f"= 집행 {num_text(summary.get('executed_total'))} ÷ 계획 {num_text(summary.get('planned_total'))}"),
             Line(f"집행률 ({as_of.year}년까지 계획 대비): {rate_text(summary.get('execution_rate_to_date'), policy)}% "
                  f"= 집행 {num_text(summary.get('executed_total'))} ÷ 계획 {num_text(summary.get('planned_to_date'))}"))
    widths = (4.2, 1.4, 1.3, 1.3, 1.3) + (1.2,) * len(years) + (1.4,)
    return Block(BUDGET, table=Table(widths, tuple(rows), head_rows=2, unit="(단위: 백만원)"), lines=lines,
                 note=f"집행액은 {date_ko(as_of)}까지의 집행 기록 합계")


def progress_block(progress: pd.DataFrame, term_start: dt.date, as_of: dt.date) -> Block:
    """Every progress-log entry begun by the as-of date, with its detail lines (never truncated)."""
    lines = []
    for r in progress.sort_values("ord").itertuples(index=False):
        if not _missing(r.starts) and pd.Timestamp(r.starts).date() > as_of:
            continue
        lines.append(Line(f"{r.text} : {r.date_text}"))
        lines.extend(Line(str(d), 2) for d in _details(r.details))
    if not lines:
        lines.append(Line("등록된 추진실적이 없습니다"))
    return Block(PROGRESS, lines=tuple(lines), note=f"{date_ko(term_start)} ~ {date_ko(as_of)}")


def indicators_block(pledge: dict, as_of: dt.date, policy: RatePolicy) -> Block:
    """Per indicator: target and actual per period with their running totals (누계), and the rate;
    the last row is the pledge rate (the mean of the indicator rates)."""
    indicators = pledge.get("indicators") or []
    periods = indicators[0]["periods"] if indicators else []
    head = (_head("확인지표"), _head("단위"), _head("구분"), *(_head(p["label"]) for p in periods), _head("이행률 (%)"))
    rows = [head]
    for ind in indicators:
        by_row = [("목표", "target"), ("목표 누계", "target_cumulative"), ("이행", "actual"), ("이행 누계", "actual_cumulative")]
        for i, (label, key) in enumerate(by_row):
            lead = (Cell(ind["name"], rowspan=4, align="L"), Cell(ind["unit"], rowspan=4)) if i == 0 else ()
            rate = (_rate(ind.get("rate"), policy, rowspan=4),) if i == 0 else ()
            rows.append((*lead, _head(label), *(_count(p.get(key), align="R") for p in ind["periods"]), *rate))
    rows.append((_head("공약 이행률 (각 지표 이행률의 평균으로 산출)", colspan=3 + len(periods)),
                 _rate(pledge.get("rate"), policy)))
    lines = (Line("지표 이행률 = 누계 이행 ÷ 임기 전체 목표 누계 × 100, 공약 이행률 = 지표 이행률의 평균"),)
    widths = (5.0, 0.9, 1.6) + (1.3,) * len(periods) + (1.6,)
    return Block(INDICATORS, table=Table(widths, tuple(rows)), lines=lines, note=f"{date_ko(as_of)} 기준")


def department_block(pledge: dict, contacts: pd.DataFrame) -> Block:
    """주관부서, its team, and each contact's role, name and phone."""
    rows = [(_head("주관부서"), _head("팀"), _head("직위"), _head("성명"), _head("연락처"))]
    people = list(contacts.sort_values("ord").itertuples(index=False))
    dept, team = _text(pledge.get("department")), _text(pledge.get("team"))
    if not people:
        rows.append((Cell(dept), Cell(team), Cell(""), Cell(""), Cell("")))
    for i, c in enumerate(people):
        lead = (Cell(dept, rowspan=len(people)), Cell(team, rowspan=len(people))) if i == 0 else ()
        rows.append((*lead, Cell(_text(c.role)), Cell(_text(c.name)), Cell(_text(c.phone))))
    return Block(DEPARTMENT, table=Table((2, 2, 2, 2, 2), tuple(rows)))


def card_document(pledge: dict, policy: RatePolicy, as_of: dt.date, parts: CardParts) -> CardDocument:
    """The whole card: every block of the printed card, in its order."""
    city_name = pledge.get("city_name") or pledge["city"]
    texts = parts.texts
    goal = _text(pledge.get("policy_goal"))
    blocks = (
        flags_block(pledge, city_name),
        status_block(pledge, policy),
        Block(GOAL, lines=(Line(goal or "—"),)),
        Block(OVERVIEW, lines=text_lines(texts, "overview")),
        Block(PLAN, lines=text_lines(texts, "plan")),
        schedule_block(parts.milestones, parts.term_start, parts.term_end, as_of),
        budget_block(parts.budget, pledge.get("budget") or {}, _text(pledge.get("investment_program")) or pledge["title"],
                     as_of, policy),
        progress_block(parts.progress, parts.term_start, as_of),
        indicators_block(pledge, as_of, policy),
        Block(EFFECT, lines=text_lines(texts, "effect")),
        department_block(pledge, parts.contacts),
    )
    area = pledge.get("area") or {}
    return CardDocument(city=pledge["city"], city_name=city_name, pledge_id=pledge["id"], title=pledge["title"],
                        area=f"{area.get('number', '')}. {area.get('name', '')}".strip(". "), as_of=as_of,
                        policy_text=policy_text(policy), status=_text(pledge.get("status")), rate=pledge.get("rate"),
                        rate_shown=rate_text(pledge.get("rate"), policy), blocks=blocks)
