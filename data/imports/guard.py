"""Checks on a file's bytes before any reader parses it: size, and for XLSX the zip container
(parts, decompressed sizes and ratios, internal paths), the sheets (visible or named) and the
chosen sheet's declared dimension. Raises `Refusal` (one Korean line, without the file name).

    guard_file(data, lim)                          # any file
    sheet = guard_xlsx(data, lim, sheet=None)      # -> the sheet to read (title, part path)
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import XMLPullParser

from data.imports.limits import MB, Limits, Refusal

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


@dataclass(frozen=True)
class SheetInfo:
    title: str
    part: str           # path inside the zip, e.g. xl/worksheets/sheet1.xml
    state: str          # visible | hidden | veryHidden
    sheets: tuple[str, ...]
    visible: tuple[str, ...]


def guard_file(data: bytes, lim: Limits, card: bool = False) -> None:
    """The file's size within the limit (a card YAML has its own, smaller one)."""
    size = len(data)
    if card and size > lim.yaml_bytes:
        raise Refusal(f"카드 파일이 너무 큽니다 ({size / 1024:,.0f}KB, 최대 {lim.yaml_kb:,.0f}KB)")
    if size > lim.file_bytes:
        raise Refusal(f"파일이 너무 큽니다 ({size / MB:,.1f}MB, 최대 {lim.file_mb:,.0f}MB) — 파일을 나누어 올리세요")


def column_number(letters: str) -> int:
    """'A' -> 1, 'XFD' -> 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _inside(base: str, target: str) -> str:
    """The part path a relationship target names, refused when it leaves the package."""
    if "\\" in target or "\x00" in target or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
        raise Refusal("엑셀 파일 내부 경로가 올바르지 않습니다 — 엑셀에서 다시 저장하세요")
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
    norm = posixpath.normpath(path)
    if norm.startswith("../") or norm == ".." or norm.startswith("/"):
        raise Refusal("엑셀 파일 내부 경로가 파일 밖을 가리킵니다 — 엑셀에서 다시 저장하세요")
    return norm


def _small_xml(book: zipfile.ZipFile, name: str, lim: Limits):
    """Parse a small XML part (workbook, relationships) after checking its size."""
    from xml.etree import ElementTree

    info = book.getinfo(name)
    if info.file_size > 4 * MB:
        raise Refusal(f"엑셀 파일 내부 항목이 너무 큽니다 ({name})")
    text = book.read(name)
    if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
        raise Refusal("엑셀 파일에 허용되지 않는 XML 선언(DOCTYPE/ENTITY)이 있습니다")
    return ElementTree.fromstring(text)


def guard_xlsx(data: bytes, lim: Limits, sheet: str | None = None) -> SheetInfo:
    """Check the container and pick the sheet: the named one, else the first visible one."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        infos = book.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise Refusal("엑셀(XLSX) 파일을 열 수 없습니다 — 파일이 손상되었거나 XLSX가 아닙니다") from None
    if len(infos) > lim.xlsx_parts:
        raise Refusal(f"엑셀 파일 내부 항목이 너무 많습니다 ({len(infos):,}개, 최대 {lim.xlsx_parts:,}개)")
    total = 0
    for info in infos:
        name = info.filename
        if name.startswith("/") or "\\" in name or ".." in name.split("/"):
            raise Refusal("엑셀 파일 내부 경로가 파일 밖을 가리킵니다 — 엑셀에서 다시 저장하세요")
        total += info.file_size
        if info.file_size > MB and info.file_size > lim.xlsx_ratio * max(info.compress_size, 1):
            raise Refusal(f"엑셀 파일의 압축률이 비정상적으로 큽니다 ({info.file_size / max(info.compress_size, 1):,.0f}배, "
                          f"최대 {lim.xlsx_ratio:,.0f}배) — 압축 폭탄으로 보여 읽지 않습니다")
        if info.flag_bits & 0x1:
            raise Refusal("암호가 걸린 엑셀 파일은 읽을 수 없습니다 — 암호를 풀고 저장하세요")
    if total > lim.xlsx_unzipped_bytes:
        raise Refusal(f"엑셀 파일의 압축을 푼 크기가 너무 큽니다 ({total / MB:,.0f}MB, 최대 {lim.xlsx_unzipped_mb:,.0f}MB)")
    names = {i.filename for i in infos}
    try:
        if "xl/workbook.xml" not in names:
            raise Refusal("엑셀(XLSX) 파일을 열 수 없습니다 — 통합 문서(workbook)가 없습니다")
        wb = _small_xml(book, "xl/workbook.xml", lim)
        rels = _small_xml(book, "xl/_rels/workbook.xml.rels", lim) if "xl/_rels/workbook.xml.rels" in names else None
    except Refusal:
        raise
    except Exception:
        raise Refusal("엑셀(XLSX) 파일을 열 수 없습니다 — 통합 문서 구조가 올바르지 않습니다") from None
    targets = {}
    for rel in (rels if rels is not None else []):
        if rel.get("TargetMode") == "External":
            continue
        targets[rel.get("Id")] = _inside("xl", rel.get("Target") or "")
    entries = []
    for el in wb.iter(f"{_NS_MAIN}sheet"):
        part = targets.get(el.get(f"{_NS_REL}id"))
        entries.append((el.get("name") or "", el.get("state") or "visible", part))
    if not entries:
        raise Refusal("엑셀 파일에 시트가 없습니다")
    titles = tuple(t for t, _, _ in entries)
    visible = tuple(t for t, s, _ in entries if s == "visible")
    if sheet:
        chosen = next((e for e in entries if e[0] == sheet), None)
        if chosen is None:
            raise Refusal(f"시트 '{sheet}'이(가) 없습니다 — 있는 시트: {', '.join(visible or titles)}")
    else:
        chosen = next((e for e in entries if e[1] == "visible"), None)
        if chosen is None:
            raise Refusal("보이는 시트가 없습니다 — 숨긴 시트를 읽으려면 시트 이름을 지정하세요")
    title, state, part = chosen
    if part is None or part not in names:
        raise Refusal(f"시트 '{title}'의 내용을 찾을 수 없습니다 — 엑셀에서 다시 저장하세요")
    _guard_dimension(book, part, title, lim)
    _guard_counts(book, part, title, lim)
    return SheetInfo(title, part, state, titles, visible)


def _guard_dimension(book: zipfile.ZipFile, part: str, title: str, lim: Limits) -> None:
    """Stream the sheet XML until <sheetData> and check the declared <dimension ref='A1:H200'>."""
    parser = XMLPullParser(events=("start",))
    with book.open(part) as stream:
        read = 0
        while read < 4 * MB:
            chunk = stream.read(64 * 1024)
            if not chunk:
                return
            if read == 0 and (b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk):
                raise Refusal("엑셀 파일에 허용되지 않는 XML 선언(DOCTYPE/ENTITY)이 있습니다")
            read += len(chunk)
            try:
                parser.feed(chunk)
                for _, el in parser.read_events():
                    if el.tag == f"{_NS_MAIN}dimension":
                        _check_ref(el.get("ref") or "", title, lim)
                        return
                    if el.tag == f"{_NS_MAIN}sheetData":
                        return
            except Refusal:
                raise
            except Exception:
                raise Refusal(f"시트 '{title}'을(를) 읽을 수 없습니다 — 엑셀에서 다시 저장하세요") from None


def _guard_counts(book: zipfile.ZipFile, part: str, title: str, lim: Limits) -> None:
    """Count the rows and cells written in the sheet XML (a byte scan of the decompressed stream,
    no parsing) and refuse before openpyxl spends time on them."""
    rows = cells = 0
    tail = b""
    with book.open(part) as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            rows += data.count(b"<row") - tail.count(b"<row")
            cells += data.count(b"<c ") + data.count(b"<c>") - tail.count(b"<c ") - tail.count(b"<c>")
            tail = data[-8:]
            if rows > lim.rows + 1:
                raise Refusal(f"시트 '{title}'의 행이 너무 많습니다 ({rows:,}행 넘음, 최대 {lim.rows:,}행) — 파일을 나누어 올리세요")
            if cells > lim.xlsx_cells:
                raise Refusal(f"시트 '{title}'의 칸이 너무 많습니다 ({cells:,}칸 넘음, XLSX는 최대 {lim.xlsx_cells:,}칸) — "
                              f"파일을 나누거나 CSV로 저장해 올리세요")


def _check_ref(ref: str, title: str, lim: Limits) -> None:
    last = ref.split(":")[-1].strip().upper()
    m = _CELL.match(last)
    if not m:
        return
    cols, rows = column_number(m.group(1)), int(m.group(2))
    if cols > lim.columns or rows > lim.rows + 1 or cols * rows > lim.cells + cols:
        raise Refusal(f"시트 '{title}'의 범위가 너무 큽니다 ({ref}: {rows:,}행 × {cols:,}열, 최대 {lim.rows:,}행 × "
                      f"{lim.columns:,}열) — 쓰지 않는 행·열을 지우고 다시 저장하세요")


# --- CSV -------------------------------------------------------------------------------------

def csv_text(data: bytes) -> tuple[bytes, str]:
    """The CSV's bytes as UTF-8 with '\\n' line ends, and the encoding it was in:
    UTF-8 (with or without BOM), UTF-16 with BOM, else CP949. Refused: UTF-32, NUL bytes outside
    UTF-16, bytes no encoding reads, truncated UTF-16, and files mixing UTF-8 and CP949 lines."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise Refusal("UTF-32로 저장된 파일은 읽을 수 없습니다 — 'CSV UTF-8'로 다시 저장하세요")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise Refusal(f"UTF-16 파일이 중간에 잘렸거나 손상되었습니다 ({err.start:,}번째 바이트) — 다시 저장하세요") from None
    else:
        if b"\x00" in data:
            line = data.count(b"\n", 0, data.index(b"\x00")) + 1
            raise Refusal(f"파일에 NUL 문자가 있습니다 ({line}행) — 텍스트 CSV가 아닙니다", row=line)
        body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        if _valid_utf8(body) and (b"\n" in body or b"\r" not in body):
            return body, "utf-8-sig" if body is not data else "utf-8"     # as below, without decoding
        try:
            text = body.decode("utf-8")
            encoding = "utf-8-sig" if body is not data else "utf-8"
        except UnicodeDecodeError:
            _refuse_mixed(body)
            try:
                text = body.decode("cp949")
                encoding = "cp949"
            except UnicodeDecodeError:
                raise Refusal("글자 인코딩을 알 수 없습니다 — 엑셀에서 'CSV UTF-8' 또는 'CSV(쉼표로 분리)'로 다시 저장하세요") from None
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")                       # classic Mac line ends (CR only)
    elif encoding in ("utf-8", "utf-8-sig"):
        return body, encoding          # valid UTF-8 already: the same bytes text.encode would give
    return text.encode("utf-8", "surrogatepass"), encoding


def _valid_utf8(body: bytes) -> bool:
    """Whether the bytes are valid UTF-8 (as Python's strict decoder judges: no surrogates, no
    overlong forms), checked by Arrow without making a str (several times faster)."""
    import pyarrow as pa

    try:
        pa.array([body], pa.binary()).cast(pa.string())
    except (pa.ArrowInvalid, OverflowError):
        return False
    return True


def _refuse_mixed(body: bytes) -> None:
    """Refuse a file whose lines are partly UTF-8 and partly CP949 (it would be stored as mojibake)."""
    utf8_line = cp949_line = None
    for number, line in enumerate(body.split(b"\n"), start=1):
        if max(line, default=0) < 0x80:
            continue
        try:
            if any("\uac00" <= ch <= "\ud7a3" for ch in line.decode("utf-8")):
                utf8_line = utf8_line or number
        except UnicodeDecodeError:
            try:
                line.decode("cp949")
                cp949_line = cp949_line or number
            except UnicodeDecodeError:
                continue
        if utf8_line and cp949_line:
            raise Refusal(f"한 파일에 UTF-8과 CP949 인코딩이 섞여 있습니다 ({utf8_line}행은 UTF-8, {cp949_line}행은 CP949) "
                          f"— 한 가지 인코딩으로 다시 저장하세요", row=max(utf8_line, cp949_line))


def _longest(column) -> float:
    """The longest value's length in characters: in Arrow for a column of strings (a CSV's), else
    infinite (the caller measures it)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    if not isinstance(column.dtype, pd.StringDtype) or column.dtype.storage != "pyarrow":
        return float("inf")
    longest = pc.max(pc.utf8_length(pa.array(column.array))).as_py()
    return 0 if longest is None else longest


def check_table(frame, rows, lim: Limits) -> None:
    """A read table within the row, column, cell and cell-length limits (headers included)."""
    n_rows, n_cols = frame.shape
    if n_cols > lim.columns:
        raise Refusal(f"열이 너무 많습니다 ({n_cols:,}열, 최대 {lim.columns:,}열)")
    if n_rows > lim.rows:
        raise Refusal(f"행이 너무 많습니다 ({n_rows:,}행, 최대 {lim.rows:,}행) — 파일을 나누어 올리세요")
    if n_rows * max(n_cols, 1) > lim.cells:
        raise Refusal(f"칸이 너무 많습니다 ({n_rows * n_cols:,}칸, 최대 {lim.cells:,}칸)")
    for header in frame.columns:
        if len(str(header)) > lim.cell_chars:
            raise Refusal(f"머리글이 너무 깁니다 ({len(str(header)):,}자, 최대 {lim.cell_chars:,}자)", row=1)
        if _longest(frame[header]) <= lim.cell_chars:
            continue
        lengths = frame[header].astype("string").str.len().fillna(0).to_numpy(dtype="int64")
        if len(lengths) and lengths.max() > lim.cell_chars:
            at = int(lengths.argmax())
            raise Refusal(f"한 칸의 글자가 너무 많습니다 ({int(lengths[at]):,}자, 최대 {lim.cell_chars:,}자)",
                          row=int(rows[at]), column=str(header)[:40])
    seen = set()
    for header in frame.columns:
        key = str(header).strip()
        if key and key in seen:
            raise Refusal("같은 머리글이 두 번 있습니다 — 열 이름을 하나씩만 쓰세요", row=1, column=key[:40])
        seen.add(key)
