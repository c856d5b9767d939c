"""prepare: read a file and validate it against the store, never writing. The steps: read
(data/imports/read.py) → personal data and formulas (checks) → detect the kind → map the
headers → type the values → resolve the city → generic value checks → the kind's own checks
(its handler in kinds.py) → earlier imports of the same bytes.

Every user mistake becomes a Problem in the returned `Prepared`; nothing raises.
"""
from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import numpy as np
import pandas as pd

from data.formats import CARD_KIND, IMPORT_FORMATS, KIND_LABELS, RecordFormat, header_key
from data.imports import gate
from data.imports.checks import check_values, formulas, personal_data, typed
from data.imports.findings import Prepared
from data.imports.kinds import HANDLERS, Request
from data.imports.read import RawTable, ReadError, read_bytes
from data.store import execute

PREVIEW_ROWS = 20


def file_hash(data: bytes) -> str:
    """SHA-256 of the file's bytes, as hex."""
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
    gate.screen_names(prep, file_name=file_name, author=author, reason=reason)
    if prep.error_count:
        return prep
    if kind is not None and kind not in KIND_LABELS:
        prep.add("error", "kind", f"알 수 없는 종류입니다: '{kind}' — {', '.join(KIND_LABELS)} 중 하나")
        return prep
    if kind == CARD_KIND or (kind is None and file_name.lower().endswith((".yaml", ".yml"))):
        HANDLERS[CARD_KIND].prepare_file(con, prep, data, city)
        note_earlier_imports(con, prep)
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
    if personal_data(prep, table):
        return prep
    prep.preview = table.frame.head(PREVIEW_ROWS).copy()
    prep.preview.insert(0, "행", table.rows[:PREVIEW_ROWS])
    if not table.headers:
        prep.add("error", "empty", "머리글(열 이름)이 없습니다 — 첫 행에 열 이름을 쓰세요")
        return prep
    if prep.rows_in_file == 0:
        prep.add("error", "empty", "데이터 행이 없습니다 (머리글만 있습니다)" + sheet_hint(table))
        return prep
    formulas(prep, table)
    fmt = detect_kind(prep, table, kind)
    if fmt is None:
        return prep
    prep.kind = fmt.kind
    if not map_headers(prep, table, fmt):
        return prep
    frame = typed(prep, table, fmt)
    prep.city = resolve_city(con, prep, frame, city)
    if prep.city is None:
        return prep
    frame["city"] = prep.city
    prep.frame = frame
    check_values(con, prep, table, fmt, frame, today)
    HANDLERS[fmt.kind].check(con, prep, table, frame, Request(today, author, reason, revised_on))
    note_earlier_imports(con, prep)
    return prep


def detect_kind(prep: Prepared, table: RawTable, kind: str | None) -> RecordFormat | None:
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
             + sheet_hint(table))
    return None


def sheet_hint(table: RawTable) -> str:
    if len(table.sheets) <= 1:
        return ""
    return f" (읽은 시트: '{table.sheet}', 있는 시트: {', '.join(table.sheets)} — 다른 시트이면 시트를 지정하세요)"


def map_headers(prep: Prepared, table: RawTable, fmt: RecordFormat) -> bool:
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


def resolve_city(con, prep: Prepared, frame: pd.DataFrame, city: str | None) -> str | None:
    cities = [r[0] for r in execute(con, "imports/cities").fetchall()]
    if city:
        if city not in cities:
            prep.add("error", "city", f"등록되지 않은 시군 코드입니다: '{city}' (있는 시군: {', '.join(cities) or '없음'})")
            return None
        return city
    if len(cities) == 1:
        return cities[0]
    ids = sorted({str(p) for p in frame.get("pledge_id", pd.Series(dtype=object)).dropna().unique()})
    found = [r[0] for r in execute(con, "imports/cities_of_pledges", ids=ids).fetchall()]
    if len(found) == 1:
        return found[0]
    prep.add("error", "city", "어느 시군의 기록인지 정할 수 없습니다 — 시군을 지정하세요 (--city)"
             + (f" (후보: {', '.join(found)})" if found else ""))
    return None


def note_earlier_imports(con, prep: Prepared) -> None:
    """Warn when the same bytes were imported before (and not undone)."""
    prep.earlier_imports = [r[0] for r in execute(con, "imports/earlier_imports", file_hash=prep.file_hash).fetchall()]
    if prep.earlier_imports and prep.ok:
        prep.add("warning", "same_file",
                 f"같은 파일을 이미 가져왔습니다 (가져오기 #{', #'.join(map(str, prep.earlier_imports))}) — 다시 가져와도 추가되는 행은 없습니다")
