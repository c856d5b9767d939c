"""`python -m metrics import | imports | undo | template`: the same import from the command line,
with one-line Korean errors (exit 2, no traceback) and an unchanged database on refusal."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from argon2 import PasswordHasher

from data import accounts
from data.imports.read import read_bytes
from data.store import connect
from tests import import_corpus as corpus

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "명령줄 시험 비밀번호"
HOOK = Path("/work/shared/hooks/check_seed_report.py")


def run(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "metrics", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, input=stdin)


@pytest.fixture(autouse=True)
def cli_accounts(request, monkeypatch):
    """Accounts in the test's store (dept of 보건행정과, approver, planner; cheap Argon2), and
    their password in $PLEDGE_PASSWORD for the CLI subprocesses."""
    monkeypatch.setenv("PLEDGE_PASSWORD", PASSWORD)
    if "db_copy" not in request.fixturenames or "held_db" in request.fixturenames:
        return
    db_copy = request.getfixturevalue("db_copy")
    con = connect(db_copy)
    try:
        cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        monkeypatch.setattr(accounts, "_hasher", lambda: cheap)
        accounts.create_first_admin(con, "admin", "관리자", PASSWORD)
        admin = accounts.sign_in(con, "admin", PASSWORD)
        accounts.create_account(con, admin, "dept", "보건 주무관", password=PASSWORD, roles=["department"],
                                department="보건행정과")
        accounts.create_account(con, admin, "approver", "승인권자", password=PASSWORD, roles=["approver"])
        accounts.create_account(con, admin, "planner", "기획", password=PASSWORD, roles=["planner"])
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def applications(db: Path, as_of: str) -> tuple[int, float]:
    out = run("report", "--db", db, "--as-of", as_of, "--json")
    assert out.returncode == 0, out.stderr
    pledge = json.loads(out.stdout)["pledges"][0]
    ind = next(i for i in pledge["indicators"] if i["id"] == "applications")
    return ind["actual_to_date"], ind["rate"]


def assert_one_line_error(out, *fragments: str) -> None:
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "Traceback" not in out.stdout
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("오류: "), out.stderr
    for fragment in fragments:
        assert fragment in out.stderr + out.stdout


def test_cp949_export_imports_and_the_rate_moves_at_the_right_dates(db_copy, tmp_path):
    path = tmp_path / "신청_하반기.csv"
    path.write_bytes(corpus.applications_500_cp949())
    assert applications(db_copy, "2024-12-31") == (1344, 60.95)
    out = run("import", path, "--db", db_copy, "--as", "dept")
    assert out.returncode == 0, out.stderr
    assert "[미리보기] 신청_하반기.csv — 신청, 500행, 인코딩 cp949" in out.stdout
    assert "[검사 결과]" in out.stdout
    assert "완료 (신청_하반기.csv, 신청): 추가 500행, 이미 있음 0행, 거부 0행" in out.stdout
    assert applications(db_copy, "2024-05-31") == (1344, 60.95)          # the card's date: unchanged
    assert applications(db_copy, "2024-12-31") == (1844, 83.63)          # 1,844 ÷ 2,205
    if HOOK.exists():                                                    # the seed card still reproduces
        report = run("report", "--db", db_copy, "--as-of", "2024-05-31", "--json")
        check = subprocess.run([sys.executable, str(HOOK)], input=report.stdout, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout
    again = run("import", path, "--db", db_copy, "--as", "dept")
    assert again.returncode == 0 and "추가 0행, 이미 있음 500행" in again.stdout
    assert applications(db_copy, "2024-12-31") == (1844, 83.63)


@pytest.mark.parametrize("case_id", ["header_only_cp949", "pii_phone_column_cp949", "formula_dde_csv",
                                     "duplicate_in_file", "bad_date_cp949", "unknown_encoding"])
def test_refused_file_prints_the_report_and_one_error_line_and_changes_nothing(case_id, db_copy, tmp_path):
    case = next(c for c in corpus.bad_cases() if c.id == case_id)
    path = tmp_path / case.name
    path.write_bytes(case.data)
    before = digest(db_copy)
    out = run("import", path, "--db", db_copy, "--as", "dept")
    assert_one_line_error(out, f"{case.name}을(를) 가져오지 않았습니다", "데이터베이스는 바뀌지 않았습니다", *case.fragments)
    assert digest(db_copy) == before


def test_dry_run_writes_nothing(db_copy, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(corpus.applications_500_cp949())
    before = digest(db_copy)
    out = run("import", path, "--db", db_copy, "--dry-run")
    assert out.returncode == 0 and "저장하지 않았습니다" in out.stdout
    assert digest(db_copy) == before


def test_large_file_shows_a_progress_bar(db_copy, tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(corpus.big_applications(20_000))
    out = run("import", path, "--db", db_copy, "--as", "dept")
    assert out.returncode == 0, out.stderr
    assert "가져오는 중 [" in out.stderr and "100%" in out.stderr
    assert "추가 20,000행" in out.stdout


def test_log_and_undo(db_copy, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(corpus.applications_500_cp949())
    assert run("import", path, "--db", db_copy, "--as", "dept").returncode == 0
    log = run("imports", "--db", db_copy)
    assert log.returncode == 0
    line = next(l for l in log.stdout.splitlines() if "a.csv" in l)
    import_id = int(line.split()[0].lstrip("#"))
    assert " dept " in line and hashlib.sha256(path.read_bytes()).hexdigest()[:12] in line
    undone = run("undo", import_id, "--db", db_copy, "--as", "dept")
    assert undone.returncode == 0 and "되돌렸습니다 (500건)" in undone.stdout
    assert applications(db_copy, "2024-12-31") == (1344, 60.95)
    assert "[되돌림" in run("imports", "--db", db_copy).stdout
    assert_one_line_error(run("undo", import_id, "--db", db_copy, "--as", "dept"), "이미 되돌렸습니다")


def test_cli_writes_name_an_account_that_may_write(db_copy, tmp_path, monkeypatch):
    path = tmp_path / "a.csv"
    path.write_bytes(corpus.applications_500_cp949())
    before = digest(db_copy)
    assert_one_line_error(run("import", path, "--db", db_copy, "--yes"), "계정이 필요합니다: --as")
    assert digest(db_copy) == before
    assert_one_line_error(run("import", path, "--db", db_copy, "--as", "planner"), "권한이 없습니다: 부서 담당자·관리자 역할만")
    monkeypatch.setenv("PLEDGE_PASSWORD", "틀린 비밀번호입니다")
    assert_one_line_error(run("import", path, "--db", db_copy, "--as", "dept"), "아이디 또는 비밀번호가 올바르지 않습니다")
    monkeypatch.delenv("PLEDGE_PASSWORD")
    out = run("import", path, "--db", db_copy, "--as", "dept", "--password-stdin", stdin=PASSWORD + "\n")
    assert out.returncode == 0, out.stderr
    con = connect(db_copy)
    try:
        assert con.execute("SELECT count(*) FROM imports WHERE imported_by = 'planner'").fetchone()[0] == 0
        lines = con.execute("SELECT actor, action, outcome FROM action_log WHERE action IN ('import', 'sign_in_failed') AND actor <> 'build' "
                            "ORDER BY action_id").fetchall()
    finally:
        con.close()
    assert lines == [("planner", "import", "refused"), ("dept", "sign_in_failed", "refused"), ("dept", "import", "ok")]


def test_targets_import_needs_author_and_reason(db_copy, tmp_path):
    path = tmp_path / "목표.csv"
    path.write_bytes(corpus.csv_bytes(["공약번호", "지표ID", "연도", "목표"], [["6-1-1", "applications", "2025", "700"]]))
    assert_one_line_error(run("import", path, "--db", db_copy, "--as", "approver"), "변경자 이름이 필요합니다")
    out = run("import", path, "--db", db_copy, "--as", "approver", "--author", "기획예산실", "--reason", "평가단 승인",
              "--revised-on", "2024-06-20")
    assert out.returncode == 0 and "목표 변경" in out.stdout and "추가 1행" in out.stdout


def test_a_database_held_by_another_process_gives_a_korean_line(held_db, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(corpus.applications_500_cp949())
    assert_one_line_error(run("import", path, "--db", held_db, "--as", "dept"), "다른 프로그램")


@pytest.mark.parametrize("args, fragment", [
    (("import", "/nonexistent/x.csv"), "파일이 없습니다"),
    (("import", "x.csv", "--kind", "nonsense"), "명령 인자 오류"),
    (("import", "x.csv", "--revised-on", "2024/06/20"), "날짜 형식이 잘못되었습니다"),
    (("undo", "1", "--db", "/nonexistent/p.duckdb"), "데이터베이스 파일이 없습니다"),
])
def test_cli_errors_are_one_korean_line(args, fragment, tmp_path):
    if "x.csv" in args:
        (tmp_path / "x.csv").write_bytes(b"a,b\n1,2\n")
        args = tuple(str(tmp_path / a) if a == "x.csv" else a for a in args)
    assert_one_line_error(run(*args), fragment)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_template_command_writes_a_readable_template(fmt, tmp_path):
    out_path = tmp_path / f"t.{fmt}"
    out = run("template", "executions", "--format", fmt, "--out", out_path)
    assert out.returncode == 0 and str(out_path) in out.stdout
    table = read_bytes(out_path.read_bytes(), out_path.name)
    assert table.headers == ["공약번호", "집행번호", "집행일", "집행액(원)", "재원", "적요"]
