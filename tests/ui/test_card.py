"""ui/presenters/card.py: the card's indicator table, its date and block titles."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data.store import query
from metrics.engine import compute, load_inputs
from metrics.rates import RatePolicy
from ui.presenters import card
from ui.presenters.common import period_labels

AS_OF = dt.date(2024, 5, 31)
POLICY = RatePolicy()


def test_card_indicator_table_matches_the_printed_card(seed, con):
    _, figs = seed
    labels = period_labels(query(con, "periods"))
    table = card.card_indicator_table(figs.periods, figs.indicators, POLICY, labels)
    assert list(table["구분"]) == ["목표 (누계)", "이행 (누계)"] * 2
    assert list(table.iloc[0][["2022", "2023", "2024", "2025", "2026. 6."]]) == ["2", "4 (6)", "4 (10)", "4 (14)", "2 (16)"]
    assert list(table.iloc[1][["2022", "2023", "2024", "2025"]]) == ["4", "4 (8)", "3 (11)", ""]
    assert list(table.iloc[2][["2022", "2023", "2026. 6."]]) == ["–", "630", "315 (2,205)"]
    assert list(table.iloc[3][["2022", "2023", "2024"]]) == ["–", "927", "417 (1,344)"]
    assert list(table["이행률 (%)"]) == ["68.75", "", "60.95", ""]


def test_card_date_falls_back_to_the_data_then_the_term(seed):
    _, figs = seed
    p = figs.pledges.iloc[0].copy()
    assert card.card_as_of(p) == dt.date(2024, 5, 31)
    p["printed_as_of"] = None
    assert card.card_as_of(p) == pd.Timestamp(p["data_until"]).date()
    p["data_until"] = None
    assert card.card_as_of(p) == dt.date(2026, 6, 30)


def test_progress_title_starts_at_the_term_of_the_data(seed):
    _, figs = seed
    p = figs.pledges.iloc[0].copy()
    assert card.progress_title(p, AS_OF) == "**□ 추진실적** (2022. 7. 1. ~ 2024. 5. 31.)"
    p["term_start"] = pd.Timestamp("2026-07-01")
    assert card.progress_title(p, AS_OF).startswith("**□ 추진실적** (2026. 7. 1. ~")
