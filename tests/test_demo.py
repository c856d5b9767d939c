"""data.demo: the synthetic records are deterministic, add up to the card, follow the service
rules, carry no personal data and stop at the card's date."""
import datetime as dt
from collections import Counter, defaultdict

import pandas as pd
import pytest

from data import demo
from data.store import RECORDS_DIR

CARD_DATE = dt.date(2024, 5, 31)


@pytest.fixture(scope="module")
def records():
    return demo.generate()


def test_generator_reproduces_the_shipped_files(tmp_path):
    for path in demo.write(tmp_path):
        assert path.read_bytes() == (RECORDS_DIR / "naju" / path.name).read_bytes(), path.name


def per_year(rows, field):
    return Counter(r[field][:4] for r in rows)


def test_counts_add_up_to_the_card(records):
    assert per_year(records["publicity"], "홍보일") == {"2022": 4, "2023": 4, "2024": 3}
    assert per_year(records["applications"], "신청일") == {"2023": 927, "2024": 417}


def test_executions_add_up_to_the_card(records):
    totals = Counter()
    for r in records["executions"]:
        totals[r["집행일"][:4]] += int(r["집행액(원)"].replace(",", ""))
        assert r["재원"] == "시비"
    assert totals == {"2023": 62_000_000, "2024": 21_000_000}


def test_nothing_after_the_card_date(records):
    fields = {"publicity": "홍보일", "applications": "신청일", "visits": "제공일", "executions": "집행일"}
    for kind, field in fields.items():
        assert max(dt.date.fromisoformat(r[field]) for r in records[kind]) <= CARD_DATE, kind


def test_visits_follow_the_service_rules(records):
    apps = {a["신청번호"]: a for a in records["applications"]}
    by_app = defaultdict(list)
    for v in records["visits"]:
        day = dt.date.fromisoformat(v["제공일"])
        hours, _ = demo.rule(day)
        assert v["제공시간"] == hours                       # 3 hours in 2023, 4 from 2024
        app = apps[v["신청번호"]]
        assert app["결정"] == "승인"
        assert day < dt.date.fromisoformat(app["출산예정일"])   # until birth
        assert day >= dt.date.fromisoformat(app["신청일"])
        by_app[v["신청번호"]].append(v)
    for app_id, visits in by_app.items():
        allowed = demo.rule(dt.date.fromisoformat(apps[app_id]["신청일"]))[1]
        assert len(visits) <= allowed
    assert all(a["임신주수"] >= 21 for a in records["applications"])


def test_some_applications_are_not_served(records):
    served = {v["신청번호"] for v in records["visits"]}
    assert any(a["신청번호"] not in served for a in records["applications"])
    assert {a["결정"] for a in records["applications"]} == {"승인", "부적격", "취소"}


def test_pseudonymous_and_marked_synthetic(records):
    for kind, rows in records.items():
        frame = pd.DataFrame(rows)
        ids = [c for c in frame.columns if c.endswith(("번호", "ID")) and c != "공약번호"]
        assert ids and all(frame[c].str.startswith("DEMO-").all() for c in ids), kind
        assert not any(c in frame.columns for c in ("이름", "성명", "주민등록번호", "전화번호", "연락처"))
    assert all(p.name.endswith(".demo.csv") for p in (RECORDS_DIR / "naju").glob("*.csv"))


def test_real_emd_names(records):
    assert {a["읍면동"] for a in records["applications"]} <= set(demo.EMD)
    assert len(demo.EMD) == 20   # 나주시: 1읍 12면 7동


def test_split_is_exact():
    assert sum(demo.split(927, [3, 4, 5])) == 927
    assert demo.split(10, [1, 1]) == [5, 5]
