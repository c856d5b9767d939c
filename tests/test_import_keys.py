"""The record tables' keys as the import keeps them (migration 010: no key indexes on the DuckDB
file's applications, visits, publicity and executions; data/imports/keys.py): two imports of one
file at once add its rows once, a key repeated among the rows or an unknown city or import
refuses the insert (nothing written), and the store-wide check names what is broken."""
from __future__ import annotations

import threading

import pandas as pd
import pytest

from data import imports as importer
from data.authority import SYSTEM
from data.imports import keys, kinds
from data.imports.findings import ImportRefused
from data.store import write_transaction
from data.vocabulary import RecordKind
from tests import import_corpus as corpus
from tests.backends import backend, con, db_copy  # noqa: F401 (fixtures: both_backends tests run on each)

REPEATED = ("SELECT count(*) FROM (SELECT city, pledge_id, application_id FROM applications "
            "GROUP BY ALL HAVING count(*) > 1)")


@pytest.mark.both_backends
def test_two_sessions_importing_one_file_at_once_add_it_once(write_con):
    """Two sessions (threads sharing the app's one connection) prepare the same file, then commit
    at the same moment: one adds every row, the other none (as a re-import), no key twice."""
    data = corpus.applications_500_cp949()
    before = write_con.execute("SELECT count(*) FROM applications").fetchone()[0]
    prepared = [importer.prepare(write_con, data, f"세션{i}.csv") for i in range(2)]
    assert all(p.ok and p.rows_present == 0 for p in prepared)
    start, results = threading.Barrier(2), [None, None]

    def session(i: int) -> None:
        start.wait()
        try:
            results[i] = importer.commit(write_con, prepared[i], SYSTEM)
        except Exception as err:          # noqa: BLE001 (the test reports it)
            results[i] = err

    threads = [threading.Thread(target=session, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    added = sorted(r.rows_added for r in results)
    assert added == [0, 500], results
    assert sorted(r.rows_present for r in results) == [0, 500]
    assert write_con.execute("SELECT count(*) FROM applications").fetchone()[0] == before + 500
    assert write_con.execute(REPEATED).fetchone()[0] == 0


def _rows(con, ids: list[str], city: str = "naju") -> pd.DataFrame:
    return pd.DataFrame({"city": city, "pledge_id": "6-1-1", "application_id": ids,
                         "applied_on": pd.to_datetime(["2024-05-01"] * len(ids)).date, "person_id": "P-1",
                         "decision": "승인"})


def _insert(con, frame: pd.DataFrame) -> int:
    with write_transaction(con) as cur:
        import_id = cur.execute("SELECT max(import_id) FROM imports").fetchone()[0]
        return kinds.insert_records(cur, RecordKind.APPLICATIONS, frame, import_id)


@pytest.mark.parametrize("frame, message", [
    (_rows(None, ["K-1", "K-2", "K-1"]), "겹칩니다"),
    (_rows(None, ["K-3"], city="nowhere"), "시군 또는 가져오기 번호"),
])
def test_the_insert_refuses_what_the_keys_refused(write_con, frame, message):
    before = write_con.execute("SELECT count(*) FROM applications").fetchone()[0]
    with pytest.raises(ImportRefused, match=message):
        _insert(write_con, frame)
    assert write_con.execute("SELECT count(*) FROM applications").fetchone()[0] == before


def test_an_unknown_import_id_is_refused(write_con):
    with write_transaction(write_con) as cur, pytest.raises(ImportRefused, match="가져오기 번호"):
        kinds.insert_records(cur, RecordKind.APPLICATIONS, _rows(None, ["K-4"]), 999_999)


def test_stored_keys_are_left_alone_and_new_ones_added(write_con):
    assert _insert(write_con, _rows(None, ["K-5", "K-6"])) == 2
    assert _insert(write_con, _rows(None, ["K-5", "K-6", "K-7"])) == 1
    assert write_con.execute(REPEATED).fetchone()[0] == 0


def test_the_store_check_names_broken_keys(write_con):
    assert keys.key_problems(write_con) == []
    write_con.execute("INSERT INTO applications (city, pledge_id, application_id, applied_on, person_id) "
                      "SELECT city, pledge_id, application_id, applied_on, person_id FROM applications LIMIT 2")
    write_con.execute("INSERT INTO executions (city, pledge_id, execution_id, executed_on, amount_krw, funding_source, "
                      "import_id) VALUES ('nowhere', '6-1-1', 'X-9', DATE '2024-01-02', 1, '시비', 999999)")
    assert keys.key_problems(write_con) == [
        "신청 기록(applications): 같은 번호(시군·공약번호·신청번호)가 두 번 이상 저장된 기록 2건",
        "집행 기록(executions): 등록되지 않은 시군의 기록 1행",
        "집행 기록(executions): 가져오기 기록에 없는 가져오기 번호를 가진 행 1행",
    ]



def test_the_command_line_check_reports_broken_keys(write_con, db_copy, capsys):
    """`python -m data aggregates check` names a repeated key and exits 1 (the aggregates agree)."""
    from data.aggregates_cli import run as cli_run
    args = type("Args", (), {"action": "check", "db": str(db_copy)})
    write_con.execute("INSERT INTO applications (city, pledge_id, application_id, applied_on, person_id) "
                      "SELECT city, pledge_id, application_id, applied_on, person_id FROM applications LIMIT 1")
    write_con.close()
    assert cli_run(args) == 1
    out = capsys.readouterr().out.splitlines()
    # The repeated row also shows in the aggregates' comparison (it counts twice in the records).
    assert "신청 기록(applications): 같은 번호(시군·공약번호·신청번호)가 두 번 이상 저장된 기록 1건" in out
    assert "기록 번호가 맞지 않는 곳이 1곳 있습니다 — 해당 기록을 가져온 가져오기를 되돌리고 고친 파일로 다시 가져오세요" in out
    assert any(line.startswith("집계 차이 — naju 공약 6-1-1 신청") for line in out)


def test_key_bounds_are_the_rows_first_and_last_city_and_pledge():
    """What every read of a record table by the incoming keys is bounded by (a pushed-down filter:
    tests/pg/test_read_indexes.py): the same from a frame and from its Arrow table, all None for
    no rows (the reads then carry no bound)."""
    import pyarrow as pa

    frame = pd.DataFrame({"city": ["naju", "naju", "mokpo"], "pledge_id": ["6-1-1", "10-2-3", "6-1-1"],
                          "application_id": ["A", "B", "C"]})
    expected = {"city_lo": "mokpo", "city_hi": "naju", "pledge_lo": "10-2-3", "pledge_hi": "6-1-1"}  # as DuckDB orders text
    assert keys.key_bounds(frame) == expected
    assert keys.key_bounds(pa.Table.from_pandas(frame, preserve_index=False)) == expected
    assert keys.key_bounds(frame.iloc[:0]) == dict.fromkeys(expected)
    assert keys.key_bounds(pa.Table.from_pandas(frame.iloc[:0], preserve_index=False)) == dict.fromkeys(expected)


@pytest.mark.both_backends
def test_a_file_numbered_after_the_stored_records_is_found_new_without_the_key_join(write_con):
    """`any_stored_in_range`: no stored record inside the rows' ranges of city, pledge and record
    number means none of their keys is stored. A number that falls between stored ones (not itself
    stored) leaves it to the key join, which finds nothing; a stored one is found (the re-import)."""
    stored = write_con.execute("SELECT min(application_id), max(application_id) FROM applications "
                               "WHERE city = 'naju' AND pledge_id = '6-1-1'").fetchone()

    def rows_of(*ids):
        return pd.DataFrame({"city": "naju", "pledge_id": "6-1-1", "application_id": list(ids)})

    handler = kinds.HANDLERS[RecordKind.APPLICATIONS]
    after = rows_of(stored[1] + "-1", stored[1] + "-2")
    assert not keys.any_stored_in_range(write_con, RecordKind.APPLICATIONS, after)
    assert not handler.any_present(write_con, after)
    between = rows_of(stored[0] + "-1", stored[1] + "-9")      # inside the stored range, not stored
    assert keys.any_stored_in_range(write_con, RecordKind.APPLICATIONS, between)
    assert not handler.any_present(write_con, between)
    again = rows_of(stored[1] + "-1", stored[0])                # one of them stored
    assert keys.any_stored_in_range(write_con, RecordKind.APPLICATIONS, again)
    assert handler.any_present(write_con, again)
    other_city = rows_of(stored[0]).assign(city="mokpo")         # the same number in another city
    assert not handler.any_present(write_con, other_city)
