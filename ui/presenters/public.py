"""공약 이행 현황 (the citizen view): the city's headline figures, the figures by policy area,
the pledge list with links to each public card, the public card's blocks as HTML tables, the
approved target changes — Korean labels, numeric tables for the downloads, the description of
every downloadable column (open-data style: 항목명, 설명, 단위). No formulas (metrics.portfolio
computes) and nothing record-level: only pledge-level figures and the printed card's blocks.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pandas as pd

from ui.safe import md
from metrics import portfolio
from metrics.formatting import date_ko, period_label
from metrics.rates import RatePolicy, display_round, format_percent
from publish.model import CardDocument
from ui.export import Context
from ui.presenters.common import city_options, pledge_key, policy_text
from ui.presenters.public_html import table_html_of

CARD_PAGE = "public-card"
ALL = "전체"

HEADLINE = {  # metric label → (key of metrics.portfolio.overall, help)
    "완료율": ("completion_rate", portfolio.FORMULAS["completion_rate"]),
    "평균진행률": ("average_progress", portfolio.FORMULAS["average_progress"]),
    "임기내 이행률": ("in_term_rate", portfolio.FORMULAS["in_term_rate"]),
}

# Every column a citizen can download: 항목명 → (설명, 단위).
COLUMNS = {
    "분야 번호": ("공약 분야의 번호", "번"),
    "분야": ("공약 분야(정책 분야)의 이름", ""),
    "공약번호": ("공약 관리카드의 공약 번호 (분야-전략-과제)", ""),
    "공약명": ("공약의 이름", ""),
    "주관부서": ("공약을 맡은 부서", ""),
    "완료시기": ("공약의 완료 예정 시기 (임기내 / 임기후)", ""),
    "추진상황": ("담당 부서가 입력한 추진상황", ""),
    "이행률 (%)": ("공약 이행률 = 확인지표 이행률의 평균 (지표 이행률 = 누계 실적 ÷ 임기 전체 목표 × 100)", "%"),
    "공약 수": ("공약의 수", "건"),
    "완료 공약": ("추진상황이 완료 종결 또는 완료 후 계속추진인 공약의 수", "건"),
    "완료율 (%)": (portfolio.FORMULAS["completion_rate"], "%"),
    "평균진행률 (%)": (portfolio.FORMULAS["average_progress"], "%"),
    "임기내 공약": ("완료시기가 임기내인 공약의 수", "건"),
    "임기내 이행률 (%)": (portfolio.FORMULAS["in_term_rate"], "%"),
    "자료 없는 공약": ("확인지표에 목표가 없어 이행률을 계산할 수 없는 공약의 수", "건"),
    **{s: (f"추진상황이 '{s}'인 공약의 수", "건") for s in portfolio.STATUSES},
    "확인지표": ("공약 달성을 확인하는 지표", ""),
    "기간": ("목표가 바뀐 기간 (연도)", ""),
    "이전 목표": ("변경 전 목표", "지표 단위"),
    "변경 목표": ("변경 후 목표", "지표 단위"),
    "단위": ("확인지표의 단위", ""),
    "적용일": ("변경된 목표가 이행률 계산에 적용되기 시작한 날", "날짜"),
    "변경 사유": ("목표를 바꾼 이유", ""),
    "승인 기구": ("변경을 승인한 기구", ""),
    "문서 번호": ("승인 문서의 번호", ""),
    "결정일": ("승인 기구가 결정한 날", "날짜"),
}


ROUNDINGS = ("half_up", "cut")


def city_rounding(pledge_list: pd.DataFrame, city: str) -> str:
    """The rounding the city publishes its rates with: the store's cities.rounding (column
    'rounding' of the pledge_list query; Naju truncates: 66 of 98 → 67.34%), half-up when absent."""
    if "rounding" not in pledge_list.columns:
        return "half_up"
    found = pledge_list.loc[pledge_list["city"] == city, "rounding"]
    value = found.iloc[0] if len(found) else None
    return value if value in ROUNDINGS else "half_up"


def city_policy(rounding: str | None) -> RatePolicy:
    """The rate policy the city publishes with (cap at 100%, 2 decimals, its own rounding)."""
    return RatePolicy(rounding=rounding if rounding in ROUNDINGS else "half_up")


def rounding_text(policy: RatePolicy) -> str:
    return f"소수 {policy.decimals}자리 {'버림' if policy.rounding == 'cut' else '반올림'}"


def _rounded(values, policy: RatePolicy) -> list:
    return [display_round(None if pd.isna(x) else float(x), policy) for x in values]


def of_city(pledges: pd.DataFrame, city: str) -> pd.DataFrame:
    return pledges[pledges["city"] == city].reset_index(drop=True)


def scope_line(city_name: str, as_of: dt.date, pledges: pd.DataFrame, policy: RatePolicy) -> str:
    """'나주시 · 2024. 5. 31. 기준 · 공약 1건 · 이행률 표시: 소수 2자리 버림'."""
    return (f"{md(city_name)} · {date_ko(as_of)} 기준 · 공약 {len(pledges):,}건 · "
            f"이행률 표시: {rounding_text(policy)}")


def headline(pledges: pd.DataFrame, policy: RatePolicy) -> list[tuple[str, str, str]]:
    """(label, value as shown, formula) for 완료율, 평균진행률, 임기내 이행률 (metrics.portfolio)."""
    head = portfolio.overall(pledges)
    return [(label, format_percent(head.get(key), policy), formula) for label, (key, formula) in HEADLINE.items()]


@dataclass(frozen=True)
class Summary:
    """What 공약 이행 현황 shows of one city as of one date (made once per data version, shared by
    every session: ui.store.public_summary): the headline (label, value, formula), the status
    counts, the areas and the pledge list with its card links, and the three tables as HTML
    (`html`, made once: the page shows real HTML tables, see `table_html_of`)."""
    pledges: pd.DataFrame
    headline: tuple
    statuses: pd.DataFrame
    areas: pd.DataFrame
    listing: pd.DataFrame
    html: dict = field(default_factory=dict)

    def listing_html(self, frame: pd.DataFrame) -> str:
        """The pledge list as HTML: the one made once, or `frame`'s when it is a filtered copy."""
        return self.html["listing"] if frame is self.listing and "listing" in self.html else listing_html_of(frame)


def summary(pledges: pd.DataFrame, city: str, as_of: dt.date, policy: RatePolicy) -> Summary:
    """The public page's tables of the city's pledges (see Summary)."""
    tables = {"statuses": status_table(pledges), "areas": area_table(pledges, policy),
              "listing": with_links(pledge_table(pledges, policy), city, as_of)}
    html = {"statuses": table_html_of(tables["statuses"], compact=True), "areas": table_html_of(tables["areas"]),
            "listing": listing_html_of(tables["listing"])}
    return Summary(pledges, tuple(headline(pledges, policy)), **tables, html=html)


def status_table(pledges: pd.DataFrame) -> pd.DataFrame:
    """추진상황 and 공약 수 (integers), in the card's order."""
    counts = portfolio.status_counts(pledges)
    return pd.DataFrame({"추진상황": [str(s) for s in counts.index], "공약 수": [int(n) for n in counts]})


def area_table(pledges: pd.DataFrame, policy: RatePolicy) -> pd.DataFrame:
    """분야별: 공약 수, 완료 공약, the three rates (rounded by the city's policy), 자료 없는 공약 and
    the count per status — numbers as numbers."""
    s = portfolio.by_area(pledges)
    out = pd.DataFrame({
        "분야 번호": s["area_no"].astype(int), "분야": s["area_name"], "공약 수": s["pledges"].astype(int),
        "완료 공약": s["done"].astype(int),
        "완료율 (%)": _rounded(s["completion_rate"], policy),
        "평균진행률 (%)": _rounded(s["average_progress"], policy),
        "임기내 공약": s["in_term_pledges"].astype(int),
        "임기내 이행률 (%)": _rounded(s["in_term_rate"], policy),
        "자료 없는 공약": s["no_data"].astype(int),
    })
    for status in portfolio.STATUSES:
        out[status] = s[status].astype(int)
    return out


def pledge_table(pledges: pd.DataFrame, policy: RatePolicy) -> pd.DataFrame:
    """One row per pledge: 공약번호, 공약명, 분야, 주관부서, 완료시기, 추진상황, 이행률 (%) (rounded;
    empty = 자료 없음)."""
    return pd.DataFrame({
        "공약번호": pledges["pledge_id"], "공약명": pledges["title"], "분야": pledges["area_name"],
        "주관부서": pledges["department"], "완료시기": pledges["completion"], "추진상황": pledges["status"],
        "이행률 (%)": pd.Series(_rounded(pledges["rate"], policy), index=pledges.index, dtype=float),
    }).reset_index(drop=True)


def card_link(city: str, pledge_id: str, as_of: dt.date) -> str:
    """The public card's URL (relative to the app): 'public-card?pledge=naju%3A6-1-1&as_of=2024-05-31'."""
    return f"{CARD_PAGE}?{urlencode({'pledge': pledge_key(city, pledge_id), 'as_of': as_of.isoformat()})}"


def with_links(table: pd.DataFrame, city: str, as_of: dt.date) -> pd.DataFrame:
    """The pledge table with a '공약 카드' column of links to each pledge's public card."""
    return table.assign(**{"공약 카드": [card_link(city, p, as_of) for p in table["공약번호"]]})


def without_links(table: pd.DataFrame) -> pd.DataFrame:
    """The pledge table as downloaded (no '공약 카드' link column)."""
    return table.drop(columns=["공약 카드"], errors="ignore")


# The pledge list's columns as shown: what a phone shows first (number, name, status, rate, link),
# then the rest (the downloaded table keeps pledge_table's order).
LISTING_SHOWN = ("공약번호", "공약명", "추진상황", "이행률 (%)", "공약 카드", "분야", "주관부서", "완료시기")


def listing_html_of(listing: pd.DataFrame) -> str:
    """The pledge list (with_links) as an HTML table, its columns in LISTING_SHOWN's order."""
    return table_html_of(listing[[c for c in LISTING_SHOWN if c in listing.columns]])


def described(frame: pd.DataFrame) -> tuple[tuple[str, str, str], ...]:
    """(항목명, 설명, 단위) of each column of a downloadable table."""
    return tuple((str(c), *COLUMNS.get(str(c), ("", ""))) for c in frame.columns)


def context(title: str, city_name: str, as_of: dt.date, policy: RatePolicy, frame: pd.DataFrame,
            filters: str = "없음", pledge: str = "전체 공약", now: dt.datetime | None = None) -> Context:
    """The context of a public download (ui.export.Context), with every column described."""
    return Context(title=title, city=city_name, pledge=pledge, as_of=as_of, filters=filters,
                   policy=policy_text(policy), generated_at=now or dt.datetime.now().replace(microsecond=0),
                   columns=described(frame))


def search_filter(text: str | None) -> str:
    return f"검색어: {text.strip()}" if text and text.strip() else "없음"


def card_heading(card: CardDocument) -> str:
    return f"{md(card.pledge_id)} {md(card.title)}"


def card_caption(card: CardDocument) -> str:
    """'나주시 · 6. 모두가 … · 2024. 5. 31. 기준 · 이행률 표시: …'."""
    return f"{md(card.city_name)} · {md(card.area)} · {date_ko(card.as_of)} 기준 · {card.policy_text}"


def card_rate(card: CardDocument, policy: RatePolicy) -> str:
    return format_percent(card.rate, policy)


# --- approved target changes -------------------------------------------------------------------

def changes_table(revisions: pd.DataFrame, approved: pd.DataFrame, pledges: pd.DataFrame,
                  indicators: pd.DataFrame, labels: dict[int, str] | None = None) -> pd.DataFrame:
    """The target changes in force (every target revision is an approved change), newest first:
    공약번호, 공약명, 확인지표, 단위, 기간, 이전 목표, 변경 목표, 적용일, 변경 사유, 승인 기구, 문서 번호,
    결정일. The reason is the proposal's own; who proposed or decided (logins, names) is not shown."""
    decided = approved.dropna(subset=["revision_id"]).astype({"revision_id": "int64"})
    decided = decided.set_index("revision_id")
    titles = dict(zip(pledges["pledge_id"], pledges["title"]))
    units = {(r.pledge_id, r.indicator_id): r.unit for r in indicators.itertuples(index=False)}
    rows = []
    for r in revisions.itertuples(index=False):
        d = decided.loc[int(r.revision_id)] if int(r.revision_id) in decided.index else None
        rows.append({
            "공약번호": r.pledge_id, "공약명": titles.get(r.pledge_id, ""), "확인지표": r.indicator_name,
            "단위": units.get((r.pledge_id, r.indicator_id), ""), "기간": period_label(r.period, labels),
            "이전 목표": r.previous_target, "변경 목표": r.new_target,
            "적용일": pd.Timestamp(r.revised_on).date(),
            "변경 사유": d["reason"] if d is not None else r.reason,
            "승인 기구": d["body"] if d is not None else "",
            "문서 번호": (d["document_no"] or "") if d is not None and isinstance(d["document_no"], str) else "",
            "결정일": pd.Timestamp(d["decided_on"]).date() if d is not None else None,
        })
    columns = ["공약번호", "공약명", "확인지표", "단위", "기간", "이전 목표", "변경 목표", "적용일", "변경 사유",
               "승인 기구", "문서 번호", "결정일"]
    return pd.DataFrame(rows, columns=columns)


def changes_caption(count: int, city_name: str) -> str:
    if not count:
        return f"{md(city_name)}에서 승인된 목표 변경이 없습니다. 모든 확인지표는 공약 관리카드의 당초 목표로 계산됩니다."
    return (f"승인된 목표 변경 {count:,}건. 변경된 목표는 적용일부터 이행률 계산에 쓰이며, 당초 목표와 "
            "변경 이력은 지워지지 않습니다.")


def pledge_choices(pledges: pd.DataFrame) -> dict[str, str]:
    """'전체' and each pledge: pledge_id → '6-1-1 출산 전·후 …'."""
    return {ALL: "전체 공약", **{p: f"{p} {t}" for p, t in zip(pledges["pledge_id"], pledges["title"])}}


def chosen_pledge(choice: str) -> str | None:
    """The pledge id of the changes page's choice; None for 전체."""
    return None if choice == ALL else choice


@dataclass(frozen=True)
class Places:
    """What the citizen view's choices need of the pledge list, shaped once per data version:
    the cities (code → '전라남도 나주시'), the city shown first (a real city before synthetic demo
    cities), each city's name, published rounding and pledge options ('6-1-1 임산부 …')."""
    cities: dict[str, str]
    first: str | None
    names: dict[str, str]
    roundings: dict[str, str]
    pledges: dict[str, dict[str, str]]


def places(pledge_list: pd.DataFrame) -> Places:
    """The Places of a pledge list (query 'pledge_list')."""
    cities = city_options(pledge_list)
    groups = {c: g for c, g in pledge_list.groupby("city", sort=False)}
    real = [c for c in cities if not groups[c]["synthetic"].astype(bool).all()]
    return Places(cities=cities, first=(real or list(cities) or [None])[0],
                  names={c: str(g["city_name"].iloc[0]) for c, g in groups.items()},
                  roundings={c: city_rounding(g, c) for c, g in groups.items()},
                  pledges={c: dict(zip(g["pledge_id"], g["pledge_id"] + " " + g["title"])) for c, g in groups.items()})


@dataclass(frozen=True)
class CityDays:
    """A city's term (the 기준일 input's range) and its latest data date (the default 기준일;
    None when no pledge has data)."""
    term_start: dt.date
    term_end: dt.date
    data_day: dt.date | None


def city_days(pledges: pd.DataFrame) -> CityDays:
    """The CityDays of one city's pledges (query 'pledges')."""
    first = pledges.iloc[0]
    days = pledges["data_until"].dropna() if "data_until" in pledges.columns else []
    return CityDays(pd.Timestamp(first["term_start"]).date(), pd.Timestamp(first["term_end"]).date(),
                    pd.Timestamp(max(days)).date() if len(days) else None)
