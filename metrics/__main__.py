"""Command line: `python -m metrics report [--db PATH] [--as-of YYYY-MM-DD] [--since YYYY-MM-DD] [--pledge ID] [--json]`,
and the record import: `import PATH [--db PATH] [--kind KIND]`, `imports`, `undo ID`, `template KIND`
(docs/formats.md).

Errors (missing database, unknown pledge, bad date, a database held by another process) print
one Korean line on stderr and exit 2; never a traceback.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import duckdb
import pandas as pd

from data.authority import Forbidden
from data.formats import CARD_KIND, KIND_LABELS
from data.build import open_store
from data.postgres import error_line
from data.store import UNREACHABLE, StoreError, default_db_path, location
from metrics.rates import RatePolicy
from metrics.engine import figures_for
from metrics.report import report
from metrics.text import report_text

DB_HELP = "DuckDB 파일 또는 postgresql:// URL (기본: $PLEDGE_DB 또는 data/pledges.duckdb)"


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
    rep.add_argument("--db", type=location, help=DB_HELP)
    rep.add_argument("--as-of", default=None, help="기준일 YYYY-MM-DD (기본: 오늘)")
    rep.add_argument("--pledge", default=None, help="공약 번호, 예: 6-1-1")
    rep.add_argument("--city", default=None, help="시군 코드, 예: naju")
    rep.add_argument("--json", action="store_true", help="JSON으로 출력")
    rep.add_argument("--since", default=None,
                     help="비교 기준일 YYYY-MM-DD: 그날 이후 공약 이행률 변동과 지표별 기여, 그 사이 가져오기·목표 변경")
    rep.add_argument("--no-cap", action="store_true", help="지표 이행률 100%% 상한 적용 안 함")
    rep.add_argument("--rounding", choices=["half_up", "cut"], default="half_up",
                     help="표시 반올림 방식: half_up(반올림) | cut(버림)")
    imp = sub.add_parser("import", help="기록 파일 가져오기 (CSV·XLSX·카드 YAML)")
    imp.add_argument("path", type=Path, help="가져올 파일")
    imp.add_argument("--db", type=location, help=DB_HELP)
    imp.add_argument("--kind", choices=list(KIND_LABELS), default=None, help="기록 종류 (기본: 머리글로 판단)")
    imp.add_argument("--sheet", default=None, help="XLSX 시트 이름 (기본: 첫 시트)")
    imp.add_argument("--city", default=None, help="시군 코드 (기본: 공약번호로 판단)")
    imp.add_argument("--as", dest="actor", default=None, help="계정 아이디 (비밀번호는 $PLEDGE_PASSWORD, --password-stdin 이면 표준 입력, 아니면 프롬프트)")
    imp.add_argument("--password-stdin", action="store_true", help="비밀번호를 표준 입력 첫 줄에서 읽기")
    imp.add_argument("--author", default=None, help="목표 변경: 변경자")
    imp.add_argument("--reason", default=None, help="목표 변경: 변경 사유")
    imp.add_argument("--revised-on", default=None, help="목표 변경: 적용일 YYYY-MM-DD (기본: 오늘)")
    imp.add_argument("--dry-run", action="store_true", help="미리보기와 검사만 하고 저장하지 않음")
    imp.add_argument("--yes", action="store_true", help="확인 없이 가져오기")
    log = sub.add_parser("imports", help="가져오기 기록 (감사용)")
    log.add_argument("--db", type=location, help=DB_HELP)
    log.add_argument("--warnings", action="store_true", help="가져오기별 경고도 보이기")
    log.add_argument("--all", action="store_true", help="빌드가 불러온 파일도 보이기")
    und = sub.add_parser("undo", help="가져오기 하나를 통째로 되돌리기")
    und.add_argument("import_id", type=int, help="가져오기 번호")
    und.add_argument("--db", type=location, help=DB_HELP)
    und.add_argument("--as", dest="actor", default=None, help="계정 아이디 (비밀번호는 $PLEDGE_PASSWORD, --password-stdin 이면 표준 입력, 아니면 프롬프트)")
    und.add_argument("--password-stdin", action="store_true", help="비밀번호를 표준 입력 첫 줄에서 읽기")
    tpl = sub.add_parser("template", help="빈 양식 파일 만들기")
    tpl.add_argument("kind", choices=list(KIND_LABELS), help="기록 종류")
    tpl.add_argument("--format", choices=["xlsx", "csv"], default="xlsx", help="파일 형식 (기본 xlsx)")
    tpl.add_argument("--out", type=Path, default=None, help="저장할 경로 (기본: 현재 폴더의 양식_<종류>.<형식>)")
    crd = sub.add_parser("card", help="공약 관리카드 파일 만들기 (PDF·HWPX·XLSX), --book: 시군 전체 공약집 PDF")
    crd.add_argument("pledge", nargs="?", default=None, help="공약 번호, 예: 6-1-1 (--book이면 생략)")
    crd.add_argument("--as-of", default=None, help="기준일 YYYY-MM-DD (기본: 오늘)")
    crd.add_argument("--format", choices=["pdf", "hwpx", "xlsx"], default="pdf", help="파일 형식 (기본 pdf)")
    crd.add_argument("--out", type=Path, default=None, help="저장할 경로 (기본: 현재 폴더의 공약관리카드_<시군>_<번호>_<기준일>.<형식>)")
    crd.add_argument("--city", default=None, help="시군 코드, 예: naju")
    crd.add_argument("--db", type=location, help=DB_HELP)
    crd.add_argument("--no-cap", action="store_true", help="지표 이행률 100%% 상한 적용 안 함")
    crd.add_argument("--rounding", choices=["half_up", "cut"], default="half_up",
                     help="표시 반올림 방식: half_up(반올림) | cut(버림)")
    crd.add_argument("--book", action="store_true", help="시군의 모든 공약 카드를 PDF 한 권으로 (목차 포함)")
    return parser


def _actor(con, args: argparse.Namespace):
    """The account a write acts as (--as, its password from $PLEDGE_PASSWORD or stdin): signed in."""
    from data.accounts import AccountError
    from data.accounts_cli import Passwords, cli_actor

    try:
        return cli_actor(con, args.actor, Passwords(args.password_stdin))
    except AccountError as err:
        raise CliError(str(err)) from None


def _open(db):
    if db and not db.exists():
        raise CliError(f"데이터베이스 파일이 없습니다: {db}")
    return open_store(db or default_db_path())


def _progress(fraction: float, text: str) -> None:
    width = 30
    done = int(round(fraction * width))
    end = "\n" if fraction >= 1 else ""
    print(f"\r가져오는 중 [{'#' * done}{'.' * (width - done)}] {fraction:4.0%} {text}", end=end, file=sys.stderr,
          flush=True)


def run_import(args: argparse.Namespace) -> int:
    from data.imports import ImportRefused, commit, prepare

    path: Path = args.path
    if not path.is_file():
        raise CliError(f"파일이 없습니다: {path}")
    revised_on = parse_date(args.revised_on) if args.revised_on else None
    data = path.read_bytes()
    con = _open(args.db)
    try:
        prepared = prepare(con, data, path.name, kind=args.kind, sheet=args.sheet, city=args.city,
                           author=args.author, reason=args.reason, revised_on=revised_on)
        if prepared.preview is not None and prepared.kind:
            print(f"[미리보기] {path.name} — {prepared.label}, {prepared.rows_in_file:,}행"
                  f"{f', 인코딩 {prepared.encoding}' if prepared.encoding else ''}"
                  f"{f', 시트 {prepared.sheet}' if prepared.sheet else ''}")
            print(prepared.preview.head(5).to_string(index=False))
        print("[검사 결과]")
        print(prepared.report_text())
        if not prepared.ok:
            raise CliError(f"{path.name}을(를) 가져오지 않았습니다 (오류 {prepared.error_count:,}건, 데이터베이스는 바뀌지 않았습니다)")
        if args.dry_run:
            print("미리보기만 했습니다 (--dry-run): 저장하지 않았습니다.")
            return 0
        if sys.stdin.isatty() and not args.yes:
            answer = input(f"{prepared.rows_new:,}행을 추가합니다. 가져올까요? [y/N] ").strip().lower()
            if answer not in ("y", "yes", "예", "ㅇ"):
                print("취소했습니다: 저장하지 않았습니다.")
                return 0
        try:
            summary = commit(con, prepared, _actor(con, args),
                             progress=_progress if prepared.rows_in_file >= 10_000 else None)
        except (ImportRefused, Forbidden) as err:
            raise CliError(str(err)) from None
        except duckdb.Error as err:
            raise CliError(f"데이터베이스에 쓰지 못했습니다 — 아무것도 저장하지 않았습니다 ({str(err).splitlines()[0][:120]})") from None
        print(summary.text())
        return 0
    finally:
        con.close()


def run_imports(args: argparse.Namespace) -> str:
    from data.imports import import_log, import_warnings

    con = _open(args.db)
    try:
        log = import_log(con, include_build=args.all)
        warnings = import_warnings(con) if args.warnings else None
    finally:
        con.close()
    if log.empty:
        return "가져오기 기록이 없습니다."
    lines = ["번호  일시              가져온 사람  종류        추가    있음   경고  파일 (SHA-256 앞 12자리)"]
    for r in log.itertuples(index=False):
        state = f"  [되돌림 {r.undone_at:%Y-%m-%d %H:%M} {r.undone_by or ''}]" if not pd.isna(r.undone_at) else ""
        lines.append(f"#{r.import_id:<4} {r.imported_at:%Y-%m-%d %H:%M}  {r.imported_by:<10}  "
                     f"{KIND_LABELS.get(r.kind, r.kind):<8} {r.rows_added:>7,} {r.rows_present:>6,} {r.warnings:>5,}  "
                     f"{r.file_name} ({r.file_hash[:12]}){state}")
        if warnings is not None:
            for w in warnings[warnings["import_id"] == r.import_id].itertuples(index=False):
                row = f"{int(w.row_no)}행 " if not pd.isna(w.row_no) else ""
                lines.append(f"        경고: {row}{w.message}")
    return "\n".join(lines)


def run_undo(args: argparse.Namespace) -> str:
    from data.imports import ImportRefused, undo

    con = _open(args.db)
    try:
        removed = undo(con, args.import_id, _actor(con, args))
    except (ImportRefused, Forbidden) as err:
        raise CliError(str(err)) from None
    except duckdb.Error as err:
        raise CliError(f"되돌리지 못했습니다 — 아무것도 바뀌지 않았습니다 ({str(err).splitlines()[0][:120]})") from None
    finally:
        con.close()
    return f"가져오기 #{args.import_id}을(를) 되돌렸습니다 ({removed:,}건)."


def run_template(args: argparse.Namespace) -> str:
    from data.templates import card_template, template_csv, template_name, template_xlsx

    if args.kind == CARD_KIND:
        out = args.out or Path("양식_공약관리카드.yaml")
        out.write_bytes(card_template())
    else:
        out = args.out or Path(template_name(args.kind, args.format))
        out.write_bytes(template_xlsx(args.kind) if args.format == "xlsx" else template_csv(args.kind))
    return f"양식을 만들었습니다: {out}"


def run_report(args: argparse.Namespace) -> str:
    as_of = parse_date(args.as_of) if args.as_of else dt.date.today()
    since = parse_date(args.since) if args.since else None
    if since is not None and since >= as_of:
        raise CliError(f"비교 기준일(--since {since})은 기준일({as_of})보다 앞이어야 합니다")
    db = args.db or default_db_path()
    if args.db and not args.db.exists():
        raise CliError(f"데이터베이스 파일이 없습니다: {args.db}")
    con = open_store(db)
    before = changes = None
    try:
        policy = RatePolicy(cap=not args.no_cap, rounding=args.rounding)
        figures = figures_for(con, as_of, city=args.city, pledge_id=args.pledge, policy=policy)
        if since is not None:
            from metrics.attribution import load_changes
            before = figures_for(con, since, city=args.city, pledge_id=args.pledge, policy=policy)
            changes = load_changes(con, since, as_of, city=args.city, pledge_id=args.pledge)
    finally:
        con.close()
    if figures.pledges.empty:
        what = f"공약 '{args.pledge}'" if args.pledge else "공약"
        raise CliError(f"{what}을(를) 찾을 수 없습니다 ({db})")
    doc = report(figures, before, changes)
    return json.dumps(doc, ensure_ascii=False, indent=2) if args.json else report_text(doc)


def run_card(args: argparse.Namespace) -> str:
    """`card`: one pledge's card as PDF/HWPX/XLSX, or with --book every card of a city in one PDF."""
    import publish
    from publish.source import CardNotFound, load_card, load_cards, only_city

    if args.book and args.format != "pdf":
        raise CliError("공약집(--book)은 PDF로만 만듭니다: --format pdf")
    if not args.book and not args.pledge:
        raise CliError("공약 번호를 입력하세요 (예: python -m metrics card 6-1-1), 시군 전체는 --book")
    as_of = parse_date(args.as_of) if args.as_of else dt.date.today()
    policy = RatePolicy(cap=not args.no_cap, rounding=args.rounding)
    con = _open(args.db)
    try:
        if args.book:
            city = args.city or only_city(con)
            cards = load_cards(con, as_of, city, args.pledge, policy)
            data, name = publish.render_book(cards), publish.book_name(cards)
        else:
            card = load_card(con, as_of, args.city, args.pledge, policy)
            data, name = publish.render(card, args.format), publish.file_name(card, args.format)
    except CardNotFound as err:
        raise CliError(str(err)) from None
    except RuntimeError as err:   # a missing Korean font, an HWPX that fails its check: one Korean line
        raise CliError(str(err).splitlines()[0]) from None
    finally:
        con.close()
    out = args.out or Path(name)
    out.write_bytes(data)
    return f"만들었습니다: {out} ({len(data):,} 바이트)"


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "report":
            print(run_report(args))
        elif args.command == "import":
            return run_import(args)
        elif args.command == "imports":
            print(run_imports(args))
        elif args.command == "undo":
            print(run_undo(args))
        elif args.command == "template":
            print(run_template(args))
        elif args.command == "card":
            print(run_card(args))
        return 0
    except (EOFError, KeyboardInterrupt):
        print("오류: 중단했습니다 (저장하지 않았습니다)", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"오류: 파일을 읽거나 쓸 수 없습니다: {err.filename or ''} ({err.strerror or err})", file=sys.stderr)
        return 2
    except (CliError, StoreError) as err:
        print(f"오류: {err}", file=sys.stderr)
        return 2
    except UNREACHABLE as err:      # e.g. the PostgreSQL server went away after connecting
        print(f"오류: 저장소를 읽거나 쓸 수 없습니다 — {error_line(err)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
