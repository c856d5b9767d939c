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
- expected rate = Σ target × share of its period elapsed ÷ whole-term target × 100 (capped);
  the same rates under the card's original targets; cumulative target and actual per period;
- budget: plan per pledge × year × funding source against execution to as_of (원 ÷ 10^6);
- data_until = the newest record or report date of the pledge (or the card's date, if later);
- 완료율, 평균진행률, 임기내 이행률 per city as in metrics/portfolio.py's docstring.

The same set of figures as metrics.engine.compute, so that the benchmark compares like with like.
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
EXTRA_COLUMNS = {"executions": ["funding_source"]}
TABLES = ["cities", "periods", "pledges", "indicators", "indicator_targets", "target_revisions",
          "reported_actuals", "budget_plan", *RECORD_TABLES]
DONE = ["완료 종결", "완료 후 계속추진"]


def read_tables(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Every table the metrics need, whole, as pandas DataFrames (record tables: only the key,
    date and value columns a pandas user would load)."""
    out = {}
    for name in TABLES:
        if name in RECORD_TABLES:
            date_col, value = RECORD_TABLES[name]
            cols = ", ".join(["city", "pledge_id", date_col] + ([value] if value else []) + EXTRA_COLUMNS.get(name, []))
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

    periods = tables["periods"][["period", "starts", "ends"]]
    grid = tables["indicators"][key + ["source", "cap", "weight"]].merge(periods, how="cross")
    grid = grid.merge(tables["indicator_targets"].rename(columns={"target": "original_target"}),
                      on=key + ["period"], how="left")
    grid = grid.merge(revs, on=key + ["period"], how="left")
    grid["target"] = grid["new_target"].where(grid["revision_id"].notna(), grid["original_target"])
    grid = grid.merge(from_records, on=["city", "pledge_id", "source", "period"], how="left")
    grid = grid.merge(rep, on=key + ["period"], how="left")
    started = pd.to_datetime(grid["starts"]) <= as_of_ts
    grid["actual"] = grid["value"].where(grid["source"] == "reported", grid["actual"].fillna(0)).where(started)
    days = (pd.to_datetime(grid["ends"]) - pd.to_datetime(grid["starts"])).dt.days + 1
    done = (as_of_ts - pd.to_datetime(grid["starts"])).dt.days + 1
    share = (done / days).clip(0, 1)
    grid = grid.sort_values(key + ["period"])
    grid["target_cumulative"] = grid.groupby(key)["target"].cumsum()
    grid["actual_cumulative"] = grid.groupby(key)["actual"].cumsum()

    def rates(target_col: str) -> pd.DataFrame:
        g = grid.assign(expected=grid[target_col].fillna(0) * share)
        grouped = g.groupby(key)
        ind = pd.concat([
            grouped[target_col].sum(min_count=1).rename("target_total"),   # all targets missing → no target
            grouped["actual"].sum().rename("actual_to_date"),
            grouped["expected"].sum().rename("expected_to_date"),
            grouped[["cap", "weight"]].first(),
        ], axis=1).reset_index()
        target = ind["target_total"].where(ind["target_total"] > 0)
        rate = ind["actual_to_date"] / target * 100
        ind["rate"] = rate.clip(upper=100).where(ind["cap"].astype(bool) & cap, rate)
        ind["expected_rate"] = (ind["expected_to_date"] / target * 100).clip(upper=100)
        return ind

    ind = rates("target")
    original = rates("original_target")

    def pledge_rates(ind: pd.DataFrame) -> pd.DataFrame:
        with_rate = ind[ind["rate"].notna()].assign(wr=lambda d: d["weight"] * d["rate"],
                                                   we=lambda d: d["weight"] * d["expected_rate"])
        pr = with_rate.groupby(["city", "pledge_id"]).agg(wr=("wr", "sum"), we=("we", "sum"), w=("weight", "sum"))
        pr["rate"] = (pr["wr"] / pr["w"]).where(pr["w"] > 0)
        pr["expected_rate"] = (pr["we"] / pr["w"]).where(pr["w"] > 0)
        return pr[["rate", "expected_rate"]].reset_index()

    last = pd.concat(
        [tables[t].groupby(["city", "pledge_id"])[d].max().rename("d") for t, (d, _) in RECORD_TABLES.items()]
        + [tables["reported_actuals"].groupby(["city", "pledge_id"])["reported_on"].max().rename("d")]
    ).reset_index().groupby(["city", "pledge_id"])["d"].max().rename("last_record").reset_index()
    pledges = tables["pledges"][["city", "pledge_id", "completion", "status", "area_no", "department",
                                 "printed_as_of"]].merge(pledge_rates(ind), on=["city", "pledge_id"], how="left")
    pledges = pledges.merge(pledge_rates(original)[["city", "pledge_id", "rate"]].rename(
        columns={"rate": "original_rate"}), on=["city", "pledge_id"], how="left")
    pledges = pledges.merge(last, on=["city", "pledge_id"], how="left")
    pledges["data_until"] = pd.concat([pd.to_datetime(pledges["printed_as_of"]), pd.to_datetime(pledges["last_record"])],
                                      axis=1).max(axis=1)
    pledges["suggested_status"] = "일부추진"
    pledges.loc[pledges["rate"].isna() | (pledges["rate"] >= pledges["expected_rate"])
                | pledges["expected_rate"].isna(), "suggested_status"] = "정상추진"
    pledges.loc[pledges["rate"] >= 100, "suggested_status"] = "완료"
    pledges.loc[pledges["rate"].isna(), "suggested_status"] = "자료 없음"

    # Budget: plan by pledge × phase × year × source beside execution to the as-of date.
    exe = tables["executions"]
    exe = exe[pd.to_datetime(exe["executed_on"]) <= as_of_ts]
    executed = (exe["amount_krw"].astype(float).groupby(
        [exe["city"], exe["pledge_id"], pd.to_datetime(exe["executed_on"]).dt.year.rename("year"),
         exe["funding_source"]]).sum() / 1e6).rename("executed").reset_index().assign(phase="term")
    plan = tables["budget_plan"].groupby(["city", "pledge_id", "phase", "year", "funding_source"], dropna=False,
                                         as_index=False)["amount"].sum().rename(columns={"amount": "planned"})
    budget = plan.merge(executed, on=["city", "pledge_id", "phase", "year", "funding_source"], how="outer")
    budget[["planned", "executed"]] = budget[["planned", "executed"]].fillna(0)

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
    return {"indicators": ind, "original": original, "periods": grid, "pledges": pledges, "budget": budget,
            "cities": pd.DataFrame(cities)}


def figures(con: duckdb.DuckDBPyConnection, as_of: dt.date, cap: bool = True) -> dict[str, pd.DataFrame]:
    """read_tables then compute."""
    return compute(read_tables(con), as_of, cap)
