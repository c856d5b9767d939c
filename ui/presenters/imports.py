"""기록 가져오기: the facts line of a checked file, the import log and its warnings with Korean
headers, and the labels of the imports that can be undone."""
from __future__ import annotations

import pandas as pd

from ui import safe
from ui.presenters.common import encoding_label, times_text, warning_texts

AUTO = "자동 판단"

LOG_HEADERS = {
    "import_id": "번호", "kind": "종류", "file_name": "파일", "imported_by": "가져온 사람", "imported_at": "일시",
    "rows_added": "추가", "rows_present": "이미 있음", "rows_refused": "거부", "warnings": "경고",
    "undone_at": "되돌린 일시", "undone_by": "되돌린 사람", "file_hash": "SHA-256", "encoding": "인코딩",
    "sheet": "시트", "city": "시군", "pledge_id": "공약", "rows_in_file": "파일 행 수", "synthetic": "합성"}
LOG_COLUMNS = ["번호", "일시", "가져온 사람", "종류", "파일", "추가", "이미 있음", "거부", "경고",
               "되돌린 일시", "되돌린 사람", "인코딩", "시트", "SHA-256"]
# The imports log's counts (rows of a file can run to 100,000): shown with thousands separators.
COUNT_COLUMNS = ("파일 행 수", "추가", "이미 있음", "거부", "경고")
WARNING_HEADERS = {"import_id": "번호", "file_name": "파일", "row_no": "행", "column_name": "열", "message": "내용",
                   "rule": "규칙", "imported_at": "일시", "undone_at": "되돌린 일시"}
BUILD_USER = "build"


def kind_label(kind: str, labels: dict[str, str]) -> str:
    """The kind selector's label: '자동 판단' or '신청 기록 (applications)'."""
    return kind if kind == AUTO else f"{labels[kind]} ({kind})"


def template_line(fmt) -> str:
    return f"**{fmt.label}** — {', '.join(fmt.headers)}"


def facts(prepared) -> str:
    """'종류: … · 행: 1,234 · 인코딩: CP949 (한글 윈도) · 시트: …' of a checked file (Markdown, escaped)."""
    out = [f"종류: {prepared.label}", f"행: {prepared.rows_in_file:,}"]
    if prepared.encoding:
        out.append(f"인코딩: {encoding_label(prepared.encoding)}")
    if prepared.sheet:
        out.append(f"시트: {prepared.sheet}")
    return safe.md(" · ".join(out))


def limits_text(lines: list[str]) -> str:
    """The import limits as a Markdown list (the upload page shows them before a file is chosen)."""
    return safe.bullets(lines)


def headline(prepared) -> str:
    """The one-line verdict of a checked file, escaped (the file name is the uploader's)."""
    return safe.md(prepared.headline())


def refusal(prepared) -> str:
    """The headline and the first errors of a refused file, one per line (Markdown, every line
    escaped: file names, headers and quoted values are the uploader's)."""
    items = [line.removeprefix("- ") for line in prepared.error_summary()]
    return safe.md(prepared.headline()) + "\n\n" + safe.bullets(items)


def report_title(prepared) -> str:
    return f"**검사 결과** — 오류 {prepared.error_count:,}건, 경고 {prepared.warning_count:,}건"


def log_table(log: pd.DataFrame, kind_labels: dict[str, str]) -> pd.DataFrame:
    """The import log as shown: Korean headers, kinds by name, undo times to the minute."""
    shown = log.rename(columns=LOG_HEADERS)
    shown["종류"] = shown["종류"].map(lambda k: kind_labels.get(k, k))
    shown["되돌린 일시"] = times_text(shown["되돌린 일시"])
    shown["되돌린 사람"] = shown["되돌린 사람"].fillna("")
    shown["시트"] = shown["시트"].fillna("")
    shown["인코딩"] = shown["인코딩"].map(encoding_label)
    return shown[LOG_COLUMNS]


def warnings_table(warnings: pd.DataFrame) -> pd.DataFrame:
    """The warnings with Korean headers, rules by their Korean names, undo times as text (never NaT)."""
    return warning_texts(warnings).rename(columns=WARNING_HEADERS)


def warnings_title(warnings: pd.DataFrame) -> str:
    return f"가져오기 경고 {len(warnings):,}건 (감사용)"


def undoable(log: pd.DataFrame) -> dict[int, str]:
    """The imports that can be undone (not undone yet, not the build's), newest first:
    import id → '#12 파일.csv (홍길동, 추가 1,234행)'."""
    rows = log[log["undone_at"].isna() & (log["imported_by"] != BUILD_USER)]
    return {int(r.import_id): f"#{r.import_id} {r.file_name} ({r.imported_by}, 추가 {r.rows_added:,}행)"
            for r in rows.itertuples(index=False)}


def undone_text(import_id: int, removed: int) -> str:
    return f"가져오기 #{import_id}을(를) 되돌렸습니다 ({removed:,}건)."
