"""The transcribed seed card (data/cards/naju-6-1-1.yaml) against the card itself: every
text line verbatim, nothing dropped; and the card format's validation messages."""
from pathlib import Path

import pytest
import yaml

from data.cardfile import CardError, load_card, parse_card

ROOT = Path(__file__).resolve().parents[1]
CARD_TEXT = ROOT / "docs" / "seed" / "pledge-card-6-1-1.txt"   # the card as published, exported to text
CARD_FILE = ROOT / "data" / "cards" / "naju-6-1-1.yaml"


@pytest.fixture(scope="module")
def card():
    return load_card(CARD_FILE)


@pytest.fixture(scope="module")
def source_lines():
    return [line.rstrip() for line in CARD_TEXT.read_text(encoding="utf-8").splitlines()]


def section(lines, start, stop):
    i = next(k for k, line in enumerate(lines) if line.startswith(start))
    j = next(k for k in range(i + 1, len(lines)) if lines[k].startswith(stop))
    return [line for line in lines[i + 1:j] if line.strip()]


def rebuilt_overview(card):
    return [f"- ({t.label}) {t.text}" if t.level == 1 else f" - {t.text}" for t in card.overview]


def test_title_goal_and_header(card, source_lines):
    assert next(line for line in source_lines if line) == f"{card.id} {card.title}"
    assert f"◆ 정책목표: {card.policy_goal}" in source_lines


def test_overview_verbatim_and_complete(card, source_lines):
    assert rebuilt_overview(card) == section(source_lines, "□ 현황 및 정책개요", "□ 추진계획")


def test_plan_verbatim_and_complete(card, source_lines):
    rebuilt = [f"- {p.text} : {p.when}" for p in card.plan]
    assert rebuilt == section(source_lines, "□ 추진계획", "< 연차별 추진일정 >")


def test_progress_log_verbatim_and_complete(card, source_lines):
    rebuilt = []
    for line in card.progress_log:
        if line.details and line.text.endswith("협약 체결"):
            rebuilt.append(f"- {line.text} : {line.date}")
            rebuilt += [f" - {d}" for d in line.details]
        else:
            rebuilt.append(f"- {line.text} : {line.date}")
            rebuilt += [f"- {d}" for d in line.details]   # the card prints this detail as a "- " line
    assert rebuilt == section(source_lines, "□ 추진실적", "< 공약달성 확인지표 >")


def test_expected_effects_and_department(card, source_lines):
    assert [f"- {t}" for t in card.expected_effects] == section(source_lines, "□ 기대효과", "주관부서")
    dept = next(line for line in source_lines if line.startswith("주관부서")).split("\t")
    assert dept[1] == card.department
    assert dept[2] == f"{card.team}장 {card.contacts[0].name}"
    assert (dept[3], dept[4], dept[5]) == (card.contacts[0].phone, f"{card.contacts[1].role} {card.contacts[1].name}", card.contacts[1].phone)


def test_milestone_names_match_the_schedule_rows(card, source_lines):
    rows = section(source_lines, "세부 추진상황", "< 연도별 투자 계획 >")
    assert [r.split("\t")[0] for r in rows if r.split("\t")[0]] == [m.name for m in card.milestones]


def test_flags_and_budget(card, source_lines):
    assert (card.completion, card.implementer, card.novelty, card.budget_type) == ("임기내", "나주시", "신규", "예산")
    flags = source_lines[source_lines.index("완료시기\t\t사업주체\t\t\t\t신규여부\t\t예산구분\t\t소요예산 (백만원)") + 2].split("\t")
    assert flags[-1] == str(int(card.required_budget)) == "504"
    marked = [k for k, cell in enumerate(flags) if cell == "○"]
    assert marked == [0, 4, 6, 8]   # 입기내, 나주시, 신규, 예산


def test_investment_table(card, source_lines):
    inv = card.investment
    assert inv.term["시비"] == {2022: 0, 2023: 197, 2024: 89, 2025: 109, 2026: 109}
    assert sum(inv.term["시비"].values()) == 504
    row = next(line for line in source_lines if line.startswith("\t시 비")).split("\t")
    assert [float(x) for x in row[5:10]] == list(inv.term["시비"].values())
    assert card.printed.execution_by_year == {2023: 62, 2024: 21} and card.printed.execution_total == 83


def test_indicator_table(card, source_lines):
    publicity, applications = card.indicators
    assert publicity.name in "\n".join(source_lines) and applications.name in "\n".join(source_lines)
    assert publicity.targets == {2022: 2, 2023: 4, 2024: 4, 2025: 4, 2026: 2}
    assert applications.targets == {2023: 630, 2024: 630, 2025: 630, 2026: 315}
    assert publicity.printed.actuals == {2022: 4, 2023: 4, 2024: 3} and publicity.printed.rate == 68.75
    assert applications.printed.actuals == {2023: 927, 2024: 417} and applications.printed.rate == 60.95
    assert card.printed.rate == 64.85 and str(card.printed.as_of) == "2024-05-31"
    assert "2024. 5. 31. 기준" in source_lines


def minimal_doc():
    return yaml.safe_load(CARD_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.pop("title"), "항목 'title' — 필수 항목이 없습니다"),
    (lambda d: d.update(status="완료"), "항목 'status' — 허용되지 않는 값입니다"),
    (lambda d: d.update(id="6-1"), "공약 번호는 6-1-1 형식"),
    (lambda d: d["indicators"][0]["targets"].update({2027: 3}), "목표 연도가 임기 밖입니다: 2027"),
    (lambda d: d["indicators"][0].update(source="survey"), "항목 'indicators.0.source'"),
    (lambda d: d["milestones"][0].update(start="2022-3"), "분기는 2023Q1 형식"),
    (lambda d: d["investment"]["term"].update({"구비": {}}), "재원은"),
    (lambda d: d.update(colour="red"), "항목 'colour' — 알 수 없는 항목입니다"),
])
def test_invalid_cards_are_refused_in_korean(mutate, message):
    doc = minimal_doc()
    mutate(doc)
    with pytest.raises(CardError) as err:
        parse_card(doc, "test.yaml")
    assert str(err.value).startswith("test.yaml: ")
    assert message in str(err.value)


def test_broken_yaml_names_the_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("city: naju\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(CardError, match=r"bad.yaml: \d+행 YAML 형식 오류"):
        load_card(bad)


def test_a_card_without_a_term_has_the_default_term():
    from data.vocabulary import DEFAULT_TERM
    card = parse_card(minimal_doc(), "test.yaml")
    assert (card.term.name, card.term.start, card.term.end) == (DEFAULT_TERM.name, DEFAULT_TERM.start, DEFAULT_TERM.end)


def test_a_card_of_another_term_takes_targets_of_its_years_only():
    doc = minimal_doc()
    doc["term"] = {"name": "민선 9기", "start": "2026-07-01", "end": "2030-06-30"}
    for ind in doc["indicators"]:
        ind["targets"] = {2027: 5, 2030: 1}
        ind.pop("printed", None)
    doc.pop("investment", None)
    card = parse_card(doc, "test.yaml")
    assert list(card.term.years) == [2026, 2027, 2028, 2029, 2030]
    doc["indicators"][0]["targets"] = {2024: 5}
    with pytest.raises(CardError, match="목표 연도가 임기 밖입니다: 2024"):
        parse_card(doc, "test.yaml")


def test_a_term_that_ends_before_it_starts_is_refused():
    doc = minimal_doc()
    doc["term"] = {"name": "민선 8기", "start": "2026-06-30", "end": "2022-07-01"}
    with pytest.raises(CardError, match="임기 끝"):
        parse_card(doc, "test.yaml")


def test_periods_and_the_city_term_come_from_the_card(tmp_path):
    from data.build import build
    from data.store import connect
    doc = minimal_doc()
    doc.update(city="other", city_name="다른시", term={"name": "민선 9기", "start": "2026-07-01", "end": "2030-06-30"})
    for ind in doc["indicators"]:
        ind["targets"] = {2027: 5}
        ind.pop("printed", None)
    doc.pop("investment", None)
    doc.pop("printed", None)
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "other.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    con = connect(build(tmp_path / "p.duckdb", cards_dir=cards, records_dir=tmp_path / "none"))
    assert con.execute("SELECT term_start::TEXT, term_end::TEXT FROM cities").fetchall() == [("2026-07-01", "2030-06-30")]
    assert con.execute("SELECT period, label, starts::TEXT FROM periods ORDER BY period").fetchall()[0] == (2026, "2026", "2026-07-01")
    assert con.execute("SELECT max(period) FROM periods").fetchone()[0] == 2030
