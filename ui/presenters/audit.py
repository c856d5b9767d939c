"""감사: the figures an auditor can trace to records (with their labels), the named query that
lists those records, the consistency checks as a Korean table and their summary line."""
from __future__ import annotations

import pandas as pd

from ui.safe import md
from data.aggregates import difference_lines
from data.vocabulary import Source
from metrics.budget import plan_vs_execution
from metrics.formatting import number
from ui.presenters.common import korean_headers, label_of, missing, times_text, warning_texts

PASS = "통과"
FAIL = "불일치"
CHECK_HEADERS = {"check": "점검 항목", "subject": "대상", "value": "값", "expected": "기준"}

# Which records an indicator's actual is counted from (the query data/queries/records_<kind>.sql).
RECORD_KINDS = {
    Source.PUBLICITY: "홍보 기록",
    Source.APPLICATIONS: "신청 기록",
    Source.VISITS: "서비스 제공 기록",
    Source.EXECUTIONS: "집행 기록",
}


def checks_table(checks: pd.DataFrame) -> pd.DataFrame:
    """metrics.audit.consistency_checks as shown: 점검 항목, 대상, 값, 기준, 결과 (통과 | 불일치)."""
    out = checks.rename(columns=CHECK_HEADERS)
    out["결과"] = [PASS if ok else FAIL for ok in checks["passed"]]
    return out[[*CHECK_HEADERS.values(), "결과"]]


def check_summary(checks: pd.DataFrame) -> str:
    """'점검 12건 중 12건 통과' — and how many failed (of a checks_table)."""
    passed = int((checks["결과"] == PASS).sum())
    failed = len(checks) - passed
    text = f"점검 {len(checks)}건 중 {passed}건 통과"
    return text if failed == 0 else f"{text}, {failed}건 불일치"


def figure_choices(indicators: pd.DataFrame, periods: pd.DataFrame, budget: pd.DataFrame | None = None,
                   year: int | None = None, labels: dict[int, str] | None = None) -> pd.DataFrame:
    """The figures an auditor can trace to records: each record-based indicator's 누계 (period
    None: all its records to the as-of date) and each period with an actual, and each year's
    execution (집행액); only the rows of `year` when given. Columns: indicator_id, source, period, label."""
    rows = []
    for ind in indicators.sort_values("ord").itertuples(index=False):
        if ind.source not in RECORD_KINDS:
            continue
        rows.append({"indicator_id": ind.indicator_id, "source": ind.source, "period": None,
                     "label": f"{ind.name} · 누계 실적 {number(ind.actual_to_date)}{ind.unit}"})
        own = periods[(periods["indicator_id"] == ind.indicator_id) & periods["actual"].notna()]
        for r in own.sort_values("period").itertuples(index=False):
            rows.append({"indicator_id": ind.indicator_id, "source": ind.source, "period": int(r.period),
                         "label": f"{ind.name} · {label_of(r.period, labels)} 실적 {number(r.actual)}{ind.unit}"})
    if budget is not None:
        for r in plan_vs_execution(budget).itertuples(index=False):
            if r.executed > 0:
                rows.append({"indicator_id": None, "source": Source.EXECUTIONS.value, "period": int(r.year),
                             "label": f"집행액 · {r.year}년 {number(round(r.executed, 6))} 백만원"})
    choices = pd.DataFrame(rows, columns=["indicator_id", "source", "period", "label"])
    return choices if year is None else choices[choices["period"] == year].reset_index(drop=True)


def record_source(choice: pd.Series) -> dict:
    """Which named query lists the records of a chosen figure, and for which year (None = 누계)."""
    period = choice["period"]
    return {"name": f"records_{choice['source']}", "year": None if missing(period) else int(period)}


def records_title(choice: pd.Series, records: pd.DataFrame) -> str:
    """'**홍보 기록 3건** — <figure label>'."""
    return f"**{RECORD_KINDS[choice['source']]} {number(len(records))}건** — {md(choice['label'])}"


def records_file(choice: pd.Series, year: int | None) -> str:
    """'근거기록_홍보기록_2024' (the record kind's Korean label, never its code)."""
    return f"근거기록_{RECORD_KINDS[choice['source']].replace(' ', '')}_{year or '누계'}"


def warnings_title(count: int) -> str:
    return f"**가져오기 경고 {count:,}건** (서비스 기준 등 — 가져오기는 되었고, 감사용으로 남긴 경고)"


def imports_for(log: pd.DataFrame, city: str) -> pd.DataFrame:
    """The imports that concern a city (or every city: build loads and card imports carry none)."""
    if "city" not in log.columns:
        return log
    return log[log["city"].isna() | (log["city"] == city)]


def reconciliation_table(reconciliation: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Reported vs record-derived actuals as shown and downloaded: each indicator by its name
    (확인지표, never its code), Korean headers, the pledge's own columns left out."""
    names = dict(zip(indicators["indicator_id"], indicators["name"]))
    out = reconciliation.drop(columns=[c for c in ("city", "pledge_id") if c in reconciliation.columns])
    if "indicator_id" in out.columns:
        out = out.copy()
        out.insert(int(out.columns.get_loc("indicator_id")), "indicator_name", out["indicator_id"].map(names))
        out = out.drop(columns=["indicator_id"])
    return korean_headers(out)


def import_log_table(log: pd.DataFrame, city: str, city_names: dict[str, str]) -> pd.DataFrame:
    """The imports that concern a city as shown: Korean headers, the city by its name (나주시,
    never its code; '' for the build's loads of every city), encodings by their labels."""
    shown = imports_for(log, city).copy()
    if "city" in shown.columns:
        shown["city"] = shown["city"].map(lambda c: "" if missing(c) else city_names.get(c, c))
    if "undone_at" in shown.columns:
        shown["undone_at"] = times_text(shown["undone_at"])
    return korean_headers(shown)


def import_warnings_table(warnings: pd.DataFrame) -> pd.DataFrame:
    """The import warnings as shown: Korean headers, rules by their Korean names, undo times as text."""
    return korean_headers(warning_texts(warnings))


def aggregate_check(differences: pd.DataFrame, key_lines: list[str] = ()) -> tuple[str, pd.DataFrame]:
    """The check of the aggregates kept at write time against the records
    (data/queries/aggregates/differences.sql) and of the record tables' keys
    (data/imports/keys.key_problems): a summary line and one Korean line per difference."""
    lines = difference_lines(differences) + list(key_lines)
    if not lines:
        return ("기록 집계가 기록과 일치합니다 (일별·월별·연도별, 지표별, 투자 계획별 집계 모두). "
                "기록 번호도 모두 한 번씩, 등록된 시군과 가져오기의 것입니다.", pd.DataFrame({"차이": pd.Series([], dtype=object)}))
    advice = []
    if len(lines) > len(key_lines):
        advice.append("집계는 관리자가 'python -m data aggregates rebuild'로 다시 만들 수 있습니다")
    if key_lines:
        advice.append("번호가 맞지 않는 기록은 그 가져오기를 되돌리고 고친 파일로 다시 가져오세요")
    return f"기록 집계·기록 번호 점검에서 다른 곳이 {len(lines):,}곳 있습니다 — {', '.join(advice)}.", pd.DataFrame({"차이": lines})
