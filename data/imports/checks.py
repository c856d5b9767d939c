"""The checks every file goes through, whatever its kind: personal data (refused before
anything is shown), spreadsheet formulas, typing by the format, and the generic value checks
(known pledges and indicators, dates inside the city's term and not in the future, years of
the term, no negative amounts or counts, closed vocabularies, no duplicate keys in the file).
Kind-specific checks live with their handler in data/imports/kinds.py.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from data.formats import IMPORT_FORMATS, RecordFormat
from data.imports.findings import Prepared, kdate, num, short
from data.imports import gate
from data.imports.read import RawTable
from data.imports.values import day_numbers
from data.store import execute, query
from data.vocabulary import FUNDING_SOURCES, RECORD_DATE, Decision

DECISIONS = tuple(Decision)

# Every header any format accepts, compared by header_key -> the store column (for the role
# of a column in the personal-data scan, before the kind is known).
ALL_HEADERS = {k: v for f in IMPORT_FORMATS.values() for k, v in f.header_map().items()}


def personal_data(prep: Prepared, table: RawTable) -> bool:
    """Refuse headers and values that are personal data (개인정보 보호). True when found."""
    return gate.screen_personal(prep, table, ALL_HEADERS)


def formulas(prep: Prepared, table: RawTable) -> None:
    """Refuse cells and headers a spreadsheet would run as formulas."""
    gate.screen_formulas(prep, table)


def typed(prep: Prepared, table: RawTable, fmt: RecordFormat) -> pd.DataFrame:
    """Store columns typed strictly by the format (data/imports/values.py); bad values and empty
    required values are errors."""
    return gate.type_columns(prep, table, fmt)


def shown_key(value) -> str:
    """A key value in a message; an empty text key (NaN in the typed frame) as 'None'."""
    return "None" if value is None or (isinstance(value, float) and value != value) else str(value)


def header_of(prep: Prepared, name: str) -> str | None:
    return next((h for h, n in prep.columns.items() if n == name), None)


def check_values(con, prep: Prepared, table: RawTable, fmt: RecordFormat, frame: pd.DataFrame,
                  today: dt.date) -> None:
    rows = table.rows
    city = prep.city
    term_start, term_end, city_name = execute(con, "imports/city_term", city=city).fetchone()
    # Unknown pledges.
    pledges = {r[0] for r in execute(con, "imports/city_pledges", city=city).fetchall()}
    pid = frame["pledge_id"]
    unknown = (pid.notna() & ~pid.isin(pledges)).to_numpy()
    known = ", ".join(sorted(pledges)[:10]) + (" …" if len(pledges) > 10 else "")
    prep.add_rows("error", "unknown_pledge", unknown, rows,
                  lambda i: f"{city_name}에 없는 공약번호입니다: '{short(pid.iat[i])}' (있는 공약: {known or '없음'})",
                  header_of(prep, "pledge_id"))
    # Unknown indicators.
    if "indicator_id" in frame:
        inds = query(con, "indicators", city=city)
        pairs = set(zip(inds["pledge_id"], inds["indicator_id"]))
        ind = frame["indicator_id"]
        bad = np.array([(p, i) not in pairs for p, i in zip(pid.tolist(), ind.tolist())]) & ind.notna().to_numpy() & ~unknown
        prep.add_rows("error", "unknown_indicator", bad, rows,
                      lambda i: f"공약 {shown_key(pid.iat[i])}에 없는 확인지표입니다: '{short(ind.iat[i])}' (있는 지표: "
                                f"{', '.join(inds.loc[inds['pledge_id'] == pid.iat[i], 'indicator_id']) or '없음'})",
                      header_of(prep, "indicator_id"))
    # The record's date: inside the term, not in the future.
    date_col = RECORD_DATE.get(fmt.kind)
    if date_col and date_col in frame:
        d = frame[date_col]
        header = header_of(prep, date_col)
        days = day_numbers(d)           # NaN where empty: neither in the future nor outside
        if days is None:
            d = pd.to_datetime(d)
            future = (d > pd.Timestamp(today)).to_numpy()
            outside = ((d < pd.Timestamp(term_start)) | (d > pd.Timestamp(term_end))).to_numpy() & ~future
        else:
            future = days > _day_number(today)
            outside = ((days < _day_number(term_start)) | (days > _day_number(term_end))) & ~future
        prep.add_rows("error", "future", future, rows,
                      lambda i: f"미래의 날짜입니다: {kdate(d.iat[i])} (오늘 {kdate(today)})", header)
        prep.add_rows("error", "outside_term", outside, rows,
                      lambda i: f"임기({kdate(term_start)} ~ {kdate(term_end)}) 밖의 날짜입니다: {kdate(d.iat[i])}", header)
    # Years of the term.
    if "period" in frame:
        years = set(query(con, "periods")["period"])
        per = frame["period"]
        bad = (per.notna() & ~per.isin(years)).to_numpy(dtype=bool, na_value=False)
        prep.add_rows("error", "period", bad, rows,
                      lambda i: f"임기 중의 연도가 아닙니다: {per.iat[i]} ({min(years)} ~ {max(years)})",
                      header_of(prep, "period"))
    # Negative amounts and counts.
    for name, what in (("amount_krw", "금액"), ("value", "실적"), ("hours", "제공시간"), ("target", "목표"),
                       ("pregnancy_week", "임신주수")):
        if name in frame:
            v = frame[name]
            neg = (v < 0).to_numpy(dtype=bool, na_value=False)
            prep.add_rows("error", "negative", neg, rows, lambda i, v=v, w=what: f"{w}은(는) 음수일 수 없습니다: {num(v.iat[i])}",
                          header_of(prep, name))
    if "hours" in frame:
        zero = (frame["hours"] == 0).to_numpy(dtype=bool, na_value=False)
        prep.add_rows("error", "zero_hours", zero, rows, lambda i: "제공시간이 0입니다", header_of(prep, "hours"))
    if "pregnancy_week" in frame:
        w = frame["pregnancy_week"]
        odd = (w > 45).to_numpy(dtype=bool, na_value=False)
        prep.add_rows("error", "pregnancy_week", odd, rows, lambda i: f"임신주수가 너무 큽니다: {w.iat[i]} (0 ~ 45)",
                      header_of(prep, "pregnancy_week"))
    # Closed vocabularies.
    for name, allowed in (("decision", DECISIONS), ("funding_source", FUNDING_SOURCES)):
        allowed = tuple(a.value for a in allowed)
        if name in frame:
            v = frame[name]
            bad = (v.notna() & ~v.isin(allowed)).to_numpy()
            prep.add_rows("error", "vocabulary", bad, rows,
                          lambda i, v=v, a=allowed: f"허용되지 않는 값입니다: '{short(v.iat[i])}' — {', '.join(a)} 중 하나",
                          header_of(prep, name))
    # Duplicates inside the file, by natural key.
    key = ["pledge_id", *fmt.key]
    if all(k in frame for k in key) and not _all_distinct(frame[fmt.key[-1]]):
        keyed = frame[key].astype(str)
        dup = keyed.duplicated(keep=False).to_numpy()
        if dup.any():
            first_row = pd.Series(rows, index=frame.index).groupby([keyed[k] for k in key]).transform("min").to_numpy()
            later = dup & (first_row != rows)
            key_header = header_of(prep, fmt.key[-1] if fmt.kind != "reported_actuals" else "indicator_id")
            prep.add_rows("error", "duplicate", later, rows,
                          lambda i: f"같은 기록({' / '.join(shown_key(frame[k].iat[i]) for k in key)})이 {first_row[i]}행에도 있습니다 — 한 번만 쓰세요",
                          key_header)


def _all_distinct(values: pd.Series) -> bool:
    """Whether every row has a value and no two share one: then no key that holds this column
    repeats, and the duplicate check has nothing to find."""
    return not values.hasnans and values.is_unique


def _day_number(value) -> float:
    """A date (or a moment) as days since 1970-01-01, as `values.day_numbers` counts them."""
    return (pd.Timestamp(value) - pd.Timestamp(1970, 1, 1)) / pd.Timedelta(days=1)
