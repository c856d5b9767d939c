"""The pledge-card file format (YAML), validated by pydantic when loaded.

A card file is what a city fills for each pledge: docs/card-format.md describes it and
data/cards/naju-6-1-1.yaml is the worked example. `load_card` returns a `Card`, or raises
`CardError` with a Korean message naming the file and the field.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from data.vocabulary import DEFAULT_TERM, FUNDING_SOURCES, Source, Status

QUARTER = re.compile(r"^(20\d\d)Q([1-4])$")


class CardError(ValueError):
    """A card file that cannot be loaded; the message is Korean and names file and field."""


# A city code: lower-case letters, digits and '-', starting with a letter (it names files and URLs).
CITY_CODE = r"^[a-z][a-z0-9-]{1,30}$"


class _Strict(BaseModel):
    """Unknown fields refused; every number finite (.nan, .inf and 1e400 refused)."""
    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


class Term(_Strict):
    """The elected term the card belongs to (임기): its name and first and last day."""
    name: str
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _order(self) -> "Term":
        if self.end <= self.start:
            raise ValueError(f"임기 끝({self.end})이 시작({self.start})보다 앞섭니다")
        return self

    @property
    def years(self) -> range:
        """The calendar years the term touches (its target periods)."""
        return range(self.start.year, self.end.year + 1)


def _default_term() -> Term:
    return Term(name=DEFAULT_TERM.name, start=DEFAULT_TERM.start, end=DEFAULT_TERM.end)


class StatusEntry(_Strict):
    """One recorded 추진상황 and the date it took effect (status_history)."""
    status: Status
    date: dt.date
    note: str | None = None


class Area(_Strict):
    number: int
    name: str


class Printed(_Strict):
    as_of: dt.date
    rate: float | None = None
    execution_by_year: dict[int, float] = Field(default_factory=dict)
    execution_total: float | None = None


class TextLine(_Strict):
    text: str
    label: str | None = None
    level: Literal[1, 2] = 1


class PlanLine(_Strict):
    text: str
    when: str | None = None


class ServiceRule(_Strict):
    starts: dt.date = Field(alias="from")
    hours_per_visit: float
    visits_per_person: int
    eligible_from_week: int


class Milestone(_Strict):
    name: str
    start: str
    end: str
    done: str | None = None

    @field_validator("start", "end", "done")
    @classmethod
    def _quarter(cls, value: str | None) -> str | None:
        if value is not None and not QUARTER.match(value):
            raise ValueError(f"분기는 2023Q1 형식이어야 합니다: {value!r}")
        return value


class Investment(_Strict):
    program: str
    before: dict[str, float] = Field(default_factory=dict)
    after: dict[str, float] = Field(default_factory=dict)
    term: dict[str, dict[int, float]]

    @model_validator(mode="after")
    def _sources(self) -> "Investment":
        for part in (self.before, self.after, self.term):
            for source in part:
                if source not in FUNDING_SOURCES:
                    raise ValueError(f"재원은 {', '.join(FUNDING_SOURCES)} 중 하나여야 합니다: {source!r}")
        return self


class LogLine(_Strict):
    text: str
    date: str
    details: list[str] = Field(default_factory=list)


class PrintedIndicator(_Strict):
    actuals: dict[int, float] = Field(default_factory=dict)
    rate: float | None = None


class Indicator(_Strict):
    id: str
    name: str
    unit: str
    source: Source
    targets: dict[int, float]
    cap: bool = True
    weight: float = Field(default=1.0, gt=0)
    description: str | None = None
    printed: PrintedIndicator | None = None

    @field_validator("targets")
    @classmethod
    def _target_years(cls, value: dict[int, float]) -> dict[int, float]:
        for year, target in value.items():
            if target is not None and target < 0:
                raise ValueError(f"목표는 0 이상이어야 합니다: {year}년 {target}")
        return value


class Contact(_Strict):
    role: str
    name: str | None = None
    phone: str | None = None


class Card(_Strict):
    city: str = Field(pattern=CITY_CODE)
    city_name: str
    province: str | None = None
    city_rounding: Literal["half_up", "cut"] | None = None   # how the city publishes rates (반올림 | 버림)
    id: str
    title: str
    area: Area
    strategy_no: int | None = None
    item_no: int | None = None
    completion: Literal["임기내", "임기후"]
    implementer: str  # 국가 | 도 | <city name> | 민간
    novelty: Literal["신규", "계속"]
    budget_type: Literal["예산", "비예산"]
    required_budget: float | None = Field(default=None, ge=0)
    status: Status
    status_date: dt.date | None = None
    status_note: str | None = None
    status_history: list[StatusEntry] = Field(default_factory=list)
    printed: Printed | None = None
    policy_goal: str
    overview: list[TextLine] = Field(default_factory=list)
    plan: list[PlanLine] = Field(default_factory=list)
    service_rules: list[ServiceRule] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    milestones_note: str | None = None
    investment: Investment | None = None
    progress_log: list[LogLine] = Field(default_factory=list)
    indicators: list[Indicator]
    rate_note: str | None = None
    expected_effects: list[str] = Field(default_factory=list)
    department: str
    team: str | None = None
    contacts: list[Contact] = Field(default_factory=list)
    synthetic: bool = False
    term: Term = Field(default_factory=_default_term)

    @field_validator("id")
    @classmethod
    def _pledge_id(cls, value: str) -> str:
        if not re.fullmatch(r"\d+-\d+-\d+", value):
            raise ValueError(f"공약 번호는 6-1-1 형식이어야 합니다: {value!r}")
        return value

    @model_validator(mode="after")
    def _unique_indicators(self) -> "Card":
        ids = [i.id for i in self.indicators]
        if len(ids) != len(set(ids)):
            raise ValueError("확인지표 id가 중복되었습니다")
        return self

    def statuses(self) -> list[StatusEntry]:
        """The dated status history, oldest first: `status_history`, with the card's own status
        (status, status_date, status_note) added when its date is not in it. A status without a
        date takes effect on the card's 기준일 (printed.as_of), else on the term's first day."""
        day = self.status_date or (self.printed.as_of if self.printed else None) or self.term.start
        entries = {e.date: e for e in self.status_history}
        entries.setdefault(day, StatusEntry(status=self.status, date=day, note=self.status_note))
        return [entries[d] for d in sorted(entries)]

    @model_validator(mode="after")
    def _status_history(self) -> "Card":
        """Dates unique; the card's status is the newest of its history."""
        dates = [e.date for e in self.status_history]
        if len(dates) != len(set(dates)):
            raise ValueError("추진상황 이력의 날짜가 중복되었습니다")
        newest = self.statuses()[-1]
        if newest.status != self.status:
            raise ValueError(f"카드의 추진상황({self.status.value})이 이력의 마지막 상황({newest.status.value}, "
                             f"{newest.date})과 다릅니다")
        return self

    def _term_text(self) -> str:
        return f"{self.term.name} {self.term.start} ~ {self.term.end}"

    @model_validator(mode="after")
    def _years_in_term(self) -> "Card":
        """Target years and investment-plan years fall in the card's term."""
        years = self.term.years
        for ind in self.indicators:
            for year in ind.targets:
                if year not in years:
                    raise ValueError(f"목표 연도가 임기 밖입니다: {year} (확인지표 {ind.id}; {self._term_text()})")
        if self.investment:
            for by_year in self.investment.term.values():
                for year in by_year:
                    if year not in years:
                        raise ValueError(f"투자 계획 연도가 임기 밖입니다: {year} ({self._term_text()})")
        return self


def parse_card(doc: object, name: str) -> Card:
    """Validate one parsed YAML document as a card; raise CardError naming `name` and the field."""
    try:
        return Card.model_validate(doc)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(전체)"
        raise CardError(f"{name}: 항목 '{where}' — {_korean(first)}") from None


def load_card(path: str | Path) -> Card:
    """Read and validate a card file."""
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise CardError(f"{path.name}: 파일을 읽을 수 없습니다 ({err})") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f" {mark.line + 1}행" if mark else ""
        raise CardError(f"{path.name}:{line} YAML 형식 오류입니다") from None
    return parse_card(doc, path.name)


def _shown(value, limit: int = 30) -> str:
    """A value as a message may show it: repr, cut at `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _korean(error: dict) -> str:
    kind = error["type"]
    value = _shown(error.get("input"))
    if kind == "missing":
        return "필수 항목이 없습니다"
    if kind == "extra_forbidden":
        return "알 수 없는 항목입니다"
    if kind in ("literal_error", "enum"):
        return f"허용되지 않는 값입니다 ({value})"
    if kind == "finite_number":
        return "숫자는 유한한 값이어야 합니다 (.nan, .inf, 너무 큰 수는 쓸 수 없습니다)"
    if kind in ("greater_than", "greater_than_equal"):
        bound = (error.get("ctx") or {}).get("gt", (error.get("ctx") or {}).get("ge"))
        return f"{bound}{'보다 커야' if kind == 'greater_than' else ' 이상이어야'} 합니다 ({value})"
    if kind == "string_pattern_mismatch":
        return f"형식이 맞지 않습니다 ({value}) — 시군 코드는 영문 소문자로 시작하는 소문자·숫자·- 2~31자 (예: naju)"
    if kind in ("int_parsing", "float_parsing", "int_type", "float_type"):
        return f"숫자가 아닙니다 ({value})"
    if kind.startswith("date"):
        return f"날짜 형식이 아닙니다 ({value}) — 2024-05-31 형식"
    message = str(error.get("msg", ""))
    return message.removeprefix("Value error, ")[:200]
