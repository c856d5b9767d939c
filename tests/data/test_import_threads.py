"""data.imports.threads: a file's columns worked on side by side, answers in the columns' order."""
from __future__ import annotations

import threading
import time

from data import imports
from data.imports.threads import per_column


def test_answers_come_back_in_the_columns_order_whichever_finishes_first():
    names = []

    def work(i):
        time.sleep(0.02 * (5 - i))          # the first column finishes last
        names.append(threading.current_thread().name)
        return i * i

    assert per_column(work, range(5)) == [0, 1, 4, 9, 16]
    assert any(n.startswith("import-columns") for n in names)


def test_an_error_in_one_column_reaches_the_caller():
    def work(i):
        if i == 2:
            raise ValueError("column 2")
        return i

    try:
        per_column(work, range(4))
    except ValueError as err:
        assert str(err) == "column 2"
    else:
        raise AssertionError("the error was lost")


def test_the_findings_of_a_file_come_column_by_column_as_its_headers_go(con):
    """Errors in several columns of a file, each column worked on its own thread: listed in the
    headers' order, each column's rows in order (as when the columns were judged one by one)."""
    rows = ["공약번호,신청번호,신청일,대상자ID,읍면동,임신주수,출산예정일,결정"]
    for i in range(3_000):
        day, week = ("2024-13-01" if i % 1_000 == 7 else "2024-03-04"), ("스물" if i % 1_000 == 9 else "22")
        rows.append(f"6-1-1,T-{i},{day},P-{i},금남동,{week},2024-06-01,{'보류됨' if i % 1_000 == 11 else '승인'}")
    prepared = imports.prepare(con, "\n".join(rows).encode(), "t.csv")
    found = [(p.column, p.row) for p in prepared.errors]
    assert found == [("신청일", 9), ("신청일", 1_009), ("신청일", 2_009),
                     ("임신주수", 11), ("임신주수", 1_011), ("임신주수", 2_011),
                     ("결정", 13), ("결정", 1_013), ("결정", 2_013)], found
