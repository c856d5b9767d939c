"""Screens applied to every text that enters the store: formulas and personal data.

Pure functions over pandas Series of text (vectorised with RE2-compatible patterns, so the
scan stays in Arrow) and over single strings (card fields, file names, user names, reasons).
Callers name the column and row in the Korean message and show `values.masked(value)`,
never the value whole.

Formulas (OWASP "CSV injection"): a value starting with = + - @ (or their full-width forms),
TAB, CR or LF, after optional spaces — e.g. `=cmd|' /C calc'!A0`, `-2+3+cmd|' /C calc'!A0`,
`+1+HYPERLINK("http://x")`, `@SUM(A1)`. A plain negative number (-5, -1,250,000, -3.5) and a
lone dash ('-', meaning "none") are values, not formulas.

Personal data (개인정보): resident registration numbers (7th digit 1-4) and foreigner
registration numbers (5-8), with or without a dash, spaces around it, any Unicode dash
(U+2010-U+2015, U+2212, full-width) or a masked tail (******); mobile and landline phone
numbers, also written +82; Korean full names in free text (followed by 님/씨, an age in
brackets, or after a label such as '성명:'), and in a person id (the whole id, or its
first or last part).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from data.imports.values import repeats, spread

DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\ufe63"
_DASH = f"[{DASHES}]"
_SEP = f"[{DASHES}. ]"

FORMULA = r"^[ ]*[=+\-@\t\r\n＝＋－＠]"
_PLAIN_NUMBER = r"^-(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$"
_DASHES_ONLY = r"^-+$"

RRN = (r"(?:^|[^0-9])[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]) *" + _DASH
       + r"? *[1-8](?:[0-9]{6}|[*●xX]{6})(?:[^0-9]|$)")
PHONE = (r"(?:^|[^0-9])(?:(?:\+ *)?82 *" + _SEP + r"* *\(?0?\)? *|0)1[016789] *" + _SEP + r"? *\)? *[0-9]{3,4} *"
         + _SEP + r"? *[0-9]{4}(?:[^0-9]|$)")
LANDLINE = (r"(?:^|[^0-9])(?:\+ *82 *" + _SEP + r"* *\(?0?\)? *|\(?0)(?:2|[3-6][1-5]|70)\)? *" + _SEP
            + r"+ *[0-9]{3,4} *" + _SEP + r"+ *[0-9]{4}(?:[^0-9]|$)")

SURNAMES = ("김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 "
            "차 주 우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 왕 금 "
            "옥 육 인 맹 제 모 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태 목 형 피 두 감 음 빈 동 온 호 범 좌 라 황보 남궁 "
            "제갈 선우 독고 사공 서문").split()
_SURNAME = "(?:" + "|".join(sorted(SURNAMES, key=len, reverse=True)) + ")"
_NAME = _SURNAME + "[가-힣]{1,2}"
# Words that look like "surname + syllables + 님/씨" but are not names.
NOT_NAMES = {"고객", "선생", "주민", "시민", "도민", "구민", "군민", "이용", "회원", "사장", "기사", "부모", "어머", "아버",
             "손님", "임신", "산모", "대상", "신청", "보호", "담당", "주무", "과장", "국장", "팀장", "시장", "원장", "소장",
             "선배", "후배", "여러", "가족", "부부", "형님", "누님", "오빠", "언니", "고모", "이모", "삼촌", "조카", "남편",
             "아내", "주인", "우리", "모든", "여사", "도우", "관리", "상담", "방문", "제공", "사회", "복지", "공무"}
NAME_IN_TEXT = re.compile(r"(?:^|[^가-힣])(" + _NAME + r") ?(?:님|씨|氏|\( ?[0-9]{1,3} ?세)"
                          r"|(?:성명|이름|성함|대상자|신청자|산모|임신부|보호자|수급자) ?[:：] ?(" + _NAME + r")(?:[^가-힣]|$)")
_NAME_HINT = r"[가-힣] ?(?:님|씨|氏|\( ?[0-9]{1,3} ?세)|(?:성명|이름|성함|대상자|신청자|산모|임신부|보호자|수급자) ?[:：]"
NAME_IN_ID = re.compile(r"^(" + _NAME + r")$|[^가-힣](" + _NAME + r")$|^(" + _NAME + r")[^가-힣]")

WHAT = {"rrn": "주민등록번호", "phone": "전화번호", "name": "이름"}     # (외국인등록번호 counts as 주민등록번호)
AS = {"rrn": "주민등록번호로", "phone": "전화번호로", "name": "이름으로"}


def _arrow(values: pd.Series):
    """The values as one Arrow string array (NA for empty), for RE2 (pyarrow.compute)."""
    import pyarrow as pa

    strings = values.astype("string[pyarrow]").array
    return pa.array(strings).cast(pa.string()) if len(strings) else pa.array([], pa.string())


def _newlines(array) -> bool:
    """Whether a value holds a line break: then `$` means what Python's re says (just before a
    final newline too), so the screens take pandas' path, which falls back to Python's re."""
    import pyarrow as pa
    import pyarrow.compute as pc

    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    if pa.types.is_string(array.type) and all(_no_line_feed(c.buffers()[2]) for c in chunks):
        return False        # no 0x0A byte among the values' bytes (in UTF-8 it is only ever '\n')
    return bool(pc.any(pc.match_substring(array, "\n"), min_count=0).as_py())


def _no_line_feed(data) -> bool:
    """Whether a string array's data buffer (None: no bytes) holds no line feed byte."""
    return data is None or not (np.frombuffer(data, dtype=np.uint8) == 10).any()


def _match(array, pattern: str) -> np.ndarray:
    """RE2 search over an Arrow string array (no line breaks in it); NA -> False."""
    import pyarrow.compute as pc

    found = pc.fill_null(pc.match_substring_regex(array, pattern), False)
    return found.to_numpy(zero_copy_only=False).astype(bool, copy=False)


def _contains(values: pd.Series, pattern: str) -> np.ndarray:
    """Vectorised regex search (Arrow's RE2) over text; NA -> False."""
    s = values.astype("string[pyarrow]")
    return s.str.contains(pattern, regex=True).to_numpy(dtype=bool, na_value=False)


class Text:
    """One column of text screened by several patterns: converted to Arrow once, searched by
    RE2 directly; with a line break in any value, by pandas' `str.contains` (same answers)."""

    def __init__(self, values: pd.Series):
        self.values = values
        self.array = _arrow(values)
        self._newlines: bool | None = None
        self._repeats = repeats(self.array)         # a column repeating its values: searched once per value

    def _plain(self, pattern: str) -> bool:
        """RE2 answers as pandas would: always for a pattern without `$`, else without line breaks."""
        if "$" not in pattern:
            return True
        if self._newlines is None:     # a value holds a line break when its distinct value does
            self._newlines = _newlines(self.array if self._repeats is None else self._repeats[0])
        return not self._newlines

    def contains(self, pattern: str, among: np.ndarray | None = None) -> np.ndarray:
        """Mask of values matching `pattern`; with `among`, only those rows are searched (others False)."""
        plain = self._plain(pattern)
        if plain and self._repeats is not None:
            distinct, at = self._repeats
            found = spread(_match(distinct, pattern), at)
            return found if among is None else found & among
        if among is None:
            return _match(self.array, pattern) if plain else _contains(self.values, pattern)
        if not plain:
            return _contains(self.values, pattern) & among
        out = np.zeros(len(self.values), dtype=bool)
        idx = np.flatnonzero(among)
        if len(idx):
            out[idx] = _match(self.array.take(idx), pattern)
        return out


def formula_mask(values: pd.Series) -> np.ndarray:
    """Mask of values a spreadsheet would run as a formula (plain negative numbers excluded)."""
    text = values if isinstance(values, Text) else Text(values)
    start = text.contains(FORMULA, _may_start_formula(text.array))
    if not start.any():
        return start
    plain = text.contains(_PLAIN_NUMBER, start) | text.contains(_DASHES_ONLY, start)
    return start & ~plain


# The first byte of a value FORMULA can match: a space, = + - @ TAB CR LF, or 0xEF (the lead
# byte of the full-width forms ＝ ＋ － ＠ in UTF-8).
_FORMULA_LEADS = np.frombuffer(" =+-@\t\r\n".encode() + b"\xef", dtype=np.uint8)


def _may_start_formula(array) -> np.ndarray | None:
    """Mask of the values whose first byte FORMULA can match (a superset of its matches: RE2
    then runs on those alone), read from the Arrow string array's buffers; None (search every
    value) when the array is not one plain string array."""
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray) or not pa.types.is_string(array.type) or len(array) == 0:
        return None
    _, offsets, data = array.buffers()
    if data is None:
        return np.zeros(len(array), dtype=bool)
    starts = np.frombuffer(offsets, dtype=np.int32)[array.offset:array.offset + len(array) + 1]
    bytes_ = np.frombuffer(data, dtype=np.uint8)
    filled = starts[1:] > starts[:-1]
    out = np.zeros(len(array), dtype=bool)
    out[filled] = np.isin(bytes_[starts[:-1][filled]], _FORMULA_LEADS)
    return out


def is_formula(text: str | None) -> bool:
    """One text (a card field, a file or user name, a reason) as `formula_mask` judges it."""
    return text is not None and bool(formula_mask(pd.Series([str(text)]))[0])


def _names(text: Text, pattern: re.Pattern, hint: str | None, among: np.ndarray) -> np.ndarray:
    """Mask of values (of the rows `among`) with a name match whose given part is not a common word."""
    values = text.values
    candidates = text.contains(hint, among) if hint else among & values.notna().to_numpy(dtype=bool)
    out = np.zeros(len(values), dtype=bool)
    for i in np.flatnonzero(candidates):
        for m in pattern.finditer(str(values.iat[i])):
            name = next(g for g in m.groups() if g)
            if name not in NOT_NAMES and name[:2] not in NOT_NAMES:
                out[i] = True
                break
    return out


def _any_of(*patterns: str) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


NAME_HINTS = {"person_id": "[가-힣]", "text": _NAME_HINT}
NAME_PATTERNS = {"person_id": NAME_IN_ID, "text": NAME_IN_TEXT}
# One RE2 pass per column and role finds the rows that may hold personal data; the patterns
# one by one then run on those rows only (usually none).
SUSPECT = {role: _any_of(RRN, PHONE, LANDLINE, *([NAME_HINTS[role]] if role in NAME_HINTS else []))
           for role in ("text", "person_id", "code")}


def personal_data(values: pd.Series, role: str = "text") -> dict[str, np.ndarray]:
    """{what: mask} of values holding personal data ('rrn', 'phone', 'name'); only non-empty masks.

    role: 'text' (free text: names with 님/씨, an age or a label), 'person_id' (also a name as
    the whole id or its first or last part), 'code' (ids and codes: numbers only)."""
    text = values if isinstance(values, Text) else Text(values)
    found = {}
    suspect = text.contains(SUSPECT.get(role, SUSPECT["code"]))
    if not suspect.any():
        return found
    rrn = text.contains(RRN, suspect)
    if rrn.any():
        found["rrn"] = rrn
    phone = (text.contains(PHONE, suspect) | text.contains(LANDLINE, suspect)) & ~rrn
    if phone.any():
        found["phone"] = phone
    if role in NAME_PATTERNS:
        names = _names(text, NAME_PATTERNS[role], NAME_HINTS[role], suspect)
        if names.any():
            found["name"] = names
    return found


def personal_data_in(text: str | None, role: str = "text") -> str | None:
    """What personal data one text holds ('rrn' | 'phone' | 'name'), or None."""
    if not text:
        return None
    found = personal_data(pd.Series([str(text)]), role)
    return next(iter(found), None)
