"""data.imports: the bad-file corpus (message + database unchanged byte for byte), round trips
(CP949, XLSX), the idempotent re-import, undo, warnings, targets and cards, and speed."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import pytest

from data import imports as importer
from data.authority import ANONYMOUS, SYSTEM, Forbidden
from data.imports import kinds
from data.imports.limits import limits
from data.formats import IMPORT_FORMATS
from data.imports.read import read_bytes
from data.store import connect, query
from data.templates import template_csv, template_xlsx
from metrics.engine import figures_for
from tests import import_corpus as corpus
from tests.backends import backend, con, db_copy  # noqa: F401 (fixtures: both_backends tests run on each)

CASES = corpus.bad_cases()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def applications_total(con, as_of: str) -> float:
    figs = figures_for(con, dt.date.fromisoformat(as_of), pledge_id="6-1-1")
    ind = figs.indicators.set_index("indicator_id")
    return float(ind.at["applications", "actual_to_date"]), float(ind.at["applications", "rate"])


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 25
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=[pytest.mark.slow] if "200k" in c.id else [])
                                  for c in CASES])
def test_bad_file_is_refused_with_its_message_and_changes_nothing(case, db_copy):
    before = digest(db_copy)
    con = connect(db_copy)
    try:
        prepared = importer.prepare(con, case.data, case.name, **case.kwargs)
        assert not prepared.ok
        report = prepared.report_text()
        assert report.startswith(f"{case.name}: 가져오지 않습니다")
        for fragment in case.fragments:
            assert fragment in report, report
        if case.row is not None or case.column is not None:
            where = case.name + (f" {case.row}행" if case.row is not None else "") + \
                (f" '{case.column}' 열" if case.column else "")
            assert any(line.strip().startswith(where) for line in report.splitlines()), report
        with pytest.raises(importer.ImportRefused):
            importer.commit(con, prepared, SYSTEM)
    finally:
        con.close()
    assert digest(db_copy) == before
    assert not Path(str(db_copy) + ".wal").exists()


def test_personal_data_is_never_echoed(con):
    case = next(c for c in CASES if c.id == "pii_rrn_values")
    prepared = importer.prepare(con, case.data, case.name)
    assert "950101" not in prepared.report_text()
    assert prepared.preview is None          # the page shows no row of such a file


@pytest.mark.both_backends
def test_cp949_export_of_500_applications(db_copy):
    data = corpus.applications_500_cp949()
    con = connect(db_copy)
    try:
        before_card, rate_card = applications_total(con, "2024-05-31")
        before_end, _ = applications_total(con, "2024-12-31")
        prepared = importer.prepare(con, data, "신청_2024하반기.csv")
        assert prepared.ok, prepared.report_text()
        assert (prepared.encoding, prepared.kind, prepared.rows_in_file, prepared.rows_new) == ("cp949", "applications", 500, 500)
        summary = importer.commit(con, prepared, SYSTEM)
        assert (summary.rows_added, summary.rows_present, summary.rows_refused) == (500, 0, 0)
        # the card's as-of date is before every new record: unchanged
        assert applications_total(con, "2024-05-31") == (before_card, rate_card)
        after_end, rate_end = applications_total(con, "2024-12-31")
        assert after_end == before_end + 500
        assert rate_end == pytest.approx((1344 + 500) / 2205 * 100)
        # in between: exactly the new records dated on or before the as-of date
        mid = dt.date(2024, 9, 30)
        expected = sum(1 for d in corpus.applications_500_dates() if d <= mid)
        assert applications_total(con, mid.isoformat())[0] == 1344 + expected
        stored = con.execute("SELECT applied_on, emd FROM applications WHERE application_id = 'EXP-A-00001'").fetchone()
        assert stored[0] == corpus.applications_500_dates()[1] and stored[1] in ("빛가람동", "남평읍", "송월동")
        log = con.execute("SELECT imported_by, encoding, rows_added, file_hash FROM imports WHERE import_id = ?",
                          [summary.import_id]).fetchone()
        assert log == ("build", "cp949", 500, hashlib.sha256(data).hexdigest())
    finally:
        con.close()


@pytest.mark.both_backends
def test_reimporting_the_same_file_adds_nothing(write_con):
    data = corpus.applications_500_cp949()
    first = importer.commit(write_con, importer.prepare(write_con, data, "a.csv"), SYSTEM)
    count = write_con.execute("SELECT count(*) FROM applications").fetchone()[0]
    again = importer.prepare(write_con, data, "a.csv")
    assert again.ok and again.rows_present == 500 and again.rows_new == 0
    assert any(p.rule == "same_file" for p in again.warnings)
    second = importer.commit(write_con, again, SYSTEM)
    assert (first.rows_added, second.rows_added, second.rows_present) == (500, 0, 500)
    assert write_con.execute("SELECT count(*) FROM applications").fetchone()[0] == count


@pytest.mark.both_backends
def test_undo_removes_the_whole_import_and_is_logged(write_con):
    base = write_con.execute("SELECT count(*) FROM applications").fetchone()[0]
    version = query(write_con, "data_version").iloc[0, 0]
    summary = importer.commit(write_con, importer.prepare(write_con, corpus.applications_500_cp949(), "a.csv"), SYSTEM)
    assert query(write_con, "data_version").iloc[0, 0] != version      # the app's caches follow
    version = query(write_con, "data_version").iloc[0, 0]
    assert importer.undo(write_con, summary.import_id, SYSTEM) == 500
    assert write_con.execute("SELECT count(*) FROM applications").fetchone()[0] == base
    assert query(write_con, "data_version").iloc[0, 0] != version
    log = importer.import_log(write_con).set_index("import_id")
    assert log.at[summary.import_id, "undone_by"] == "build" and not pd.isna(log.at[summary.import_id, "undone_at"])
    with pytest.raises(importer.ImportRefused, match="이미 되돌렸습니다"):
        importer.undo(write_con, summary.import_id, SYSTEM)
    with pytest.raises(importer.ImportRefused, match="없습니다"):
        importer.undo(write_con, 9999, SYSTEM)
    # after undo, the same file can be imported again
    again = importer.commit(write_con, importer.prepare(write_con, corpus.applications_500_cp949(), "a.csv"), SYSTEM)
    assert again.rows_added == 500


def test_xlsx_round_trip_with_typed_cells_and_a_named_sheet(write_con):
    rows = [
        ["6-1-1", "X-E-1", dt.datetime(2024, 3, 10), 1250000, "시비", "3월 위탁비"],     # real date cell, number
        ["6-1-1", "X-E-2", 45443, "2,400,000원", "시비", "유지관리"],                     # Excel serial date, text amount
        ["6-1-1", "X-E-3", "2024. 4. 2.", 99.0, "도비", None],
    ]
    data = corpus.xlsx_bytes({"표지": [["집행 내역"]], "2024": [corpus.EXECUTION_HEADERS, *rows]})
    prepared = importer.prepare(write_con, data, "집행.xlsx", sheet="2024")
    assert prepared.ok, prepared.report_text()
    assert (prepared.kind, prepared.sheet, prepared.encoding) == ("executions", "2024", "xlsx")
    importer.commit(write_con, prepared, SYSTEM)
    stored = write_con.execute("SELECT execution_id, executed_on, amount_krw, funding_source, description FROM executions "
                               "WHERE execution_id LIKE 'X-%' ORDER BY execution_id").fetchall()
    assert stored == [("X-E-1", dt.date(2024, 3, 10), 1250000, "시비", "3월 위탁비"),
                      ("X-E-2", dt.date(2024, 5, 31), 2400000, "시비", "유지관리"),
                      ("X-E-3", dt.date(2024, 4, 2), 99, "도비", None)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "utf-16"])
def test_every_encoding_reads_the_same(encoding):
    rows = [corpus.application(i, dt.date(2024, 1, 2 + i)) for i in range(3)]
    if encoding == "utf-16":
        text = "\r\n".join("\t".join(map(str, r)) for r in [corpus.APPLICATION_HEADERS, *rows]) + "\r\n"
        data = text.encode("utf-16")
    else:
        data = corpus.csv_bytes(corpus.APPLICATION_HEADERS, rows, encoding)
    table = read_bytes(data, "x.csv")
    assert table.encoding == encoding
    assert table.headers == corpus.APPLICATION_HEADERS
    assert table.frame["읍면동"].tolist() == ["빛가람동"] * 3
    assert table.rows.tolist() == [2, 3, 4]


def test_english_headers_and_variants_are_accepted(write_con):
    headers = ["Pledge_ID", "publicity id", "action_date", "channel", "title"]
    data = corpus.csv_bytes(headers, [["6-1-1", "EN-1", "2024.5.2", "SNS", "안내"]])
    prepared = importer.prepare(write_con, data, "en.csv")
    assert prepared.ok and prepared.kind == "publicity", prepared.report_text()


@pytest.mark.parametrize("kind", [k for k in IMPORT_FORMATS])
def test_templates_are_recognised_as_their_kind(kind):
    for data, name in ((template_csv(kind), "t.csv"), (template_xlsx(kind), "t.xlsx")):
        table = read_bytes(data, name)
        assert table.headers == IMPORT_FORMATS[kind].headers
        assert len(table.frame) == 0


def test_service_rules_are_warnings_kept_for_auditors(write_con):
    visits = [["6-1-1", f"W-V-{i}", "", "W-P-1", f"2024-03-{10 + i:02d}", "4", "청소"] for i in range(5)]
    visits.append(["6-1-1", "W-V-9", "", "W-P-2", "2024-03-20", "6", "세탁"])
    apps = [corpus.application(1, dt.date(2024, 3, 2), week=18, prefix="W")]
    prep_apps = importer.prepare(write_con, corpus.csv_bytes(corpus.APPLICATION_HEADERS, apps), "a.csv")
    prep_visits = importer.prepare(write_con, corpus.csv_bytes(corpus.VISIT_HEADERS, visits), "v.csv")
    assert prep_apps.ok and prep_visits.ok
    rules = {p.rule for p in prep_apps.warnings} | {p.rule for p in prep_visits.warnings}
    assert {"pregnancy_week", "visits_per_person", "hours_per_visit"} <= rules
    over = next(p for p in prep_visits.warnings if p.rule == "visits_per_person")
    assert (over.row, over.column) == (6, "대상자ID") and "5번째 제공" in over.message and "1인 4회" in over.message
    hours = next(p for p in prep_visits.warnings if p.rule == "hours_per_visit")
    assert hours.row == 7 and "규칙은 1회 4시간" in hours.message
    importer.commit(write_con, prep_apps, SYSTEM)
    summary = importer.commit(write_con, prep_visits, SYSTEM)
    assert summary.rows_added == 6                       # warnings do not refuse
    stored = importer.import_warnings(write_con, summary.import_id)
    assert {"visits_per_person", "hours_per_visit"} <= set(stored["rule"])


@pytest.mark.both_backends
def test_targets_import_records_revisions_and_undo_reverts_them(write_con):
    data = corpus.csv_bytes(["공약번호", "지표ID", "연도", "목표"],
                            [["6-1-1", "applications", "2025", "700"], ["6-1-1", "publicity", "2025", "4"]])
    prepared = importer.prepare(write_con, data, "목표.csv", author="기획예산실", reason="평가단 승인",
                                revised_on=dt.date(2024, 6, 20))
    assert prepared.ok and prepared.kind == "targets", prepared.report_text()
    assert prepared.rows_present == 1                      # publicity 2025 is 4 already
    summary = importer.commit(write_con, prepared, SYSTEM)
    assert summary.rows_added == 1

    def target_2025(as_of):
        periods = query(write_con, "indicator_periods", as_of=as_of, city="naju", pledge_id="6-1-1")
        return periods.set_index(["indicator_id", "period"]).at[("applications", 2025), "target"]

    assert target_2025(dt.date(2024, 6, 20)) == 700 and target_2025(dt.date(2024, 6, 19)) == 630
    revision = write_con.execute("SELECT author, reason, import_id FROM target_revisions ORDER BY revision_id DESC").fetchone()
    assert revision == ("기획예산실", "평가단 승인", summary.import_id)
    importer.undo(write_con, summary.import_id, SYSTEM)
    assert target_2025(dt.date(2024, 12, 31)) == 630


@pytest.mark.both_backends
def test_card_import_replaces_the_card_and_undo_restores_it(write_con):
    text = corpus_card_text().replace("title: 출산 전·후 지원 돌봄서비스 제공", "title: 출산 전·후 돌봄서비스 (변경)")
    prepared = importer.prepare(write_con, text.encode("utf-8"), "naju-6-1-1.yaml")
    assert prepared.ok and prepared.kind == "card", prepared.report_text()
    summary = importer.commit(write_con, prepared, SYSTEM)
    assert write_con.execute("SELECT title FROM pledges WHERE pledge_id = '6-1-1'").fetchone()[0] == "출산 전·후 돌봄서비스 (변경)"
    assert write_con.execute("SELECT count(*) FROM applications").fetchone()[0] == 1344   # records stay
    importer.undo(write_con, summary.import_id, SYSTEM)
    assert write_con.execute("SELECT title FROM pledges WHERE pledge_id = '6-1-1'").fetchone()[0] == "출산 전·후 지원 돌봄서비스 제공"
    assert write_con.execute("SELECT count(*) FROM indicators").fetchone()[0] == 2


@pytest.mark.both_backends
def test_new_card_import_adds_a_pledge_and_undo_removes_it(write_con):
    text = corpus_card_text().replace("id: 6-1-1", "id: 6-1-2").replace("item_no: 1", "item_no: 2")
    summary = importer.commit(write_con, importer.prepare(write_con, text.encode("utf-8"), "naju-6-1-2.yaml"), SYSTEM)
    assert write_con.execute("SELECT count(*) FROM pledges").fetchone()[0] == 2
    importer.undo(write_con, summary.import_id, SYSTEM)
    assert write_con.execute("SELECT count(*) FROM pledges").fetchone()[0] == 1
    assert write_con.execute("SELECT count(*) FROM indicators WHERE pledge_id = '6-1-2'").fetchone()[0] == 0


def corpus_card_text() -> str:
    from data.templates import EXAMPLE_CARD
    return EXAMPLE_CARD.read_text(encoding="utf-8")


@pytest.mark.slow
def test_rows_at_the_limit_read_and_validated(con):
    """A file at the row limit is read and validated whole (its speed is measured by the
    benchmark's import rate, never as a timed test)."""
    rows = limits().rows
    data = corpus.big_applications(rows)
    prepared = importer.prepare(con, data, "big.csv", today=dt.date(2025, 1, 1))
    assert prepared.ok, prepared.report_text()
    assert prepared.rows_in_file == rows and prepared.rows_new == rows


@pytest.mark.slow
@pytest.mark.both_backends
def test_rows_at_the_limit_commit_in_one_transaction_with_progress(write_con):
    rows = limits().rows
    data = corpus.big_applications(rows)
    prepared = importer.prepare(write_con, data, "big.csv", today=dt.date(2025, 1, 1))
    steps = []
    summary = importer.commit(write_con, prepared, SYSTEM, progress=lambda f, t: steps.append(f))
    assert summary.rows_added == rows
    assert len(steps) >= 3 and steps[-1] == 1.0 and steps == sorted(steps)   # start, rows, done (PostgreSQL: per 50,000 rows)
    importer.undo(write_con, summary.import_id, SYSTEM)
    assert write_con.execute("SELECT count(*) FROM applications").fetchone()[0] == 1344


@pytest.mark.both_backends
def test_a_failure_inside_the_transaction_leaves_nothing(write_con, monkeypatch):
    prepared = importer.prepare(write_con, corpus.applications_500_cp949(), "a.csv")
    imports_before = write_con.execute("SELECT count(*) FROM imports").fetchone()[0]

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(kinds, "insert_records", broken)
    with pytest.raises(RuntimeError):
        importer.commit(write_con, prepared, SYSTEM)
    assert write_con.execute("SELECT count(*) FROM imports").fetchone()[0] == imports_before
    assert write_con.execute("SELECT count(*) FROM applications").fetchone()[0] == 1344


@pytest.mark.both_backends
def test_commit_needs_an_actor_that_may_import(write_con):
    prepared = importer.prepare(write_con, corpus.applications_500_cp949(), "a.csv")
    with pytest.raises(Forbidden, match="권한이 없습니다"):
        importer.commit(write_con, prepared, ANONYMOUS)


@pytest.mark.both_backends
def test_a_changed_row_is_not_overwritten_but_warned_about(write_con):
    rows = [corpus.application(i, dt.date(2024, 3, 4)) for i in range(3)]
    importer.commit(write_con, importer.prepare(write_con, corpus.csv_bytes(corpus.APPLICATION_HEADERS, rows), "a.csv"), SYSTEM)
    rows[1][2] = "2024-03-05"                                  # a corrected date for T-A-00001
    prepared = importer.prepare(write_con, corpus.csv_bytes(corpus.APPLICATION_HEADERS, rows), "a2.csv")
    assert prepared.ok and prepared.rows_present == 3 and prepared.rows_new == 0
    changed = [p for p in prepared.warnings if p.rule == "differs_from_store"]
    assert [(p.row, p.column) for p in changed] == [(3, "신청번호")]
    importer.commit(write_con, prepared, SYSTEM)
    assert write_con.execute("SELECT applied_on FROM applications WHERE application_id = 'T-A-00001'").fetchone()[0] \
        == dt.date(2024, 3, 4)


def test_excel_quirks_are_read_as_meant(con):
    """Trailing empty columns, an all-commas blank row (row numbers kept), padded and no-break
    spaces, '22.0' for a whole number, a date with a midnight time, an empty optional cell."""
    text = ("공약번호,신청번호,신청일,대상자ID,읍면동,임신주수,출산예정일,결정,,\r\n"
            "6-1-1\xa0,Q-1, 2024-03-04 ,Q-P-1,금남동,22.0,2024-06-01 0:00,승인,,\r\n"
            ",,,,,,,,,\r\n"
            "6-1-1,Q-2,2024.3.5,Q-P-2,,\t23,,,,\r\n"
            "6-1-1,Q-3,2024-03-0x,Q-P-3,,,,,,\r\n")
    prepared = importer.prepare(con, text.encode("utf-8"), "q.csv")
    assert [p.text("q.csv") for p in prepared.errors] == [
        "q.csv 5행 '신청일' 열: 날짜가 아닙니다: '2024-03-0x' — 2024-05-31, 2024.5.31 또는 2024. 5. 31. 형식"]
    frame = prepared.frame
    assert frame["pledge_id"].tolist() == ["6-1-1"] * 3
    assert frame["pregnancy_week"].tolist()[:2] == [22, 23]
    assert frame["applied_on"].tolist()[:2] == [dt.date(2024, 3, 4), dt.date(2024, 3, 5)]
    assert frame["due_date"].tolist()[0] == dt.date(2024, 6, 1)
    assert frame["decision"].tolist() == ["승인"] * 3              # empty means 승인


def test_error_summary_lists_five_errors_then_counts_the_rest(con):
    rows = [["6-1-1", f"X-{i}", "2024-13-01", f"P-{i}"] for i in range(8)]   # 8 impossible dates
    data = corpus.csv_bytes(["공약번호", "신청번호", "신청일", "대상자ID"], rows)
    prepared = importer.prepare(con, data, "신청.csv")
    lines = prepared.error_summary()
    assert not prepared.ok and prepared.error_count == 8
    assert len(lines) == 6 and all(line.startswith("- 신청.csv") for line in lines[:5])
    assert lines[5] == "- … 오류 3건 더 (아래 검사 결과)"
