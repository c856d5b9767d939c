"""Deterministic generator of the SYNTHETIC demo records for Naju pledge 6-1-1.

The records are invented (pseudonymous ids start with DEMO-, files end in .demo.csv) but add
up exactly to the card as of 2024-05-31:
publicity 4 (2022), 4 (2023), 3 (2024-01-01..05-31); applications 927 (2023), 417 (2024 to
05-31); executions of 62,000,000 KRW (2023) and 21,000,000 KRW (2024 to date), all 시비.
Visits follow the service rules (2023: up to 5 visits of 3 hours; from 2024: up to 4 of 4
hours; from week 21 of pregnancy until birth). Nothing is dated after 2024-05-31.

Run `python -m data.demo` to rewrite data/records/naju/*.demo.csv (same bytes every time).
"""
from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from data.formats import FORMATS
from data.vocabulary import Decision
from data.store import RECORDS_DIR

SEED = 611
PLEDGE = "6-1-1"
DATA_END = dt.date(2024, 5, 31)
# 나주시 1읍 12면 7동, with rough weights (the innovation city 빛가람동 has most young families).
EMD = {
    "빛가람동": 40, "남평읍": 9, "송월동": 8, "영강동": 6, "금남동": 3, "성북동": 4, "영산동": 3, "이창동": 5,
    "세지면": 2, "왕곡면": 2, "반남면": 1, "공산면": 1, "동강면": 1, "다시면": 2, "문평면": 1, "노안면": 2,
    "금천면": 3, "산포면": 2, "다도면": 1, "봉황면": 1,
}
SERVICES = ["청소", "세탁", "정리수납", "청소·세탁", "청소·정리수납"]
APPLICATIONS = {2023: 927, 2024: 417}
# Relative monthly intake: slow start, a jump after the April 2023 expansion.
MONTH_WEIGHTS = {
    2023: [3, 4, 5, 10, 11, 10, 10, 9, 10, 10, 9, 9],
    2024: [11, 9, 10, 10, 9],
}
PUBLICITY = [
    ("2022-11-14", "보도자료", "임신부 가사돌봄서비스 지원사업 시행 안내"),
    ("2022-12-05", "누리집", "임신부 가사돌봄서비스 신청 안내"),
    ("2022-12-12", "SNS", "나주헬퍼 웹 개통 안내"),
    ("2022-12-20", "현수막", "임신부 가사돌봄서비스 홍보 현수막 게시"),
    ("2023-01-09", "문자", "관내 임신부 대상 서비스 안내 문자 발송"),
    ("2023-04-03", "보도자료", "지원대상 확대(거주기간·지원조건 폐지) 안내"),
    ("2023-04-10", "누리집", "지원대상 확대 공지"),
    ("2023-09-18", "리플릿", "보건소·산부인과 리플릿 배부"),
    ("2024-01-08", "누리집", "2024년 변경 내용(1회 4시간, 총 4회) 공지"),
    ("2024-02-05", "SNS", "2024년 변경 내용 카드뉴스 게시"),
    ("2024-04-15", "문자", "임신부 대상 서비스 이용 안내 문자 발송"),
]
EXECUTIONS = {2023: 62_000_000, 2024: 21_000_000}
WEB_MAINTENANCE = [("2023-03-27", 2_400_000, "나주헬퍼 웹 유지관리 계약"), ("2023-05-22", 1_200_000, "웹 유지관리비 추경")]


def rule(day: dt.date) -> tuple[int, int]:
    """(hours per visit, visits per person) in force on `day`."""
    return (3, 5) if day < dt.date(2024, 1, 1) else (4, 4)


def split(total: int, weights: list[float]) -> list[int]:
    """Split an integer total by weights (largest remainder), exactly."""
    raw = [total * w / sum(weights) for w in weights]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1
    return out


def generate() -> dict[str, list[dict]]:
    """All demo records by kind, as rows keyed by canonical Korean header."""
    rng = random.Random(SEED)
    emd_names, emd_weights = list(EMD), list(EMD.values())
    applications, visits = [], []
    n = 0
    for year, total in APPLICATIONS.items():
        for month, count in enumerate(split(total, MONTH_WEIGHTS[year]), start=1):
            last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
            days = sorted(rng.randint(1, last) for _ in range(count))
            for day in days:
                n += 1
                applied = dt.date(year, month, day)
                week = rng.randint(21, 36)
                due = applied + dt.timedelta(days=(40 - week) * 7 + rng.randint(-5, 5))
                roll = rng.random()
                strict = applied < dt.date(2023, 4, 1)  # residence conditions before the expansion
                decision = (Decision.INELIGIBLE if roll < (0.12 if strict else 0.03)
                            else Decision.CANCELLED if roll > 0.96 else Decision.APPROVED).value
                app_id, person = f"DEMO-A-{n:05d}", f"DEMO-P-{n:05d}"
                applications.append({
                    "공약번호": PLEDGE, "신청번호": app_id, "신청일": applied.isoformat(), "대상자ID": person,
                    "읍면동": rng.choices(emd_names, emd_weights)[0], "임신주수": week,
                    "출산예정일": due.isoformat(), "결정": decision,
                })
                if decision != Decision.APPROVED:
                    continue
                allowed = rule(applied)[1]
                planned = allowed - (rng.random() < 0.25) - (rng.random() < 0.1)
                day_ = applied + dt.timedelta(days=rng.randint(4, 12))
                for k in range(planned):
                    if day_ >= due or day_ > DATA_END:
                        break
                    visits.append({
                        "공약번호": PLEDGE, "제공번호": f"DEMO-V-{len(visits) + 1:06d}", "신청번호": app_id,
                        "대상자ID": person, "제공일": day_.isoformat(), "제공시간": rule(day_)[0],
                        "서비스": rng.choice(SERVICES),
                    })
                    day_ += dt.timedelta(days=rng.randint(6, 15))
    publicity = [
        {"공약번호": PLEDGE, "홍보번호": f"DEMO-H-{i:03d}", "홍보일": d, "매체": ch, "내용": title}
        for i, (d, ch, title) in enumerate(PUBLICITY, start=1)
    ]
    return {"applications": applications, "visits": visits, "publicity": publicity,
            "executions": executions(visits)}


def executions(visits: list[dict]) -> list[dict]:
    """Monthly payments to the service provider, in proportion to last month's visits, plus web
    maintenance; each year's payments add up to EXECUTIONS[year] exactly (시비)."""
    by_month: dict[tuple[int, int], int] = {}
    for v in visits:
        d = dt.date.fromisoformat(v["제공일"])
        pay = dt.date(d.year + d.month // 12, d.month % 12 + 1, 10)  # paid on the 10th of the next month
        if pay <= DATA_END:
            by_month[(pay.year, pay.month)] = by_month.get((pay.year, pay.month), 0) + 1
    rows = []
    for year, total in EXECUTIONS.items():
        fixed = [(d, a, t) for d, a, t in WEB_MAINTENANCE if d.startswith(str(year))]
        months = sorted(m for m in by_month if m[0] == year)
        service_total = total - sum(a for _, a, _ in fixed)
        amounts = [a * 10 for a in split(service_total // 10, [by_month[m] for m in months])]
        payments = [(f"{y}-{m:02d}-10", a, f"{y - (m == 1)}년 {m - 1 or 12}월분 가사돌봄서비스 위탁 용역비")
                    for (y, m), a in zip(months, amounts)] + fixed
        rows += [(d, a, t) for d, a, t in sorted(payments)]
    return [
        {"공약번호": PLEDGE, "집행번호": f"DEMO-E-{i:03d}", "집행일": d, "집행액(원)": f"{a:,}",
         "재원": "시비", "적요": t}
        for i, (d, a, t) in enumerate(rows, start=1)
    ]


def write(out_dir: Path = RECORDS_DIR / "naju") -> list[Path]:
    """Write the demo CSV files (UTF-8, canonical Korean headers); return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind, rows in generate().items():
        path = out_dir / f"{kind}.demo.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=FORMATS[kind].headers, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for p in write():
        print(p)
