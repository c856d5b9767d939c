"""Strict, pure value parsers for the import gate: text in, (typed values, refusal reasons) out.

No store, no I/O. Each parser takes a pandas Series of text (None for empty) and returns a
`Parsed`: the typed values, a boolean mask of refused non-empty values and, per refused value,
a short Korean reason (without the value: callers show `shown()` or `masked()` of it).

The one number format (docs/formats.md):
- digits 0-9 only (no full-width or superscript digits), an optional leading '-';
- thousands separators only in valid groups of three: '1,250,000' ok; '1,2,3,4' and the
  decimal comma '3,5' refused; the decimal point is '.', at most 6 decimals;
- at most 15 digits before the point (checked on the text, before any conversion: no 2^63
  wrap, no 1e308 overflow); no exponent ('1.2e9'), no 'inf' / 'nan';
- whole kinds (int, krw) accept a trailing '.0'; krw may carry '원', '₩' or 'KRW'.
Dates: see `parse_dates`; each field has plausible bounds (`DATE_BOUNDS`).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_DIGITS = 15
EXCEL_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
                "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")
_EXCEL_ERROR = re.compile("^(?:" + "|".join(re.escape(e) for e in EXCEL_ERRORS) + ")$", re.IGNORECASE)

_INT_BODY = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
_INT = re.compile(rf"^-?{_INT_BODY}(?:\.0+)?$")
_NUMBER = re.compile(rf"^-?{_INT_BODY}(?:\.[0-9]{{1,6}})?$")
_KRW = re.compile(rf"^(?:₩|KRW)? ?(-?{_INT_BODY}(?:\.0+)?) ?(?:원|KRW)?$", re.IGNORECASE)
_EXPONENT = re.compile(r"^[-+]?[0-9.,]*[0-9][eE][-+]?[0-9]+")
_NONFINITE = re.compile(r"^[-+]?(?:inf(?:inity)?|nan)$", re.IGNORECASE)
_COMMA_DECIMAL = re.compile(r"^-?[0-9]+,[0-9]{1,2}$")


@dataclass
class Parsed:
    """Typed values and, for each refused value, the reason (None where the value is fine)."""
    values: pd.Series
    why: np.ndarray                      # object array of Korean reasons / None

    @property
    def bad(self) -> np.ndarray:
        return pd.notna(self.why).astype(bool, copy=False)


def _strings(values: pd.Series) -> pd.Series:
    """The values as stripped pandas strings (Arrow-backed), NA where empty."""
    s = values.astype("string[pyarrow]").str.strip()
    return s.where(s != "", pd.NA)


def _arrow(strings: pd.Series):
    """Pandas strings (as `_strings` gives) as one contiguous Arrow string array."""
    import pyarrow as pa

    array = pa.array(strings.array)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks() if array.num_chunks else pa.array([], pa.string())
    return array.cast(pa.string())


def _text(values: pd.Series) -> pd.Series:
    """The values as stripped str, None where empty (None, NaN, NA)."""
    s = _strings(values)
    return pd.Series(s.to_numpy(dtype=object, na_value=None), index=values.index, dtype=object)


# --- columns that repeat their values --------------------------------------------------------

REPEAT_SAMPLE = 4_096          # rows looked at to decide whether a column repeats its values


def repeats(array):
    """(distinct values as an Arrow array, each row's position among them, -1 where null) when a
    column of text repeats its values (its first REPEAT_SAMPLE rows hold at most a quarter as many
    distinct values), else None. A screen or parser that judges each value on its own then runs
    on the distinct values once and spreads the answers back: the same answers, a fraction of
    the work on columns like 공약번호, 읍면동, 결정, dates and small numbers."""
    import pyarrow.compute as pc

    if len(array) < 1_024:
        return None
    sample = array.slice(0, REPEAT_SAMPLE)
    if pc.count_distinct(sample, mode="all").as_py() > len(sample) // 4:
        return None
    encoded = array.dictionary_encode()
    return encoded.dictionary, encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def spread(found: np.ndarray, at: np.ndarray, empty=False) -> np.ndarray:
    """Answers per distinct value (numpy) spread back to the rows (`empty` where a row is null)."""
    return np.append(found, np.array([empty], dtype=found.dtype))[at]


def _per_distinct(parse, values: pd.Series, *args, **kwargs) -> Parsed | None:
    """`parse(values, …)` judged once per distinct value when the column repeats its values, else None."""
    found = repeats(_arrow(values.astype("string[pyarrow]")))
    if found is None:
        return None
    distinct, at = found
    parsed = parse(pd.Series(distinct.to_numpy(zero_copy_only=False), dtype=object), *args, **kwargs)
    typed = parsed.values
    if typed.dtype == object:
        rows = pd.Series(spread(typed.to_numpy(dtype=object), at, None), index=values.index, dtype=object)
    else:
        rows = pd.Series(typed.array.take(at, allow_fill=True), index=values.index)
    return Parsed(rows, spread(parsed.why, at, None))


def _reasons(n: int) -> np.ndarray:
    return np.full(n, None, dtype=object)


def excel_error(text: str | None) -> bool:
    """An Excel error value (#DIV/0!, #N/A, …): a failed formula, never data."""
    return text is not None and bool(_EXCEL_ERROR.match(text.strip()))


def number_reason(text: str, kind: str) -> str | None:
    """Why `text` is not a number of `kind` (int | number | krw) in the one format; None when it is."""
    text = text.strip()
    if excel_error(text):
        return "엑셀 오류 값입니다 — 원본의 수식 오류를 고친 뒤 값만 저장하세요"
    if _NONFINITE.match(text):
        return "무한대·NaN은 숫자로 받지 않습니다"
    if _EXPONENT.match(text):
        return "지수 표기(예: 1.2e9)는 쓸 수 없습니다 — 숫자를 모두 쓰세요"
    if kind == "krw":
        m = _KRW.match(text)
        body = m.group(1) if m else None
    else:
        body = text if (_INT if kind == "int" else _NUMBER).match(text) else None
    if body is None:
        if _COMMA_DECIMAL.match(text) or re.match(r"^-?[0-9][0-9,]*[0-9]$", text):
            return "쉼표는 세 자리마다 쓰는 천 단위 구분만 됩니다 (소수점은 '.')"
        if kind in ("int", "krw") and re.match(r"^-?[0-9,]+\.[0-9]+$", text):
            return "정수(소수점 없는 수)여야 합니다"
        return "숫자 형식이 아닙니다"
    digits = body.lstrip("-").split(".")[0].replace(",", "")
    if len(digits.lstrip("0")) > MAX_DIGITS:
        return f"자릿수가 너무 많습니다 (최대 {MAX_DIGITS}자리)"
    return None


# The common, unambiguous shapes (≤ 15 digits), typed vectorised; every other value goes
# through `number_reason` one by one.
_FAST_INT = r"-?(?:[0-9]{1,15}|[0-9]{1,3}(?:,[0-9]{3}){1,4})"
_FAST = {"int": _FAST_INT, "krw": _FAST_INT + "(?:원)?", "number": _FAST_INT + r"(?:\.[0-9]{1,6})?"}


def parse_numbers(values: pd.Series, kind: str) -> Parsed:
    """(numbers, reasons): int and krw as Int64, number as Float64; every value finite and in range."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if (found := _per_distinct(parse_numbers, values, kind)) is not None:
        return found
    strings = _strings(values)
    why = _reasons(len(strings))
    dtype = "Int64" if kind in ("int", "krw") else "Float64"
    fast = strings.str.fullmatch(_FAST[kind]).to_numpy(dtype=bool, na_value=False)
    arrow = pa.array(strings.array).cast(pa.string())
    cleaned = pc.replace_substring_regex(arrow, r"[,원]", "")
    typed = pc.cast(pc.if_else(pa.array(fast), cleaned, pa.scalar(None, pa.string())),
                    pa.int64() if dtype == "Int64" else pa.float64())
    out = pd.Series(pd.array(typed.to_pandas(types_mapper=pd.ArrowDtype).astype(dtype)), index=values.index)
    present = strings.notna().to_numpy(dtype=bool)
    for i in np.flatnonzero(present & ~fast):
        v = strings.iat[i]
        reason = number_reason(v, kind)
        if reason:
            why[i] = reason
            continue
        body = (_KRW.match(v).group(1) if kind == "krw" else v).replace(",", "")
        out.iat[i] = int(body.split(".")[0]) if kind in ("int", "krw") else float(body)
    return Parsed(out, why)


# --- dates ---------------------------------------------------------------------------------------

_YMD = re.compile(r"^([0-9]{4}) ?[-./년] ?([0-9]{1,2}) ?[-./월] ?([0-9]{1,2}) ?[.일]?(?: [0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?$")
_COMPACT = re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})$")
_SERIAL = re.compile(r"^([0-9]{5})(?:\.0+)?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Plausible bounds per field (first, last day); others use "default".
DATE_BOUNDS: dict[str, tuple[dt.date, dt.date]] = {
    "default": (dt.date(1990, 1, 1), dt.date(2100, 12, 31)),
    "due_date": (dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
}
# A due date relative to the application date: pregnancy is at most ~42 weeks long.
DUE_AFTER_APPLIED = (dt.timedelta(days=-30), dt.timedelta(weeks=42))


def parse_date(text: str, field: str = "default") -> tuple[dt.date | None, str | None]:
    """One date in the accepted forms (2024-05-31, 2024.5.31, 2024. 5. 31., 2024/05/31,
    2024년 5월 31일, 20240531, Excel serial 45443) within the field's bounds: (date, reason)."""
    text = re.sub(r"\s+", " ", text.strip())
    if excel_error(text):
        return None, "엑셀 오류 값입니다 — 원본의 수식 오류를 고친 뒤 값만 저장하세요"
    m = _YMD.match(text) or _COMPACT.match(text)
    try:
        if m:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        elif _SERIAL.match(text):
            day = EXCEL_EPOCH + dt.timedelta(days=int(_SERIAL.match(text).group(1)))
        else:
            return None, "날짜 형식이 아닙니다"
    except (ValueError, OverflowError):
        return None, "없는 날짜입니다"
    first, last = DATE_BOUNDS.get(field, DATE_BOUNDS["default"])
    if not first <= day <= last:
        return None, f"날짜가 가능한 범위({first.isoformat()} ~ {last.isoformat()}) 밖입니다"
    return day, None


def parse_dates(values: pd.Series, field: str = "default") -> Parsed:
    """(dates, reasons): the dates Arrow-backed (pandas' date32[pyarrow]: an element is a Python
    date, an empty or refused one pd.NA), kept in Arrow on the way to the store. Each distinct
    text is parsed once (files repeat dates a lot: Arrow's dictionary encoding finds them), the
    answers spread back by index."""
    import pyarrow as pa

    encoded = _arrow_text(values).dictionary_encode()
    distinct = encoded.dictionary.to_pylist()
    answers = [parse_date(v, field) for v in distinct] + [(None, None)]      # the last one: empty
    why = np.empty(len(answers), dtype=object)
    why[:] = [a[1] for a in answers]
    at = encoded.indices.fill_null(len(distinct))
    days = pa.array([a[0] for a in answers], type=pa.date32()).take(at)
    return Parsed(pd.Series(pd.arrays.ArrowExtensionArray(days), index=values.index),
                  why[at.to_numpy(zero_copy_only=False)])


def _date32(values: pd.Series):
    """The Arrow date32 array behind Arrow-backed dates (as `parse_dates` gives), else None."""
    import pyarrow as pa

    dtype = values.dtype
    if isinstance(dtype, pd.ArrowDtype) and pa.types.is_date32(dtype.pyarrow_dtype):
        return pa.array(values.array)
    return None


def day_numbers(values: pd.Series) -> np.ndarray | None:
    """Dates (as `parse_dates` gives, or Python dates and None) as days since 1970-01-01, NaN
    where empty (counted in Arrow); None when the values are not all dates."""
    import pyarrow as pa

    if (days := _date32(values)) is not None:
        return days.cast(pa.int32()).to_numpy(zero_copy_only=False).astype(np.float64)
    try:
        days = pa.array(values.to_numpy(dtype=object), type=pa.date32(), from_pandas=True).cast(pa.int32())
    except (pa.ArrowException, TypeError, ValueError):
        return None
    return days.to_numpy(zero_copy_only=False).astype(np.float64)


def implausible_due(applied: pd.Series, due: pd.Series) -> np.ndarray:
    """Mask: due date not within [applied − 30 days, applied + 42 weeks] (both known)."""
    lo, hi = DUE_AFTER_APPLIED
    a_days, d_days = day_numbers(applied), day_numbers(due)
    if a_days is not None and d_days is not None:
        gap = d_days - a_days                  # NaN where either is empty: never implausible
        return (gap < lo.days) | (gap > hi.days)
    a = pd.to_datetime(applied, errors="coerce")
    d = pd.to_datetime(due, errors="coerce")
    gap = d - a
    return ((gap < pd.Timedelta(lo)) | (gap > pd.Timedelta(hi))).to_numpy(dtype=bool, na_value=False)


# --- text ----------------------------------------------------------------------------------------

# Control, format (zero-width, bidi, BOM), separator, private-use and Hangul filler characters.
_INVISIBLE = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e"
              "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\ue000-\uf8ff")
_BAD_IN_TEXT = re.compile(f"[{_INVISIBLE}]")
_BAD_IN_KEY = re.compile(f"[{_INVISIBLE}\t\n\r\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def _re2(pattern: re.Pattern) -> str:
    """The same character class for RE2 (pyarrow): every non-ASCII or control character as \\x{…}."""
    return "".join(c if 0x20 < ord(c) < 0x7f else f"\\x{{{ord(c):x}}}" for c in pattern.pattern)


def _arrow_text(values: pd.Series):
    """`_strings` done in Arrow: the values stripped (Unicode whitespace), null where empty."""
    import pyarrow as pa
    import pyarrow.compute as pc

    trimmed = pc.utf8_trim_whitespace(_arrow(values.astype("string[pyarrow]")))
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


def clean_text(values: pd.Series, key: bool = False, max_chars: int = 2_000, as_str: bool = False) -> Parsed:
    """NFC text; refused: control and invisible characters (zero-width space, BOM, NUL, bidi
    controls; in keys also tabs, line breaks and unusual spaces) and values over `max_chars`.
    Vectorised in Arrow (one RE2 pass finds the suspect values); only those are looked at one by one.
    Values are str or None; with `as_str`, pandas' Arrow-backed str (NaN where empty or refused),
    kept in Arrow on the way to the store."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if (found := _per_distinct(clean_text, values, key=key, max_chars=max_chars, as_str=as_str)) is not None:
        return found
    arrow = _arrow_text(values)
    why = _reasons(len(arrow))
    pattern = _BAD_IN_KEY if key else _BAD_IN_TEXT
    regex = f"{_re2(pattern)}|^#[A-Za-z/0-9_]+[!?]?$"
    ascii_only = pc.all(pc.string_is_ascii(arrow)).as_py() is not False
    if ascii_only:
        # ASCII only (ids, codes): the pattern can only match a value with a non-printable
        # character or starting with '#', two cheap tests; RE2 then runs on those values alone.
        candidates = pc.or_(pc.invert(pc.ascii_is_printable(arrow)), pc.starts_with(arrow, "#"))
        idx = np.flatnonzero(pc.fill_null(candidates, False).to_numpy(zero_copy_only=False))
        found = np.zeros(len(arrow), dtype=bool)
        if len(idx):
            found[idx] = pc.fill_null(pc.match_substring_regex(arrow.take(idx), regex), False).to_numpy(
                zero_copy_only=False)
        suspect = pc.or_(pa.array(found), pc.greater(pc.utf8_length(arrow), max_chars))
    else:
        suspect = pc.or_(pc.match_substring_regex(arrow, regex), pc.greater(pc.utf8_length(arrow), max_chars))
    mask = pc.fill_null(suspect, False).to_numpy(zero_copy_only=False).astype(bool, copy=False)
    for i in np.flatnonzero(mask):
        v = arrow[int(i)].as_py()
        if len(v) > max_chars:
            why[i] = f"값이 너무 깁니다 ({len(v):,}자, 최대 {max_chars:,}자)"
        elif (bad := pattern.search(v)):
            what = "ID·번호" if key else "값"
            why[i] = f"{what}에 보이지 않는 문자나 제어 문자(U+{ord(bad.group()):04X})가 있습니다 — 지우고 다시 입력하세요"
        elif excel_error(v):
            why[i] = "엑셀 오류 값입니다 — 원본의 수식 오류를 고친 뒤 값만 저장하세요"
    composed = arrow if ascii_only else pc.utf8_normalize(arrow, "NFC")      # ASCII is its own NFC
    normal = pc.if_else(pa.array(~mask), composed, pa.scalar(None, pa.string())) if mask.any() else composed
    if as_str:
        return Parsed(pd.Series(normal, index=values.index, dtype="str"), why)
    return Parsed(pd.Series(normal.to_numpy(zero_copy_only=False), index=values.index, dtype=object), why)


# Closed lists per store column. A '·'-joined combination is allowed where noted.
ALLOWED: dict[str, tuple[tuple[str, ...], bool]] = {
    "channel": (("누리집", "SNS", "문자", "보도자료", "현수막", "리플릿"), False),
    "service": (("청소", "세탁", "정리수납"), True),
    "decision": (("승인", "부적격", "취소"), False),
}


def not_allowed(values: pd.Series, allowed: tuple[str, ...], combine: bool = False) -> np.ndarray:
    """Mask of non-empty values outside the list (with `combine`, every '·'-part must be in it)."""
    ok = set(allowed)

    def bad(v) -> bool:
        if v is None or (isinstance(v, float) and v != v):
            return False
        parts = str(v).split("·") if combine else [str(v)]
        return not all(p.strip() in ok for p in parts)
    # Judged once per distinct value (a closed list's column holds a handful), then spread back;
    # Arrow-backed text is encoded in Arrow (no Python str per row).
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow" and len(values):
        encoded = _arrow(values).dictionary_encode()
        verdict = np.array([bad(v) for v in encoded.dictionary.to_pylist()] + [False], dtype=bool)
        return verdict[encoded.indices.fill_null(len(encoded.dictionary)).to_numpy(zero_copy_only=False)]
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    verdict = np.array([bad(v) for v in uniques], dtype=bool)
    out = np.zeros(len(codes), dtype=bool)
    out[codes >= 0] = verdict[codes[codes >= 0]]
    return out


# --- shown values --------------------------------------------------------------------------------

def shown(value, limit: int = 40) -> str:
    """A value as safe to show in a message: invisible characters as <U+XXXX>, cut at `limit`."""
    text = "" if value is None else str(value)
    text = text[: limit + 1]
    text = _BAD_IN_KEY.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    return text if len(text) <= limit else text[:limit] + "…"


def masked(value) -> str:
    """Personal data as shown in a message: the first and last character, the rest ●."""
    text = "" if value is None else str(value)
    if len(text) <= 2:
        return "●" * len(text)
    middle = min(len(text) - 2, 8)
    return shown(text[0], 2) + "●" * middle + shown(text[-1], 2)
