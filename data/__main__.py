"""`python -m data build [--db PATH]`: (re)build the store from data/cards and data/records.
`python -m data demo`: rewrite the synthetic demo record files (deterministic).
`python -m data account create-admin|add|roles|list`: accounts and roles (data/accounts_cli.py).
`python -m data aggregates rebuild|check`: the aggregates kept at write time (data/aggregates_cli.py)."""
from __future__ import annotations

import argparse
import sys

from data.cardfile import CardError
from data import accounts_cli, aggregates_cli, postgres
from data.build import build, open_store
from data.store import UNREACHABLE, StoreError, location


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data", description="공약 데이터베이스 관리")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="data/ 의 카드와 기록 파일로 데이터베이스를 새로 만듭니다")
    b.add_argument("--db", type=location, default=None, help="파일 경로 또는 postgresql:// URL")
    sub.add_parser("demo", help="합성 데모 기록 파일을 다시 만듭니다")
    accounts_cli.add_parser(sub)
    aggregates_cli.add_parser(sub)
    args = parser.parse_args(argv)
    try:
        if args.command == "aggregates":
            return aggregates_cli.run(args)
        if args.command == "account":
            return accounts_cli.run(open_store(args.db), args)
        if args.command == "build":
            print(f"데이터베이스를 만들었습니다: {build(args.db)}")
        else:
            from data.demo import write
            for path in write():
                print(path)
        return 0
    except (StoreError, CardError) as err:
        print(f"오류: {err}", file=sys.stderr)
        return 2
    except UNREACHABLE as err:      # e.g. the PostgreSQL server went away after connecting
        print(f"오류: 저장소를 읽거나 쓸 수 없습니다 — {postgres.error_line(err)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
