"""Record file formats: the Korean column headers a city officer types, English aliases, types.

One `RecordFormat` per kind of record. Korean headers are canonical (they are what the
templates carry); English aliases are accepted on import. `docs/formats.md` is generated
from this table's content and a test keeps the two in step.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from data.vocabulary import FUNDING_SOURCES, Decision


def header_key(text: str) -> str:
    """How headers are compared: case-folded, without spaces, dots, underscores or hyphens
    ('대상자 ID', '대상자ID' and 'person-id' all match)."""
    return re.sub(r"[\s._\-]+", "", str(text)).casefold()


@dataclass(frozen=True)
class Column:
    name: str              # the store's column name (English)
    header: str            # canonical Korean header
    kind: str              # text | date | int | number | krw
    required: bool = True
    description: str = ""
    aliases: tuple[str, ...] = ()   # other accepted headers (English names, common Korean variants)


@dataclass(frozen=True)
class RecordFormat:
    kind: str              # the table name
    label: str             # Korean name shown on screen
    key: tuple[str, ...]   # natural key inside a pledge
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def aliases(self) -> dict[str, str]:
        """Map every accepted header (Korean and English, case-folded) to the store column."""
        out: dict[str, str] = {}
        for c in self.columns:
            out[c.header.casefold()] = c.name
            out[c.name.casefold()] = c.name
            for alias in c.aliases:
                out[alias.casefold()] = c.name
        return out

    def header_map(self) -> dict[str, str]:
        """Map every accepted header, compared by `header_key`, to the store column."""
        return {header_key(h): name for h, name in self.aliases().items()}

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


PLEDGE = Column("pledge_id", "공약번호", "text", description="공약 번호, 예: 6-1-1", aliases=("pledge", "공약"))

FORMATS: dict[str, RecordFormat] = {
    f.kind: f
    for f in (
        RecordFormat(
            "applications", "신청", ("application_id",),
            (
                PLEDGE,
                Column("application_id", "신청번호", "text", description="신청·예약 시스템의 신청 번호", aliases=("application", "신청ID")),
                Column("applied_on", "신청일", "date", aliases=("application_date", "신청일자")),
                Column("person_id", "대상자ID", "text", description="가명 처리된 대상자 번호 (이름·주민등록번호 금지)", aliases=("person", "대상자번호")),
                Column("emd", "읍면동", "text", False, aliases=("district", "읍·면·동")),
                Column("pregnancy_week", "임신주수", "int", False, "신청일 기준 임신 주수", aliases=("week",)),
                Column("due_date", "출산예정일", "date", False, aliases=("due",)),
                Column("decision", "결정", "text", False, f"{' | '.join(Decision)} (비우면 {Decision.APPROVED})", aliases=("결정구분", "status")),
            ),
        ),
        RecordFormat(
            "visits", "서비스 제공", ("visit_id",),
            (
                PLEDGE,
                Column("visit_id", "제공번호", "text", aliases=("visit",)),
                Column("application_id", "신청번호", "text", False, aliases=("application",)),
                Column("person_id", "대상자ID", "text", description="가명 처리된 대상자 번호", aliases=("person", "대상자번호")),
                Column("visit_date", "제공일", "date", aliases=("date", "제공일자")),
                Column("hours", "제공시간", "number", description="1회 제공 시간 (시간)", aliases=("hours_per_visit",)),
                Column("service", "서비스", "text", False, "청소 | 세탁 | 정리수납", aliases=("서비스내용",)),
            ),
        ),
        RecordFormat(
            "publicity", "홍보", ("publicity_id",),
            (
                PLEDGE,
                Column("publicity_id", "홍보번호", "text", aliases=("publicity",)),
                Column("action_date", "홍보일", "date", aliases=("date", "홍보일자")),
                Column("channel", "매체", "text", False, "누리집 | SNS | 문자 | 보도자료 | 현수막 | 리플릿", aliases=("홍보매체",)),
                Column("title", "내용", "text", False, aliases=("홍보내용",)),
            ),
        ),
        RecordFormat(
            "executions", "집행", ("execution_id",),
            (
                PLEDGE,
                Column("execution_id", "집행번호", "text", aliases=("execution",)),
                Column("executed_on", "집행일", "date", aliases=("date", "집행일자")),
                Column("amount_krw", "집행액(원)", "krw", description="원 단위, 천 단위 쉼표 허용", aliases=("amount", "집행액", "집행금액")),
                Column("funding_source", "재원", "text", description=" | ".join(FUNDING_SOURCES), aliases=("source", "재원구분")),
                Column("description", "적요", "text", False, aliases=("내역",)),
            ),
        ),
        RecordFormat(
            "reported_actuals", "연도별 보고 실적", ("indicator_id", "period", "reported_on"),
            (
                PLEDGE,
                Column("indicator_id", "지표ID", "text", aliases=("indicator", "지표")),
                Column("period", "연도", "int", description="임기 안의 연도, 예: 2024", aliases=("year", "년도")),
                Column("value", "실적", "number", aliases=("actual",)),
                Column("reported_on", "보고일", "date", description="이 실적이 집계된 기준일", aliases=("기준일", "as_of")),
                Column("note", "비고", "text", False, aliases=("memo",)),
            ),
        ),
    )
}


# Target changes (목표 변경) imported from a file: each row is the new target of one indicator
# for one period, recorded as a target revision (author and reason given with the import).
TARGETS = RecordFormat(
    "targets", "목표 변경", ("indicator_id", "period"),
    (
        PLEDGE,
        Column("indicator_id", "지표ID", "text", description="카드의 확인지표 id, 예: applications", aliases=("indicator", "지표")),
        Column("period", "연도", "int", description="임기 안의 연도, 예: 2024 (마지막 해는 임기 끝까지)", aliases=("year", "년도")),
        Column("target", "목표", "number", description="그 연도의 새 목표 (누계 아님)", aliases=("new_target", "변경목표")),
    ),
)

# Everything a file can hold, in the order the dashboard lists them (the card is YAML: "card").
IMPORT_FORMATS: dict[str, RecordFormat] = {**FORMATS, "targets": TARGETS}
CARD_KIND = "card"
KIND_LABELS: dict[str, str] = {**{k: f.label for k, f in IMPORT_FORMATS.items()}, CARD_KIND: "공약 관리카드"}
