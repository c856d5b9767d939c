"""The readable Korean report printed by `python -m metrics report` without --json."""
from __future__ import annotations

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
        b = p["budget"]
        lines.append(f"  예산(백만원): 계획 {number(b['planned_total'])} · 집행 {number(b['executed_total'])}"
                     f" · 집행률 {_pct(b['execution_rate'])} (기준일까지 계획 {number(b['planned_to_date'])} 대비 "
                     f"{_pct(b['execution_rate_to_date'])})")
        lines.append("    " + " · ".join(f"{y['year']}: 계획 {number(y['planned'])} / 집행 {number(y['executed'])}"
                                         for y in b["by_year"]))
        lines.append("")
    return "\n".join(lines)
