"""Reading the files people really have into text tables, and typing their values.

Shared by the build (data/build.py) and the import (data/imports/): one code path.
No store access here and no Streamlit: bytes in, pandas out.

- CSV in UTF-8, UTF-8 with BOM, CP949/EUC-KR (Korean Excel's default) and UTF-16 (Excel's
  "유니코드 텍스트"); comma, tab or semicolon separated. Decoded by Python's codecs, then read
  by Arrow's CSV reader when no value is quoted, else by DuckDB's (both vectorised: a
  200,000-row file in well under a second).
- XLSX: the first sheet or a named one (openpyxl, formulas kept as text so they can be refused).
- Dates: 2024-05-31, 2024.5.31, 2024. 5. 31., 2024/05/31, 2024년 5월 31일, 20240531 and
  Excel serial dates (45443). Numbers with thousands separators; KRW amounts with 원 or ₩.
"""
from __future__ import annotations

import csv
import os
import re
import tempfile
from dataclasses import dataclass, field
from functools import cache

import duckdb
import numpy as np
import pandas as pd

from data.imports.guard import check_table, csv_text, guard_file
from data.imports.limits import Refusal, limits
from data.imports.sheet import read_sheet
from data.imports.threads import per_column
from data.store import execute


class ReadError(ValueError):
    """A file that cannot be read at all; str() is one Korean line naming the file."""


@dataclass
class RawTable:
    """A file read as text: one column per header (as written), values stripped, '' -> None.

    `rows` holds the spreadsheet row number a user sees for each data row (header = `header_row`).
    """
    name: str
    frame: pd.DataFrame
    rows: np.ndarray
    encoding: str                 # utf-8 | utf-8-sig | cp949 | utf-16 | xlsx
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_row: int = 1
    screened: dict = field(default_factory=dict, repr=False, compare=False)   # header -> its text as the screens read it

    @property
    def headers(self) -> list[str]:
        return list(self.frame.columns)


# --- encodings and the DuckDB reader ----------------------------------------------------------

def detect_encoding(data: bytes) -> str:
    """'utf-8-sig' (BOM), 'utf-16' (BOM), 'utf-8' when the bytes decode as UTF-8, else 'cp949'.

    CP949 is Korean Windows' code page and a superset of EUC-KR, so EUC-KR files read as CP949.
    Raises ReadError (without the file name) when neither decodes.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp949")
        return "cp949"
    except UnicodeDecodeError:
        raise ReadError("글자 인코딩을 알 수 없습니다 — 엑셀에서 'CSV UTF-8' 또는 'CSV(쉼표로 분리)'로 다시 저장하세요") from None


@cache
def _reader() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def reader_connection() -> duckdb.DuckDBPyConnection:
    """A cursor of the process's in-memory DuckDB database used only to read files (it never
    touches the store and keeps nothing: opened once, as a fresh connection costs ~20 ms)."""
    return _reader().cursor()


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


_CSV_LINE = re.compile(r"CSV Error on Line: (\d+)")
_CSV_COUNTS = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


def read_csv_bytes(data: bytes, name: str) -> RawTable:
    """Read CSV bytes (any of the encodings above) into a RawTable of text."""
    if not data.strip(b"\xef\xbb\xbf\xff\xfe \t\r\n\x00"):
        raise ReadError(f"{name}: 빈 파일입니다")
    try:
        utf8, encoding = csv_text(data)
    except Refusal as err:
        raise ReadError(f"{name}{_at(err)}: {err}") from None
    first_line = utf8.split(b"\n", 1)[0].decode("utf-8", errors="replace").rstrip("\r")
    delimiter = _sniff_delimiter(first_line)
    headers = [h.strip() for h in next(csv.reader([first_line], delimiter=delimiter))]
    if not any(headers):
        raise ReadError(f"{name}: 1행에 머리글(열 이름)이 없습니다 — 첫 행에 열 이름을 쓰세요")
    if len(headers) > limits().columns:
        raise ReadError(f"{name}: 열이 너무 많습니다 ({len(headers):,}열, 최대 {limits().columns:,}열)")
    raw = _read_plain(utf8, delimiter, len(headers))
    if raw is None:
        raw = _read_duckdb(utf8, name, delimiter, len(headers))
    frame = _text_frame(raw)
    frame.columns = headers
    return _limited(_finish(RawTable(name, frame, np.arange(2, len(frame) + 2), encoding)))


def _read_plain(utf8: bytes, delimiter: str, width: int):
    """The data rows of a CSV with no quote character and no line break but '\\n' and '\\r\\n'
    (what most exports write) as an Arrow table of text, read by Arrow's CSV reader (a third of
    DuckDB's time on such a file); None when the file has a quote or a lone '\\r', or any row is not
    `width` values wide: DuckDB's reader then reads it (`_read_duckdb`: quoting, short rows padded
    with empty values, and the messages for a malformed file). A blank line is a row of empty
    values, which `_finish` drops keeping the rows' numbers."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    if b'"' in utf8 or (b"\r" in utf8 and _lone_cr(utf8)):
        return None
    names = [f"c{i}" for i in range(width)]
    try:
        table = pcsv.read_csv(
            pa.BufferReader(utf8),
            read_options=pcsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, quote_char=False, ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                strings_can_be_null=False))
    except pa.ArrowException:
        return None
    return table.combine_chunks()       # one chunk a column, as DuckDB's reader gives


def _lone_cr(utf8: bytes) -> bool:
    """Whether a '\\r' in the bytes is not followed by '\\n' (counted by numpy: a third of the time
    of counting both in Python, 8.6 MB with CRLF line ends)."""
    data = np.frombuffer(utf8, dtype=np.uint8)
    cr = np.flatnonzero(data == 13)
    if not len(cr):
        return False
    return bool(cr[-1] == len(data) - 1 or (data[cr + 1] != 10).any())


_BLANK_LINE = re.compile(rb"\n(?=\r?\n)")


def _read_duckdb(utf8: bytes, name: str, delimiter: str, width: int):
    """The data rows of a CSV as an Arrow table of text, read by DuckDB's CSV reader (quotes, short
    rows padded with NULL); ReadError naming the line of a malformed file. DuckDB skips a blank
    line, which would name every row after it a line too early: a blank line is given the
    delimiters of a row of empty values first (the line count is unchanged; a line break inside a
    quoted value is refused by this reader either way), as Arrow's reader reads it."""
    if width > 1 and (b"\n\n" in utf8 or b"\n\r\n" in utf8):
        utf8 = _BLANK_LINE.sub(b"\n" + delimiter.encode() * (width - 1), utf8)
    columns = {f"c{i}": "VARCHAR" for i in range(width)}
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as tmp:
        tmp.write(utf8)
        tmp_path = tmp.name
    con = reader_connection()
    try:
        return execute(con, "imports/read_csv", path=tmp_path, delim=delimiter, columns=columns).to_arrow_table()
    except duckdb.Error as err:
        text = str(err)
        line = _CSV_LINE.search(text)
        counts = _CSV_COUNTS.search(text)
        if line and counts:
            raise ReadError(f"{name} {line.group(1)}행: 열 개수가 머리글과 다릅니다 (머리글 {counts.group(1)}개, "
                            f"이 행 {counts.group(2)}개) — 값에 쉼표가 있으면 큰따옴표로 감싸세요") from None
        where = f" {line.group(1)}행" if line else ""
        raise ReadError(f"{name}{where}: CSV 형식을 읽을 수 없습니다 — 따옴표가 닫히지 않았거나 한 줄이 너무 깁니다") from None
    finally:
        con.close()
        os.unlink(tmp_path)


def _clean_text(column):
    """Strip spaces, tabs, line breaks and no-break spaces (pasted from web pages); '' -> NULL.
    (pyarrow's vectorised kernels: several times faster than the same in the CSV query.)"""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = column.cast(pa.string())
    if pc.all(pc.string_is_ascii(column)).as_py() is False:     # an ASCII column has no no-break space
        column = pc.replace_substring(column, "\u00a0", " ")
    column = pc.utf8_trim(column, characters=" \t\r\n")
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def _text_frame(raw) -> pd.DataFrame:
    """The cleaned text columns as pandas, with the dtypes DuckDB's .df() gives (str; object
    columns of None where a column holds no value at all, or there are no rows)."""
    def cleaned(column) -> pd.Series:
        column = _clean_text(column)
        if len(column) == 0 or column.null_count == len(column):
            return pd.Series([None] * len(column), dtype=object)
        return column.to_pandas()

    columns = per_column(cleaned, raw.columns)
    return pd.DataFrame({f"c{i}": column for i, column in enumerate(columns)}, index=pd.RangeIndex(raw.num_rows))


def read_xlsx_bytes(data: bytes, name: str, sheet: str | None = None) -> RawTable:
    """Read one sheet (the first visible one, or `sheet`) of an XLSX workbook into a RawTable of text.

    The container, the sheet's declared dimension and every row are checked against the limits
    while streaming (data/imports/sheet.py). The header is the first non-empty row. Cells keep
    formulas as text ('=…') so that the validation can refuse them; dates become YYYY-MM-DD.
    """
    if not data:
        raise ReadError(f"{name}: 빈 파일입니다")
    try:
        read = read_sheet(data, limits(), sheet)
    except Refusal as err:
        raise ReadError(f"{name}{_at(err)}: {err}") from None
    names = read.sheets
    if not read.rows:
        raise ReadError(f"{name}: 시트 '{read.title}'이(가) 비어 있습니다" + (f" — 있는 시트: {', '.join(names)}" if len(names) > 1 else ""))
    width = len(read.rows[0])
    headers = [h or "" for h in read.rows[0]]
    body = read.rows[1:]
    frame = pd.DataFrame(body, columns=range(width), dtype=object) if body else pd.DataFrame(columns=range(width), dtype=object)
    frame.columns = headers
    table = RawTable(name, frame, np.array(read.numbers[1:], dtype=int), "xlsx", sheet=read.title, sheets=names,
                     header_row=read.numbers[0])
    return _limited(_finish(table))


def _at(err: Refusal) -> str:
    return f" {err.row}행" if getattr(err, "row", None) else ""


def _limited(table: RawTable) -> RawTable:
    """The table within the row, column, cell and cell-length limits (and no header twice)."""
    try:
        check_table(table.frame, table.rows, limits())
    except Refusal as err:
        where = f" {err.row}행" if err.row else ""
        where += f" '{err.column}' 열" if err.column else ""
        raise ReadError(f"{table.name}{where}: {err}") from None
    return table


def _finish(table: RawTable) -> RawTable:
    """Drop unnamed empty columns and fully empty rows (row numbers are kept). Values are
    already stripped, with '' as None."""
    frame = table.frame
    filled_cols = frame.notna().any(axis=0).to_numpy() if len(frame) else np.zeros(frame.shape[1], dtype=bool)
    keep = [i for i, h in enumerate(frame.columns) if str(h).strip() or filled_cols[i]]
    frame = frame.iloc[:, keep]
    frame.columns = [str(h).strip() for h in frame.columns]
    filled = frame.notna().any(axis=1).to_numpy() if frame.shape[1] else np.zeros(len(frame), dtype=bool)
    if not filled.all():
        frame = frame[filled].reset_index(drop=True)
        table.rows = table.rows[filled]
    table.frame = frame
    return table


def read_bytes(data: bytes, name: str, sheet: str | None = None) -> RawTable:
    """Read a CSV or XLSX file's bytes (told apart by content, then by name), within the limits.
    Raises ReadError (one Korean line naming the file) and nothing else."""
    try:
        guard_file(data, limits())
    except Refusal as err:
        raise ReadError(f"{name}: {err}") from None
    try:
        if data[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm")):
            return read_xlsx_bytes(data, name, sheet)
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise ReadError(f"{name}: 예전 엑셀 형식(XLS)은 읽을 수 없습니다 — 엑셀에서 XLSX 또는 CSV로 저장하세요")
        if sheet:
            raise ReadError(f"{name}: CSV 파일에는 시트가 없습니다 — 시트 이름은 XLSX에만 지정하세요")
        return read_csv_bytes(data, name)
    except ReadError:
        raise
    except Exception:       # a reader's own failure on a damaged file: never a traceback
        raise ReadError(f"{name}: 파일을 읽을 수 없습니다 — 파일이 손상되었거나 형식이 다릅니다. 다시 저장해 올리세요") from None


# --- typing values ---------------------------------------------------------------------------

_YMD = re.compile(r"^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?(?:\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")   # Excel's day 0 (it counts a 1900-02-29 that never was)


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Vectorised: (datetime64 values, mask of non-empty values that are not dates)."""
    s = values.astype("string").str.strip()
    present = s.notna()
    fast = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    if fast.notna().sum() == present.sum():     # all ISO: the common case, no regex needed
        return fast.astype("datetime64[ns]"), pd.Series(False, index=values.index)
    parts = s.str.extract(_YMD)
    compact = s.str.extract(_COMPACT)
    parts = parts.fillna(compact)
    iso = parts[0] + "-" + parts[1].str.zfill(2) + "-" + parts[2].str.zfill(2)
    stamps = pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce")
    serial = pd.to_numeric(s.str.extract(_SERIAL)[0], errors="coerce")
    from_serial = EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")
    out = stamps.where(stamps.notna(), from_serial)
    out = pd.Series(out.to_numpy(), index=values.index).astype("datetime64[ns]")
    bad = present.fillna(False).to_numpy(dtype=bool) & out.isna().to_numpy()
    return out, pd.Series(bad, index=values.index)


# Plain character classes (no \s, no flags) keep these in pyarrow's vectorised RE2.
_NUMBER_JUNK = r"[, \t]"
_KRW_JUNK = r"[, \t원₩\\]|[Kk][Rr][Ww]"


def parse_numbers(values: pd.Series, kind: str) -> tuple[pd.Series, pd.Series]:
    """Vectorised: (numbers, mask of non-empty values that are not numbers of that kind).

    kind: int | number | krw. Thousands separators are allowed; krw also allows 원, ₩, KRW;
    int and krw must be whole numbers.
    """
    s = values.astype("string").str.strip()
    present = s.notna().to_numpy(dtype=bool)
    if kind == "int" and present.all() and len(s) and s.str.fullmatch(r"-?[0-9]{1,15}").all():
        # Plain whole numbers (the common case): exact in a double, so the same values as below.
        return s.astype("Int64"), pd.Series(False, index=values.index)
    cleaned = s.str.replace(_KRW_JUNK if kind == "krw" else _NUMBER_JUNK, "", regex=True)
    numbers = pd.to_numeric(cleaned, errors="coerce").astype("Float64")
    bad = present & numbers.isna().to_numpy(dtype=bool, na_value=True)
    if kind in ("int", "krw"):
        whole = (numbers.round() == numbers).to_numpy(dtype=bool, na_value=True)
        bad = bad | (present & ~whole)
        numbers = numbers.where(~pd.Series(bad, index=values.index)).round().astype("Int64")
    return numbers, pd.Series(bad, index=values.index)


def type_column(values: pd.Series, kind: str) -> tuple[pd.Series, pd.Series]:
    """Type one column of text by its format kind: (typed values, mask of bad non-empty values).

    Dates come back as Python dates (for DuckDB's DATE), numbers as nullable pandas numbers,
    text as str (or None)."""
    if kind == "date":
        stamps, bad = parse_dates(values)
        return pd.Series(stamps.dt.date.where(stamps.notna(), None), index=values.index, dtype=object), bad
    if kind in ("int", "number", "krw"):
        return parse_numbers(values, kind)
    text = values.astype(object)
    return text.where(text.notna(), None), pd.Series(False, index=values.index)
