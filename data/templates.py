"""Downloadable templates (XLSX and CSV) for each kind of file, and docs/formats.md, both made
from data/formats.py so that the three never disagree (tests/test_formats_doc.py checks the doc).

`python -m data.templates` rewrites docs/formats.md.
"""
from __future__ import annotations

import io
from pathlib import Path

from data.formats import CARD_KIND, IMPORT_FORMATS, KIND_LABELS, RecordFormat

ROOT = Path(__file__).resolve().parents[1]
DOC_PATH = ROOT / "docs" / "formats.md"
EXAMPLE_CARD = Path(__file__).resolve().parent / "cards" / "naju-6-1-1.yaml"
KIND_WORDS = {"text": "글자", "date": "날짜", "int": "정수", "number": "숫자", "krw": "금액(원)"}
FILE_STEMS = {"applications": "신청", "visits": "서비스제공", "publicity": "홍보", "executions": "집행",
              "reported_actuals": "연도별보고실적", "targets": "목표변경", CARD_KIND: "공약관리카드"}


def template_name(kind: str, ext: str) -> str:
    return f"양식_{FILE_STEMS[kind]}.{ext}"


def template_csv(kind: str) -> bytes:
    """The header row, UTF-8 with BOM (Excel opens it with Korean intact)."""
    fmt = IMPORT_FORMATS[kind]
    return ("\ufeff" + ",".join(fmt.headers) + "\r\n").encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    """Sheet '기록' with the header row (date columns formatted as dates), sheet '설명' with
    what each column holds."""
    import openpyxl
    from openpyxl.styles import Font

    fmt = IMPORT_FORMATS[kind]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "기록"
    sheet.append(fmt.headers)
    for i, col in enumerate(fmt.columns, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, len(col.header) * 2 + 4)
        if col.kind == "date":
            for r in range(2, 1002):
                sheet.cell(row=r, column=i).number_format = "yyyy-mm-dd"
        elif col.kind == "text":
            for r in range(2, 1002):
                sheet.cell(row=r, column=i).number_format = "@"
    help_sheet = book.create_sheet("설명")
    help_sheet.append(["열 이름", "필수", "종류", "설명", "영문 이름"])
    for col in fmt.columns:
        help_sheet.append([col.header, "필수" if col.required else "", KIND_WORDS[col.kind], col.description,
                           ", ".join((col.name, *col.aliases))])
    help_sheet.append([])
    help_sheet.append(["'기록' 시트의 2행부터 한 행에 한 건씩 쓰세요. 이름·주민등록번호·전화번호는 쓰지 마세요 (가명 ID만)."])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def card_template() -> bytes:
    """The worked example card (YAML) to copy."""
    return EXAMPLE_CARD.read_bytes()


# --- docs/formats.md ----------------------------------------------------------------------------

INTRO = """# 가져오기 파일 형식 (import formats)

<!-- Generated from data/formats.py by `python -m data.templates`; tests/test_formats_doc.py
     fails when this file and the code disagree. Edit data/formats.py, then regenerate. -->

Departments load their records into the store themselves, from the dashboard's **기록 가져오기**
page or from the command line:

```bash
.venv/bin/python -m metrics import 신청_2024.csv                 # kind detected from the headers
.venv/bin/python -m metrics import 집행.xlsx --sheet 2024 --kind executions
.venv/bin/python -m metrics import 목표.csv --author 홍길동 --reason "평가단 승인 2024-06-20"
.venv/bin/python -m metrics imports                               # the log (auditors)
.venv/bin/python -m metrics undo 12 --user 감사관                  # undo import #12 as a whole
.venv/bin/python -m metrics template applications --format xlsx  # an empty template
```

Both show a preview and the validation report first; nothing is written unless the whole file
is valid, and then it is written in one transaction (all rows or none) and logged.

## Files that are read

- **CSV** in UTF-8, UTF-8 with BOM, **CP949/EUC-KR** (Korean Excel's "CSV (쉼표로 분리)") or
  UTF-16; comma, tab or semicolon separated; values with commas in double quotes.
- **XLSX**: the first sheet, or the sheet named (`--sheet`, or the page's sheet box). The
  header is the first non-empty row. Formulas are refused: paste values only. Old `.xls` is not read.
- **Headers**: the Korean names below are canonical (the templates carry them); the English
  names and the variants listed are accepted too. Spaces, dots, `_` and `-` in headers and the
  case of letters do not matter (`대상자 ID` = `대상자ID` = `Person_ID`).
- **Dates**: `2024-05-31`, `2024.5.31`, `2024. 5. 31.`, `2024/05/31`, `2024년 5월 31일`,
  `20240531`, and Excel serial dates (`45443`).
- **Numbers**: thousands separators allowed (`1,250,000`); amounts in 원 may carry `원`, `₩` or `KRW`.
- **Row numbers** in messages are the row a spreadsheet shows (the header is row 1).

## What is refused (the file is not imported at all)

| rule | message names |
| --- | --- |
| empty file, header only, unreadable encoding, unreadable XLSX, sheet not found | the file (and the sheets it has) |
| kind not recognisable from the headers | the closest format and its missing columns |
| missing required column, unknown column, the same column twice | the column |
| a value of the wrong type (date, whole number, number, 원 amount), a required value empty | file, row, column, value |
| a record date outside the city's term (임기 안이 아닌 날짜) or in the future | file, row, column, date |
| a negative amount, count, hours or target; 0 hours; unknown 결정 or 재원 | file, row, column, value |
| an unknown 공약번호 or 지표ID; a year outside the term | file, row, column, value |
| the same record twice in the file (same natural key) | both rows |
| a formula or command in a cell (`=…`, `@…`, `+cmd…`, `=cmd\\|' /C calc'!A0`) | file, row, column |
| **personal data (개인정보 보호)**: a column named like 이름/성명/name, 주민등록번호/resident, 전화/연락처/휴대폰/phone, or values that look like a resident registration number (`900101-1234567`) or a mobile number (`010-1234-5678`), or a Korean name (2–4 syllables) in 대상자ID | the column and why; no value is shown or stored |

Only pseudonymous ids (대상자ID) are kept. A refused file leaves the database byte-for-byte as it was.

## What is only a warning (imported, listed for auditors)

- the service rule in force: application before week 21 of pregnancy; more visits per person
  than the rule allows (rule in force on the application date: 2023 → 5 visits, 2024 → 4);
  more hours per visit than the rule (on the visit date: 2023 → 3 h, 2024 → 4 h);
- the same file imported before (re-importing adds nothing: rows are matched by natural key);
- a row whose record is already stored with other values (the stored record is kept: undo the
  import that added it, then import the corrected file);
- records that no indicator of the pledge uses; reported actuals of an indicator computed from records.

Warnings are stored with the import (`import_warnings`) and listed under the import log (기록 가져오기 page, `python -m metrics imports --warnings`).

## Undo

Every import is logged (when, who, file name, SHA-256 of the bytes, rows added / already present /
refused, warnings). An import can be undone as a whole: its records are deleted; a targets
import gets reverting revisions (목표 변경 stays append-only); a card import puts back the card
it replaced. A record that was "already present" belongs to the import that added it first.
"""


def formats_markdown() -> str:
    """The whole of docs/formats.md."""
    parts = [INTRO]
    for kind, fmt in IMPORT_FORMATS.items():
        parts.append(_format_section(kind, fmt))
    parts.append(f"""## {KIND_LABELS[CARD_KIND]} (`card`)

A whole pledge card: the YAML file described in [card-format.md](card-format.md)
(`data/cards/naju-6-1-1.yaml` is the worked example and the page's template). It replaces the
pledge's card in the store (targets as adopted, budget plan, schedule, texts, service rules);
the records stay. The card's contacts are the officials' published work contacts.
""")
    return "\n".join(parts)


def _format_section(kind: str, fmt: RecordFormat) -> str:
    key = ", ".join(fmt.column(k).header for k in ("pledge_id", *fmt.key))
    lines = [f"## {fmt.label} (`{kind}`)", "",
             f"Templates: `{template_name(kind, 'xlsx')}`, `{template_name(kind, 'csv')}`. "
             f"A row is identified by ({key}): importing it again adds nothing.", "",
             "| 열 (canonical) | also accepted | 필수 | 종류 | 설명 |", "| --- | --- | --- | --- | --- |"]
    for col in fmt.columns:
        also = ", ".join(f"`{a}`" for a in (col.name, *col.aliases))
        lines.append(f"| {col.header} | {also} | {'필수' if col.required else ''} | {KIND_WORDS[col.kind]} "
                     f"| {col.description.replace('|', '&#124;')} |")
    if kind == "targets":
        lines += ["", "Each row becomes a target revision (목표 변경) of that indicator and year, with the "
                  "author, reason and effective date given with the import (`--author`, `--reason`, `--revised-on`)."]
    return "\n".join(lines) + "\n"


def write_doc() -> Path:
    DOC_PATH.write_text(formats_markdown(), encoding="utf-8")
    return DOC_PATH


if __name__ == "__main__":
    print(write_doc())
