"""The product's vocabulary: the words that the store, the card format, the import and the
metrics share, defined once. Values are the Korean words stored in the database (statuses,
funding sources, decisions) or the English codes of the schema (record kinds, indicator
sources); the Korean labels shown for the codes live here too, so that no screen or export
shows a code.

A term (임기) is data, not a constant: each term is a row of the terms table (its start and end),
each pledge names its term (pledges.term) and the periods table holds every term's periods. `DEFAULT_TERM` is only the default of the
card format for cards that do not name their term.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """추진상황 as recorded by the department."""
    DONE_CLOSED = "완료 종결"
    DONE_CONTINUING = "완료 후 계속추진"
    ON_TRACK = "정상추진"
    PARTIAL = "일부추진"
    ON_HOLD = "보류"
    DROPPED = "폐기"


DONE_STATUSES = (Status.DONE_CLOSED, Status.DONE_CONTINUING)


class Suggested(StrEnum):
    """추진상황 suggested by the figures (metrics/status.py)."""
    DONE = "완료"
    ON_TRACK = "정상추진"
    BEHIND = "일부추진"
    NO_DATA = "자료 없음"
    TOO_EARLY = "판단 유보"      # the expected rate is too small to judge (metrics/status.py)


class Source(StrEnum):
    """Where an indicator's actual comes from: a kind of record, or reported yearly figures."""
    PUBLICITY = "publicity"
    APPLICATIONS = "applications"
    VISITS = "visits"
    EXECUTIONS = "executions"
    REPORTED = "reported"


SOURCE_LABELS = {Source.PUBLICITY: "홍보", Source.APPLICATIONS: "신청", Source.VISITS: "서비스 제공",
                 Source.EXECUTIONS: "집행", Source.REPORTED: "보고 실적"}


class RecordKind(StrEnum):
    """The record tables an import writes (one table each)."""
    APPLICATIONS = "applications"
    VISITS = "visits"
    PUBLICITY = "publicity"
    EXECUTIONS = "executions"
    REPORTED_ACTUALS = "reported_actuals"


# The date column that places a record of each kind in time (the as-of cut, the term check).
RECORD_DATE = {RecordKind.APPLICATIONS: "applied_on", RecordKind.VISITS: "visit_date",
               RecordKind.PUBLICITY: "action_date", RecordKind.EXECUTIONS: "executed_on",
               RecordKind.REPORTED_ACTUALS: "reported_on"}


class FundingSource(StrEnum):
    """재원."""
    NATIONAL = "국비"
    PROVINCIAL = "도비"
    CITY = "시비"
    OTHER = "기타"


FUNDING_SOURCES = tuple(FundingSource)


class Decision(StrEnum):
    """An application's decision."""
    APPROVED = "승인"
    INELIGIBLE = "부적격"
    CANCELLED = "취소"


@dataclass(frozen=True)
class Term:
    """An elected term (민선 N기): its name and first and last day."""
    name: str
    start: dt.date
    end: dt.date


DEFAULT_TERM = Term("민선 8기", dt.date(2022, 7, 1), dt.date(2026, 6, 30))
