"""The readable Korean report printed by `python -m metrics report` without --json."""
from __future__ import annotations

from data.formats import KIND_LABELS
from metrics.formatting import date_ko, number


def _pct(value) -> str:
    return "—" if value is None else f"{value:.2f}%"


def report_text(doc: dict) -> str:
    """Render the report document as plain-text tables, one block per pledge."""
    lines = [f"공약 이행 보고서 — 기준일 {date_ko(doc['as_of'])}",
             f"산식: {doc['policy']['formula']} (상한 100%: {'적용' if doc['policy']['cap'] else '미적용'}, "
             f"표시: 소수 {doc['policy']['decimals']}자리 {'반올림' if doc['policy']['rounding'] == 'half_up' else '버림'})", ""]
    for p in doc["pledges"]:
        lines.append(f"[{p['city_name']} {p['id']}] {p['title']}{'  (합성 데모 자료)' if p['synthetic'] else ''}")
        lines.append(f"  분야 {p['area']['number']}. {p['area']['name']} · 주관부서 {p['department']} {p['team'] or ''}")
        lines.append(f"  공약 이행률 {_pct(p['rate'])} (기대 {_pct(p['expected_rate'])}, 임기 경과 {_pct(p['term_elapsed'])})"
                     f" · 추진상황 {p['status']} · 제안 {p['suggested_status']} · 자료 기준 {date_ko(p['data_until'])}")
        for ind in p["indicators"]:
            lines.append(f"  - {ind['name']} ({ind['unit']}): 누계 {number(ind['actual_to_date'])} ÷ 임기 목표 "
                         f"{number(ind['target_total'])} = {_pct(ind['rate'])}")
            header = "      " + "".join(f"{r['label']:>14}" for r in ind["periods"])
            targets = "      " + "".join(
                f"{(number(r['target']) + ' (' + number(r['target_cumulative']) + ')') if r['target'] is not None else '–':>14}"
                for r in ind["periods"])
            actuals = "      " + "".join(
                f"{(number(r['actual']) + ' (' + number(r['actual_cumulative']) + ')') if r['actual'] is not None else '':>14}"
                for r in ind["periods"])
            lines += [header, targets.replace("      ", "  목표", 1), actuals.replace("      ", "  이행", 1)]
            if "forecast" in ind:
                lines.append("      전망: " + forecast_text(ind["forecast"], ind["unit"]))
        if "forecast" in p:
            lines.append(f"  전망: 현재 속도면 임기 말 공약 이행률 {_pct(p['forecast']['projected_rate'])}")
        if "change" in p:
            lines += change_lines(p["change"], {i["id"]: i["name"] for i in p["indicators"]})
        b = p["budget"]
        lines.append(f"  예산(백만원): 계획 {number(b['planned_total'])} · 집행 {number(b['executed_total'])}"
                     f" · 집행률 {_pct(b['execution_rate'])} (기준일까지 계획 {number(b['planned_to_date'])} 대비 "
                     f"{_pct(b['execution_rate_to_date'])})")
        lines.append("    " + " · ".join(f"{y['year']}: 계획 {number(y['planned'])} / 집행 {number(y['executed'])}"
                                         for y in b["by_year"]))
        lines.append("")
    return "\n".join(lines)


def _amount(value) -> str:
    """86.5 → '86.5', 0.3333 → '0.33', 3506.5 → '3,506.5' (at most 2 decimals)."""
    return "—" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


def _points(value) -> str:
    """A change in percentage points: '+18.83%p', '-0.01%p', and '0.00%p' without a sign."""
    if value is None:
        return "—"
    return f"{value:.2f}%p" if value == 0 else f"{value:+.2f}%p"


def _month(text) -> str:
    """'2025-03' → '2025년 3월'."""
    year, month = str(text).split("-")[:2]
    return f"{year}년 {int(month)}월"


def forecast_text(fc: dict, unit: str) -> str:
    """One line of an indicator's forecast at the current pace (metrics/forecast.py)."""
    if fc["pace_per_month"] is None:
        why = "보고 실적이 없어" if fc["no_pace_reason"] == "no_reported_figure" else "실적 기록이 없어"
        pace = f"{why} 속도를 알 수 없음"
    elif fc["pace_basis"] == "reported":
        pace = f"보고 실적 기준 {fc['pace_months']}개월 월평균 {_amount(fc['pace_per_month'])}{unit}"
    else:
        young = "" if fc["pace_months"] >= 12 else "(기록 시작 이후)"
        pace = f"최근 {fc['pace_months']}개월{young} 월평균 {_amount(fc['pace_per_month'])}{unit}"
    parts = [pace, f"남은 {fc['months_remaining']}개월"]
    if fc["projected_total"] is not None:
        parts.append(f"임기 말 예상 {_amount(fc['projected_total'])}{unit} ({_pct(fc['projected_rate'])})")
    if fc["needed_per_month"] == 0:
        parts.append("목표 이미 달성")
    else:
        if fc["needed_per_month"] is not None:
            parts.append(f"목표까지 월 {_amount(fc['needed_per_month'])}{unit} 필요")
        if fc["reaches_target_on"] is not None:
            parts.append(f"현재 속도면 {_month(fc['reaches_target_on'])} 목표 도달")
        elif fc["pace_per_month"] is not None:
            parts.append("현재 속도로는 목표에 닿지 않음")
    return " · ".join(parts)


def change_lines(change: dict, names: dict) -> list[str]:
    """The pledge rate's change since an earlier date, by indicator, and what happened in between."""
    lines = [f"  변동 ({date_ko(change['since'])} 이후): {_pct(change['rate_before'])} → {_pct(change['rate'])}"
             f" ({_points(change['delta'])})"]
    for part in change["by_indicator"]:
        lines.append(f"    - {names.get(part['id'], part['id'])}: {_pct(part['rate_before'])} → {_pct(part['rate'])},"
                     f" 공약 이행률 기여 {_points(part['contribution'])}")
    if change["rounding_difference"]:
        lines.append(f"    (표시 반올림으로 기여의 합과 변동이 {_points(change['rounding_difference'])} 다릅니다)")
    for e in change["events"]:
        if e["kind"] == "target_revision":
            lines.append(f"    · {date_ko(e['on'])} 목표 변경: {names.get(e['indicator_id'], e['indicator_id'])}"
                         f" {e['period']} {number(e['previous_target'])} → {number(e['new_target'])} ({e['reason']})")
        elif e["kind"] == "reported":
            source = f"가져오기 #{e['import_id']}" if e["import_id"] is not None else "카드의 인쇄 실적"
            lines.append(f"    · {date_ko(e['on'])} {source}: {names.get(e['indicator_id'], e['indicator_id'])}"
                         f" 보고 실적 {number(e['records'])}건{'' if e['affects_rate'] else ' (대조용, 이행률에 쓰이지 않음)'}")
        else:
            label = KIND_LABELS.get(e["import_kind"], e["import_kind"] or "기록")
            source = f"가져오기 #{e['import_id']} {e['file_name']}" if e["import_id"] is not None else "가져오기 기록 없음"
            lines.append(f"    · {date_ko(e['first_date'])}~{date_ko(e['last_date'])} {label} 기록 {number(e['records'])}건"
                         f" ({source}){'' if e['affects_rate'] else ' — 이행률에 쓰이지 않음'}")
    return lines
