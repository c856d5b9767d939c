"""A straightforward pandas implementation of the pledge metrics, independent of metrics/ and
data/queries/: read the raw tables into DataFrames, filter, group and merge. It is the
benchmark's point of comparison and the correctness oracle (tests/test_oracle.py).

Rules (the same as the product's, written again from the definitions in README.md):
- target in force for an indicator × period = the newest target revision (highest revision_id)
  with revised_on ≤ as_of, else the card's target;
- actual of a period = records dated ≤ as_of in that year (count; executions: Σ 원 ÷ 10^6),
  or for reported indicators the newest report on or before as_of; none for periods not begun;
- indicator rate = Σ actual ÷ Σ target × 100, capped at 100 where the indicator caps; no rate
  when the whole-term target is 0 or missing;
- pledge rate = Σ weight × indicator rate ÷ Σ weight over the indicators with a rate;
- 완료율, 평균진행률, 임기내 이행률 per city as in metrics/portfolio.py's docstring.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

RECORD_TABLES = {  # table: (date column, value: None = count, else the summed column)
    "publicity": ("action_date", None),
    "applications": ("applied_on", None),
    "visits": ("visit_date", None),
    "executions": ("executed_on", "amount_krw"),
}
TABLES = ["cities", "periods", "pledges", "indicators", "indicator_targets", "target_revisions",
          "reported_actuals", *RECORD_TABLES]
DONE = ["완료 종결", "완료 후 계속추진"]


def read_tables(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Every table the metrics need, whole, as pandas DataFrames (record tables: only the key,
    date and value columns a pandas user would load)."""
    out = {}
    for name in TABLES:
        if name in RECORD_TABLES:
            date_col, value = RECORD_TABLES[name]
            cols = ", ".join(["city", "pledge_id", date_col] + ([value] if value else []))
            out[name] = con.execute(f"SELECT {cols} FROM {name}").df()
        else:
            out[name] = con.execute(f"SELECT * FROM {name}").df()
    return out


def compute(tables: dict[str, pd.DataFrame], as_of: dt.date, cap: bool = True) -> dict[str, pd.DataFrame]:
    """indicators (target_total, actual_to_date, rate), pledges (rate) and cities (portfolio)."""
    as_of_ts = pd.Timestamp(as_of)
    key = ["city", "pledge_id", "indicator_id"]

    # Actuals from records, per pledge × source × year.
    parts = []
    for table, (date_col, value) in RECORD_TABLES.items():
        df = tables[table]
        df = df[pd.to_datetime(df[date_col]) <= as_of_ts]
        year = pd.to_datetime(df[date_col]).dt.year.rename("period")
        if value is None:
            agg = df.groupby([df["city"], df["pledge_id"], year]).size().rename("actual")
        else:
            agg = (df[value].astype(float).groupby([df["city"], df["pledge_id"], year]).sum() / 1e6).rename("actual")
        parts.append(agg.reset_index().assign(source=table))
    from_records = pd.concat(parts, ignore_index=True)

    # Reported actuals: newest report on or before the as-of date.
    rep = tables["reported_actuals"]
    rep = rep[pd.to_datetime(rep["reported_on"]) <= as_of_ts].sort_values("reported_on")
    rep = rep.groupby(key + ["period"], as_index=False).last()[key + ["period", "value"]]

    # Targets in force.
    revs = tables["target_revisions"]
    revs = revs[pd.to_datetime(revs["revised_on"]) <= as_of_ts].sort_values("revision_id")
    revs = revs.groupby(key + ["period"], as_index=False).last()[key + ["period", "new_target", "revision_id"]]

    periods = tables["periods"][["period", "starts"]]
    grid = tables["indicators"][key + ["source", "cap", "weight"]].merge(periods, how="cross")
    grid = grid.merge(tables["indicator_targets"], on=key + ["period"], how="left")
    grid = grid.merge(revs, on=key + ["period"], how="left")
    grid["target"] = grid["new_target"].where(grid["revision_id"].notna(), grid["target"])
    grid = grid.merge(from_records, on=["city", "pledge_id", "source", "period"], how="left")
    grid = grid.merge(rep, on=key + ["period"], how="left")
    started = pd.to_datetime(grid["starts"]) <= as_of_ts
    grid["actual"] = grid["value"].where(grid["source"] == "reported", grid["actual"].fillna(0)).where(started)

    ind = grid.groupby(key, as_index=False).agg(
        target_total=("target", lambda s: s.sum(min_count=1)),
        actual_to_date=("actual", "sum"),
        cap=("cap", "first"), weight=("weight", "first"),
    )
    rate = ind["actual_to_date"] / ind["target_total"].where(ind["target_total"] > 0) * 100
    capped = rate.clip(upper=100)
    ind["rate"] = capped.where(ind["cap"].astype(bool) & cap, rate)

    with_rate = ind[ind["rate"].notna()].assign(wr=lambda d: d["weight"] * d["rate"])
    pr = with_rate.groupby(["city", "pledge_id"]).agg(wr=("wr", "sum"), w=("weight", "sum"))
    pr["rate"] = (pr["wr"] / pr["w"]).where(pr["w"] > 0)
    pledges = tables["pledges"][["city", "pledge_id", "completion", "status", "area_no", "department"]].merge(
        pr["rate"].reset_index(), on=["city", "pledge_id"], how="left")

    cities = []
    for city, p in pledges.groupby("city"):
        in_term = p[p["completion"] == "임기내"]
        cities.append({
            "city": city, "pledges": len(p),
            "completion_rate": p["status"].isin(DONE).sum() / len(p) * 100,
            "average_progress": p["rate"].mean(),
            "in_term_rate": in_term["rate"].mean(),
            "no_data": int(p["rate"].isna().sum()),
        })
    return {"indicators": ind, "pledges": pledges, "cities": pd.DataFrame(cities)}


def figures(con: duckdb.DuckDBPyConnection, as_of: dt.date, cap: bool = True) -> dict[str, pd.DataFrame]:
    """read_tables then compute."""
    return compute(read_tables(con), as_of, cap)
