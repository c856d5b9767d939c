"""A deterministic corpus of files for the import tests: the bad files (each refusal the import
knows, in each encoding) and good ones (a CP949 export of 500 applications, XLSX workbooks).

Built in memory from code, not committed as binary junk. `BAD` lists
(case id, file name, bytes, prepare() keyword arguments, expected message fragments, row, column).
"""
from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass, field

import openpyxl

APPLICATION_HEADERS = ["공약번호", "신청번호", "신청일", "대상자ID", "읍면동", "임신주수", "출산예정일", "결정"]
EXECUTION_HEADERS = ["공약번호", "집행번호", "집행일", "집행액(원)", "재원", "적요"]
PUBLICITY_HEADERS = ["공약번호", "홍보번호", "홍보일", "매체", "내용"]
REPORTED_HEADERS = ["공약번호", "지표ID", "연도", "실적", "보고일", "비고"]
VISIT_HEADERS = ["공약번호", "제공번호", "신청번호", "대상자ID", "제공일", "제공시간", "서비스"]


def csv_bytes(headers: list[str], rows: list[list], encoding: str = "utf-8", newline: str = "\r\n") -> bytes:
    """A CSV as Excel writes it (CRLF; values with commas or quotes quoted)."""
    def cell(v) -> str:
        text = "" if v is None else str(v)
        return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"\n') else text
    lines = [",".join(cell(h) for h in headers)] + [",".join(cell(v) for v in r) for r in rows]
    text = newline.join(lines) + newline
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list]], dress=None) -> bytes:
    """A workbook with the given sheets (rows of Python values; '=…' strings become formulas);
    `dress(sheet, title)`, when given, changes each sheet once its rows are in."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for r in rows:
            ws.append(r)
        if dress:
            dress(ws, title)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def application(i: int, day: dt.date, week: int = 24, decision: str = "승인", prefix: str = "T") -> list:
    return ["6-1-1", f"{prefix}-A-{i:05d}", day.isoformat(), f"{prefix}-P-{i:05d}", "빛가람동", week,
            (day + dt.timedelta(days=100)).isoformat(), decision]


def applications_500_cp949(seed: int = 7) -> bytes:
    """500 applications from 2024-06-01 to 2024-12-31, as Korean Excel exports them: CP949,
    dates typed as 2024. 6. 3. or 2024.6.3, CRLF. Returns the bytes."""
    rng = random.Random(seed)
    rows = []
    for i in range(500):
        day = dt.date(2024, 6, 1) + dt.timedelta(days=rng.randrange(0, 214))
        shown = f"{day.year}. {day.month}. {day.day}." if i % 2 else f"{day.year}.{day.month}.{day.day}"
        rows.append(["6-1-1", f"EXP-A-{i:05d}", shown, f"EXP-P-{i:05d}", rng.choice(["빛가람동", "남평읍", "송월동"]),
                     rng.randint(21, 36), (day + dt.timedelta(days=rng.randint(30, 120))).isoformat(), "승인"])
    return csv_bytes(APPLICATION_HEADERS, rows, "cp949")


def applications_500_dates() -> list[dt.date]:
    """The application dates of `applications_500_cp949()` (same seed)."""
    rng = random.Random(7)
    out = []
    for _ in range(500):
        out.append(dt.date(2024, 6, 1) + dt.timedelta(days=rng.randrange(0, 214)))
        rng.choice(["빛가람동", "남평읍", "송월동"])
        rng.randint(21, 36)
        rng.randint(30, 120)
    return out


def big_applications(n: int = 100_000, bad_last: bool = False) -> bytes:
    """n applications (UTF-8) in 2024; with bad_last, the last row is dated in the future."""
    start = dt.date(2024, 6, 1)
    days = [(start + dt.timedelta(days=i % 200)).isoformat() for i in range(200)]
    lines = [",".join(APPLICATION_HEADERS)]
    for i in range(n):
        lines.append(f"6-1-1,BIG-A-{i:06d},{days[i % 200]},BIG-P-{i:06d},빛가람동,{21 + i % 15},2025-01-15,승인")
    if bad_last:
        lines[-1] = lines[-1].replace(days[(n - 1) % 200], "2099-01-01", 1)
    return ("\n".join(lines) + "\n").encode("utf-8")


@dataclass
class Case:
    id: str
    name: str
    data: bytes
    fragments: list[str]
    kwargs: dict = field(default_factory=dict)
    row: int | None = None
    column: str | None = None


D = dt.date(2024, 3, 4)
GOOD_APP = application(1, D)


def _apps(*rows: list, encoding: str = "utf-8", headers: list[str] | None = None) -> bytes:
    return csv_bytes(headers or APPLICATION_HEADERS, list(rows), encoding)


def bad_cases() -> list[Case]:
    """At least 25 files the import must refuse, each with the message a city officer reads."""
    cmd = "=cmd|' /C calc'!A0"
    return [
        Case("empty", "빈파일.csv", b"", ["빈 파일입니다"]),
        Case("empty_bom_only", "bom.csv", b"\xef\xbb\xbf\r\n", ["빈 파일입니다"]),
        Case("header_only_utf8", "머리글만.csv", _apps(), ["데이터 행이 없습니다"]),
        Case("header_only_cp949", "머리글만_cp949.csv", _apps(encoding="cp949"), ["데이터 행이 없습니다"]),
        Case("unknown_encoding", "깨짐.csv", "공약번호,신청번호\n".encode("utf-8") + b"\xff\xfe\xff\x80\x80\n",
             ["인코딩을 알 수 없습니다"]),
        Case("unrecognised_headers", "모름.csv", csv_bytes(["가", "나", "다"], [["1", "2", "3"]]),
             ["어떤 기록인지 알 수 없습니다", "양식(템플릿)"]),
        Case("missing_column", "신청_열빠짐.csv",
             csv_bytes([h for h in APPLICATION_HEADERS if h != "신청일"], [[v for h, v in zip(APPLICATION_HEADERS, GOOD_APP) if h != "신청일"]]),
             ["필수 열 '신청일'이(가) 없습니다"], {"kind": "applications"}, column="신청일"),
        Case("unknown_column", "신청_열추가.csv",
             csv_bytes(APPLICATION_HEADERS + ["메모2"], [GOOD_APP + ["x"]]), ["알 수 없는 열입니다"], column="메모2"),
        Case("bad_date_cp949", "신청_날짜.csv",
             _apps(GOOD_APP, application(2, D)[:2] + ["2024-02-30"] + application(2, D)[3:], encoding="cp949"),
             ["날짜가 아닙니다: '2024-02-30'"], row=3, column="신청일"),
        Case("bad_int", "신청_주수.csv", _apps(application(1, D)[:5] + ["스물둘"] + application(1, D)[6:]),
             ["정수가 아닙니다: '스물둘'"], row=2, column="임신주수"),
        Case("bad_amount", "집행_금액.csv",
             csv_bytes(EXECUTION_HEADERS, [["6-1-1", "T-E-1", "2024-03-10", "12만원", "시비", "위탁비"]]),
             ["원 단위 금액(정수)이 아닙니다: '12만원'"], row=2, column="집행액(원)"),
        Case("negative_amount_bom", "집행_음수.csv",
             csv_bytes(EXECUTION_HEADERS, [["6-1-1", "T-E-1", "2024-03-10", "-1,250,000", "시비", "반납"]], "utf-8-sig"),
             ["금액은(는) 음수일 수 없습니다: -1,250,000"], row=2, column="집행액(원)"),
        Case("future_date", "신청_미래.csv", _apps(application(1, dt.date(2099, 1, 1))),
             ["미래의 날짜입니다: 2099-01-01"], {"today": dt.date(2024, 6, 1)}, row=2, column="신청일"),
        Case("before_term", "신청_임기전.csv", _apps(application(1, dt.date(2022, 6, 30))),
             ["임기(2022-07-01 ~ 2026-06-30) 밖의 날짜입니다: 2022-06-30"], row=2, column="신청일"),
        Case("unknown_pledge", "신청_공약.csv", _apps(["9-9-9"] + GOOD_APP[1:]),
             ["없는 공약번호입니다: '9-9-9'"], row=2, column="공약번호"),
        Case("unknown_indicator", "보고실적.csv",
             csv_bytes(REPORTED_HEADERS, [["6-1-1", "satisfaction", "2024", "80", "2024-05-31", ""]]),
             ["없는 확인지표입니다: 'satisfaction'"], row=2, column="지표ID"),
        Case("year_outside_term", "보고실적_연도.csv",
             csv_bytes(REPORTED_HEADERS, [["6-1-1", "publicity", "2030", "3", "2024-05-31", ""]], "utf-8-sig"),
             ["임기 중의 연도가 아닙니다: 2030"], row=2, column="연도"),
        Case("duplicate_in_file", "신청_중복.csv", _apps(GOOD_APP, application(2, D), GOOD_APP),
             ["이 2행에도 있습니다"], row=4, column="신청번호"),
        Case("required_value_empty", "신청_빈값.csv", _apps(GOOD_APP[:3] + [""] + GOOD_APP[4:]),
             ["'대상자ID' 값이 비어 있습니다"], row=2, column="대상자ID"),
        Case("bad_decision", "신청_결정.csv", _apps(GOOD_APP[:7] + ["보류"]),
             ["허용되지 않는 값입니다: '보류' — 승인, 부적격, 취소 중 하나"], row=2, column="결정"),
        Case("bad_funding_source", "집행_재원.csv",
             csv_bytes(EXECUTION_HEADERS, [["6-1-1", "T-E-1", "2024-03-10", "1,000", "구비", ""]]),
             ["허용되지 않는 값입니다: '구비'"], row=2, column="재원"),
        Case("zero_hours", "제공_시간.csv",
             csv_bytes(VISIT_HEADERS, [["6-1-1", "T-V-1", "", "T-P-1", "2024-03-10", "0", "청소"]]),
             ["제공시간이 0입니다"], row=2, column="제공시간"),
        Case("pii_name_column", "신청_성명.csv", csv_bytes(APPLICATION_HEADERS + ["성명"], [GOOD_APP + ["김민지"]]),
             ["개인정보 보호", "'성명' 열은 이름 열로 보입니다"], column="성명"),
        Case("pii_rrn_values", "신청_주민번호.csv", _apps(GOOD_APP[:3] + ["950101-2345678"] + GOOD_APP[4:]),
             ["개인정보 보호", "주민등록번호로 보이는 값이 1개"], row=2, column="대상자ID"),
        Case("pii_phone_column_cp949", "신청_연락처.csv",
             csv_bytes(APPLICATION_HEADERS + ["연락처"], [GOOD_APP + ["061-330-1234"]], "cp949"),
             ["개인정보 보호", "'연락처' 열은 전화번호 열로 보입니다"], column="연락처"),
        Case("pii_phone_values", "신청_전화값.csv", _apps(GOOD_APP[:4] + ["010-1234-5678"] + GOOD_APP[5:]),
             ["개인정보 보호", "전화번호로 보이는 값"], row=2, column="읍면동"),
        Case("pii_name_as_person_id", "신청_대상자이름.csv", _apps(GOOD_APP[:3] + ["김민지"] + GOOD_APP[4:]),
             ["개인정보 보호", "이름으로 보이는 값이 1개"], row=2, column="대상자ID"),
        Case("pii_name_xlsx", "신청_이름.xlsx", xlsx_bytes({"신청": [APPLICATION_HEADERS + ["Name"], GOOD_APP + ["Kim"]]}),
             ["개인정보 보호", "'Name' 열은 이름 열로 보입니다"], column="Name"),
        Case("formula_dde_csv", "홍보_수식.csv",
             csv_bytes(PUBLICITY_HEADERS, [["6-1-1", "T-H-1", "2024-03-10", "SNS", cmd]]),
             ["수식이나 명령으로 보이는 값은 받지 않습니다"], row=2, column="내용"),
        Case("formula_xlsx", "신청_수식.xlsx",
             xlsx_bytes({"신청": [APPLICATION_HEADERS, GOOD_APP[:5] + ["=20+2"] + GOOD_APP[6:]]}),
             ["수식이나 명령으로 보이는 값은 받지 않습니다", "'=20+2'"], row=2, column="임신주수"),
        Case("wrong_sheet_name", "신청_시트.xlsx", xlsx_bytes({"신청": [APPLICATION_HEADERS, GOOD_APP]}),
             ["시트 '2025'이(가) 없습니다 — 있는 시트: 신청"], {"sheet": "2025"}),
        Case("cover_sheet_first", "신청_표지.xlsx",
             xlsx_bytes({"표지": [["임신부 가사돌봄서비스 신청 현황"], ["작성 부서", "보건행정과"]],
                         "신청": [APPLICATION_HEADERS, GOOD_APP]}),
             ["어떤 기록인지 알 수 없습니다", "있는 시트: 표지, 신청"]),
        Case("empty_sheet", "빈시트.xlsx", xlsx_bytes({"Sheet1": []}), ["시트 'Sheet1'이(가) 비어 있습니다"]),
        Case("not_a_workbook", "가짜.xlsx", b"PK\x03\x04 this is not a zip archive at all",
             ["엑셀(XLSX) 파일을 열 수 없습니다"]),
        Case("legacy_xls", "예전.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ["예전 엑셀 형식(XLS)"]),
        Case("ragged_row", "신청_열개수.csv",
             ("\r\n".join([",".join(APPLICATION_HEADERS), ",".join(map(str, GOOD_APP)),
                           ",".join(map(str, application(2, D))) + ",남는값"]) + "\r\n").encode("utf-8"),
             ["3행: 열 개수가 머리글과 다릅니다 (머리글 8개, 이 행 9개)"]),
        Case("utf16_bad_date", "신청_utf16.csv",
             ("\t".join(APPLICATION_HEADERS) + "\r\n" + "\t".join(map(str, GOOD_APP[:2] + ["어제"] + GOOD_APP[3:])) + "\r\n").encode("utf-16"),
             ["날짜가 아닙니다: '어제'"], row=2, column="신청일"),
        Case("targets_without_author", "목표.csv",
             csv_bytes(["공약번호", "지표ID", "연도", "목표"], [["6-1-1", "applications", "2025", "700"]]),
             ["변경자 이름이 필요합니다", "변경 사유가 필요합니다"]),
        Case("targets_negative", "목표_음수.csv",
             csv_bytes(["공약번호", "지표ID", "연도", "목표"], [["6-1-1", "applications", "2025", "-5"]]),
             ["목표은(는) 음수일 수 없습니다: -5"], {"author": "기획팀", "reason": "시험"}, row=2, column="목표"),
        Case("card_yaml_syntax", "카드.yaml", "city: naju\nid: [6-1-2\n".encode("utf-8"), ["YAML 형식 오류입니다"]),
        Case("card_bad_field", "카드_항목.yaml", "city: naju\ncity_name: 나주시\nid: 6-1-2\n".encode("utf-8"),
             ["항목 'title' — 필수 항목이 없습니다"]),
        Case("big_at_limit_one_bad_row", "신청_대용량.csv", big_applications(100_000, bad_last=True),
             ["미래의 날짜입니다: 2099-01-01"], {"today": dt.date(2025, 1, 1)}, row=100_001, column="신청일"),
    ]
