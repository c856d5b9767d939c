"""metrics.portfolio: 완료율, 평균진행률, 임기내 이행률 and status counts, table-driven."""
import math

import numpy as np
import pandas as pd
import pytest

from metrics.portfolio import (synthetic_count, FORMULAS, average_progress, by_area, by_city, by_department, completion_rate,
                               in_term_rate, no_data, overall, status_counts, summary)
from metrics.rates import RatePolicy, display_round

CUT = RatePolicy(rounding="cut")
HALF_UP = RatePolicy(rounding="half_up")


def portfolio(done: int, total: int, **extra) -> pd.DataFrame:
    """`total` pledges of which `done` are recorded as done (alternating the two done statuses)."""
    status = ["완료 종결" if i % 2 else "완료 후 계속추진" for i in range(done)]
    status += ["정상추진" if i % 3 else "일부추진" for i in range(total - done)]
    frame = pd.DataFrame({
        "city": "naju", "city_name": "나주시", "pledge_id": [f"p{i}" for i in range(total)],
        "area_no": [i % 7 + 1 for i in range(total)], "area_name": [f"분야{i % 7 + 1}" for i in range(total)],
        "department": [f"과{i % 3}" for i in range(total)],
        "completion": ["임기내" if i % 5 else "임기후" for i in range(total)],
        "status": status, "rate": [100.0] * done + [50.0] * (total - done),
    })
    return frame.assign(**extra)


@pytest.mark.parametrize("done, total, cut, half_up", [
    (66, 98, 67.34, 67.35),     # Naju end-2024: published as 67.34% (cut, 66 ÷ 98 = 67.3469…)
    (80, 98, 81.63, 81.63),     # Naju 2025 Q3
    (0, 98, 0.0, 0.0),
    (98, 98, 100.0, 100.0),
    (1, 3, 33.33, 33.33),
    (2, 3, 66.66, 66.67),
])
def test_completion_rate_published_rounding(done, total, cut, half_up):
    rate = completion_rate(portfolio(done, total))
    assert rate == pytest.approx(done / total * 100)
    assert display_round(rate, CUT) == cut
    assert display_round(rate, HALF_UP) == half_up


def test_no_pledges_no_rates():
    empty = portfolio(0, 0)
    assert completion_rate(empty) is None
    assert average_progress(empty) is None
    assert in_term_rate(empty) is None


@pytest.mark.parametrize("rates, completion, average, in_term", [
    ([64.85, 100.0, 30.0], ["임기내", "임기내", "임기후"], (64.85 + 100 + 30) / 3, (64.85 + 100) / 2),
    ([None, 80.0, 40.0], ["임기내", "임기후", "임기내"], 60.0, 40.0),      # no data: left out, not 0
    ([None, None], ["임기내", "임기후"], None, None),
    ([10.0, 20.0], ["임기후", "임기후"], 15.0, None),                      # nothing due within the term
])
def test_average_progress_and_in_term_rate(rates, completion, average, in_term):
    frame = pd.DataFrame({"rate": rates, "completion": completion, "status": "정상추진"})
    got_avg, got_in = average_progress(frame), in_term_rate(frame)
    assert (got_avg is None and average is None) or got_avg == pytest.approx(average)
    assert (got_in is None and in_term is None) or got_in == pytest.approx(in_term)


def test_pledges_without_data_are_listed_and_counted():
    frame = portfolio(2, 6)
    frame.loc[[1, 4], "rate"] = None
    assert list(no_data(frame)["pledge_id"]) == ["p1", "p4"]
    row = overall(frame)
    assert row["pledges"] == 6 and row["with_rate"] == 4 and row["no_data"] == 2
    assert row["completion_rate"] == pytest.approx(2 / 6 * 100)     # the denominator keeps them
    assert all(isinstance(row[k], (int, np.integer)) for k in ("pledges", "done", "with_rate", "no_data"))
    assert f"{row['no_data']:,}건" == "2건"


def test_status_counts_in_card_order():
    counts = status_counts(portfolio(66, 98))
    assert list(counts.index) == ["완료 종결", "완료 후 계속추진", "정상추진", "일부추진"]
    assert counts.sum() == 98 and counts["완료 종결"] + counts["완료 후 계속추진"] == 66
    odd = status_counts(pd.DataFrame({"status": ["보류", "정상추진"]}))
    assert odd["기타"] == 1


def test_grouped_summaries_agree_with_the_scalar_functions():
    frame = pd.concat([portfolio(66, 98), portfolio(3, 10, city="mokpo", city_name="목포시")], ignore_index=True)
    frame.loc[[5, 100], "rate"] = None
    cities = by_city(frame).set_index("city")
    for city, part in frame.groupby("city"):
        assert cities.loc[city, "completion_rate"] == pytest.approx(completion_rate(part))
        assert cities.loc[city, "average_progress"] == pytest.approx(average_progress(part))
        assert cities.loc[city, "in_term_rate"] == pytest.approx(in_term_rate(part))
        assert cities.loc[city, "no_data"] == len(no_data(part))
    assert display_round(cities.loc["naju", "completion_rate"], CUT) == 67.34
    for grouped, col in ((by_area(frame), "area_no"), (by_department(frame), "department")):
        assert grouped["pledges"].sum() == len(frame)
        for key, part in frame.groupby(col):
            row = grouped[grouped[col] == key].iloc[0]
            assert row["done"] == completion_rate(part) * len(part) / 100
            assert row["average_progress"] == pytest.approx(average_progress(part))
            assert row[["완료 종결", "완료 후 계속추진", "정상추진", "일부추진"]].sum() == len(part)
    whole = summary(frame)
    assert len(whole) == 1 and whole.loc[0, "pledges"] == 108
    assert math.isclose(whole.loc[0, "completion_rate"], 69 / 108 * 100)


def test_every_formula_is_stated():
    assert set(FORMULAS) == {"completion_rate", "average_progress", "in_term_rate"}
    for name, fn in (("completion_rate", completion_rate), ("average_progress", average_progress),
                     ("in_term_rate", in_term_rate)):
        assert "=" in fn.__doc__ and "÷" in fn.__doc__
        assert "÷" in FORMULAS[name]


def test_display_shapes_round_by_policy_and_paginate():
    from ui.presenters.portfolio import display_summary, page_of, pages, pledge_list, round_rates, search

    frame = portfolio(66, 98, title="제목", rate=[100.0] * 66 + [None] * 2 + [50.0] * 30)
    cut = display_summary(by_city(frame), CUT)
    assert cut.loc[0, "완료율(%)"] == 67.34 and cut.loc[0, "시군"] == "나주시"
    assert display_summary(by_city(frame), HALF_UP).loc[0, "완료율(%)"] == 67.35
    listed = pledge_list(frame, CUT)
    assert len(listed) == 98 and len(pledge_list(frame, CUT, only_no_data=True)) == 2
    assert pages(98, 50) == 2 and pages(0, 50) == 1 and pages(100, 50) == 2
    assert len(page_of(listed, 2, 50)) == 48 and len(page_of(listed, 9, 50)) == 48
    assert list(page_of(listed, 1, 50).index) == list(range(50))
    assert len(search(listed, "p1")) == 11 and len(search(listed, "")) == 98
    assert len(search(listed, "나주시 p97")) == 1
    shown = round_rates(pd.DataFrame({"r": [66 / 98 * 100, None]}), "r", CUT)
    assert shown.loc[0, "r"] == 67.34 and pd.isna(shown.loc[1, "r"])


def test_synthetic_count():
    assert synthetic_count(pd.DataFrame({"synthetic": [True, False, True]})) == 2
    assert synthetic_count(pd.DataFrame({"synthetic": [False]})) == 0
