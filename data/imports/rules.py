"""Service rules (the card's 서비스 기준: hours per visit, visits per person, the week of
pregnancy from which one may apply): checked on applications and visits as WARNINGS, kept for
auditors, never refusals. The rule in force on a record's date applies.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data.imports.checks import header_of
from data.imports.findings import Prepared, kdate, num
from data.imports.read import RawTable
from data.store import execute
from data.vocabulary import RECORD_DATE, RecordKind


# The file's columns the rules compare or name (besides pledge_id and the record date).
RULE_COLUMNS = ("pregnancy_week", "hours", "person_id", "application_id")


def _ruled(con, prep: Prepared, table: RawTable, kind: str, frame: pd.DataFrame):
    """(rules, the file's rows joined with the service rule in force on their date), or None
    when the city has no rule or no row falls under one."""
    rules = execute(con, "imports/service_rules_of_city", city=prep.city).df()
    if rules.empty:
        return None
    rules["starts"] = pd.to_datetime(rules["starts"]).astype("datetime64[ns]")
    rules["pledge_id"] = rules["pledge_id"].astype(object)
    date_col = RECORD_DATE[kind]
    rows = table.rows
    carried = [c for c in RULE_COLUMNS if c in frame]          # only what the rules and their messages read
    work = frame[carried].assign(_row=rows, _date=pd.to_datetime(frame[date_col]).astype("datetime64[ns]"),
                                 _i=np.arange(len(frame)), pledge_id=frame["pledge_id"].astype(object))
    work = work[work["_date"].notna() & work["pledge_id"].isin(set(rules["pledge_id"]))]
    if work.empty:
        return None
    ruled = pd.merge_asof(work.sort_values("_date"), rules.sort_values("starts"), left_on="_date", right_on="starts",
                          by="pledge_id", direction="backward")
    return rules, ruled[ruled["starts"].notna()]


def _warn(prep: Prepared, table: RawTable, frame: pd.DataFrame, hit: pd.DataFrame, rule: str, column: str,
          message) -> None:
    """Add one `rule` warning per file row in `hit` (ruled rows; `_i` is the row's position in the
    file), worded by `message(that ruled row)`, under the file's header of `column`."""
    mask = np.zeros(len(frame), dtype=bool)
    mask[hit["_i"].to_numpy(dtype=int)] = True
    info = hit.set_index("_i")
    prep.add_rows("warning", rule, mask, table.rows, lambda i: message(info.loc[i]), header_of(prep, column))


def check_applications(con, prep: Prepared, table: RawTable, frame: pd.DataFrame) -> None:
    """Warn about applications made before the week of pregnancy the rule in force allows (an
    as-of join in DuckDB over the file's pledge, date and week columns; only the hits come back)."""
    import pyarrow as pa

    if "pregnancy_week" not in frame:
        return
    rules = execute(con, "imports/service_rules_of_city", city=prep.city).fetchall()
    if not rules:
        return
    # Only a week below the largest week any rule allows from can be early: usually no row.
    week = frame["pregnancy_week"].astype("Int64")
    at = np.flatnonzero((week < max(r[4] for r in rules)).to_numpy(dtype=bool, na_value=False))
    if not len(at):
        return
    some = frame.iloc[at]
    weeks = pa.table({"_i": pa.array(at.astype(np.int64)),
                      "pledge_id": pa.array(some["pledge_id"].astype("str").array).cast(pa.string()),
                      "applied_on": pa.array(some[RECORD_DATE[RecordKind.APPLICATIONS]], type=pa.date32()),
                      "pregnancy_week": pa.array(week.iloc[at].array).cast(pa.int64())})
    cur = con.cursor()
    try:
        cur.register("incoming_weeks", weeks)
        hit = execute(cur, "imports/early_applications", city=prep.city).df()
    finally:
        cur.close()
    _warn(prep, table, frame, hit, "pregnancy_week", "pregnancy_week",
          lambda r: f"임신 {r['pregnancy_week']}주 신청입니다 — 규칙은 {r['eligible_from_week']}주부터 "
                    f"({kdate(r['starts'])} 시행)")


def check_visits(con, prep: Prepared, table: RawTable, frame: pd.DataFrame) -> None:
    """Warn about visits longer than the rule's hours per visit, and visits beyond the rule's
    visits per person (counting the store's visits of the same people)."""
    found = _ruled(con, prep, table, RecordKind.VISITS, frame)
    if found is None:
        return
    rules, ruled = found
    _warn(prep, table, frame, ruled[ruled["hours"].astype(float) > ruled["hours_per_visit"]],
          "hours_per_visit", "hours",
          lambda r: f"1회 {num(r['hours'])}시간 제공입니다 — 규칙은 1회 {num(r['hours_per_visit'])}시간 "
                    f"({kdate(r['starts'])} 시행)")
    # Visits per person: the store's visits of the same people (other than this file's) and the
    # file's, per application; the limit is the rule in force on the application date (or on
    # the first visit when the application is not known).
    cur = con.cursor()
    try:
        cur.register("incoming_people", ruled[["pledge_id", "person_id"]].drop_duplicates())
        stored = execute(cur, "imports/visits_of_people", city=prep.city).df()
        cur.unregister("incoming_people")
        applied = execute(cur, "imports/application_dates", city=prep.city).df()
    finally:
        cur.close()
    stored = stored[~stored["visit_id"].isin(set(frame["visit_id"].unique()))]
    stored = stored.assign(_date=pd.to_datetime(stored["visit_date"]).astype("datetime64[ns]"), _i=-1)
    cols = ["pledge_id", "person_id", "application_id", "_date", "_i"]
    if "application_id" not in ruled:
        ruled = ruled.assign(application_id=None)
    both = pd.concat([ruled[cols], stored[cols]], ignore_index=True).astype(
        {"pledge_id": object, "person_id": object, "application_id": object})
    both["_group"] = both["application_id"].where(both["application_id"].notna(), "P:" + both["person_id"].astype(str))
    applied = applied.astype({"pledge_id": object, "application_id": object})
    applied["_applied"] = pd.to_datetime(applied["applied_on"]).astype("datetime64[ns]")
    both = both.merge(applied[["pledge_id", "application_id", "_applied"]], on=["pledge_id", "application_id"], how="left")
    both["_basis"] = both["_applied"].fillna(both.groupby(["pledge_id", "_group"])["_date"].transform("min"))
    both = pd.merge_asof(both.sort_values("_basis"), rules.sort_values("starts"), left_on="_basis", right_on="starts",
                         by="pledge_id", direction="backward")
    both = both[both["starts"].notna()].sort_values(["pledge_id", "_group", "_date", "_i"])
    both["_n"] = both.groupby(["pledge_id", "_group"]).cumcount() + 1
    too_many = both[(both["_i"] >= 0) & (both["_n"] > both["visits_per_person"])]
    _warn(prep, table, frame, too_many, "visits_per_person", "person_id",
          lambda r: f"대상자 {frame['person_id'].iat[r.name]}의 {r['_n']}번째 제공입니다 — 규칙은 1인 "
                    f"{r['visits_per_person']}회 ({kdate(r['starts'])} 시행 규칙)")
