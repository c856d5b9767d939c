"""The 감사 page's check of the aggregates kept at write time (ui/presenters/audit.aggregate_check)."""
from __future__ import annotations

from data.aggregates import differences
from ui.presenters.audit import aggregate_check


def test_a_consistent_store_says_so(con):
    summary, table = aggregate_check(differences(con))
    assert "일치합니다" in summary and table.empty


def test_a_planted_difference_is_one_korean_line(write_con):
    write_con.execute("DELETE FROM daily_actuals WHERE day = (SELECT max(day) FROM daily_actuals WHERE source = 'visits')"
                      " AND source = 'visits'")
    summary, table = aggregate_check(differences(write_con))
    assert "다른 곳이" in summary and list(table.columns) == ["차이"]
    assert any("서비스 제공" in line and "(일별)" in line and "저장된 집계 없음" in line for line in table["차이"])


def test_a_broken_record_key_is_named_with_its_own_advice(write_con):
    from data.imports.keys import key_problems
    write_con.execute("INSERT INTO applications (city, pledge_id, application_id, applied_on, person_id) "
                      "SELECT city, pledge_id, application_id, applied_on, person_id FROM applications LIMIT 1")
    summary, table = aggregate_check(differences(write_con), key_problems(write_con))
    # The repeated row counts twice in the records, so the aggregates' comparison shows it too.
    assert table["차이"].iloc[-1] == "신청 기록(applications): 같은 번호(시군·공약번호·신청번호)가 두 번 이상 저장된 기록 1건"
    assert "되돌리고" in summary and "rebuild" in summary
    summary, table = aggregate_check(differences(write_con).head(0), key_problems(write_con))
    assert "1곳" in summary and "되돌리고" in summary and "rebuild" not in summary
