"""Command line: `python -m metrics report [--db PATH] [--as-of YYYY-MM-DD] [--pledge ID] [--json]`.

Errors (missing database, unknown pledge, bad date, a database held by another process) print
one Korean line on stderr and exit 2; never a traceback.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from data.store import StoreError, default_db_path, open_store
from metrics.rates import RatePolicy
from metrics.report import figures_for, report
from metrics.text import report_text


class CliError(Exception):
    """A one-line Korean message for the user."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors, in one Korean line
        raise CliError(f"명령 인자 오류: {message}")


def parse_date(text: str) -> dt.date:
    """YYYY-MM-DD, or a CliError in Korean."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliError(f"날짜 형식이 잘못되었습니다: '{text}' — YYYY-MM-DD 형식으로 입력하세요 (예: 2024-05-31)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m metrics", description="공약 이행 지표 계산")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    rep = sub.add_parser("report", help="공약별 이행률 보고서")
    rep.add_argument("--db", type=Path, help="DuckDB 파일 (기본: $PLEDGE_DB 또는 data/pledges.duckdb)")
    rep.add_argument("--as-of", default=None, help="기준일 YYYY-MM-DD (기본: 오늘)")
    rep.add_argument("--pledge", default=None, help="공약 번호, 예: 6-1-1")
    rep.add_argument("--city", default=None, help="시군 코드, 예: naju")
    rep.add_argument("--json", action="store_true", help="JSON으로 출력")
    rep.add_argument("--no-cap", action="store_true", help="지표 이행률 100%% 상한 적용 안 함")
    rep.add_argument("--rounding", choices=["half_up", "cut"], default="half_up",
                     help="표시 반올림 방식: half_up(반올림) | cut(버림)")
    return parser


def run_report(args: argparse.Namespace) -> str:
    as_of = parse_date(args.as_of) if args.as_of else dt.date.today()
    db = args.db or default_db_path()
    if args.db and not args.db.exists():
        raise CliError(f"데이터베이스 파일이 없습니다: {args.db}")
    con = open_store(db)
    try:
        figures = figures_for(con, as_of, city=args.city, pledge_id=args.pledge,
                              policy=RatePolicy(cap=not args.no_cap, rounding=args.rounding))
    finally:
        con.close()
    if figures.pledges.empty:
        what = f"공약 '{args.pledge}'" if args.pledge else "공약"
        raise CliError(f"{what}을(를) 찾을 수 없습니다 ({db})")
    doc = report(figures)
    return json.dumps(doc, ensure_ascii=False, indent=2) if args.json else report_text(doc)


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "report":
            print(run_report(args))
        return 0
    except (CliError, StoreError) as err:
        print(f"오류: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
