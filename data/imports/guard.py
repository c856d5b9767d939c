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


def _check_ref(ref: str, title: str, lim: Limits) -> None:
    last = ref.split(":")[-1].strip().upper()
    m = _CELL.match(last)
    if not m:
        return
    cols, rows = column_number(m.group(1)), int(m.group(2))
    if cols > lim.columns or rows > lim.rows + 1 or cols * rows > lim.cells + cols:
        raise Refusal(f"시트 '{title}'의 범위가 너무 큽니다 ({ref}: {rows:,}행 × {cols:,}열, 최대 {lim.rows:,}행 × "
                      f"{lim.columns:,}열) — 쓰지 않는 행·열을 지우고 다시 저장하세요")
