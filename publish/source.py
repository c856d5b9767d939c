"""Reading what a card needs: the engine's figures (metrics) and the card's named queries (data).

The only module of publish/ that touches the store; everything it returns goes to the pure
publish.model. No SQL here: every read is a named query of data/queries.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from data.store import query
from metrics.rates import DEFAULT_POLICY, RatePolicy
from metrics.report import report
from publish.model import CardDocument, CardParts, card_document

try:  # the engine moved out of metrics/report.py (issue 8); either place works
    from metrics.engine import figures_for
except ImportError:  # pragma: no cover - older tree
    from metrics.report import figures_for  # type: ignore[no-redef]


class CardNotFound(LookupError):
    """str() is a one-line Korean message."""


def _date(value) -> dt.date:
    return pd.Timestamp(value).date()


def _extra(row: pd.Series) -> dict:
    """The card fields the report does not carry (flags, budget, goal), from the pledges query."""
    keys = ("implementer", "novelty", "budget_type", "required_budget", "policy_goal", "investment_program",
            "completion", "status_note")
    return {k: (None if pd.isna(row[k]) else row[k]) for k in keys if k in row.index}


def _parts(con: duckdb.DuckDBPyConnection, city: str, pledge_id: str, as_of: dt.date, pledge_row: pd.Series) -> CardParts:
    params = {"city": city, "pledge_id": pledge_id}
    return CardParts(
        texts=query(con, "pledge_texts", **params),
        contacts=query(con, "contacts", **params),
        milestones=query(con, "milestones", **params),
        progress=query(con, "progress_log", **params),
        budget=query(con, "budget_by_year", as_of=as_of, **params),
        term_start=_date(pledge_row["term_start"]),
        term_end=_date(pledge_row["term_end"]),
    )


def load_cards(con: duckdb.DuckDBPyConnection, as_of: dt.date, city: str | None = None,
               pledge_id: str | None = None, policy: RatePolicy = DEFAULT_POLICY) -> list[CardDocument]:
    """The card documents of one pledge (pledge_id given) or of every pledge of a city, in card order."""
    figures = figures_for(con, as_of, city=city, pledge_id=pledge_id, policy=policy)
    if figures.pledges.empty:
        what = f"공약 '{pledge_id}'" if pledge_id else f"시군 '{city}'의 공약"
        raise CardNotFound(f"{what}을(를) 찾을 수 없습니다")
    doc = report(figures)
    rows = query(con, "pledges", city=city, pledge_id=pledge_id).set_index(["city", "pledge_id"], drop=False)
    cards = []
    for pledge in doc["pledges"]:
        row = rows.loc[(pledge["city"], pledge["id"])]
        merged = {**_extra(row), **pledge}
        parts = _parts(con, pledge["city"], pledge["id"], as_of, row)
        cards.append(card_document(merged, policy, as_of, parts))
    return cards


def load_card(con: duckdb.DuckDBPyConnection, as_of: dt.date, city: str | None, pledge_id: str,
              policy: RatePolicy = DEFAULT_POLICY) -> CardDocument:
    """One pledge's card; with no city, the pledge id must name one pledge only."""
    cards = load_cards(con, as_of, city, pledge_id, policy)
    if len(cards) > 1:
        cities = ", ".join(c.city for c in cards)
        raise CardNotFound(f"공약 '{pledge_id}'이(가) 여러 시군에 있습니다 ({cities}) — --city로 시군을 지정하세요")
    return cards[0]


def only_city(con: duckdb.DuckDBPyConnection) -> str:
    """The store's city when it holds one only; CardNotFound (Korean) asking for --city otherwise."""
    cities = query(con, "pledge_list", city=None)["city"].drop_duplicates().tolist()
    if len(cities) == 1:
        return cities[0]
    if not cities:
        raise CardNotFound("공약이 없습니다")
    raise CardNotFound(f"시군이 여러 개입니다 ({', '.join(cities[:5])}{' …' if len(cities) > 5 else ''}) — --city로 지정하세요")
