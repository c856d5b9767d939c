"""Importing a department's file into the store: read → detect the kind → validate → preview
and report → commit in ONE transaction → logged in `imports`, undoable as a whole.

Used by the upload page (pages/import.py), the CLI (`python -m metrics import`) and the build
(data/records.load_record_dir): one code path. No Streamlit here.

    prepared = prepare(con, data, "신청.csv")          # reads the store, never writes
    print(prepared.report_text())                      # Korean, naming file, row and column
    if prepared.ok:
        summary = commit(con, prepared, user="홍길동")  # all rows or none
    undo(con, summary.import_id, user="감사관")

A refused file writes nothing at all: `prepare` only reads, and `commit` refuses a prepared
file with errors before it opens a transaction (the database file stays byte-for-byte the same).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import numpy as np
import pandas as pd
import yaml

from data.cardfile import FUNDING_SOURCES, CardError, parse_card
from data.formats import CARD_KIND, IMPORT_FORMATS, KIND_LABELS, RecordFormat, header_key
from data.reading import RawTable, ReadError, read_bytes, type_column
from data.records import as_arrow, insert_records
from data.revisions import RevisionError, apply_revisions
from data.store import write_transaction

MAX_EXAMPLES = 20            # problems listed per rule and column; the rest are counted
PREVIEW_ROWS = 20
CHUNK_ROWS = 50_000          # rows per insert step (the progress bar moves per step)
DECISIONS = ("승인", "부적격", "취소")
CARD_TABLES = ("pledge_texts", "contacts", "service_rules", "milestones", "progress_log", "budget_plan",
               "printed_executions", "indicator_targets", "indicators", "pledges")
# The date that places a record in time (checked against the term and today), per kind.
RECORD_DATE = {"applications": "applied_on", "visits": "visit_date", "publicity": "action_date",
               "executions": "executed_on", "reported_actuals": "reported_on"}
# The indicator source a kind of record feeds.
SOURCE_OF = {"applications": "applications", "visits": "visits", "publicity": "publicity", "executions": "executions"}

# Personal data (개인정보): headers that name a person or hold a resident or phone number, and
# cell values that look like a resident registration number or a mobile phone number.
PII_HEADERS = (
    (re.compile(r"주민|resident|rrn|ssn|socialsecurity"), "주민등록번호"),
    (re.compile(r"전화|연락처|휴대|핸드폰|phone|mobile|^tel$|telephone|contact"), "전화번호"),
    (re.compile(r"이름|성명|성함|^name$|fullname|firstname|lastname|surname|^(대상자|신청자|임신부|산모|보호자|수급자|수요자)명$"), "이름"),
)
# (RE2-compatible, no look-arounds: pyarrow scans a column in C.)
RRN = r"(?:^|[^0-9])[0-9]{6}-?[1-4][0-9]{6}(?:[^0-9]|$)"
PHONE = r"(?:^|[^0-9])01[016789][-. ]?[0-9]{3,4}[-. ]?[0-9]{4}(?:[^0-9]|$)"
KOREAN_NAME = r"^[가-힣]{2,4}$"
PERSON_ID_HEADERS = {header_key(h) for f in IMPORT_FORMATS.values() for c in f.columns if c.name == "person_id"
                     for h in (c.header, c.name, *c.aliases)}
# Spreadsheet formulas (and CSV formula injection such as =cmd|' /C calc'!A0): refused.
FORMULA = r"^[\t\r\n ]*(?:[=@]|[+\-] *[A-Za-z(])"   # no \s: keeps the scan in pyarrow (RE2)


class ImportRefused(ValueError):
    """An import that cannot go ahead; str() is one Korean line."""


# --- the report -------------------------------------------------------------------------------

@dataclass
class Problem:
    """One finding: an error refuses the file, a warning is listed for auditors."""
    severity: str                 # error | warning
    rule: str
    message: str                  # Korean, without the file name
    row: int | None = None        # spreadsheet row (header = row 1)
    column: str | None = None     # the header as written in the file

    def text(self, file_name: str) -> str:
        where = file_name
        if self.row is not None:
            where += f" {self.row}행"
        if self.column:
            where += f" '{self.column}' 열"
        return f"{where}: {self.message}"


@dataclass
class Prepared:
    """A file read and validated against the store, not yet written: the preview and report."""
    file_name: str
    file_hash: str
    kind: str | None = None
    city: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    rows_in_file: int = 0
    preview: pd.DataFrame | None = None        # first rows as in the file (None when it holds personal data)
    columns: dict[str, str] = field(default_factory=dict)   # header in the file -> store column
    frame: pd.DataFrame | None = None          # typed rows in store columns, with city
    problems: list[Problem] = field(default_factory=list)
    counts: dict[tuple[str, str, str | None], int] = field(default_factory=dict)  # (severity, rule, column) -> n
    refused_rows: np.ndarray | None = None     # mask over data rows
    rows_present: int = 0                      # rows whose natural key is in the store already
    earlier_imports: list[int] = field(default_factory=list)   # imports of the same bytes
    content: str | None = None                 # card YAML text
    card: object | None = None
    pledge_id: str | None = None
    author: str | None = None
    reason: str | None = None
    revised_on: dt.date | None = None

    # findings
    def add(self, severity: str, rule: str, message: str, row: int | None = None, column: str | None = None) -> None:
        key = (severity, rule, column)
        self.counts[key] = self.counts.get(key, 0) + 1
        if self.counts[key] <= MAX_EXAMPLES:
            self.problems.append(Problem(severity, rule, message, row, column))

    def add_rows(self, severity: str, rule: str, mask, rows: np.ndarray, message: Callable[[int], str],
                 column: str | None = None) -> None:
        """Add one problem per row where `mask` holds (message(i) for data row i); errors mark the rows refused."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if severity == "error" and self.refused_rows is not None:
            self.refused_rows |= mask
        idx = np.flatnonzero(mask)
        key = (severity, rule, column)
        shown = max(0, MAX_EXAMPLES - self.counts.get(key, 0))
        for i in idx[:shown]:
            self.problems.append(Problem(severity, rule, message(int(i)), int(rows[i]), column))
        self.counts[key] = self.counts.get(key, 0) + len(idx)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def error_count(self) -> int:
        return sum(n for (sev, _, _), n in self.counts.items() if sev == "error")

    @property
    def warning_count(self) -> int:
        return sum(n for (sev, _, _), n in self.counts.items() if sev == "warning")

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and self.kind is not None

    @property
    def rows_refused(self) -> int:
        if self.ok:
            return 0
        if self.refused_rows is not None and self.refused_rows.any():
            return int(self.refused_rows.sum())
        return self.rows_in_file

    @property
    def rows_new(self) -> int:
        return max(0, self.rows_in_file - self.rows_present) if self.ok else 0

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, "알 수 없음") if self.kind else "알 수 없음"

    def hidden(self) -> list[tuple[str, str, str | None, int]]:
        """(severity, rule, column, n) for findings beyond the examples listed."""
        return [(sev, rule, col, n - MAX_EXAMPLES) for (sev, rule, col), n in self.counts.items() if n > MAX_EXAMPLES]

    def error_summary(self, shown: int = 5) -> list[str]:
        """The first `shown` errors as '- …' lines, then one line counting the others."""
        lines = [f"- {p.text(self.file_name)}" for p in self.errors[:shown]]
        more = self.error_count - len(lines)
        return lines + ([f"- … 오류 {more:,}건 더 (아래 검사 결과)"] if more > 0 else [])

    def headline(self) -> str:
        """One Korean line: what the file is and whether it can be imported."""
        if self.ok:
            return (f"{self.file_name}: {self.label} {self.rows_in_file:,}행 — 추가 {self.rows_new:,}행, "
                    f"이미 있음 {self.rows_present:,}행, 경고 {self.warning_count:,}건. 가져올 수 있습니다")
        return (f"{self.file_name}: 가져오지 않습니다 — 오류 {self.error_count:,}건"
                f"{f' ({self.rows_refused:,}행)' if self.rows_in_file else ''}. 파일을 고친 뒤 다시 올리세요")

    def report_lines(self) -> list[str]:
        """The validation report: errors first, then warnings, each naming file, row and column."""
        lines = [self.headline()]
        for sev, title in (("error", "오류"), ("warning", "경고")):
            items = [p for p in self.problems if p.severity == sev]
            if not items:
                continue
            lines.append(f"[{title}]")
            lines += [f"  {p.text(self.file_name)}" for p in items]
            for s, rule, col, n in self.hidden():
                if s == sev:
                    lines.append(f"  … {f'{col!r} 열 ' if col else ''}같은 {title} {n:,}건 더")
        return lines

    def report_text(self) -> str:
        return "\n".join(self.report_lines())

    def report_frame(self) -> pd.DataFrame:
        """The report as a table for the page: 구분, 행, 열, 내용."""
        rows = [{"구분": "오류" if p.severity == "error" else "경고", "행": p.row, "열": p.column or "",
                 "내용": p.message} for p in self.problems]
        for sev, rule, col, n in self.hidden():
            rows.append({"구분": "오류" if sev == "error" else "경고", "행": None, "열": col or "",
                         "내용": f"같은 문제 {n:,}건 더"})
        frame = pd.DataFrame(rows, columns=["구분", "행", "열", "내용"])
        frame["행"] = frame["행"].astype("Int64")
        return frame


@dataclass(frozen=True)
class Summary:
    """What an import did."""
    import_id: int
    kind: str
    file_name: str
    rows_added: int
    rows_present: int
    rows_refused: int
    warnings: int

    def text(self) -> str:
        return (f"가져오기 #{self.import_id} 완료 ({self.file_name}, {KIND_LABELS.get(self.kind, self.kind)}): "
                f"추가 {self.rows_added:,}행, 이미 있음 {self.rows_present:,}행, 거부 {self.rows_refused:,}행, "
                f"경고 {self.warnings:,}건")


# --- prepare: read and validate, never write -----------------------------------------------------

def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def prepare(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, kind: str | None = None,
            sheet: str | None = None, city: str | None = None, today: dt.date | None = None,
            author: str | None = None, reason: str | None = None, revised_on: dt.date | None = None) -> Prepared:
    """Read and validate a file against the store. Reads only; user mistakes become Problems.

    Runs on its own cursor: the app shares one connection between sessions (threads)."""
    cur = con.cursor()
    try:
        return _prepare(cur, data, file_name, kind, sheet, city, today, author, reason, revised_on)
    finally:
        cur.close()


def _prepare(con, data: bytes, file_name: str, kind: str | None, sheet: str | None, city: str | None,
             today: dt.date | None, author: str | None, reason: str | None, revised_on: dt.date | None) -> Prepared:
    today = today or dt.date.today()
    prep = Prepared(file_name=file_name, file_hash=file_hash(data))
    if kind is not None and kind not in KIND_LABELS:
        prep.add("error", "kind", f"알 수 없는 종류입니다: '{kind}' — {', '.join(KIND_LABELS)} 중 하나")
        return prep
    if kind == CARD_KIND or (kind is None and file_name.lower().endswith((".yaml", ".yml"))):
        _prepare_card(con, prep, data, city)
        _note_earlier_imports(con, prep)
        return prep
    try:
        table = read_bytes(data, file_name, sheet)
    except ReadError as err:
        prep.add("error", "read", str(err).removeprefix(f"{file_name}: ").removeprefix(file_name).strip(" :"))
        return prep
    prep.encoding, prep.sheet, prep.sheets = table.encoding, table.sheet, table.sheets
    prep.rows_in_file = len(table.frame)
    prep.refused_rows = np.zeros(len(table.frame), dtype=bool)
    # Personal data first: refuse before anything else is looked at, and show none of it.
    if _personal_data(prep, table):
        return prep
    prep.preview = table.frame.head(PREVIEW_ROWS).copy()
    prep.preview.insert(0, "행", table.rows[:PREVIEW_ROWS])
    if not table.headers:
        prep.add("error", "empty", "머리글(열 이름)이 없습니다 — 첫 행에 열 이름을 쓰세요")
        return prep
    if prep.rows_in_file == 0:
        prep.add("error", "empty", "데이터 행이 없습니다 (머리글만 있습니다)" + _sheet_hint(table))
        return prep
    _formulas(prep, table)
    fmt = _detect_kind(prep, table, kind)
    if fmt is None:
        return prep
    prep.kind = fmt.kind
    if not _map_headers(prep, table, fmt):
        return prep
    frame = _typed(prep, table, fmt)
    prep.city = _resolve_city(con, prep, frame, city)
    if prep.city is None:
        return prep
    frame["city"] = prep.city
    prep.frame = frame
    _check_values(con, prep, table, fmt, frame, today)
    if fmt.kind == "targets":
        _prepare_targets(con, prep, table, frame, author, reason, revised_on, today)
    elif prep.ok:
        prep.rows_present = _present(con, prep, table, fmt, frame)
        _service_rules(con, prep, table, fmt, frame)
    _note_earlier_imports(con, prep)
    return prep


def _cells_matching(frame: pd.DataFrame, pattern: str, columns=None) -> dict[str, np.ndarray]:
    """{column: mask} of cells matching the regex, text columns only (of `columns`, default all), vectorised."""
    found = {}
    for col in (frame.columns if columns is None else columns):
        s = frame[col]
        if s.notna().any():
            mask = s.astype("string").str.contains(pattern, regex=True, na=False).to_numpy(dtype=bool)
            if mask.any():
                found[col] = mask
    return found


def _personal_data(prep: Prepared, table: RawTable) -> bool:
    """Refuse headers and values that are personal data (개인정보 보호). True when found."""
    found = False
    for header in table.headers:
        key = header_key(header)
        for pattern, what in PII_HEADERS:
            if pattern.search(key):
                prep.add("error", "personal_data",
                         f"개인정보 보호: '{header}' 열은 {what} 열로 보입니다 — 이름·주민등록번호·전화번호는 저장하지 않습니다. "
                         f"이 열을 지우고 가명 처리된 대상자ID만 남기세요", column=header)
                found = True
                break
    # One scan of every column for either pattern; each pattern again only where one matched.
    candidates = list(_cells_matching(table.frame, f"(?:{RRN})|(?:{PHONE})"))
    for pattern, what in ((RRN, "주민등록번호"), (PHONE, "전화번호")):
        for col, mask in _cells_matching(table.frame, pattern, candidates).items():
            if header_key(col) in {header_key(h) for h in _pii_headers(prep)}:
                continue
            first = int(table.rows[np.flatnonzero(mask)[0]])
            prep.add("error", "personal_data",
                     f"개인정보 보호: {what}로 보이는 값이 {int(mask.sum()):,}개 있습니다 (처음 {first}행) — "
                     f"{what}는 저장하지 않습니다. 값을 지우거나 가명 처리하세요", row=first, column=col)
            found = True
    # A pseudonymous id column holding what looks like a Korean name (2-4 syllables, nothing else).
    for header in table.headers:
        if header_key(header) in PERSON_ID_HEADERS and header not in _pii_headers(prep):
            mask = table.frame[header].astype("string").str.contains(KOREAN_NAME, regex=True, na=False).to_numpy(dtype=bool)
            if mask.any():
                first = int(table.rows[np.flatnonzero(mask)[0]])
                prep.add("error", "personal_data",
                         f"개인정보 보호: 가명 ID 대신 이름으로 보이는 값이 {int(mask.sum()):,}개 있습니다 (처음 {first}행) — "
                         f"대상자ID에는 가명 처리된 번호만 쓰세요", row=first, column=header)
                found = True
    if found:
        prep.refused_rows[:] = True
    return found


def _pii_headers(prep: Prepared) -> list[str]:
    return [p.column for p in prep.problems if p.rule == "personal_data" and p.row is None and p.column]


def _formulas(prep: Prepared, table: RawTable) -> None:
    for col, mask in _cells_matching(table.frame, FORMULA).items():
        prep.add_rows("error", "formula", mask, table.rows,
                      lambda i, c=col: f"수식이나 명령으로 보이는 값은 받지 않습니다: '{_short(table.frame[c].iat[i])}' — "
                                       f"엑셀에서 '값만 붙여넣기'로 바꾼 뒤 저장하세요", col)


def _detect_kind(prep: Prepared, table: RawTable, kind: str | None) -> RecordFormat | None:
    keys = {header_key(h) for h in table.headers}
    if kind is not None:
        return IMPORT_FORMATS[kind]
    scored = []
    for fmt in IMPORT_FORMATS.values():
        mapping = fmt.header_map()
        matched = {mapping[k] for k in keys if k in mapping}
        required = {c.name for c in fmt.columns if c.required}
        unknown = len([k for k in keys if k not in mapping])
        scored.append((required <= matched, len(matched) - unknown, fmt, required - matched))
    complete = sorted((s for s in scored if s[0]), key=lambda s: -s[1])
    if complete and (len(complete) == 1 or complete[0][1] > complete[1][1]):
        return complete[0][2]
    if complete:
        names = ", ".join(s[2].label for s in complete if s[1] == complete[0][1])
        prep.add("error", "kind", f"어떤 기록인지 정할 수 없습니다 (후보: {names}) — 종류를 지정하세요 (--kind)")
        return None
    best = max(scored, key=lambda s: s[1])
    fmt, missing = best[2], best[3]
    missing_headers = ", ".join(c.header for c in fmt.columns if c.name in missing)
    prep.add("error", "kind",
             f"어떤 기록인지 알 수 없습니다 — 머리글이 어느 양식과도 맞지 않습니다. 가장 가까운 양식은 '{fmt.label}'이며 "
             f"빠진 열: {missing_headers}. 대시보드의 양식(템플릿)을 내려받아 머리글을 맞추세요"
             + _sheet_hint(table))
    return None


def _sheet_hint(table: RawTable) -> str:
    if len(table.sheets) <= 1:
        return ""
    return f" (읽은 시트: '{table.sheet}', 있는 시트: {', '.join(table.sheets)} — 다른 시트이면 시트를 지정하세요)"


def _map_headers(prep: Prepared, table: RawTable, fmt: RecordFormat) -> bool:
    mapping = fmt.header_map()
    seen: dict[str, str] = {}
    for header in table.headers:
        name = mapping.get(header_key(header))
        if name is None:
            prep.add("error", "unknown_column",
                     f"알 수 없는 열입니다 — '{fmt.label}' 양식의 열: {', '.join(fmt.headers)}", column=header or "(빈 머리글)")
        elif name in seen:
            prep.add("error", "duplicate_column", f"같은 열이 두 번 있습니다 ('{seen[name]}' 열과 같은 항목)", column=header)
        else:
            seen[name] = header
    for col in fmt.columns:
        if col.required and col.name not in seen:
            prep.add("error", "missing_column", f"필수 열 '{col.header}'이(가) 없습니다 ({col.description or col.kind})",
                     column=col.header)
    prep.columns = {h: n for n, h in seen.items()}
    return prep.error_count == 0 or all(p.rule == "formula" for p in prep.errors)


KIND_WORDS = {"date": "날짜가 아닙니다", "int": "정수가 아닙니다", "number": "숫자가 아닙니다",
              "krw": "원 단위 금액(정수)이 아닙니다"}
KIND_HINTS = {"date": "2024-05-31, 2024.5.31 또는 2024. 5. 31. 형식", "int": "예: 22", "number": "예: 4 또는 3.5",
              "krw": "예: 1,250,000 또는 1250000원"}


def _typed(prep: Prepared, table: RawTable, fmt: RecordFormat) -> pd.DataFrame:
    """Store columns typed by the format; bad values and empty required values are errors."""
    frame = pd.DataFrame(index=table.frame.index)
    for header, name in prep.columns.items():
        col = fmt.column(name)
        raw = table.frame[header]
        typed, bad = type_column(raw, col.kind)
        prep.add_rows("error", f"type_{col.kind}", bad.to_numpy(), table.rows,
                      lambda i, r=raw, k=col.kind: f"{KIND_WORDS[k]}: '{_short(r.iat[i])}' — {KIND_HINTS[k]}", header)
        if col.required:
            prep.add_rows("error", "required", raw.isna().to_numpy(), table.rows,
                          lambda i, c=col: f"'{c.header}' 값이 비어 있습니다 (필수)", header)
        frame[name] = typed
    return frame


def _resolve_city(con, prep: Prepared, frame: pd.DataFrame, city: str | None) -> str | None:
    cities = [r[0] for r in con.execute("SELECT city FROM cities ORDER BY city").fetchall()]
    if city:
        if city not in cities:
            prep.add("error", "city", f"등록되지 않은 시군 코드입니다: '{city}' (있는 시군: {', '.join(cities) or '없음'})")
            return None
        return city
    if len(cities) == 1:
        return cities[0]
    ids = sorted({str(p) for p in frame.get("pledge_id", pd.Series(dtype=object)).dropna().unique()})
    found = [r[0] for r in con.execute(
        "SELECT DISTINCT city FROM pledges WHERE list_contains($ids, pledge_id) ORDER BY city", {"ids": ids}).fetchall()]
    if len(found) == 1:
        return found[0]
    prep.add("error", "city", "어느 시군의 기록인지 정할 수 없습니다 — 시군을 지정하세요 (--city)"
             + (f" (후보: {', '.join(found)})" if found else ""))
    return None


def _header_of(prep: Prepared, name: str) -> str | None:
    return next((h for h, n in prep.columns.items() if n == name), None)


def _check_values(con, prep: Prepared, table: RawTable, fmt: RecordFormat, frame: pd.DataFrame,
                  today: dt.date) -> None:
    rows = table.rows
    city = prep.city
    term_start, term_end, city_name = con.execute(
        "SELECT term_start, term_end, name FROM cities WHERE city = ?", [city]).fetchone()
    # Unknown pledges.
    pledges = {r[0] for r in con.execute("SELECT pledge_id FROM pledges WHERE city = ?", [city]).fetchall()}
    pid = frame["pledge_id"]
    unknown = (pid.notna() & ~pid.isin(pledges)).to_numpy()
    known = ", ".join(sorted(pledges)[:10]) + (" …" if len(pledges) > 10 else "")
    prep.add_rows("error", "unknown_pledge", unknown, rows,
                  lambda i: f"{city_name}에 없는 공약번호입니다: '{_short(pid.iat[i])}' (있는 공약: {known or '없음'})",
                  _header_of(prep, "pledge_id"))
    # Unknown indicators.
    if "indicator_id" in frame:
        inds = con.execute("SELECT pledge_id, indicator_id, source FROM indicators WHERE city = ?", [city]).df()
        pairs = set(zip(inds["pledge_id"], inds["indicator_id"]))
        ind = frame["indicator_id"]
        bad = np.array([(p, i) not in pairs for p, i in zip(pid, ind)]) & ind.notna().to_numpy() & ~unknown
        prep.add_rows("error", "unknown_indicator", bad, rows,
                      lambda i: f"공약 {pid.iat[i]}에 없는 확인지표입니다: '{_short(ind.iat[i])}' (있는 지표: "
                                f"{', '.join(inds.loc[inds['pledge_id'] == pid.iat[i], 'indicator_id']) or '없음'})",
                      _header_of(prep, "indicator_id"))
        if fmt.kind == "reported_actuals":
            rec = set(zip(inds.loc[inds["source"] != "reported", "pledge_id"], inds.loc[inds["source"] != "reported", "indicator_id"]))
            warn = np.array([(p, i) in rec for p, i in zip(pid, ind)])
            prep.add_rows("warning", "reported_for_records", warn, rows,
                          lambda i: f"'{ind.iat[i]}' 지표는 기록으로 계산됩니다 — 보고 실적은 대조용으로만 쓰입니다",
                          _header_of(prep, "indicator_id"))
    # The record's date: inside the term, not in the future.
    date_col = RECORD_DATE.get(fmt.kind)
    if date_col and date_col in frame:
        d = pd.to_datetime(frame[date_col])
        header = _header_of(prep, date_col)
        future = (d > pd.Timestamp(today)).to_numpy()
        prep.add_rows("error", "future", future, rows,
                      lambda i: f"미래의 날짜입니다: {_kdate(d.iat[i])} (오늘 {_kdate(today)})", header)
        outside = ((d < pd.Timestamp(term_start)) | (d > pd.Timestamp(term_end))).to_numpy() & ~future
        prep.add_rows("error", "outside_term", outside, rows,
                      lambda i: f"임기({_kdate(term_start)} ~ {_kdate(term_end)}) 밖의 날짜입니다: {_kdate(d.iat[i])}", header)
    # Years of the term.
    if "period" in frame:
        years = {r[0] for r in con.execute("SELECT period FROM periods").fetchall()}
        per = frame["period"]
        bad = (per.notna() & ~per.isin(years)).to_numpy(dtype=bool, na_value=False)
        prep.add_rows("error", "period", bad, rows,
                      lambda i: f"임기 중의 연도가 아닙니다: {per.iat[i]} ({min(years)} ~ {max(years)})",
                      _header_of(prep, "period"))
    # Negative amounts and counts.
    for name, what in (("amount_krw", "금액"), ("value", "실적"), ("hours", "제공시간"), ("target", "목표"),
                       ("pregnancy_week", "임신주수")):
        if name in frame:
            v = frame[name]
            neg = (v < 0).to_numpy(dtype=bool, na_value=False)
            prep.add_rows("error", "negative", neg, rows, lambda i, v=v, w=what: f"{w}은(는) 음수일 수 없습니다: {_num(v.iat[i])}",
                          _header_of(prep, name))
    if "hours" in frame:
        zero = (frame["hours"] == 0).to_numpy(dtype=bool, na_value=False)
        prep.add_rows("error", "zero_hours", zero, rows, lambda i: "제공시간이 0입니다", _header_of(prep, "hours"))
    if "pregnancy_week" in frame:
        w = frame["pregnancy_week"]
        odd = (w > 45).to_numpy(dtype=bool, na_value=False)
        prep.add_rows("error", "pregnancy_week", odd, rows, lambda i: f"임신주수가 너무 큽니다: {w.iat[i]} (0 ~ 45)",
                      _header_of(prep, "pregnancy_week"))
    # Closed vocabularies.
    for name, allowed in (("decision", DECISIONS), ("funding_source", FUNDING_SOURCES)):
        if name in frame:
            v = frame[name]
            bad = (v.notna() & ~v.isin(allowed)).to_numpy()
            prep.add_rows("error", "vocabulary", bad, rows,
                          lambda i, v=v, a=allowed: f"허용되지 않는 값입니다: '{_short(v.iat[i])}' — {', '.join(a)} 중 하나",
                          _header_of(prep, name))
    if "decision" in frame:
        frame["decision"] = frame["decision"].where(frame["decision"].notna(), "승인")
    # Duplicates inside the file, by natural key.
    key = ["pledge_id", *fmt.key]
    if all(k in frame for k in key):
        keyed = frame[key].astype(str)
        dup = keyed.duplicated(keep=False).to_numpy()
        if dup.any():
            first_row = pd.Series(rows, index=frame.index).groupby([keyed[k] for k in key]).transform("min").to_numpy()
            later = dup & (first_row != rows)
            key_header = _header_of(prep, fmt.key[-1] if fmt.kind != "reported_actuals" else "indicator_id")
            prep.add_rows("error", "duplicate", later, rows,
                          lambda i: f"같은 기록({' / '.join(str(frame[k].iat[i]) for k in key)})이 {first_row[i]}행에도 있습니다 — 한 번만 쓰세요",
                          key_header)
    # A kind of record that no indicator of the pledge uses.
    source = SOURCE_OF.get(fmt.kind)
    if source and source != "executions":
        used = {r[0] for r in con.execute(
            "SELECT DISTINCT pledge_id FROM indicators WHERE city = ? AND source = ?", [city, source]).fetchall()}
        for p in sorted(set(pid.dropna()) & pledges - used):
            prep.add("warning", "unused_source", f"공약 {p}에는 {KIND_LABELS[fmt.kind]} 기록으로 계산하는 확인지표가 없습니다 — "
                     f"저장은 되지만 이행률에는 쓰이지 않습니다", column=_header_of(prep, "pledge_id"))


def _present(con, prep: Prepared, table: RawTable, fmt: RecordFormat, frame: pd.DataFrame) -> int:
    """How many rows' natural keys are in the store already; rows whose stored record differs
    are warned about (the store keeps its record: importing never overwrites)."""
    key = ["city", "pledge_id", *fmt.key]
    values = [c.name for c in fmt.columns if c.name not in key and c.name in frame]
    incoming = frame[key + values].assign(_i=np.arange(len(frame)))
    cur = con.cursor()
    cur.register("incoming_rows_check", as_arrow(incoming))
    try:
        on = " AND ".join(f"t.{k} = i.{k}" for k in key)
        differs = " OR ".join(f"t.{c} IS DISTINCT FROM i.{c}" for c in values if c != "decision") or "FALSE"
        if "decision" in values:
            differs += " OR t.decision IS DISTINCT FROM coalesce(i.decision, '승인')"
        found = cur.execute(f"SELECT i._i, ({differs}) AS differs FROM incoming_rows_check i JOIN {fmt.kind} t ON {on}").df()
    finally:
        cur.unregister("incoming_rows_check")
        cur.close()
    changed = np.zeros(len(frame), dtype=bool)
    changed[found.loc[found["differs"].astype(bool), "_i"].to_numpy(dtype=int)] = True
    prep.add_rows("warning", "differs_from_store", changed, table.rows,
                  lambda i: "이미 있는 기록과 내용이 다릅니다 — 저장된 기록을 그대로 둡니다. 고치려면 그 기록을 가져온 "
                            "가져오기를 되돌린 뒤 고친 파일을 가져오세요", _header_of(prep, fmt.key[-1]))
    return len(found)


def _service_rules(con, prep: Prepared, table: RawTable, fmt: RecordFormat, frame: pd.DataFrame) -> None:
    """Warnings (not refusals) against the service rule in force on the record's date."""
    if fmt.kind not in ("applications", "visits"):
        return
    rules = con.execute("SELECT pledge_id, starts, hours_per_visit, visits_per_person, eligible_from_week "
                        "FROM service_rules WHERE city = ? ORDER BY starts", [prep.city]).df()
    if rules.empty:
        return
    rules["starts"] = pd.to_datetime(rules["starts"]).astype("datetime64[ns]")
    rules["pledge_id"] = rules["pledge_id"].astype(object)
    date_col = RECORD_DATE[fmt.kind]
    rows = table.rows
    work = frame.assign(_row=rows, _date=pd.to_datetime(frame[date_col]).astype("datetime64[ns]"),
                        _i=np.arange(len(frame)), pledge_id=frame["pledge_id"].astype(object))
    work = work[work["_date"].notna() & work["pledge_id"].isin(set(rules["pledge_id"]))]
    if work.empty:
        return
    ruled = pd.merge_asof(work.sort_values("_date"), rules.sort_values("starts"), left_on="_date", right_on="starts",
                          by="pledge_id", direction="backward")
    ruled = ruled[ruled["starts"].notna()]
    mask = np.zeros(len(frame), dtype=bool)
    if fmt.kind == "applications":
        early = ruled[ruled["pregnancy_week"].astype("Float64") < ruled["eligible_from_week"]]
        mask[early["_i"].to_numpy()] = True
        info = early.set_index("_i")
        prep.add_rows("warning", "pregnancy_week", mask, rows,
                      lambda i: f"임신 {info.at[i, 'pregnancy_week']}주 신청입니다 — 규칙은 {info.at[i, 'eligible_from_week']}주부터 "
                                f"({_kdate(info.at[i, 'starts'])} 시행)", _header_of(prep, "pregnancy_week"))
        return
    over = ruled[ruled["hours"].astype(float) > ruled["hours_per_visit"]]
    mask[over["_i"].to_numpy()] = True
    info = over.set_index("_i")
    prep.add_rows("warning", "hours_per_visit", mask, rows,
                  lambda i: f"1회 {_num(info.at[i, 'hours'])}시간 제공입니다 — 규칙은 1회 {_num(info.at[i, 'hours_per_visit'])}시간 "
                            f"({_kdate(info.at[i, 'starts'])} 시행)", _header_of(prep, "hours"))
    # Visits per person: the store's visits of the same people (other than this file's) and the
    # file's, per application; the limit is the rule in force on the application date (or on
    # the first visit when the application is not known).
    cur = con.cursor()
    try:
        cur.register("incoming_people", ruled[["pledge_id", "person_id"]].drop_duplicates())
        stored = cur.execute(
            "SELECT v.pledge_id, v.person_id, v.application_id, v.visit_date, v.visit_id FROM visits v "
            "JOIN incoming_people p USING (pledge_id, person_id) WHERE v.city = ?", [prep.city]).df()
        cur.unregister("incoming_people")
        applied = cur.execute("SELECT pledge_id, application_id, applied_on FROM applications WHERE city = ?",
                              [prep.city]).df()
    finally:
        cur.close()
    stored = stored[~stored["visit_id"].isin(set(frame["visit_id"]))]
    stored = stored.assign(_date=pd.to_datetime(stored["visit_date"]).astype("datetime64[ns]"), _i=-1)
    cols = ["pledge_id", "person_id", "application_id", "_date", "_i"]
    if "application_id" not in ruled:
        ruled = ruled.assign(application_id=None)
    both = pd.concat([ruled[cols], stored[cols]], ignore_index=True).astype(
        {"pledge_id": object, "person_id": object, "application_id": object})
    both["_group"] = both["application_id"].where(both["application_id"].notna(), "P:" + both["person_id"].astype(str))
    applied = applied.astype({"pledge_id": object, "application_id": object})
    applied["_applied"] = pd.to_datetime(applied["applied_on"]).astype("datetime64[ns]")
    both = both.merge(applied[["pledge_id", "application_id", "_applied"]], on=["pledge_id", "application_id"], how="left")
    both["_basis"] = both["_applied"].fillna(both.groupby(["pledge_id", "_group"])["_date"].transform("min"))
    both = pd.merge_asof(both.sort_values("_basis"), rules.sort_values("starts"), left_on="_basis", right_on="starts",
                         by="pledge_id", direction="backward")
    both = both[both["starts"].notna()].sort_values(["pledge_id", "_group", "_date", "_i"])
    both["_n"] = both.groupby(["pledge_id", "_group"]).cumcount() + 1
    too_many = both[(both["_i"] >= 0) & (both["_n"] > both["visits_per_person"])]
    mask = np.zeros(len(frame), dtype=bool)
    mask[too_many["_i"].to_numpy(dtype=int)] = True
    info = too_many.set_index("_i")
    prep.add_rows("warning", "visits_per_person", mask, rows,
                  lambda i: f"대상자 {frame['person_id'].iat[i]}의 {info.at[i, '_n']}번째 제공입니다 — 규칙은 1인 "
                            f"{info.at[i, 'visits_per_person']}회 ({_kdate(info.at[i, 'starts'])} 시행 규칙)",
                  _header_of(prep, "person_id"))


def _prepare_targets(con, prep: Prepared, table: RawTable, frame: pd.DataFrame, author, reason, revised_on,
                     today: dt.date) -> None:
    if not author or not str(author).strip():
        prep.add("error", "author", "목표 변경에는 변경자 이름이 필요합니다 (--author)")
    if not reason or not str(reason).strip():
        prep.add("error", "reason", "목표 변경에는 변경 사유가 필요합니다 (--reason, 예: 공약이행평가단 승인 2024-03-15)")
    prep.author, prep.reason, prep.revised_on = author, reason, revised_on or today
    if prep.revised_on > today:
        prep.add("error", "future", f"변경일이 미래입니다: {_kdate(prep.revised_on)}")
    if not prep.ok:
        return
    current = con.execute(
        """SELECT city, pledge_id, indicator_id, period, target AS in_force, revision_id
           FROM (""" + _sql("current_targets") + ") WHERE city = $city",
        {"city": prep.city, "pledge_id": None}).df()
    merged = frame.merge(current, on=["city", "pledge_id", "indicator_id", "period"], how="left")
    same = (merged["in_force"].astype("Float64") == merged["target"].astype("Float64")).to_numpy(dtype=bool, na_value=False)
    prep.rows_present = int(same.sum())
    prep.frame = merged.drop(columns=["in_force"])


def _sql(name: str) -> str:
    from data.store import sql_text
    return sql_text(name).rstrip().rstrip(";")


def _prepare_card(con, prep: Prepared, data: bytes, city: str | None) -> None:
    prep.kind, prep.encoding, prep.rows_in_file = CARD_KIND, "yaml", 1
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        prep.add("error", "read", "카드 파일은 UTF-8로 저장해야 합니다")
        return
    if not text.strip():
        prep.add("error", "empty", "빈 파일입니다")
        return
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        prep.add("error", "yaml", "YAML 형식 오류입니다", row=mark.line + 1 if mark else None)
        return
    try:
        card = parse_card(doc, prep.file_name)
    except CardError as err:
        prep.add("error", "card", str(err).removeprefix(f"{prep.file_name}: "))
        return
    if city and card.city != city:
        prep.add("error", "city", f"카드의 시군({card.city})이 지정한 시군({city})과 다릅니다")
        return
    prep.card, prep.content, prep.city, prep.pledge_id = card, text, card.city, card.id
    prep.preview = pd.DataFrame([{"시군": card.city_name, "공약번호": card.id, "공약명": card.title,
                                  "주관부서": card.department, "확인지표": ", ".join(i.name for i in card.indicators)}])
    previous = _card_in_force(con, card.city, card.id)
    prep.rows_present = int(previous is not None and previous == text)
    if previous is None and con.execute("SELECT count(*) FROM pledges WHERE city = ? AND pledge_id = ?",
                                        [card.city, card.id]).fetchone()[0]:
        prep.add("warning", "card_replaced", f"공약 {card.id}의 기존 카드를 바꿉니다 (기존 카드 파일을 찾을 수 없어 되돌리면 카드가 지워집니다)")


def _card_in_force(con, city: str, pledge_id: str) -> str | None:
    """The YAML text of the card now in the store: from its latest import, or its file in data/cards."""
    row = con.execute(
        "SELECT content FROM imports WHERE kind = 'card' AND city = ? AND pledge_id = ? AND undone_at IS NULL "
        "ORDER BY import_id DESC LIMIT 1", [city, pledge_id]).fetchone()
    if row:
        return row[0]
    found = con.execute("SELECT card_file FROM pledges WHERE city = ? AND pledge_id = ?", [city, pledge_id]).fetchone()
    if found and found[0]:
        from data.store import CARDS_DIR
        path = CARDS_DIR / Path(found[0]).name
        if path.exists():
            return path.read_text(encoding="utf-8")
    return None


def _note_earlier_imports(con, prep: Prepared) -> None:
    prep.earlier_imports = [r[0] for r in con.execute(
        "SELECT import_id FROM imports WHERE file_hash = ? AND undone_at IS NULL ORDER BY import_id",
        [prep.file_hash]).fetchall()]
    if prep.earlier_imports and prep.ok:
        prep.add("warning", "same_file",
                 f"같은 파일을 이미 가져왔습니다 (가져오기 #{', #'.join(map(str, prep.earlier_imports))}) — 다시 가져와도 추가되는 행은 없습니다")


def _short(value, limit: int = 40) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _kdate(value) -> str:
    return pd.Timestamp(value).date().isoformat()


def _num(value) -> str:
    value = float(value)
    return f"{int(value):,}" if value.is_integer() else f"{value:,}"


# --- commit and undo: one transaction each -----------------------------------------------------

def commit(con: duckdb.DuckDBPyConnection, prep: Prepared, user: str,
           progress: Callable[[float, str], None] | None = None, synthetic: bool = False,
           file_label: str | None = None) -> Summary:
    """Write a prepared file in one transaction and log it; refuse (writing nothing) when it has errors."""
    if not prep.ok:
        raise ImportRefused(prep.headline())
    if not user or not str(user).strip():
        raise ImportRefused("가져오는 사람의 이름을 입력하세요")
    progress = progress or (lambda fraction, text: None)
    name = file_label or prep.file_name
    with write_transaction(con) as cur:
        import_id = cur.execute(
            """INSERT INTO imports (kind, file_name, file_hash, imported_by, synthetic, city, encoding, sheet,
                   rows_in_file, pledge_id, content, previous_content)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING import_id""",
            [prep.kind, name, prep.file_hash, str(user).strip(), synthetic, prep.city, prep.encoding, prep.sheet,
             prep.rows_in_file, prep.pledge_id, prep.content,
             _card_in_force(cur, prep.city, prep.pledge_id) if prep.kind == CARD_KIND else None],
        ).fetchone()[0]
        if prep.kind == CARD_KIND:
            added = _commit_card(cur, prep)
        elif prep.kind == "targets":
            added = _commit_targets(cur, prep, import_id)
        else:
            added = 0
            total = len(prep.frame)
            for start in range(0, max(total, 1), CHUNK_ROWS):
                chunk = prep.frame.iloc[start:start + CHUNK_ROWS]
                added += insert_records(cur, prep.kind, chunk, import_id)
                done = min(total, start + CHUNK_ROWS)
                progress(done / max(total, 1), f"{done:,} / {total:,}행")
        warnings = [p for p in prep.problems if p.severity == "warning"]
        if warnings:
            cur.executemany("INSERT INTO import_warnings VALUES (?, ?, ?, ?, ?)",
                            [(import_id, p.row, p.column, p.rule, p.message) for p in warnings])
        present = prep.rows_in_file - added
        cur.execute("UPDATE imports SET rows_added = ?, rows_present = ?, rows_refused = 0, warnings = ? "
                    "WHERE import_id = ?", [added, present, prep.warning_count, import_id])
    progress(1.0, "완료")
    return Summary(import_id, prep.kind, name, added, prep.rows_in_file - added, 0, prep.warning_count)


def _commit_card(cur, prep: Prepared) -> int:
    from data.store import insert_card
    if prep.rows_present:
        return 0
    insert_card(cur, prep.card, prep.file_name)
    return 1


def _commit_targets(cur, prep: Prepared, import_id: int) -> int:
    changes = prep.frame[["city", "pledge_id", "indicator_id", "period", "target", "revision_id"]].copy()
    try:
        ids = apply_revisions(cur, changes, prep.author, prep.reason, prep.revised_on)
    except RevisionError as err:
        raise ImportRefused(f"{prep.file_name}: {err}") from None
    if ids:
        cur.execute("UPDATE target_revisions SET import_id = ? WHERE list_contains(?, revision_id)", [import_id, ids])
    return len(ids)


def undo(con: duckdb.DuckDBPyConnection, import_id: int, user: str) -> int:
    """Undo one import as a whole, in one transaction: delete its records (or revert its target
    revisions, or restore the card it replaced) and mark it undone. Returns the rows removed."""
    if not user or not str(user).strip():
        raise ImportRefused("되돌리는 사람의 이름을 입력하세요")
    with write_transaction(con) as cur:
        row = cur.execute("SELECT kind, undone_at, city, pledge_id, previous_content, file_name FROM imports "
                          "WHERE import_id = ?", [import_id]).fetchone()
        if row is None:
            raise ImportRefused(f"가져오기 #{import_id}이(가) 없습니다")
        kind, undone_at, city, pledge_id, previous, file_name = row
        if undone_at is not None:
            raise ImportRefused(f"가져오기 #{import_id}은(는) 이미 되돌렸습니다 ({undone_at:%Y-%m-%d %H:%M})")
        if kind == CARD_KIND:
            removed = _undo_card(cur, import_id, city, pledge_id, previous)
        elif kind == "targets":
            removed = _undo_targets(cur, import_id, user)
        else:
            removed = cur.execute(f"SELECT count(*) FROM {IMPORT_FORMATS[kind].kind} WHERE import_id = ?",
                                  [import_id]).fetchone()[0]
            cur.execute(f"DELETE FROM {IMPORT_FORMATS[kind].kind} WHERE import_id = ?", [import_id])
        cur.execute("UPDATE imports SET undone_at = current_timestamp, undone_by = ? WHERE import_id = ?",
                    [str(user).strip(), import_id])
    return removed


def _undo_targets(cur, import_id: int, user: str) -> int:
    revs = cur.execute(
        "SELECT revision_id, city, pledge_id, indicator_id, period, previous_target, revised_on FROM target_revisions "
        "WHERE import_id = ? ORDER BY revision_id", [import_id]).fetchall()
    for rev_id, city, pledge_id, indicator_id, period, previous, revised_on in revs:
        latest = cur.execute(
            "SELECT max(revision_id) FROM target_revisions WHERE city = ? AND pledge_id = ? AND indicator_id = ? AND period = ?",
            [city, pledge_id, indicator_id, period]).fetchone()[0]
        if latest != rev_id:
            raise ImportRefused(f"가져오기 #{import_id} 이후 {indicator_id} {period}년 목표가 다시 변경되었습니다 "
                                f"(변경 번호 {latest}) — 그 변경을 먼저 되돌리세요")
        cur.execute(
            """INSERT INTO target_revisions (city, pledge_id, indicator_id, period, previous_target, new_target,
                   based_on_revision, author, reason, revised_on) SELECT city, pledge_id, indicator_id, period,
                   new_target, previous_target, revision_id, ?, ?, revised_on FROM target_revisions WHERE revision_id = ?""",
            [str(user).strip(), f"가져오기 #{import_id} 되돌리기", rev_id])
    return len(revs)


def _undo_card(cur, import_id: int, city: str, pledge_id: str, previous: str | None) -> int:
    later = cur.execute("SELECT min(import_id) FROM imports WHERE kind = 'card' AND city = ? AND pledge_id = ? "
                        "AND import_id > ? AND undone_at IS NULL", [city, pledge_id, import_id]).fetchone()[0]
    if later is not None:
        raise ImportRefused(f"공약 {pledge_id}의 카드를 그 뒤에 다시 가져왔습니다 (가져오기 #{later}) — 그것을 먼저 되돌리세요")
    from data.store import insert_card
    if previous is not None:
        insert_card(cur, parse_card(yaml.safe_load(previous), f"가져오기 #{import_id} 이전 카드"), f"import-{import_id}-previous")
    else:
        for table in CARD_TABLES:
            cur.execute(f"DELETE FROM {table} WHERE city = ? AND pledge_id = ?", [city, pledge_id])
    return 1


# --- reading the log -----------------------------------------------------------------------------

def import_log(con: duckdb.DuckDBPyConnection, include_build: bool = True) -> pd.DataFrame:
    """Every import, newest first (the auditors' view)."""
    from data.store import query
    log = query(con, "import_log")
    if not include_build:
        log = log[log["imported_by"] != "build"]
    return log


def import_warnings(con: duckdb.DuckDBPyConnection, import_id: int | None = None) -> pd.DataFrame:
    """Service-rule and other warnings recorded with imports (all, or one import's)."""
    from data.store import query
    return query(con, "import_warnings", import_id=import_id)
