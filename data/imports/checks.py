"""The checks every file goes through, whatever its kind: personal data (refused before
anything is shown), spreadsheet formulas, typing by the format, and the generic value checks
(known pledges and indicators, dates inside the city's term and not in the future, years of
the term, no negative amounts or counts, closed vocabularies, no duplicate keys in the file).
Kind-specific checks live with their handler in data/imports/kinds.py.
"""
from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from data.formats import IMPORT_FORMATS, RecordFormat, header_key
from data.imports.findings import Prepared, kdate, num, short
from data.imports.read import RawTable, type_column
from data.store import execute, query
from data.vocabulary import FUNDING_SOURCES, RECORD_DATE, Decision

DECISIONS = tuple(Decision)

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

def cells_matching(frame: pd.DataFrame, pattern: str, columns=None) -> dict[str, np.ndarray]:
    """{column: mask} of cells matching the regex, text columns only (of `columns`, default all), vectorised."""
    found = {}
    for col in (frame.columns if columns is None else columns):
        s = frame[col]
        if s.notna().any():
            mask = s.astype("string").str.contains(pattern, regex=True, na=False).to_numpy(dtype=bool)
            if mask.any():
                found[col] = mask
    return found


def personal_data(prep: Prepared, table: RawTable) -> bool:
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
    candidates = list(cells_matching(table.frame, f"(?:{RRN})|(?:{PHONE})"))
    for pattern, what in ((RRN, "주민등록번호"), (PHONE, "전화번호")):
        for col, mask in cells_matching(table.frame, pattern, candidates).items():
            if header_key(col) in {header_key(h) for h in pii_headers(prep)}:
                continue
            first = int(table.rows[np.flatnonzero(mask)[0]])
            prep.add("error", "personal_data",
                     f"개인정보 보호: {what}로 보이는 값이 {int(mask.sum()):,}개 있습니다 (처음 {first}행) — "
                     f"{what}는 저장하지 않습니다. 값을 지우거나 가명 처리하세요", row=first, column=col)
            found = True
    # A pseudonymous id column holding what looks like a Korean name (2-4 syllables, nothing else).
    for header in table.headers:
        if header_key(header) in PERSON_ID_HEADERS and header not in pii_headers(prep):
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


def pii_headers(prep: Prepared) -> list[str]:
    return [p.column for p in prep.problems if p.rule == "personal_data" and p.row is None and p.column]


def formulas(prep: Prepared, table: RawTable) -> None:
    for col, mask in cells_matching(table.frame, FORMULA).items():
        prep.add_rows("error", "formula", mask, table.rows,
                      lambda i, c=col: f"수식이나 명령으로 보이는 값은 받지 않습니다: '{short(table.frame[c].iat[i])}' — "
                                       f"엑셀에서 '값만 붙여넣기'로 바꾼 뒤 저장하세요", col)


KIND_WORDS = {"date": "날짜가 아닙니다", "int": "정수가 아닙니다", "number": "숫자가 아닙니다",
              "krw": "원 단위 금액(정수)이 아닙니다"}
KIND_HINTS = {"date": "2024-05-31, 2024.5.31 또는 2024. 5. 31. 형식", "int": "예: 22", "number": "예: 4 또는 3.5",
              "krw": "예: 1,250,000 또는 1250000원"}


def typed(prep: Prepared, table: RawTable, fmt: RecordFormat) -> pd.DataFrame:
    """Store columns typed by the format; bad values and empty required values are errors."""
    frame = pd.DataFrame(index=table.frame.index)
    for header, name in prep.columns.items():
        col = fmt.column(name)
        raw = table.frame[header]
        typed, bad = type_column(raw, col.kind)
        prep.add_rows("error", f"type_{col.kind}", bad.to_numpy(), table.rows,
                      lambda i, r=raw, k=col.kind: f"{KIND_WORDS[k]}: '{short(r.iat[i])}' — {KIND_HINTS[k]}", header)
        if col.required:
            prep.add_rows("error", "required", raw.isna().to_numpy(), table.rows,
                          lambda i, c=col: f"'{c.header}' 값이 비어 있습니다 (필수)", header)
        frame[name] = typed
    return frame


def header_of(prep: Prepared, name: str) -> str | None:
    return next((h for h, n in prep.columns.items() if n == name), None)


def check_values(con, prep: Prepared, table: RawTable, fmt: RecordFormat, frame: pd.DataFrame,
                  today: dt.date) -> None:
    rows = table.rows
    city = prep.city
    term_start, term_end, city_name = execute(con, "imports/city_term", city=city).fetchone()
    # Unknown pledges.
    pledges = {r[0] for r in execute(con, "imports/city_pledges", city=city).fetchall()}
    pid = frame["pledge_id"]
    unknown = (pid.notna() & ~pid.isin(pledges)).to_numpy()
    known = ", ".join(sorted(pledges)[:10]) + (" …" if len(pledges) > 10 else "")
    prep.add_rows("error", "unknown_pledge", unknown, rows,
                  lambda i: f"{city_name}에 없는 공약번호입니다: '{short(pid.iat[i])}' (있는 공약: {known or '없음'})",
                  header_of(prep, "pledge_id"))
    # Unknown indicators.
    if "indicator_id" in frame:
        inds = query(con, "indicators", city=city)
        pairs = set(zip(inds["pledge_id"], inds["indicator_id"]))
        ind = frame["indicator_id"]
        bad = np.array([(p, i) not in pairs for p, i in zip(pid, ind)]) & ind.notna().to_numpy() & ~unknown
        prep.add_rows("error", "unknown_indicator", bad, rows,
                      lambda i: f"공약 {pid.iat[i]}에 없는 확인지표입니다: '{short(ind.iat[i])}' (있는 지표: "
                                f"{', '.join(inds.loc[inds['pledge_id'] == pid.iat[i], 'indicator_id']) or '없음'})",
                      header_of(prep, "indicator_id"))
    # The record's date: inside the term, not in the future.
    date_col = RECORD_DATE.get(fmt.kind)
    if date_col and date_col in frame:
        d = pd.to_datetime(frame[date_col])
        header = header_of(prep, date_col)
        future = (d > pd.Timestamp(today)).to_numpy()
        prep.add_rows("error", "future", future, rows,
                      lambda i: f"미래의 날짜입니다: {kdate(d.iat[i])} (오늘 {kdate(today)})", header)
        outside = ((d < pd.Timestamp(term_start)) | (d > pd.Timestamp(term_end))).to_numpy() & ~future
        prep.add_rows("error", "outside_term", outside, rows,
                      lambda i: f"임기({kdate(term_start)} ~ {kdate(term_end)}) 밖의 날짜입니다: {kdate(d.iat[i])}", header)
    # Years of the term.
    if "period" in frame:
        years = set(query(con, "periods")["period"])
        per = frame["period"]
        bad = (per.notna() & ~per.isin(years)).to_numpy(dtype=bool, na_value=False)
        prep.add_rows("error", "period", bad, rows,
                      lambda i: f"임기 중의 연도가 아닙니다: {per.iat[i]} ({min(years)} ~ {max(years)})",
                      header_of(prep, "period"))
    # Negative amounts and counts.
    for name, what in (("amount_krw", "금액"), ("value", "실적"), ("hours", "제공시간"), ("target", "목표"),
                       ("pregnancy_week", "임신주수")):
        if name in frame:
            v = frame[name]
            neg = (v < 0).to_numpy(dtype=bool, na_value=False)
            prep.add_rows("error", "negative", neg, rows, lambda i, v=v, w=what: f"{w}은(는) 음수일 수 없습니다: {num(v.iat[i])}",
                          header_of(prep, name))
    if "hours" in frame:
        zero = (frame["hours"] == 0).to_numpy(dtype=bool, na_value=False)
        prep.add_rows("error", "zero_hours", zero, rows, lambda i: "제공시간이 0입니다", header_of(prep, "hours"))
    if "pregnancy_week" in frame:
        w = frame["pregnancy_week"]
        odd = (w > 45).to_numpy(dtype=bool, na_value=False)
        prep.add_rows("error", "pregnancy_week", odd, rows, lambda i: f"임신주수가 너무 큽니다: {w.iat[i]} (0 ~ 45)",
                      header_of(prep, "pregnancy_week"))
    # Closed vocabularies.
    for name, allowed in (("decision", DECISIONS), ("funding_source", FUNDING_SOURCES)):
        allowed = tuple(a.value for a in allowed)
        if name in frame:
            v = frame[name]
            bad = (v.notna() & ~v.isin(allowed)).to_numpy()
            prep.add_rows("error", "vocabulary", bad, rows,
                          lambda i, v=v, a=allowed: f"허용되지 않는 값입니다: '{short(v.iat[i])}' — {', '.join(a)} 중 하나",
                          header_of(prep, name))
    # Duplicates inside the file, by natural key.
    key = ["pledge_id", *fmt.key]
    if all(k in frame for k in key):
        keyed = frame[key].astype(str)
        dup = keyed.duplicated(keep=False).to_numpy()
        if dup.any():
            first_row = pd.Series(rows, index=frame.index).groupby([keyed[k] for k in key]).transform("min").to_numpy()
            later = dup & (first_row != rows)
            key_header = header_of(prep, fmt.key[-1] if fmt.kind != "reported_actuals" else "indicator_id")
            prep.add_rows("error", "duplicate", later, rows,
                          lambda i: f"같은 기록({' / '.join(str(frame[k].iat[i]) for k in key)})이 {first_row[i]}행에도 있습니다 — 한 번만 쓰세요",
                          key_header)
