"""`python -m data aggregates rebuild|check [--db PATH]`: recompute the aggregates kept at write
time from the records and the cards (one transaction), or compare them with the records and the
cards — one Korean line per difference, exit status 1 when there is any (data/aggregates.py) —
and check the record tables' keys (data/imports/keys.key_problems: on the DuckDB file the import
keeps them, not an index)."""
from __future__ import annotations

import argparse
import sys

from data import aggregates
from data.imports import keys
from data.authority import SYSTEM, log_action
from data.store import open_store, write_transaction


def add_parser(sub) -> None:
    p = sub.add_parser("aggregates", help="기록 집계(일별·월별·연도별, 기록 기간, 지표별, 투자 계획별)를 다시 만들거나 기록과 대조합니다")
    p.add_argument("action", choices=["rebuild", "check"],
                   help="rebuild: 기록으로 집계를 다시 만듭니다 · check: 집계와 기록을 대조합니다")
    p.add_argument("--db", default=None, help="파일 경로 또는 postgresql:// URL (기본: $PLEDGE_DB 또는 data/pledges.duckdb)")


def run(args: argparse.Namespace, out=None) -> int:
    """Rebuild (exit 0) or check (exit 0 when the aggregates match the records, else 1)."""
    out = out or sys.stdout
    con = open_store(args.db)
    try:
        if args.action == "rebuild":
            with write_transaction(con) as cur:
                days = aggregates.rebuild(cur)
                months, years, spans, grid, budget = (
                    cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in
                    ("monthly_totals", "yearly_totals", "record_spans", "indicator_grid", "budget_grid"))
                # Logged in the same transaction: the data version and every server's read model
                # (data/read_model.py) learn from it that every city's figures may have changed.
                log_action(cur, SYSTEM.login, "rebuild", None, "ok", f"일별 {days:,}행")
            print(f"기록 집계를 다시 만들었습니다: 일별 {days:,}행, 월별 {months:,}행, 연도별 {years:,}행, "
                  f"기록 기간 {spans:,}행, 지표별 {grid:,}행, 투자 계획별 {budget:,}행", file=out)
            return 0
        lines = aggregates.difference_lines(aggregates.differences(con))
        broken = keys.key_problems(con)
        for line in lines + broken:
            print(line, file=out)
        if broken:
            print(f"기록 번호가 맞지 않는 곳이 {len(broken):,}곳 있습니다 — 해당 기록을 가져온 가져오기를 되돌리고 "
                  "고친 파일로 다시 가져오세요", file=out)
        print(f"집계와 기록이 다른 곳이 {len(lines):,}곳 있습니다 — 'python -m data aggregates rebuild'로 다시 만드세요"
              if lines else "기록 집계가 기록과 일치합니다", file=out)
        return 1 if lines or broken else 0
    finally:
        con.close()
