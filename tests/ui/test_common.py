"""ui/presenters/common.py: pledge keys, the year filter from the store's periods, points, the 당초/변경 comparison."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data.store import query
from metrics.engine import compute, load_inputs
from metrics.rates import RatePolicy
from data.authority import SYSTEM
from data.revisions import record_revisions
from metrics.change import difference
from ui.presenters import common

AS_OF = dt.date(2024, 5, 31)
POLICY = RatePolicy()


@pytest.mark.parametrize("key, expected", [
    ("naju:6-1-1", ("naju", "6-1-1")),
    ("seoul:1-2-3", ("seoul", "1-2-3")),
    ("naju", None), ("", None), (None, None), (":6-1-1", None),
])
def test_parse_pledge_key(key, expected):
    assert common.parse_pledge_key(key) == expected


@pytest.mark.parametrize("now, before, expected", [(64.85, 58.07, "+6.78%p"), (50.0, 60.0, "-10.00%p"),
                                                    (None, 10.0, "—"), (10.0, None, "—")])
def test_difference_in_points(now, before, expected):
    assert common.format_points(difference(now, before)) == expected


def test_original_vs_revised(write_con):
    record_revisions(write_con, pd.DataFrame([{"city": "naju", "pledge_id": "6-1-1", "indicator_id": "applications",
                                               "period": 2025, "target": 500.0, "revision_id": None}]),
                     SYSTEM, "평가단 승인", dt.date(2024, 1, 1), author="김기획")
    figs = compute(load_inputs(write_con, AS_OF, "naju", "6-1-1"), POLICY)
    table = common.original_vs_revised(figs.indicators, figs.original, figs.pledges, "naju", "6-1-1", POLICY)
    table = table.set_index("확인지표")
    assert list(table.loc["공약 이행률", ["당초 목표 기준 이행률", "변경 목표 기준 이행률"]]) == ["64.85%", "66.76%"]


def test_year_filter_labels_come_from_the_store(con):
    periods = query(con, "periods")
    assert common.year_options(periods) == ["전체", 2022, 2023, 2024, 2025, 2026]
    labels = common.year_labels(periods)
    assert (labels["전체"], labels[2023], labels[2026]) == ("전체", "2023년", "2026. 6.")
    other = pd.DataFrame({"period": [2030], "label": ["2030. 6."]})
    assert common.year_labels(other)[2030] == "2030. 6."
    assert common.selected_year("전체") is None and common.selected_year(2024) == 2024


def test_as_of_bounds_follow_the_term_and_hold_today():
    low, high = common.as_of_bounds(pd.Timestamp("2022-07-01"), pd.Timestamp("2026-06-30"), dt.date(2026, 11, 26))
    assert (low, high) == (dt.date(2022, 7, 1), dt.date(2026, 11, 26))
    assert common.as_of_bounds("2026-07-01", "2030-06-30", dt.date(2026, 11, 26)) == (dt.date(2026, 7, 1),
                                                                                     dt.date(2030, 6, 30))


def test_comparison_html_puts_the_rates_first_and_shows_names_as_typed():
    """The what-if / pending comparison as an HTML table: 구분, the rates (공식 · 가정 · 차이) before
    the whole-term targets, so a phone shows the rates first; a card file's name is text."""
    frame = pd.DataFrame([
        {"구분": "공약 이행률", "공식 임기 목표": "", "가정 임기 목표": "", "공식 이행률": "64.85%",
         "가정 이행률": "66.76%", "차이": "+1.91%p"},
        {"구분": "<b>신청</b> *x* [링크](http://e.x) $1$", "공식 임기 목표": "2,205", "가정 임기 목표": "2,075",
         "공식 이행률": "60.95%", "가정 이행률": "64.77%", "차이": "+3.82%p"},
    ])
    html = common.comparison_html(frame)
    body = html.split("<tbody>")[1]
    cells = [c.split(">", 1)[1].split("</")[0] for c in body.split("<t")[1:] if not c.startswith(("r>", "body"))]
    assert cells[:12] == ["공약 이행률", "64.85%", "66.76%", "+1.91%p", "", "",
                          "&lt;b&gt;신청&lt;/b&gt; *x* &#91;링크&#93;(http://e.x) &#36;1&#36;",
                          "60.95%", "64.77%", "+3.82%p", "2,205", "2,075"]
    assert "<b>" not in body and '<th colspan="3" scope="colgroup" class="g">이행률</th>' in html
    pending = common.comparison_html(frame, "승인 시")
    assert "<th scope=\"col\">승인 시</th>" in pending and "가정" not in pending


def test_tables_show_dates_and_times_the_korean_way(monkeypatch):
    """ui.widgets.date_columns: dates (datetime.date, or timestamps all at midnight: a DATE read
    through Arrow) as 2024. 5. 31., other timestamps as 2024. 6. 1. 09:30; text left alone."""
    import datetime as dt

    import pandas as pd

    from ui import widgets

    frame = pd.DataFrame({
        "홍보일": [dt.date(2024, 5, 31), None], "보고일": pd.to_datetime(["2024-05-31", None]),
        "가져온 일시": pd.to_datetime(["2024-06-01 09:30:12", None]), "내용": ["2024-05-31", "x"], "건수": [1, 2]})
    config = widgets.date_columns(frame)
    assert set(config) == {"홍보일", "보고일", "가져온 일시"}
    formats = {k: v["type_config"]["format"] for k, v in config.items()}
    assert formats == {"홍보일": "YYYY. M. D.", "보고일": "YYYY. M. D.", "가져온 일시": "YYYY. M. D. HH:mm"}
    assert {k: v["type_config"]["type"] for k, v in config.items()} == {
        "홍보일": "date", "보고일": "date", "가져온 일시": "datetime"}


def test_count_columns_get_thousands_separators():
    """ui.widgets.counts: the imports log's counts (a file's rows run to 100,000) as 4,893, only the
    columns the table has."""
    import pandas as pd

    from ui import widgets
    from ui.presenters.imports import COUNT_COLUMNS

    frame = pd.DataFrame({"번호": [1], "추가": [4893], "파일 행 수": [100_000]})
    config = widgets.counts(frame, COUNT_COLUMNS)
    assert {k: v["type_config"]["format"] for k, v in config.items()} == {"추가": "localized", "파일 행 수": "localized"}
