"""metrics.report against the seed card: every figure of its indicator and investment tables,
and the as-of rules at several dates (expected values counted straight from the record files)."""
import csv
import datetime as dt
from pathlib import Path

import pytest

from metrics.rates import RatePolicy
from metrics.engine import figures_for
from metrics.report import report
from tests.backends import backend, con, db_copy  # noqa: F401 (fixtures: each test once per backend)

pytestmark = pytest.mark.both_backends

RECORDS = Path(__file__).resolve().parents[1] / "data" / "records" / "naju"
CARD_DATE = dt.date(2024, 5, 31)


def seed_report(con, as_of=CARD_DATE, **policy):
    doc = report(figures_for(con, as_of, city="naju", pledge_id="6-1-1", policy=RatePolicy(**policy)))
    (pledge,) = doc["pledges"]
    return pledge


def indicator(pledge, indicator_id):
    return next(i for i in pledge["indicators"] if i["id"] == indicator_id)


def test_seed_card_rates(con):
    pledge = seed_report(con)
    assert pledge["rate"] == 64.85
    assert indicator(pledge, "publicity")["rate"] == 68.75
    assert indicator(pledge, "applications")["rate"] == 60.95
    assert (indicator(pledge, "publicity")["target_total"], indicator(pledge, "publicity")["actual_to_date"]) == (16, 11)
    assert (indicator(pledge, "applications")["target_total"], indicator(pledge, "applications")["actual_to_date"]) == (2205, 1344)


# The card's indicator table: period → (target, target 누계, actual, actual 누계); None = blank on the card.
CARD_TABLE = {
    "publicity": {
        "2022": (2, 2, 4, 4), "2023": (4, 6, 4, 8), "2024": (4, 10, 3, 11),
        "2025": (4, 14, None, None), "2026": (2, 16, None, None),
    },
    "applications": {
        "2023": (630, 630, 927, 927), "2024": (630, 1260, 417, 1344),
        "2025": (630, 1890, None, None), "2026": (315, 2205, None, None),
    },
}


@pytest.mark.parametrize("indicator_id, period", [(i, p) for i, rows in CARD_TABLE.items() for p in rows])
def test_every_figure_of_the_indicator_table(con, indicator_id, period):
    rows = {r["period"]: r for r in indicator(seed_report(con), indicator_id)["periods"]}
    r = rows[period]
    assert (r["target"], r["target_cumulative"], r["actual"], r["actual_cumulative"]) == CARD_TABLE[indicator_id][period]


def test_applications_have_no_2022_target(con):
    rows = {r["period"]: r for r in indicator(seed_report(con), "applications")["periods"]}
    assert rows["2022"]["target"] is None and rows["2022"]["target_cumulative"] is None


def test_pledge_rate_matches_the_printed_card(con):
    pledge = seed_report(con)
    assert pledge["printed"] == {"as_of": "2024-05-31", "rate": 64.85}
    assert all(i["rate"] == i["printed_rate"] for i in pledge["indicators"])


def count_records(kind: str, date_header: str, as_of: dt.date) -> int:
    with (RECORDS / f"{kind}.demo.csv").open(encoding="utf-8") as fh:
        return sum(1 for row in csv.DictReader(fh) if dt.date.fromisoformat(row[date_header]) <= as_of)


@pytest.mark.parametrize("as_of", [
    dt.date(2022, 6, 30),    # before the term
    dt.date(2022, 12, 31),
    dt.date(2023, 3, 31),
    dt.date(2023, 12, 31),
    dt.date(2024, 2, 29),
    CARD_DATE,
    dt.date(2026, 6, 30),    # end of term: nothing known after the card's date
])
def test_rates_follow_the_as_of_rule(con, as_of):
    pledge = seed_report(con, as_of)
    publicity = count_records("publicity", "홍보일", as_of)
    applications = count_records("applications", "신청일", as_of)
    assert indicator(pledge, "publicity")["actual_to_date"] == publicity
    assert indicator(pledge, "applications")["actual_to_date"] == applications
    rate_p, rate_a = publicity / 16 * 100, applications / 2205 * 100
    assert indicator(pledge, "publicity")["rate_exact"] == pytest.approx(rate_p)
    assert indicator(pledge, "applications")["rate_exact"] == pytest.approx(rate_a)
    assert pledge["rate_exact"] == pytest.approx((rate_p + rate_a) / 2)


def test_periods_not_yet_begun_have_no_actual(con):
    pledge = seed_report(con, dt.date(2023, 12, 31))
    rows = {r["period"]: r for r in indicator(pledge, "publicity")["periods"]}
    assert rows["2023"]["actual_cumulative"] == 8
    assert rows["2024"]["actual"] is None and rows["2025"]["actual"] is None


def test_rate_at_end_of_2023(con):
    pledge = seed_report(con, dt.date(2023, 12, 31))
    assert indicator(pledge, "publicity")["rate"] == 50.0          # 8 ÷ 16
    assert indicator(pledge, "applications")["rate"] == 42.04      # 927 ÷ 2,205 = 42.040…


def test_cut_rounding_policy(con):
    pledge = seed_report(con, rounding="cut")
    assert pledge["rate"] == 64.85                                  # 64.851…
    assert indicator(pledge, "applications")["rate"] == 60.95       # 60.952…


def test_budget_figures(con):
    budget = seed_report(con)["budget"]
    assert budget["unit"] == "백만원"
    assert (budget["planned_total"], budget["executed_total"]) == (504, 83)
    assert budget["planned_to_date"] == 286                         # 0 + 197 + 89
    assert budget["execution_rate"] == 16.47                        # 83 ÷ 504
    assert budget["execution_rate_to_date"] == 29.02                # 83 ÷ 286
    assert [(y["year"], y["planned"], y["executed"]) for y in budget["by_year"]] == [
        (2022, 0, 0), (2023, 197, 62), (2024, 89, 21), (2025, 109, 0), (2026, 109, 0)]


def test_budget_as_of_end_2023(con):
    budget = seed_report(con, dt.date(2023, 12, 31))["budget"]
    assert budget["executed_total"] == 62
    assert budget["planned_to_date"] == 197


def test_suggested_status_on_track_at_card_date(con):
    pledge = seed_report(con)
    assert pledge["suggested_status"] == "정상추진"
    assert pledge["expected_rate"] < pledge["rate"]
    assert pledge["status_consistent"] is True
    assert pledge["data_until"] == "2024-05-31"


def test_reconciliation_of_printed_actuals_with_records(con):
    figures = figures_for(con, CARD_DATE, city="naju", pledge_id="6-1-1")
    rec = figures.reconciliation
    assert len(rec) == 5                                          # 3 publicity years + 2 application years
    assert rec["matches"].all()
    assert set(zip(rec["indicator_id"], rec["period"], rec["reported"])) >= {("applications", 2023, 927), ("publicity", 2024, 3)}


@pytest.mark.parametrize("as_of", [dt.date(2021, 12, 31), dt.date(2022, 9, 30), CARD_DATE])
def test_the_reconciliation_input_is_the_query_with_or_without_reports(con, as_of):
    """load_inputs runs reconciliation.sql only when reconciliation_reports.sql finds a report;
    without one (before the first report) its frame is the query's empty result all the same."""
    import pandas as pd

    from data.store import query_arrow
    from metrics.engine import load_inputs

    for city, pledge_id in ((None, None), ("naju", "6-1-1")):
        got = load_inputs(con, as_of, city, pledge_id).reconciliation
        pd.testing.assert_frame_equal(got, query_arrow(con, "reconciliation", as_of=as_of, city=city,
                                                       pledge_id=pledge_id), check_exact=True)
        assert (len(got) > 0) == (as_of == CARD_DATE)


PLANTED = {   # reports on several days, inside their year and after it; or only after their year
    "several days": "INSERT INTO reported_actuals (city, pledge_id, indicator_id, period, value, reported_on, note) "
                    "VALUES ('naju', '6-1-1', 'applications', 2023, 1, DATE '2023-02-15', '시험'), "
                    "('naju', '6-1-1', 'applications', 2023, 2, DATE '2023-11-30', '시험'), "
                    "('naju', '6-1-1', 'publicity', 2023, 3, DATE '2024-03-10', '시험'), "
                    "('naju', '6-1-1', 'applications', 2024, 4, DATE '2024-03-10', '시험')",
    "after their year only": "DELETE FROM reported_actuals WHERE period = 2024",
}


@pytest.mark.parametrize("plant", list(PLANTED))
@pytest.mark.parametrize("as_of", [dt.date(2023, 12, 31), dt.date(2024, 3, 31), CARD_DATE])
def test_the_reports_bounds_leave_the_reconciliation_as_it_is(db_copy, as_of, plant):
    """The reconciliation read within the reports' bounds (load_inputs: the months and days of the
    reports made within their year, the years of those made later) equals the query without bounds,
    and counts the records to each report's day."""
    import pandas as pd

    from data.store import connect, query_arrow, write_transaction
    from data.vocabulary import RECORD_DATE, RecordKind
    from metrics.engine import load_inputs

    con = connect(db_copy)
    try:
        with write_transaction(con) as cur:
            cur.execute(PLANTED[plant])
        got = load_inputs(con, as_of, "naju", "6-1-1").reconciliation
        pd.testing.assert_frame_equal(got, query_arrow(con, "reconciliation", as_of=as_of, city="naju",
                                                       pledge_id="6-1-1"), check_exact=True)
        assert len(got) > 0 or as_of != CARD_DATE
        for r in got.itertuples():
            day = RECORD_DATE[RecordKind(r.source)]
            counted = con.execute(f"SELECT count(*) FROM {r.source} WHERE city = 'naju' AND pledge_id = '6-1-1' "
                                  f"AND year({day}) = ? AND {day} <= ?", [r.period, r.reported_on.date()]).fetchone()[0]
            assert r.from_records == counted
    finally:
        con.close()


def test_json_shape(con):
    doc = report(figures_for(con, CARD_DATE))
    assert doc["as_of"] == "2024-05-31"
    pledge = doc["pledges"][0]
    assert {"id", "title", "rate", "indicators", "budget"} <= set(pledge)
    assert isinstance(pledge["rate"], float)
    ind = pledge["indicators"][0]
    assert {"id", "name", "unit", "target_total", "actual_to_date", "rate", "periods"} <= set(ind)
    assert set(ind["periods"][0]) >= {"period", "target", "target_cumulative", "actual", "actual_cumulative"}
    assert {"unit", "planned_total", "executed_total", "by_year"} <= set(pledge["budget"])
