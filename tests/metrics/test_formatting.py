"""metrics/formatting.py: the interface's dates, times and numbers."""
import datetime as dt

import pandas as pd

from metrics.formatting import date_ko, number, time_ko


def test_dates_and_times_are_written_the_korean_way():
    assert date_ko(dt.date(2024, 5, 31)) == "2024. 5. 31."
    assert date_ko(pd.Timestamp("2024-05-31 23:59")) == "2024. 5. 31."
    assert time_ko(pd.Timestamp("2024-06-01 09:30:59")) == "2024. 6. 1. 09:30"
    assert time_ko(dt.datetime(2026, 11, 27, 0, 5)) == "2026. 11. 27. 00:05"
    assert [date_ko(None), time_ko(pd.NaT), time_ko(None, missing="")] == ["—", "—", ""]


def test_numbers_have_thousands_separators():
    assert [number(1344), number(504.0), number(68.75, 2), number(None)] == ["1,344", "504", "68.75", "—"]
