"""Building blocks of the hostile corpus (tests/hostile/make_corpus.py): record rows, CSV and
XLSX files, seed-card variants, and zip containers built part by part (streaming, so a 1 GB
sheet compresses into a small file without holding it in memory), with sizes that can lie.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Callable

from tests.import_corpus import (APPLICATION_HEADERS, EXECUTION_HEADERS, PUBLICITY_HEADERS,
                                 REPORTED_HEADERS, VISIT_HEADERS, csv_bytes, xlsx_bytes)

ROOT = Path(__file__).resolve().parents[2]
SEED_CARD = ROOT / "data" / "cards" / "naju-6-1-1.yaml"


# --- building blocks ---------------------------------------------------------------------------

def app(i: int, day: str = "2024-03-04", person: str | None = None, due: str = "2024-06-12",
        week: str = "24", emd: str = "빛가람동", decision: str = "승인", app_id: str | None = None) -> list[str]:
    return ["6-1-1", app_id or f"H-A-{i:05d}", day, person or f"H-P-{i:05d}", emd, week, due, decision]


def pub(i: int, title: str = "가사돌봄서비스 안내", channel: str = "누리집", day: str = "2024-03-10") -> list[str]:
    return ["6-1-1", f"H-H-{i:03d}", day, channel, title]


def exe(i: int, amount: str = "1,250,000", note: str = "위탁 용역비", day: str = "2024-03-10") -> list[str]:
    return ["6-1-1", f"H-E-{i:03d}", day, amount, "시비", note]


def visit(i: int, hours: str = "4", service: str = "청소") -> list[str]:
    return ["6-1-1", f"H-V-{i:05d}", "", f"H-P-{i:05d}", "2024-03-12", hours, service]


def apps(*rows, encoding="utf-8", newline="\r\n") -> bytes:
    return csv_bytes(APPLICATION_HEADERS, list(rows), encoding, newline)


def pubs(*rows, encoding="utf-8") -> bytes:
    return csv_bytes(PUBLICITY_HEADERS, list(rows), encoding)


def exes(*rows) -> bytes:
    return csv_bytes(EXECUTION_HEADERS, list(rows))


def visits(*rows) -> bytes:
    return csv_bytes(VISIT_HEADERS, list(rows))


def reported(value: str, year: str = "2024") -> bytes:
    return csv_bytes(REPORTED_HEADERS, [["6-1-1", "publicity", year, value, "2024-05-31", ""]])


def targets(value: str) -> bytes:
    return csv_bytes(["공약번호", "지표ID", "연도", "목표"], [["6-1-1", "applications", "2025", value]])


def card(*edits: tuple[str, str], append: str = "") -> Callable[[], bytes]:
    """The seed card as a new pledge (6-1-9), with text replacements and lines appended."""
    def make() -> bytes:
        text = SEED_CARD.read_text(encoding="utf-8").replace("id: 6-1-1", "id: 6-1-9", 1)
        for old, new in edits:
            assert old in text, old
            text = text.replace(old, new, 1)
        return (text + append).encode("utf-8")
    return make


def zip_parts(parts: dict[str, bytes | Callable], declared: dict[str, int] | None = None) -> bytes:
    """A zip with the given parts (a callable part yields chunks, compressed streaming)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            if callable(body):
                info = zipfile.ZipInfo(name)
                info.compress_type = zipfile.ZIP_DEFLATED
                with z.open(info, "w", force_zip64=True) as f:
                    for chunk in body():
                        f.write(chunk)
            else:
                z.writestr(name, body)
    data = out.getvalue()
    for name, size in (declared or {}).items():      # lie about a part's size in both headers
        data = _patch_size(data, name.encode(), size)
    return data


def _patch_size(data: bytes, name: bytes, size: int) -> bytes:
    buf = bytearray(data)
    at = buf.find(b"PK\x03\x04" + b"")
    while at != -1:
        n = int.from_bytes(buf[at + 26:at + 28], "little")
        if buf[at + 30:at + 30 + n] == name:
            buf[at + 22:at + 26] = size.to_bytes(4, "little")
        at = buf.find(b"PK\x03\x04", at + 4)
    at = buf.find(b"PK\x01\x02")
    while at != -1:
        n = int.from_bytes(buf[at + 28:at + 30], "little")
        if buf[at + 46:at + 46 + n] == name:
            buf[at + 24:at + 28] = size.to_bytes(4, "little")
        at = buf.find(b"PK\x01\x02", at + 4)
    return bytes(buf)


def good_xlsx_parts(sheet_xml: bytes | Callable, workbook_extra: bytes = b"", rels_target: str = "worksheets/sheet1.xml",
                    shared: bytes | Callable | None = None) -> dict:
    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
         b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        b'</Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<?xml version="1.0"?><workbook ' + ns + b'><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
        + workbook_extra + b'</workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="'
        + rels_target.encode() + b'"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    return parts


SHEET_HEAD = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def sheet_xml(dimension: str, rows: bytes) -> bytes:
    return SHEET_HEAD + f'<dimension ref="{dimension}"/>'.encode() + b"<sheetData>" + rows + b"</sheetData></worksheet>"


def far_cell_sheet(dimension: str, cell: str, row: int) -> bytes:
    header = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + "공약번호".encode() + b"</t></is></c></row>"
    return sheet_xml(dimension, header + f'<row r="{row}"><c r="{cell}"><v>1</v></c></row>'.encode())


def bomb_chunks(total: int, filler: bytes = b"<row/>" * 10_000) -> Callable:
    def gen():
        yield SHEET_HEAD + b"<sheetData>"
        sent = 0
        while sent < total:
            yield filler
            sent += len(filler)
        yield b"</sheetData></worksheet>"
    return gen


def xlsx_with(rows_by_sheet: dict[str, list[list]], hidden: tuple[str, ...] = (), very_hidden: tuple[str, ...] = (),
              merge: str | None = None, array_formula: str | None = None, error_cell: str | None = None) -> bytes:
    from openpyxl.worksheet.formula import ArrayFormula

    def dress(ws, title: str) -> None:
        if title in hidden:
            ws.sheet_state = "hidden"
        if title in very_hidden:
            ws.sheet_state = "veryHidden"
        if merge and title == list(rows_by_sheet)[-1]:
            ws.merge_cells(merge)
        if array_formula and title == list(rows_by_sheet)[-1]:
            ws[array_formula] = ArrayFormula(array_formula, "=SUM(1+1)")
        if error_cell and title == list(rows_by_sheet)[-1]:
            ws[error_cell] = "#DIV/0!"
            ws[error_cell].data_type = "e"
    return xlsx_bytes(rows_by_sheet, dress)


def store_sha(path: Path) -> str:
    """SHA-256 of a store file and its write-ahead log (when there is one): equal before and
    after a refusal when nothing was written."""
    import hashlib

    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()
