"""The gate's checks on a read file, wired into the import (data/imports/checks.py, kinds.py):
personal data in every column (by the column's role) and in names; formulas in every cell,
header, file name, user name, author and reason; strict typing of every value (numbers in the
one format, dates within each field's bounds, NFC text without invisible characters, closed
lists); and the same screens over every text of a card, plus markup.

Messages name the file's row and column and never show personal data whole (`masked`).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from data.formats import RecordFormat, header_key
from data.imports.limits import limits
from data.imports.screen import AS, WHAT, Text, formula_mask, is_formula, personal_data, personal_data_in
from data.imports.threads import per_column
from data.imports.values import ALLOWED, clean_text, implausible_due, masked, not_allowed, parse_dates, parse_numbers, shown

# Headers that name a person or hold a resident or phone number.
PII_HEADERS = (
    (re.compile(r"주민|resident|rrn|ssn|socialsecurity|외국인등록"), "주민등록번호"),
    (re.compile(r"전화|연락처|휴대|핸드폰|phone|mobile|^tel$|telephone|contact"), "전화번호"),
    (re.compile(r"이름|성명|성함|^name$|fullname|firstname|lastname|surname|^(대상자|신청자|임신부|산모|보호자|수급자|수요자)명$"), "이름"),
)
KEY_COLUMNS = {"pledge_id", "application_id", "person_id", "visit_id", "publicity_id", "execution_id", "indicator_id"}
FREE_TEXT = {"emd", "title", "description", "note", "service", "channel"}
KIND_WORDS = {"date": "날짜가 아닙니다", "int": "정수가 아닙니다", "number": "숫자가 아닙니다",
              "krw": "원 단위 금액(정수)이 아닙니다"}
KIND_HINTS = {"date": "2024-05-31, 2024.5.31 또는 2024. 5. 31. 형식", "int": "예: 22", "number": "예: 4 또는 3.5",
              "krw": "예: 1,250,000 또는 1250000원 (지수 표기·소수 불가)"}
FORMULA_HINT = "수식이나 명령으로 보이는 값은 받지 않습니다 (=, +, -, @로 시작) — 엑셀에서 '값만 붙여넣기'로 바꾼 뒤 저장하세요"
MARKUP = re.compile(r"!\[[^\]]*\]\(|\[[^\]]*\]\([^)]*\)|<\s*[A-Za-z!/][^>]*>|javascript:|data:[a-z]+/", re.IGNORECASE)


def _role(header: str, fmt_columns: dict[str, str]) -> str:
    name = fmt_columns.get(header_key(header))
    if name == "person_id":
        return "person_id"
    if name in KEY_COLUMNS:
        return "code"
    return "text"


def screen_personal(prep, table, fmt_columns: dict[str, str]) -> bool:
    """Refuse personal-data headers and values (개인정보 보호); True when any is found."""
    found = False
    flagged = set()
    for header in table.headers:
        key = header_key(header)
        for pattern, what in PII_HEADERS:
            if pattern.search(key):
                prep.add("error", "personal_data",
                         f"개인정보 보호: '{shown(header)}' 열은 {what} 열로 보입니다 — 이름·주민등록번호·전화번호는 저장하지 않습니다. "
                         f"이 열을 지우고 가명 처리된 대상자ID만 남기세요", column=header)
                flagged.add(header)
                found = True
                break
    headers = [h for h in table.headers if h not in flagged]
    hits = per_column(lambda h: personal_data(_screened(table, h), _role(h, fmt_columns)), headers)
    for header, found_in_column in zip(headers, hits):
        values = table.frame[header]
        for what, mask in found_in_column.items():
            idx = np.flatnonzero(mask)
            first = int(table.rows[idx[0]])
            prep.add("error", "personal_data",
                     f"개인정보 보호: {AS[what]} 보이는 값이 {len(idx):,}개 있습니다 (처음 {first}행, "
                     f"'{masked(values.iat[idx[0]])}') — 저장하지 않습니다. 값을 지우거나 가명 처리하세요",
                     row=first, column=header)
            found = True
    if found and prep.refused_rows is not None:
        prep.refused_rows[:] = True
    return found


def _screened(table, header: str) -> Text:
    """A column as the screens search it (Arrow, its distinct values), made once per column."""
    if header not in table.screened:
        table.screened[header] = Text(table.frame[header])
    return table.screened[header]


def screen_formulas(prep, table) -> None:
    """Refuse formula-looking cells and headers (a plain -5 is a number)."""
    bad_headers = formula_mask(pd.Series(list(table.headers), dtype=object))
    for header, bad in zip(table.headers, bad_headers):
        if bad:
            prep.add("error", "formula", f"머리글이 수식처럼 보입니다: '{shown(header)}' — {FORMULA_HINT}", row=1, column=header)
    masks = per_column(lambda h: formula_mask(_screened(table, h)), table.headers)
    for header, mask in zip(table.headers, masks):
        column = table.frame[header]
        prep.add_rows("error", "formula", mask, table.rows,
                      lambda i, c=column: f"{FORMULA_HINT}: '{shown(c.iat[i])}'", header)


def screen_names(prep, **names: str | None) -> None:
    """Refuse a file name, user, author or reason holding a formula, personal data or invisible characters."""
    labels = {"file_name": "파일 이름", "user": "사용자 이름", "author": "변경자", "reason": "변경 사유"}
    lim = limits()
    for field, text in names.items():
        if text is None:
            continue
        label = labels.get(field, field)
        text = str(text)
        if is_formula(text) or is_formula(text.rsplit("/", 1)[-1]):
            prep.add("error", "formula", f"{label}이(가) 수식처럼 보입니다 — =, +, -, @로 시작하지 않게 바꾸세요")
        elif (what := personal_data_in(text, "code" if field == "file_name" else "text")):
            prep.add("error", "personal_data", f"개인정보 보호: {label}에 {AS[what]} 보이는 값이 있습니다 ('{masked(text)}')")
        elif clean_text(pd.Series([text]), key=field != "reason", max_chars=lim.name_chars if field != "reason" else 500).why[0]:
            prep.add("error", "text", f"{label}에 보이지 않는 문자나 제어 문자가 있거나 너무 깁니다 — 다시 입력하세요")


def type_columns(prep, table, fmt: RecordFormat) -> pd.DataFrame:
    """Store columns typed strictly by the format; refused values and empty required values are errors."""
    frame = pd.DataFrame(index=table.frame.index)
    lim = limits()

    def parse(item: tuple[str, str]):
        header, name = item
        kind, raw = fmt.column(name).kind, table.frame[header]
        if kind == "date":
            return parse_dates(raw, name)
        if kind in ("int", "number", "krw"):
            return parse_numbers(raw, kind)
        return clean_text(raw, key=name in KEY_COLUMNS, max_chars=lim.cell_chars, as_str=True)

    columns = list(prep.columns.items())
    for (header, name), parsed in zip(columns, per_column(parse, columns)):
        col = fmt.column(name)
        raw = table.frame[header]
        why = parsed.why
        bad = parsed.bad
        if col.kind == "text":
            message = lambda i, r=raw, w=why: f"{w[i]}: '{shown(r.iat[i])}'"
        else:
            message = (lambda i, r=raw, w=why, k=col.kind:
                       f"{KIND_WORDS[k]}: '{shown(r.iat[i])}' — "
                       f"{KIND_HINTS[k] if w[i] in ('숫자 형식이 아닙니다', '날짜 형식이 아닙니다') else w[i]}")
        prep.add_rows("error", f"type_{col.kind}", bad, table.rows, message, header)
        if col.required:
            prep.add_rows("error", "required", raw.isna().to_numpy(), table.rows,
                          lambda i, c=col: f"'{c.header}' 값이 비어 있습니다 (필수)", header)
        frame[name] = parsed.values
        if name in ALLOWED:
            allowed, combine = ALLOWED[name]
            wrong = not_allowed(parsed.values, allowed, combine) & ~bad
            if name != "decision":          # decisions are checked with the store's vocabulary
                prep.add_rows("error", "vocabulary", wrong, table.rows,
                              lambda i, r=raw, a=allowed: f"허용되지 않는 값입니다: '{shown(r.iat[i])}' — {', '.join(a)} 중 하나"
                                                          + (" (·로 여럿)" if combine else ""), header)
    if "applied_on" in frame and "due_date" in frame:
        odd = implausible_due(frame["applied_on"], frame["due_date"])
        header = next(h for h, n in prep.columns.items() if n == "due_date")
        prep.add_rows("error", "due_date", odd, table.rows,
                      lambda i: f"출산예정일이 신청일과 맞지 않습니다: {frame['due_date'].iat[i]} (신청일 {frame['applied_on'].iat[i]}의 "
                                f"30일 전 ~ 42주 뒤)", header)
    return frame


# --- cards ---------------------------------------------------------------------------------------

def _texts(doc, path: str = ""):
    """(path, text) of every string (keys included) in a parsed YAML document."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str):
                yield where, key
            yield from _texts(value, where)
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _texts(value, f"{path}[{i}]")
    elif isinstance(doc, str):
        yield path, doc


def screen_card(prep, doc) -> None:
    """Every text of a card: no formulas, markup, invisible characters or personal data (the
    officials' published work contacts — contacts[].name and .phone — may hold a name and an
    office number, never a resident number or a mobile phone). One vectorised scan of all texts."""
    found = list(_texts(doc))
    if not found:
        return
    wheres = [w for w, _ in found]
    texts = pd.Series([t for _, t in found], dtype=object)
    official = np.array([bool(re.fullmatch(r"contacts\[\d+\]\.(name|phone)", w)) for w in wheres])
    formula = formula_mask(texts)
    markup = np.array([bool(MARKUP.search(t)) for t in texts])
    cleaned = clean_text(texts, max_chars=limits().yaml_scalar_chars)
    pii_text = personal_data(texts, "text")
    pii_code = personal_data(texts, "code")
    mobile = texts.astype(str).str.contains(r"01[016789]", regex=True).to_numpy(dtype=bool)
    for i, where in enumerate(wheres):
        if formula[i]:
            prep.add("error", "formula", f"항목 '{where}': {FORMULA_HINT}")
        elif markup[i]:
            prep.add("error", "markup", f"항목 '{where}': 링크·그림·HTML 같은 서식 문법은 쓸 수 없습니다 — 글자로만 쓰세요")
        elif cleaned.why[i]:
            prep.add("error", "text", f"항목 '{where}': {cleaned.why[i]}")
        else:
            hits = pii_code if official[i] else pii_text
            for what, mask in hits.items():
                if mask[i] and not (official[i] and what == "phone" and not mobile[i]):
                    prep.add("error", "personal_data",
                             f"개인정보 보호: 항목 '{where}'에 {AS[what]} 보이는 값이 있습니다 ('{masked(texts.iat[i])}') — 지우세요")
                    break
