"""Record file formats: the Korean column headers a city officer types, English aliases, types.

One `RecordFormat` per kind of record. Korean headers are canonical (they are what the
templates carry); English aliases are accepted on import. `docs/formats.md` is generated
from this table's content and a test keeps the two in step.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str              # the store's column name (English)
    header: str            # canonical Korean header
    kind: str              # text | date | int | number | krw
    required: bool = True
    description: str = ""


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
        return out


PLEDGE = Column("pledge_id", "공약번호", "text", description="공약 번호, 예: 6-1-1")

FORMATS: dict[str, RecordFormat] = {
    f.kind: f
    for f in (
        RecordFormat(
            "applications", "신청", ("application_id",),
            (
                PLEDGE,
                Column("application_id", "신청번호", "text", description="신청·예약 시스템의 신청 번호"),
                Column("applied_on", "신청일", "date"),
                Column("person_id", "대상자ID", "text", description="가명 처리된 대상자 번호 (이름·주민등록번호 금지)"),
                Column("emd", "읍면동", "text", False),
                Column("pregnancy_week", "임신주수", "int", False, "신청일 기준 임신 주수"),
                Column("due_date", "출산예정일", "date", False),
                Column("decision", "결정", "text", False, "승인 | 부적격 | 취소 (비우면 승인)"),
            ),
        ),
        RecordFormat(
            "visits", "서비스 제공", ("visit_id",),
            (
                PLEDGE,
                Column("visit_id", "제공번호", "text"),
                Column("application_id", "신청번호", "text", False),
                Column("person_id", "대상자ID", "text", description="가명 처리된 대상자 번호"),
                Column("visit_date", "제공일", "date"),
                Column("hours", "제공시간", "number", description="1회 제공 시간 (시간)"),
                Column("service", "서비스", "text", False, "청소 | 세탁 | 정리수납"),
            ),
        ),
        RecordFormat(
            "publicity", "홍보", ("publicity_id",),
            (
                PLEDGE,
                Column("publicity_id", "홍보번호", "text"),
                Column("action_date", "홍보일", "date"),
                Column("channel", "매체", "text", False, "누리집 | SNS | 문자 | 보도자료 | 현수막 | 리플릿"),
                Column("title", "내용", "text", False),
            ),
        ),
        RecordFormat(
            "executions", "집행", ("execution_id",),
            (
                PLEDGE,
                Column("execution_id", "집행번호", "text"),
                Column("executed_on", "집행일", "date"),
                Column("amount_krw", "집행액(원)", "krw", description="원 단위, 천 단위 쉼표 허용"),
                Column("funding_source", "재원", "text", description="국비 | 도비 | 시비 | 기타"),
                Column("description", "적요", "text", False),
            ),
        ),
        RecordFormat(
            "reported_actuals", "연도별 보고 실적", ("indicator_id", "period", "reported_on"),
            (
                PLEDGE,
                Column("indicator_id", "지표ID", "text"),
                Column("period", "연도", "int", description="2022 ~ 2026"),
                Column("value", "실적", "number"),
                Column("reported_on", "보고일", "date", description="이 실적이 집계된 기준일"),
                Column("note", "비고", "text", False),
            ),
        ),
    )
}
