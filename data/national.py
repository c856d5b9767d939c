"""A SYNTHETIC national data set: N cities × ~100 pledges in 7 policy areas, 1–4 indicators per
pledge (record counts, reported yearly figures, budget execution), investment plans by year ×
funding source, statuses, and service records — from 100 thousand to 10 million records.

Deterministic: the same arguments give the same rows (numpy Generator with a fixed seed for
the plan; the records are expanded inside DuckDB with arithmetic on their ordinal, never
random()). Everything is marked synthetic: cities and pledges have synthetic = TRUE, city
codes are 'syn-001'…, names '합성001시'…, record and person ids start with 'SYN-', and the
imports log carries one synthetic import per table.

    .venv/bin/python -m data.national --records 1000000 --db bench/out/national-1m.duckdb

The pledge plan (22 thousand pledges at most) is built in Python; the records are inserted
with one INSERT … SELECT per table over `unnest(range(n))` of a small block table.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from data import aggregates
from data.build import building
from data.cards import period_rows, seed_periods
from data.store import execute, sql_template
from data.vocabulary import DEFAULT_TERM, FUNDING_SOURCES, Source, Status

TERM_START, TERM_END = DEFAULT_TERM.start, DEFAULT_TERM.end   # every synthetic city has the default term

DATA_END = dt.date(2025, 12, 31)      # records run from the term start to this date
RECORDS_PER_CITY = 44_000             # default scale: cities = records ÷ this, between 1 and 226
MAX_CITIES = 226                      # 전국 기초자치단체 수
PERIODS = list(range(TERM_START.year, TERM_END.year + 1))

AREAS = [
    (1, "문화·관광·체육 활성화", ["문화예술과", "관광과", "체육진흥과"]),
    (2, "지속가능한 농업과 농촌", ["농업정책과", "농식품유통과", "축산과"]),
    (3, "살기 좋은 도시·교통·환경", ["도시계획과", "교통행정과", "환경정책과"]),
    (4, "일자리와 미래 산업", ["일자리경제과", "투자유치과", "에너지산업과"]),
    (5, "명품 교육도시", ["교육지원과", "평생학습과", "청소년과"]),
    (6, "모두가 행복한 복지공동체", ["복지정책과", "보건행정과", "여성가족과"]),
    (7, "소통하는 열린 시정", ["기획예산실", "자치행정과", "민원봉사과"]),
]
PROVINCES = ["경기도", "강원특별자치도", "충청북도", "충청남도", "전북특별자치도", "전라남도", "경상북도",
             "경상남도", "제주특별자치도", "서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시",
             "대전광역시", "울산광역시", "세종특별자치시"]
SOURCES = [s.value for s in (Source.PUBLICITY, Source.APPLICATIONS, Source.VISITS, Source.EXECUTIONS, Source.REPORTED)]
INDICATOR_NAMES = {
    "publicity": ("사업 홍보", "건"),
    "applications": ("사업 신청", "건"),
    "visits": ("서비스 제공", "회"),
    "executions": ("예산 집행", "백만원"),
    "reported": ("연도별 추진 실적", "개소"),
}
FUNDING = [f.value for f in FUNDING_SOURCES]
RECORD_TABLES = ["publicity", "applications", "visits", "executions"]
# Share of the record volume each record table gets (before per-pledge noise).
VOLUME = {"publicity": 0.05, "applications": 0.35, "visits": 0.45, "executions": 0.15}


def default_cities(records: int) -> int:
    return int(min(MAX_CITIES, max(1, round(records / RECORDS_PER_CITY))))


def _period_bounds() -> pd.DataFrame:
    rows = []
    for period in period_rows(DEFAULT_TERM):
        year, starts, ends = period["period"], period["starts"], period["ends"]
        until = min(ends, DATA_END)
        rows.append((year, starts, ends, max(0, (until - starts).days + 1), (ends - starts).days + 1))
    return pd.DataFrame(rows, columns=["period", "starts", "ends", "data_days", "days"])


def plan(records: int, cities: int, seed: int) -> dict[str, pd.DataFrame]:
    """The pledge-level plan: cities, pledges, indicators, targets, revisions, budget, reported
    actuals, and the record blocks (one per pledge × record table × period, with a count)."""
    rng = np.random.default_rng(seed)
    bounds = _period_bounds()
    city_rows, pledge_rows = [], []
    for c in range(cities):
        code = f"syn-{c + 1:03d}"
        city_rows.append((code, f"합성{c + 1:03d}시", PROVINCES[c % len(PROVINCES)], TERM_START, TERM_END, True))
        n = int(rng.integers(95, 106))
        areas = np.sort(rng.integers(1, 8, size=n))
        strategies = rng.integers(1, 4, size=n)
        order = np.lexsort((strategies, areas))
        items: dict[tuple[int, int], int] = {}
        for k in order:
            a, s = int(areas[k]), int(strategies[k])
            items[(a, s)] = items.get((a, s), 0) + 1
            pledge_rows.append((code, a, s, items[(a, s)]))
    pledges = pd.DataFrame(pledge_rows, columns=["city", "area_no", "strategy_no", "item_no"])
    n_p = len(pledges)
    pledges["pledge_id"] = (pledges["area_no"].astype(str) + "-" + pledges["strategy_no"].astype(str) + "-"
                            + pledges["item_no"].astype(str))
    area_names = {a: name for a, name, _ in AREAS}
    pledges["area_name"] = pledges["area_no"].map(area_names)
    dept_pick = rng.integers(0, 3, size=n_p)
    pledges["department"] = [AREAS[a - 1][2][d] for a, d in zip(pledges["area_no"], dept_pick)]
    pledges["title"] = "[합성] " + pledges["area_name"] + " 공약 " + pledges["pledge_id"]
    pledges["completion"] = np.where(rng.random(n_p) < 0.85, "임기내", "임기후")
    pledges["budget_type"] = np.where(rng.random(n_p) < 0.8, "예산", "비예산")
    pledges["performance"] = np.clip(rng.normal(0.9, 0.3, size=n_p), 0.05, 1.6)
    no_target = rng.random(n_p) < 0.015                      # 목표 미설정: no rate (자료 없음)

    # Indicators: 1–4 per pledge, distinct sources; executions only for budget pledges.
    ind_rows = []
    k_ind = rng.integers(1, 5, size=n_p)
    for i in range(n_p):
        choices = SOURCES if pledges.at[i, "budget_type"] == "예산" else SOURCES[:3] + SOURCES[4:]
        picked = rng.permutation(len(choices))[: k_ind[i]]
        for ord_, j in enumerate(sorted(picked)):
            ind_rows.append((i, ord_, choices[j]))
    inds = pd.DataFrame(ind_rows, columns=["p", "ord", "source"])
    inds["city"] = pledges["city"].to_numpy()[inds["p"]]
    inds["pledge_id"] = pledges["pledge_id"].to_numpy()[inds["p"]]
    inds["indicator_id"] = "i" + (inds["ord"] + 1).astype(str)
    n_i = len(inds)
    inds["name"] = inds["source"].map(lambda s: INDICATOR_NAMES[s][0])
    inds["unit"] = inds["source"].map(lambda s: INDICATOR_NAMES[s][1])
    inds["cap"] = rng.random(n_i) >= 0.05
    inds["perf"] = np.clip(pledges["performance"].to_numpy()[inds["p"]] * rng.normal(1, 0.15, size=n_i), 0.02, 1.8)
    inds["late_start"] = rng.random(n_i) < 0.3           # no target and no records in the first year

    # Budget plan: 예산 pledges, term years × 1–3 funding sources (백만원).
    budget_p = np.flatnonzero(pledges["budget_type"].to_numpy() == "예산")
    size = np.round(np.exp(rng.normal(6.0, 1.0, size=len(budget_p))))   # ~400 백만원 per year
    plan_rows = []
    for p, base in zip(budget_p, size):
        srcs = sorted(rng.choice(4, size=int(rng.integers(1, 4)), replace=False))
        shares = rng.dirichlet(np.ones(len(srcs)))
        for year, days in zip(bounds["period"], bounds["days"]):
            for s, share in zip(srcs, shares):
                plan_rows.append((p, "term", year, FUNDING[s], float(max(1.0, round(base * share * days / 365)))))
        if rng.random() < 0.2:
            plan_rows.append((p, "before", None, FUNDING[srcs[0]], float(round(base * 0.5))))
    budget = pd.DataFrame(plan_rows, columns=["p", "phase", "year", "funding_source", "amount"])
    budget["year"] = budget["year"].astype("Int64")
    pledges["required_budget"] = budget.groupby("p")["amount"].sum().reindex(range(n_p)).to_numpy()

    # Record volume per (pledge, table): record-derived indicators, and executions of every budget pledge.
    volume = []
    for table in RECORD_TABLES:
        if table == "executions":
            holders = budget_p
        else:
            holders = inds.loc[inds["source"] == table, "p"].to_numpy()
        volume.append(pd.DataFrame({"p": holders, "table": table,
                                    "w": VOLUME[table] * np.exp(rng.normal(0, 0.8, size=len(holders)))}))
    volume = pd.concat(volume, ignore_index=True)
    late_by_table = inds[inds["source"].isin(RECORD_TABLES)].set_index(["p", "source"])["late_start"]
    volume["late"] = [bool(late_by_table.get((p, t), False)) for p, t in zip(volume["p"], volume["table"])]

    reported = inds[inds["source"] == "reported"]
    n_reported_rows = int(len(reported) * (bounds["data_days"] > 0).sum() * 1.1)
    n_records = max(len(volume), records - n_reported_rows)
    counts = rng.multinomial(n_records, volume["w"] / volume["w"].sum())
    volume["n"] = counts

    # Blocks: split each volume over the periods with data, in proportion to their days (± noise).
    share = np.tile(bounds["data_days"].to_numpy(float), (len(volume), 1)) * rng.uniform(0.7, 1.3, (len(volume), 5))
    share[volume["late"].to_numpy(), 0] = 0
    share /= share.sum(axis=1, keepdims=True)
    per = np.floor(share * volume["n"].to_numpy()[:, None]).astype(np.int64)
    last = (share > 0).cumsum(axis=1).argmax(axis=1)
    per[np.arange(len(volume)), last] += volume["n"].to_numpy() - per.sum(axis=1)
    blocks = pd.DataFrame({
        "v": np.repeat(np.arange(len(volume)), 5), "period": np.tile(bounds["period"].to_numpy(), len(volume)),
        "n": per.ravel(),
    })
    blocks = blocks[blocks["n"] > 0].reset_index(drop=True)
    blocks["p"] = volume["p"].to_numpy()[blocks["v"]]
    blocks["table"] = volume["table"].to_numpy()[blocks["v"]]
    blocks = blocks.merge(bounds[["period", "starts", "data_days"]], on="period")
    # Records cluster by city and pledge, as a city's imports do (zone maps then skip other cities).
    blocks = blocks.sort_values(["p", "table", "period"], kind="stable", ignore_index=True)
    blocks["block_id"] = np.arange(len(blocks))
    blocks["city"] = pledges["city"].to_numpy()[blocks["p"]]
    blocks["pledge_id"] = pledges["pledge_id"].to_numpy()[blocks["p"]]
    blocks["city_no"] = blocks["city"].str[4:].astype(int)

    # Executions: the year's plan × performance, split evenly over the year's records (원).
    yearly_plan = budget[budget["phase"] == "term"].groupby(["p", "year"])["amount"].sum()
    perf_p = pledges["performance"].to_numpy()
    exe = blocks["table"] == "executions"
    planned = np.array([yearly_plan.get((p, y), 0.0) for p, y in zip(blocks.loc[exe, "p"], blocks.loc[exe, "period"])])
    frac = (blocks.loc[exe, "data_days"] / bounds.set_index("period").loc[blocks.loc[exe, "period"], "days"].to_numpy())
    blocks["total_krw"] = 0
    blocks.loc[exe, "total_krw"] = np.round(planned * perf_p[blocks.loc[exe, "p"]] * frac.to_numpy() * 1e6).astype(np.int64)
    blocks["sources"] = ""
    src_by_p = budget[budget["phase"] == "term"].groupby("p")["funding_source"].agg(lambda s: ",".join(sorted(set(s))))
    blocks.loc[exe, "sources"] = src_by_p.reindex(blocks.loc[exe, "p"]).to_numpy()

    # Targets per indicator × period.
    counts_by = blocks.groupby(["p", "table"])["n"].sum()
    elapsed_days = bounds["data_days"].sum()
    target_rows = []
    for r in inds.itertuples(index=False):
        if no_target[r.p]:
            continue
        for year, days, data_days in zip(bounds["period"], bounds["days"], bounds["data_days"]):
            if r.late_start and year == PERIODS[0] and r.source != "executions":
                continue
            if r.source == "executions":
                t = yearly_plan.get((r.p, year), None)
            else:
                if r.source == "reported":
                    yearly = 10 + 40 * ((r.p * 7 + r.ord) % 5)
                else:
                    yearly = counts_by.get((r.p, r.source), 0) / elapsed_days * 365 / r.perf
                t = max(1, round(yearly * days / 365))
            target_rows.append((r.city, r.pledge_id, r.indicator_id, int(year), None if t is None else float(t)))
    targets = pd.DataFrame(target_rows, columns=["city", "pledge_id", "indicator_id", "period", "target"])

    # Reported yearly actuals: target × performance × share of the period elapsed; some corrected later.
    t_idx = targets.set_index(["city", "pledge_id", "indicator_id", "period"])["target"]
    rep_rows = []
    for r in reported.itertuples(index=False):
        for year, days, data_days, ends in zip(bounds["period"], bounds["days"], bounds["data_days"], bounds["ends"]):
            if data_days <= 0:
                continue
            t = t_idx.get((r.city, r.pledge_id, r.indicator_id, int(year)), None)
            base = 30.0 if t is None or pd.isna(t) else float(t)
            value = float(round(base * r.perf * data_days / days))
            on = min(ends, DATA_END)
            rep_rows.append((r.city, r.pledge_id, r.indicator_id, int(year), value, on, "합성 보고"))
            if (r.p + year) % 10 == 0:
                rep_rows.append((r.city, r.pledge_id, r.indicator_id, int(year), value + 1, on + dt.timedelta(days=20),
                                 "합성 보고(정정)"))
    rep = pd.DataFrame(rep_rows, columns=["city", "pledge_id", "indicator_id", "period", "value", "reported_on", "note"])

    # Target revisions (목표 변경): 3% of indicators, 2025 target lowered by a fifth from 2025-01-15.
    revised = targets[(targets["period"] == 2025) & targets["target"].notna()]
    revised = revised[rng.random(len(revised)) < 0.03]
    revisions = revised.assign(previous_target=revised["target"], new_target=np.maximum(1, np.round(revised["target"] * 0.8)),
                               based_on_revision=None, author="SYN-작성자", reason="합성 자료: 목표 하향 조정",
                               revised_on=dt.date(2025, 1, 15))
    revisions = revisions.drop(columns=["target"])

    # Statuses: recorded by the department, mostly consistent with performance, 5% not.
    elapsed = (DATA_END - TERM_START).days / ((TERM_END - TERM_START).days + 1)
    min_perf = inds.groupby("p")["perf"].min().reindex(range(n_p)).to_numpy()
    progress = np.minimum(1.0, min_perf * elapsed)
    status = np.where(progress >= 0.999, np.where(rng.random(n_p) < 0.5, Status.DONE_CLOSED.value, Status.DONE_CONTINUING.value),
                      np.where(perf_p >= 0.95, Status.ON_TRACK.value, Status.PARTIAL.value))
    noise = rng.random(n_p) < 0.05
    status[noise] = rng.choice([s.value for s in (Status.DONE_CLOSED, Status.DONE_CONTINUING, Status.ON_TRACK, Status.PARTIAL)],
                                size=int(noise.sum()))
    pledges["status"] = status
    return {"cities": pd.DataFrame(city_rows, columns=["city", "name", "province", "term_start", "term_end", "synthetic"]),
            "pledges": pledges, "indicators": inds, "targets": targets, "revisions": revisions,
            "budget": budget, "reported": rep, "blocks": blocks}


def generate(path: str | Path, records: int = 1_000_000, cities: int | None = None, seed: int = 20240531,
             quiet: bool = False) -> Path:
    """Write the synthetic national data set into a new DuckDB file at `path` (replaced if present)."""
    path = Path(path)
    cities = cities or default_cities(records)
    t0 = time.perf_counter()
    p = plan(records, cities, seed)
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, file=sys.stderr))
    say(f"계획: 시군 {cities}, 공약 {len(p['pledges']):,}, 지표 {len(p['indicators']):,} ({time.perf_counter() - t0:.1f}s)")
    with building(path) as con:
        _write(con, p, seed, say)
    say(f"완료: {path} ({time.perf_counter() - t0:.1f}s)")
    return path


def _write(con: duckdb.DuckDBPyConnection, p: dict[str, pd.DataFrame], seed: int, say) -> None:
    pl = p["pledges"]
    con.register("g_cities", p["cities"])
    seed_periods(con, DEFAULT_TERM)
    execute(con, "national/insert_cities")
    pledges = pl.assign(implementer=pl["city"].map(p["cities"].set_index("city")["name"]),
                        novelty=np.where(pl.index % 3 == 0, "계속", "신규"),
                        status_date=DATA_END)
    con.register("g_pledges", pledges)
    execute(con, "national/insert_pledges")
    con.register("g_indicators", p["indicators"])
    execute(con, "national/insert_indicators")
    con.register("g_targets", p["targets"])
    execute(con, "national/insert_targets")
    con.register("g_revisions", p["revisions"])
    execute(con, "national/insert_revisions")
    budget = p["budget"].assign(city=pl["city"].to_numpy()[p["budget"]["p"]],
                                pledge_id=pl["pledge_id"].to_numpy()[p["budget"]["p"]])
    con.register("g_budget", budget)
    execute(con, "national/insert_budget")

    imports = {}
    for kind in [*RECORD_TABLES, "reported_actuals"]:
        imports[kind] = execute(con, "national/insert_import", kind=kind, file_name=f"data.national seed={seed}",
                                file_hash=f"synthetic-{seed}").fetchone()[0]
    con.register("g_reported", p["reported"])
    execute(con, "national/insert_reported", import_id=imports["reported_actuals"])

    blocks = p["blocks"][["block_id", "city", "city_no", "pledge_id", "table", "period", "starts", "data_days", "n",
                          "total_krw", "sources"]]
    con.register("g_blocks", blocks)
    for salt, table in enumerate(RECORD_TABLES):
        t = time.perf_counter()
        execute(con, f"national/insert_{table}", table=table, salt=salt * 977, import_id=imports[table])
        n = con.execute(sql_template("imports/count_rows", table=table)).fetchone()[0]
        execute(con, "national/set_rows_added", import_id=imports[table], rows=n)
        say(f"  {table}: {n:,} ({time.perf_counter() - t:.1f}s)")
    execute(con, "national/set_rows_added", import_id=imports["reported_actuals"], rows=len(p["reported"]))
    t = time.perf_counter()
    days = aggregates.rebuild(con)      # the aggregates kept at write time, from the records just written
    say(f"  aggregates: {days:,} daily rows ({time.perf_counter() - t:.1f}s)")
    for name in ("g_cities", "g_pledges", "g_indicators", "g_targets", "g_revisions", "g_budget", "g_reported", "g_blocks"):
        con.unregister(name)


def record_count(con: duckdb.DuckDBPyConnection) -> int:
    """All records: applications, visits, publicity, executions and reported actuals."""
    return execute(con, "national/record_count").fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.national",
                                     description="합성 전국 데이터(시군 × 공약 약 100개 × 기록)를 DuckDB 파일로 만듭니다")
    parser.add_argument("--records", type=int, default=1_000_000, help="기록 수 (기본 1,000,000; 10만~1천만)")
    parser.add_argument("--cities", type=int, default=None, help=f"시군 수 (기본: 기록 수 ÷ {RECORDS_PER_CITY:,}, 최대 226)")
    parser.add_argument("--seed", type=int, default=20240531)
    parser.add_argument("--db", type=Path, required=True, help="만들 DuckDB 파일 (있으면 바꿉니다)")
    args = parser.parse_args(argv)
    generate(args.db, args.records, args.cities, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
