"""Writing a pledge card into the store, and deleting it: used by the build (data/build.py) and
by the card import (data/imports/kinds.py). The caller owns the transaction.

Every statement is a named file in data/queries/cards/; the card's term (임기) is a row of
`terms`, named on the pledge (pledges.term), and seeds that term's target periods (keyed by term
and year); the card's status history becomes dated rows of status_history.
"""
from __future__ import annotations

import datetime as dt
import re

import duckdb

from data import aggregates, vocabulary
from data.cardfile import Card, Term
from data.store import execute, execute_many, sql_text

CARD_NOTE = "공약 관리카드 인쇄값"
# Every table holding a card's rows, children before the pledge itself.
CARD_TABLES = ("status_history", "pledge_texts", "contacts", "service_rules", "milestones", "progress_log",
               "budget_plan", "printed_executions", "indicator_targets", "indicators", "pledges")


def period_rows(term: Term | vocabulary.Term) -> list[dict]:
    """The term's target periods, one per calendar year it touches: the first from the term's
    start, the last to its end (labelled 'YYYY. M.' when it ends before December); each row names
    its term."""
    rows = []
    for year in range(term.start.year, term.end.year + 1):
        starts = max(dt.date(year, 1, 1), term.start)
        ends = min(dt.date(year, 12, 31), term.end)
        label = f"{year}. {ends.month}." if ends.month != 12 else str(year)
        rows.append({"term": term.name, "period": year, "label": label, "starts": starts, "ends": ends})
    return rows


def seed_periods(con: duckdb.DuckDBPyConnection, term: Term | vocabulary.Term) -> None:
    """Add the term (terms) and its periods (periods, keyed by term and year); rows present stay."""
    execute(con, "cards/insert_term", term=term.name, starts=term.start, ends=term.end)
    execute_many(con, "cards/insert_period", period_rows(term))


def delete_card(con: duckdb.DuckDBPyConnection, city: str, pledge_id: str) -> None:
    """Delete every card row of one pledge (records and revisions stay), and its indicator grid rows
    (data/aggregates.py)."""
    _delete_card_rows(con, city, pledge_id)
    aggregates.refresh_card(con, city, pledge_id)


def _delete_card_rows(con: duckdb.DuckDBPyConnection, city: str, pledge_id: str) -> None:
    for table in CARD_TABLES:
        con.execute(sql_text("cards/delete_card").replace("{table}", table), {"city": city, "pledge_id": pledge_id})


def insert_card(con: duckdb.DuckDBPyConnection, card: Card, file_name: str) -> None:
    """Write every block of one card into the store (replacing the same pledge's card rows), then
    its indicator grid rows (data.aggregates.refresh_card, in the caller's transaction)."""
    key = {"city": card.city, "pledge_id": card.id}
    _delete_card_rows(con, card.city, card.id)        # the grids are written once, at the end
    execute(con, "cards/delete_printed_actuals", **key, note=CARD_NOTE)
    execute(con, "cards/insert_city", city=card.city, name=card.city_name, province=card.province,
            term_start=card.term.start, term_end=card.term.end, synthetic=card.synthetic)
    if card.city_rounding is not None:
        execute(con, "cards/set_city_rounding", city=card.city, rounding=card.city_rounding)
    seed_periods(con, card.term)
    printed, inv = card.printed, card.investment
    execute(con, "cards/insert_pledge", **key, title=card.title, area_no=card.area.number,
            area_name=card.area.name, strategy_no=card.strategy_no, item_no=card.item_no,
            completion=card.completion, implementer=card.implementer, novelty=card.novelty,
            budget_type=card.budget_type, required_budget=card.required_budget, status=card.status.value,
            status_date=card.status_date, status_note=card.status_note, policy_goal=card.policy_goal,
            department=card.department, team=card.team, rate_note=card.rate_note,
            milestones_note=card.milestones_note, investment_program=inv.program if inv else None,
            printed_as_of=printed.as_of if printed else None, printed_rate=printed.rate if printed else None,
            printed_execution_total=printed.execution_total if printed else None, card_file=file_name,
            synthetic=card.synthetic, term=card.term.name)
    execute_many(con, "cards/insert_status", [
        {**key, "status_on": s.date, "status": s.status.value, "note": s.note} for s in card.statuses()])
    texts = [dict(block="overview", ord=i, level=t.level, label=t.label, text=t.text, note=None)
             for i, t in enumerate(card.overview)]
    texts += [dict(block="plan", ord=i, level=1, label=None, text=p.text, note=p.when) for i, p in enumerate(card.plan)]
    texts += [dict(block="effect", ord=i, level=1, label=None, text=t, note=None)
              for i, t in enumerate(card.expected_effects)]
    execute_many(con, "cards/insert_pledge_text", [{**key, **t} for t in texts])
    execute_many(con, "cards/insert_contact", [
        {**key, "ord": i, "role": c.role, "name": c.name, "phone": c.phone} for i, c in enumerate(card.contacts)])
    execute_many(con, "cards/insert_service_rule", [
        {**key, "starts": r.starts, "hours_per_visit": r.hours_per_visit, "visits_per_person": r.visits_per_person,
         "eligible_from_week": r.eligible_from_week} for r in card.service_rules])
    execute_many(con, "cards/insert_milestone", [
        {**key, "ord": i, "name": m.name, "start_quarter": m.start, "end_quarter": m.end, "done_quarter": m.done}
        for i, m in enumerate(card.milestones)])
    log_rows = []
    for i, line in enumerate(card.progress_log):
        starts, ends = parse_log_date(line.date)
        log_rows.append({**key, "ord": i, "text": line.text, "date_text": line.date, "starts": starts, "ends": ends,
                         "details": line.details})
    execute_many(con, "cards/insert_progress_log", log_rows)
    if inv:
        plan = [("before", None, s, a) for s, a in inv.before.items()]
        plan += [("after", None, s, a) for s, a in inv.after.items()]
        plan += [("term", y, s, a) for s, by_year in inv.term.items() for y, a in by_year.items()]
        execute_many(con, "cards/insert_budget_plan", [
            {**key, "phase": ph, "year": y, "funding_source": s, "amount": a} for ph, y, s, a in plan])
    if printed:
        execute_many(con, "cards/insert_printed_execution", [
            {**key, "year": y, "amount": a} for y, a in printed.execution_by_year.items()])
    for i, ind in enumerate(card.indicators):
        ikey = {**key, "indicator_id": ind.id}
        execute(con, "cards/insert_indicator", **ikey, ord=i, name=ind.name, unit=ind.unit, source=ind.source.value,
                cap=ind.cap, weight=ind.weight, description=ind.description,
                printed_rate=ind.printed.rate if ind.printed else None)
        execute_many(con, "cards/insert_indicator_target", [
            {**ikey, "period": y, "target": t} for y, t in ind.targets.items()])
        if ind.printed and printed:
            execute_many(con, "cards/insert_printed_actual", [
                {**ikey, "period": y, "value": v, "reported_on": printed.as_of, "note": CARD_NOTE}
                for y, v in ind.printed.actuals.items()])
    aggregates.refresh_card(con, card.city, card.id)


_LOG_DATE = re.compile(r"^\s*(\d{4})\.\s*(\d{1,2})\.\s*(?:~\s*(?:(\d{4})\.\s*)?(\d{1,2})?\.?)?\s*$")


def parse_log_date(text: str) -> tuple[dt.date | None, dt.date | None]:
    """'2022. 9.~12.' -> (2022-09-01, 2022-12-31); '2023. 1.~' -> (2023-01-01, None); '2022. 7.' -> July."""
    m = _LOG_DATE.match(text)
    if not m:
        return None, None
    year, month = int(m.group(1)), int(m.group(2))
    starts = dt.date(year, month, 1)
    if "~" not in text:
        end_year, end_month = year, month
    elif m.group(4):
        end_year, end_month = int(m.group(3) or year), int(m.group(4))
    else:
        return starts, None
    next_month = dt.date(end_year + end_month // 12, end_month % 12 + 1, 1)
    return starts, next_month - dt.timedelta(days=1)
