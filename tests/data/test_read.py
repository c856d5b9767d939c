"""data.imports.read: bytes → text table (encodings, BOM, delimiters, XLSX) and the typing of
values (dates in the forms people type, numbers with separators, KRW amounts)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from data.imports import read
from data.imports.read import ReadError, detect_encoding, parse_dates, parse_numbers, read_bytes, type_column
from tests.import_corpus import xlsx_bytes

TEXT = "공약번호,신청번호,신청일\n6-1-1,A-1,2024-05-31\n6-1-1,A-2,2024.6.1\n"


@pytest.mark.parametrize("encoding, data, detected", [
    ("utf-8", TEXT.encode("utf-8"), "utf-8"),
    ("utf-8-sig", TEXT.encode("utf-8-sig"), "utf-8-sig"),
    ("cp949", TEXT.encode("cp949"), "cp949"),
    ("euc-kr", TEXT.encode("euc-kr"), "cp949"),
    ("utf-16", TEXT.encode("utf-16"), "utf-16"),
])
def test_every_encoding_gives_the_same_table(encoding, data, detected):
    assert detect_encoding(data) == detected
    table = read_bytes(data, "a.csv")
    assert table.encoding == detected
    assert table.headers == ["공약번호", "신청번호", "신청일"]      # no BOM left on the first header
    assert table.frame["신청번호"].tolist() == ["A-1", "A-2"]
    assert table.rows.tolist() == [2, 3]


def test_bytes_in_no_known_encoding_are_refused_in_korean():
    with pytest.raises(ReadError, match="a.csv: 글자 인코딩을 알 수 없습니다"):
        read_bytes(b"\xff\xfd\xfe\x80\x81,\x82\n", "a.csv")


@pytest.mark.parametrize("sep", [",", "\t", ";"])
def test_the_delimiter_is_sniffed(sep):
    table = read_bytes(TEXT.replace(",", sep).encode("utf-8"), "a.csv")
    assert table.headers == ["공약번호", "신청번호", "신청일"]


def test_values_are_stripped_empty_cells_are_none_and_empty_rows_dropped():
    data = "a,b\n  x\u00a0 ,\n,\n y ,2\n".encode("utf-8")
    table = read_bytes(data, "a.csv")
    assert table.frame["a"].tolist() == ["x", "y"]
    assert table.frame["b"].isna().tolist() == [True, False] and table.frame["b"].iloc[1] == "2"
    assert table.rows.tolist() == [2, 4]           # the spreadsheet row numbers a user sees


def test_a_row_with_too_many_cells_names_its_line():
    with pytest.raises(ReadError, match=r"a.csv 3행: 열 개수가 머리글과 다릅니다"):
        read_bytes("a,b\n1,2\n1,2,3\n".encode("utf-8"), "a.csv")


# Cells of a quote-free file: any text but the delimiter, quotes and line breaks (spaces, tabs,
# no-break spaces, Korean, empty cells included).
_CELL = st.text(st.characters(blacklist_characters=',"\r\n', blacklist_categories=("Cs",)), max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 4).flatmap(lambda width: st.tuples(st.just(width), st.lists(
    st.one_of(st.none(), st.lists(_CELL, min_size=width, max_size=width)), max_size=8))),
       st.sampled_from(["\n", "\r\n"]))
def test_a_quote_free_file_reads_the_same_by_arrow_as_by_duckdb(shape, newline):
    """The two CSV readers give the same text, value for value, on every file both read (Arrow
    reads it here: no quote, no lone CR, every row as wide as the header); None is a blank line."""
    width, rows = shape
    lines = ["" if r is None else ",".join(r) for r in rows]
    utf8 = newline.join([",".join(f"h{i}" for i in range(width)), *lines]).encode() + newline.encode()
    arrow = read._read_plain(utf8, ",", width)
    assert arrow is not None
    duck = read._read_duckdb(utf8, "a.csv", ",", width)
    assert read._text_frame(arrow).astype(object).where(lambda f: f.notna(), None).values.tolist() == \
        read._text_frame(duck).astype(object).where(lambda f: f.notna(), None).values.tolist()


@pytest.mark.parametrize("data", [
    b'a,b\n"1,5",2\n',          # a quoted value
    b"a,b\n1,2\r3,4\n",          # a lone CR
    b"a,b\n1\n2,3\n",            # a short row: DuckDB pads it with an empty value
    b"a,b\n1,2,3\n",            # a long row: DuckDB's message names its line
])
def test_files_arrow_does_not_read_go_to_duckdb(data):
    assert read._read_plain(data, ",", 2) is None


@pytest.mark.parametrize("data, lone", [
    (b"a,b\r\n1,2\r\n", False), (b"a,b\n1,2\n", False), (b"a,b\r1,2", True), (b"a,b\r\n1,2\r", True),
    (b"a,b\r\n1\r,2\r\n", True),
])
def test_a_lone_carriage_return_is_told_from_crlf_line_ends(data, lone):
    assert read._lone_cr(data) is lone


def test_a_short_row_is_padded_with_empty_values():
    table = read_bytes(b"a,b\n1\n2,3\n", "a.csv")
    assert table.frame["b"].tolist()[1] == "3" and pd.isna(table.frame["b"].iloc[0])


@pytest.mark.parametrize("data, rows", [
    (b"a,b\n1,2\n\n3,4\n", [2, 4]),                        # Arrow's reader
    (b"a,b\r\n1,2\r\n\r\n\r\n3,4\r\n", [2, 5]),           # Arrow's reader, CRLF, two blank lines
    (b'a,b\n"1",2\n\n"3",4\n', [2, 4]),                    # DuckDB's reader (quotes), which skips blank lines
    (b'a,b\r\n"1",2\r\n\r\n\r\n"3",4\r\n', [2, 5]),
])
def test_a_blank_line_keeps_the_row_numbers_of_the_lines_after_it(data, rows):
    table = read_bytes(data, "a.csv")
    assert table.frame["a"].tolist() == ["1", "3"]
    assert table.rows.tolist() == rows           # the line numbers a text editor shows


@pytest.mark.parametrize("data, message", [
    (b"", "빈 파일입니다"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", r"예전 엑셀 형식\(XLS\)"),
])
def test_files_that_cannot_be_read(data, message):
    with pytest.raises(ReadError, match=message):
        read_bytes(data, "a.csv")


def test_xlsx_cells_become_text_and_a_named_sheet_is_read():
    data = xlsx_bytes({"안내": [["설명"]],
                  "신청": [[None], ["공약번호", "신청일", "임신주수", "금액"],
                           ["6-1-1", dt.datetime(2024, 5, 31), 22.0, 1250000], ["6-1-1", None, 21.5, "=1+1"]]})
    table = read_bytes(data, "a.xlsx", sheet="신청")
    assert (table.encoding, table.sheet, table.sheets) == ("xlsx", "신청", ["안내", "신청"])
    assert table.header_row == 2                   # the first non-empty row is the header
    assert table.rows.tolist() == [3, 4]
    assert table.frame["신청일"].tolist() == ["2024-05-31", None]
    assert table.frame["임신주수"].tolist() == ["22", "21.5"]
    assert table.frame["금액"].tolist() == ["1250000", "=1+1"]     # formulas stay text, to be refused
    assert read_bytes(data, "a.xlsx").sheet == "안내"


def test_xlsx_keeps_formulas_as_text_so_they_can_be_refused():
    table = read_bytes(xlsx_bytes({"s": [["a"], ["=HYPERLINK(\"x\")"]]}), "a.xlsx")
    assert table.frame["a"].tolist() == ['=HYPERLINK("x")']


def test_a_missing_sheet_and_a_broken_workbook_are_refused():
    data = xlsx_bytes({"신청": [["a"], ["1"]]})
    with pytest.raises(ReadError, match="시트 '없음'이\\(가\\) 없습니다 — 있는 시트: 신청"):
        read_bytes(data, "a.xlsx", sheet="없음")
    with pytest.raises(ReadError, match="엑셀\\(XLSX\\) 파일을 열 수 없습니다"):
        read_bytes(b"PK\x03\x04broken", "a.xlsx")
    with pytest.raises(ReadError, match="CSV 파일에는 시트가 없습니다"):
        read_bytes(TEXT.encode(), "a.csv", sheet="신청")


@pytest.mark.parametrize("text, expected", [
    ("2024-05-31", dt.date(2024, 5, 31)),
    ("2024.5.31", dt.date(2024, 5, 31)),
    ("2024. 5. 31.", dt.date(2024, 5, 31)),
    ("2024/05/31", dt.date(2024, 5, 31)),
    ("2024년 5월 31일", dt.date(2024, 5, 31)),
    ("20240531", dt.date(2024, 5, 31)),
    ("45443", dt.date(2024, 5, 31)),               # an Excel serial date
    ("2024-05-31 09:30", dt.date(2024, 5, 31)),
])
def test_dates_in_the_forms_people_type(text, expected):
    values, bad = parse_dates(pd.Series(["2024-01-01", text, None]))
    assert values.iloc[1].date() == expected
    assert bad.tolist() == [False, False, False]


@pytest.mark.parametrize("text", ["2024-02-30", "어제", "2024-13-01", "31/05/2024"])
def test_impossible_dates_are_marked_bad(text):
    values, bad = parse_dates(pd.Series([text, None]))
    assert bad.tolist() == [True, False]
    assert values.isna().all()


@pytest.mark.parametrize("kind, text, expected", [
    ("int", "22", 22), ("int", "1,234", 1234), ("number", "3.5", 3.5), ("number", " 4 ", 4.0),
    ("krw", "1,250,000원", 1_250_000), ("krw", "₩83,000,000", 83_000_000), ("krw", "500 KRW", 500),
])
def test_numbers_with_separators_and_currency(kind, text, expected):
    values, bad = parse_numbers(pd.Series([text, None]), kind)
    assert values.iloc[0] == expected and pd.isna(values.iloc[1])
    assert not bad.any()


@pytest.mark.parametrize("kind, text", [("int", "3.5"), ("krw", "12.5원"), ("number", "약 3"), ("int", "many")])
def test_values_that_are_not_numbers_of_their_kind_are_marked_bad(kind, text):
    _, bad = parse_numbers(pd.Series([text]), kind)
    assert bad.tolist() == [True]


def test_type_column_gives_python_dates_and_text():
    dates, bad = type_column(pd.Series(["2024.5.31", None]), "date")
    assert dates.tolist() == [dt.date(2024, 5, 31), None] and not bad.any()
    text, bad = type_column(pd.Series(["가", None]), "text")
    assert text.tolist() == ["가", None] and not bad.any()
