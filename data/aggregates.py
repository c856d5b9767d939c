"""Aggregates kept at write time (migrations 006, 008, 009, 011): what the figures need from the records,
per city × pledge × source (record kind) × funding source × day (`daily_actuals`), per month
(`monthly_totals`) and per year (`yearly_totals`), the last two with the first and last day
that has records, and per pledge over every record kind and year (`record_spans`: read by
pledges.sql for the newest record day); the indicator × period grid of every pledge's term with its card target and
each year's record actuals (`indicator_grid`, read by indicator_periods.sql) and the budget grid
of plan amounts and each year's executions (`budget_grid`, read by budget_by_year.sql).

The records stay the source of truth. Every import and undo updates the aggregates in the same
transaction (`apply_import`, called by data/imports/kinds.py), every card write and delete its
pledge's grid rows (`refresh_card`, called by data/cards.py); the build fills them through the
imports and cards, the synthetic generator with `rebuild`. The recompute reads them (data/queries/
aggregates/years_to_date.sql: whole years, and the as-of year from the shorter side of the date: to it
before July, whole less what lies after it from July on; the monthly actuals aggregates/to_date.sql),
so its cost follows the number of pledges and days, not of records. daily_actuals and monthly_totals
are kept in date order (migration 012; `rebuild` writes them so) so that a read at a date inside a
year skips the row groups of the other dates.

    records(import) ──group by day──▶ agg_delta ──merge──▶ daily_actuals ──sum by month──▶ monthly_totals
                                                                           ──sum by year──▶ yearly_totals
                                                                           ──sum by pledge──▶ record_spans
    cards (indicators × pledge_terms × periods, indicator_targets) + yearly_totals ──▶ indicator_grid
    cards (budget_plan) + yearly_totals (executions) ──▶ budget_grid

`rebuild` recomputes the six tables from the records and the cards; `differences` compares them with the records
(one row per difference) and `difference_lines` words each as one Korean line
(`python -m data aggregates rebuild|check`, and the 감사 page).
"""
from __future__ import annotations

import pandas as pd

from data import postgres
from data.store import execute, query, sql_template, sql_text
from data.vocabulary import RECORD_DATE, SOURCE_LABELS, RecordKind, Source

# The record kinds that feed indicators through the aggregates (reported actuals are read as
# they are: the newest report per indicator × period).
AGGREGATED = {RecordKind.PUBLICITY: Source.PUBLICITY, RecordKind.APPLICATIONS: Source.APPLICATIONS,
              RecordKind.VISITS: Source.VISITS, RecordKind.EXECUTIONS: Source.EXECUTIONS}
MERGE_STEPS = ("aggregates/merge_daily", "aggregates/delete_daily", "aggregates/insert_daily",
               "aggregates/delete_months", "aggregates/insert_months", "aggregates/delete_years",
               "aggregates/insert_years", "aggregates/delete_spans", "aggregates/insert_spans",
               "aggregates/update_grid")
# The budget grid's steps read only the delta's executions: another kind's import skips them.
BUDGET_STEPS = ("aggregates/delete_budget", "aggregates/insert_budget")


def _delta_sql(kind: RecordKind) -> str:
    """aggregates/delta.sql for one record kind: its table, date column, funding source and amount."""
    amounts = kind == RecordKind.EXECUTIONS
    return sql_template("aggregates/delta", table=kind.value, source=f"'{AGGREGATED[kind].value}'",
                        day=RECORD_DATE[kind], funding="funding_source" if amounts else "''",
                        amount="sum(amount_krw)" if amounts else "0")


def apply_import(cur, kind: str, import_id: int, sign: int) -> None:
    """Add (sign 1, after the import's rows are inserted) or remove (sign -1, before they are
    deleted) one import's records to or from the aggregates, inside the caller's transaction:
    daily rows of the touched keys = stored + delta (rows left with no record dropped); monthly
    totals of the touched months summed again from the daily rows, yearly totals of the touched
    years from the monthly ones, the record spans of the touched pledges from the yearly ones, the grid's yearly actuals of those years and the budget grid's
    rows of the touched executions' years from the yearly ones. Each step reads and deletes only
    the stored rows within the delta's cities, pledges and days (aggregates/delta_bounds.sql)."""
    try:
        kind = RecordKind(kind)
    except ValueError:
        return
    if kind not in AGGREGATED:
        return
    cur.execute(_delta_sql(kind), {"import_id": import_id, "sign": sign})
    try:
        if cur.execute("SELECT count(*) FROM agg_delta").fetchone()[0]:
            found = cur.execute(sql_text("aggregates/delta_bounds"))      # each step reads within them
            bounds = dict(zip((c[0] for c in found.description), found.fetchone()))
            if not postgres.is_postgres(cur):
                # The file's dated aggregates lie in day order (migration 012): the day bounds skip
                # row groups, while text bounds only add a comparison per row (0.02 s a step at 10M).
                bounds.update(city_lo=None, city_hi=None, pledge_lo=None, pledge_hi=None)
            for step in MERGE_STEPS + (BUDGET_STEPS if kind == RecordKind.EXECUTIONS else ()):
                execute(cur, step, **bounds)
    finally:
        cur.execute("DROP TABLE IF EXISTS agg_delta")
        cur.execute("DROP TABLE IF EXISTS agg_daily")


def refresh_card(con, city: str, pledge_id: str) -> None:
    """Write one pledge's indicator_grid and budget_grid rows again from its card and yearly_totals
    (none but its executions' when its card is gone), inside the caller's transaction: called by
    data/cards.py after it writes or deletes a card."""
    for delete, insert in (("delete_grid", "rebuild_grid"), ("delete_budget_card", "rebuild_budget")):
        execute(con, f"aggregates/{delete}", city=city, pledge_id=pledge_id)
        execute(con, f"aggregates/{insert}", city=city, pledge_id=pledge_id)


def rebuild(con) -> int:
    """Recompute the aggregate tables from the records and the cards (the caller owns the
    transaction). Returns the number of daily rows written."""
    execute(con, "aggregates/clear")
    execute(con, "aggregates/rebuild_daily")
    execute(con, "aggregates/rebuild_months")
    execute(con, "aggregates/rebuild_years")
    execute(con, "aggregates/rebuild_spans")
    execute(con, "aggregates/rebuild_grid")
    execute(con, "aggregates/rebuild_budget")
    return con.execute("SELECT count(*) FROM daily_actuals").fetchone()[0]


def differences(con) -> pd.DataFrame:
    """Every stored aggregate row that differs from the records (data/queries/aggregates/differences.sql):
    level (day | month | year | span | indicator | budget), city, pledge_id, source, funding_source, at_date, stored_*/expected_*
    records and amount, copies (stored rows of that key), indicator_id (the grid's rows only), phase
    (the budget grid's rows only)."""
    return query(con, "aggregates/differences")


def _figure(records, amount, source: str) -> str:
    """'없음' for a missing row, else '12건' (and ', 3,000,000원' for executions)."""
    if records is None or pd.isna(records):
        return "없음"
    text = f"{int(records):,}건"
    return text + f", {int(amount):,}원" if source == Source.EXECUTIONS.value else text


CARD_VALUES = {"indicator": "카드 값(목표·기간)", "budget": "투자 계획 금액"}
PHASES = {"before": "임기 전", "term": "임기 중", "after": "임기 후"}


def _when(level: str, at: pd.Timestamp, phase: str | None) -> str:
    """Where a difference lies: '2024-05-03(일별)', '2024-05(월별)', '2024(연도별)', '2024(지표별)',
    '2024(투자 계획별)', for a plan row before or after the term '임기 전(투자 계획별)', or for a record
    span (its first day) '2023-01-03부터(기록 기간)'."""
    if level == "day":
        return f"{at:%Y-%m-%d}(일별)"
    if level == "month":
        return f"{at:%Y-%m}(월별)"
    if level == "span":
        return "(기록 기간)" if pd.isna(at) else f"{at:%Y-%m-%d}부터(기록 기간)"
    if level == "budget" and pd.isna(at):
        return f"{PHASES.get(phase, phase)}(투자 계획별)"
    return f"{at:%Y}" + {"indicator": "(지표별)", "budget": "(투자 계획별)"}.get(level, "(연도별)")


def difference_lines(diff: pd.DataFrame) -> list[str]:
    """One Korean line per difference, e.g. '집계 차이 — naju 공약 6-1-1 신청 2024-05-03(일별):
    저장된 집계 11건, 기록 12건'; a grid row names its indicator, e.g. '… 신청 지표 6-1-1-1
    2024(지표별): …' (and says so when only its card values differ)."""
    lines = []
    for r in diff.itertuples(index=False):
        label = SOURCE_LABELS.get(Source(r.source), r.source) if r.source in Source._value2member_map_ else r.source
        if r.funding_source:
            label += f"({r.funding_source})"
        if r.level == "indicator":
            label += f" 지표 {r.indicator_id}"
        copies = f" — 같은 행이 {int(r.copies)}개 있습니다" if r.copies > 1 else ""
        same = _figure(r.stored_records, r.stored_amount, r.source) == _figure(r.expected_records, r.expected_amount, r.source)
        if same and r.copies == 1 and r.level in CARD_VALUES:
            copies = f" — {CARD_VALUES[r.level]}이 다릅니다"
        when = _when(r.level, pd.Timestamp(r.at_date), getattr(r, "phase", None))
        lines.append(f"집계 차이 — {r.city} 공약 {r.pledge_id} {label} {when}: 저장된 집계 "
                     f"{_figure(r.stored_records, r.stored_amount, r.source)}, 기록 "
                     f"{_figure(r.expected_records, r.expected_amount, r.source)}{copies}")
    return lines
