"""The generated files, opened: PDF text (pdfplumber) and its first page as PNG (pdftoppm), HWPX
text (zip XML) and validity by python-hwpx's own checks, XLSX cells (openpyxl)."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pdfplumber
import pytest
from openpyxl import load_workbook

from publish.model import BLOCK_TITLES
from tests.publish.conftest import FIGURES


def _pdf_text(data: bytes) -> tuple[str, list]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = list(pdf.pages)
        return "\n".join(p.extract_text() or "" for p in pages), [(p.width, p.height, p.chars[0]["fontname"]) for p in pages]


def test_pdf_holds_the_figures_every_block_and_its_context(pdf_bytes, card):
    text, pages = _pdf_text(pdf_bytes)
    for figure in FIGURES:
        assert figure in text
    for title in BLOCK_TITLES:
        assert title in text, title
    assert "기준일 2024. 5. 31." in text
    assert card.policy_text in text
    assert all(round(w) == 595 and round(h) == 842 for w, h, _ in pages)   # A4 in points
    assert all("NanumGothic" in font for _, _, font in pages)               # the Korean font, embedded
    for number in range(1, len(pages) + 1):
        assert f"{number} / {len(pages)}쪽" in text


def test_pdf_tables_keep_every_period_column(pdf_bytes):
    text, _ = _pdf_text(pdf_bytes)
    assert re.search(r"2022\s+2023\s+2024\s+2025\s+2026\. 6\.\s+이행률", text)
    assert "2,205" in text and "1,344" in text
    assert "임신부 가사돌봄서비스 지원사업 변경 내용 홍보 : 2024. 1.~2." in text   # the log's last entry


def test_pdf_first_page_renders_to_png(pdf_bytes, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    source = tmp_path / "card.pdf"
    source.write_bytes(pdf_bytes)
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(source), str(tmp_path / "page")],
                   check=True, capture_output=True)
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _hwpx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sections = sorted(n for n in z.namelist() if re.match(r"Contents/section\d+\.xml$", n))
        xml = "".join(z.read(n).decode("utf-8") for n in sections)
    return "\n".join(re.findall(r"<hp:t>([^<]*)</hp:t>", xml))


def test_hwpx_holds_the_figures_and_every_block(hwpx_bytes):
    text = _hwpx_text(hwpx_bytes)
    for figure in FIGURES:
        assert figure in text
    for title in BLOCK_TITLES:
        assert title in text, title
    assert "2026. 6." in text and "1,344" in text


def test_hwpx_is_valid_by_the_librarys_own_checks(hwpx_bytes):
    from hwpx import HwpxDocument
    from hwpx.tools.package_validator import validate_package
    from hwpx.tools.validator import validate_document

    assert validate_document(hwpx_bytes).ok
    assert validate_package(hwpx_bytes).ok
    assert HwpxDocument.open(io.BytesIO(hwpx_bytes)).validate().ok


def _cells(data: bytes):
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    return ws, [c for row in ws.iter_rows() for c in row if c.value is not None]


def test_xlsx_stores_numbers_as_numbers_and_no_formula(xlsx_bytes):
    ws, cells = _cells(xlsx_bytes)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    rates = {round(c.value * 100, 2) for c in cells if c.data_type == "n" and "%" in c.number_format}
    assert {64.85, 68.75, 60.95} <= rates
    numbers = [c.value for c in cells if c.data_type == "n" and "%" not in c.number_format]
    for value in (504, 83, 62, 21, 1344, 2205, 11, 16):
        assert value in numbers
    assert all(isinstance(v, int) for v in numbers if float(v).is_integer())   # counts are 4, not 4.0
    assert ws.merged_cells.ranges and ws.column_dimensions["A"].width > 20
    text = " ".join(str(c.value) for c in cells)
    for title in BLOCK_TITLES:
        assert title in text
    assert "기준일" in text and "2024. 5. 31." in text and "반올림" in text
