"""`python -m metrics report`: the JSON and text outputs, and one-line Korean errors."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args, env_db=None):
    import os
    env = dict(os.environ)
    if env_db:
        env["PLEDGE_DB"] = str(env_db)
    return subprocess.run([sys.executable, "-m", "metrics", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=120)


def test_json_report_reproduces_the_card(built_db):
    out = run("report", "--db", str(built_db), "--as-of", "2024-05-31", "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    pledge = next(p for p in doc["pledges"] if p["id"] == "6-1-1")
    assert pledge["rate"] == 64.85
    assert sorted((i["target_total"], i["actual_to_date"], i["rate"]) for i in pledge["indicators"]) == [
        (16, 11, 68.75), (2205, 1344, 60.95)]
    assert (pledge["budget"]["planned_total"], pledge["budget"]["executed_total"]) == (504, 83)


def test_text_report_is_korean(built_db):
    out = run("report", "--db", str(built_db), "--as-of", "2024-05-31", "--pledge", "6-1-1")
    assert out.returncode == 0, out.stderr
    assert "기준일 2024. 5. 31." in out.stdout
    assert "공약 이행률 64.85%" in out.stdout
    assert "누계 1,344 ÷ 임기 목표 2,205 = 60.95%" in out.stdout


def test_default_as_of_is_today(built_db):
    import datetime as dt
    out = run("report", "--db", str(built_db), "--json")
    assert json.loads(out.stdout)["as_of"] == dt.date.today().isoformat()


def test_db_from_environment(built_db):
    out = run("report", "--as-of", "2024-05-31", "--json", env_db=built_db)
    assert out.returncode == 0 and json.loads(out.stdout)["pledges"][0]["rate"] == 64.85


@pytest.mark.parametrize("args, message", [
    (["report", "--db", "/nonexistent/p.duckdb"], "오류: 데이터베이스 파일이 없습니다: /nonexistent/p.duckdb"),
    (["report", "--as-of", "2024-13-01"], "오류: 날짜 형식이 잘못되었습니다: '2024-13-01'"),
    (["report", "--as-of", "yesterday"], "오류: 날짜 형식이 잘못되었습니다: 'yesterday'"),
    (["report", "--pledge", "9-9-9", "--as-of", "2024-05-31"], "오류: 공약 '9-9-9'을(를) 찾을 수 없습니다"),
    (["nonsense"], "오류: 명령 인자 오류"),
])
def test_errors_are_one_korean_line(built_db, args, message):
    if "--db" not in args:
        args = [*args[:1], "--db", str(built_db), *args[1:]] if args[0] == "report" else args
    out = run(*args)
    assert out.returncode == 2
    assert out.stderr.startswith(message), out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr


def test_locked_database_gives_a_message_not_a_traceback(held_db):
    out = run("report", "--db", str(held_db), "--as-of", "2024-05-31")
    assert out.returncode == 2
    assert "다른 프로그램(대시보드 등)이 사용 중입니다" in out.stderr and "Traceback" not in out.stderr


def test_an_unreachable_postgresql_store_gives_one_line_without_its_password():
    from tests.pg import _free_port

    url = f"postgresql://pledge:Cli-S3cret@127.0.0.1:{_free_port()}/pledges"
    for args, env_db in ((["imports"], url), (["report", "--db", url, "--as-of", "2024-05-31"], None)):
        out = run(*args, env_db=env_db)
        assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, out.stderr
        assert out.stderr.startswith("오류: PostgreSQL 데이터베이스에 연결할 수 없습니다: postgresql://pledge:***@127.0.0.1:")
        assert "Cli-S3cret" not in out.stderr + out.stdout and "Traceback" not in out.stderr


@pytest.mark.postgres
def test_every_db_option_takes_a_postgresql_url(pg_cluster, pg_seed):
    """`--db postgresql://…` names the PostgreSQL store as $PLEDGE_DB does (it was read as a file path)."""
    url = pg_cluster.copy_database(pg_seed, "cli_url").replace("://postgres@", "://postgres:Cli-Pw@")
    out = run("report", "--db", url, "--as-of", "2024-05-31")
    assert out.returncode == 0, out.stderr
    assert "공약 이행률 64.85%" in out.stdout and "누계 11 ÷ 임기 목표 16 = 68.75%" in out.stdout
    assert run("imports", "--db", url).returncode == 0


@pytest.mark.parametrize("rounding, budget_rates, pledge_rate", [
    ("half_up", (16.47, 29.02), 64.85),     # 83 ÷ 504 = 16.468…, 83 ÷ 286 = 29.020…
    ("cut", (16.46, 29.02), 64.85),         # what the dashboard shows with 버림
])
def test_rounding_policy_applies_to_every_rate(built_db, rounding, budget_rates, pledge_rate):
    out = run("report", "--db", str(built_db), "--as-of", "2024-05-31", "--pledge", "6-1-1", "--json",
              "--rounding", rounding)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    (pledge,) = doc["pledges"]
    budget = pledge["budget"]
    assert doc["policy"]["rounding"] == rounding
    assert (budget["planned_total"], budget["executed_total"], budget["planned_to_date"]) == (504, 83, 286)
    assert (budget["execution_rate"], budget["execution_rate_to_date"]) == budget_rates
    assert pledge["rate"] == pledge_rate
    assert sorted(i["rate"] for i in pledge["indicators"]) == [60.95, 68.75]


def test_text_report_rounds_the_budget_by_the_policy(built_db):
    cut = run("report", "--db", str(built_db), "--as-of", "2024-05-31", "--pledge", "6-1-1", "--rounding", "cut")
    half = run("report", "--db", str(built_db), "--as-of", "2024-05-31", "--pledge", "6-1-1")
    assert "집행률 16.46%" in cut.stdout and "집행률 16.47%" in half.stdout
