"""Property tests: arbitrary text or bytes into the gate's parsers never raise anything but the
Korean refusal, and what they accept is finite, in range and free of invisible characters."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from data.imports.guard import guard_file, guard_xlsx
from data.imports.limits import Limits, Refusal, korean_lines, limits
from data.imports.screen import formula_mask, personal_data, personal_data_in
from data.imports.values import clean_text, parse_dates, parse_numbers, shown, masked
from data.imports.yamlsafe import YamlRefused, load_yaml
from data.safe_text import csv_safe, is_trigger

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
texts = st.lists(st.one_of(st.none(), st.text(max_size=40)), max_size=20)
numberish = st.lists(st.from_regex(r"[-+]?[0-9,. eE원₩]{0,25}", fullmatch=True), max_size=20)


def _korean(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


@FAST
@given(st.one_of(texts, numberish), st.sampled_from(["int", "number", "krw"]))
def test_numbers_never_raise_and_stay_finite(values, kind):
    parsed = parse_numbers(pd.Series(values, dtype=object), kind)
    assert len(parsed.values) == len(values)
    for v, why in zip(parsed.values, parsed.why):
        if why is not None:
            assert _korean(why)
        elif v is not pd.NA and not pd.isna(v):
            assert math.isfinite(float(v)) and abs(float(v)) < 1e15


@FAST
@given(texts)
def test_dates_never_raise_and_stay_in_bounds(values):
    parsed = parse_dates(pd.Series(values, dtype=object), "due_date")
    for v, why in zip(parsed.values, parsed.why):     # an empty or refused date is pd.NA (Arrow-backed)
        assert why is None or _korean(why)
        if v is not pd.NA:
            assert 2000 <= v.year <= 2100


@FAST
@given(texts, st.booleans())
def test_text_is_nfc_and_visible(values, key):
    parsed = clean_text(pd.Series(values, dtype=object), key=key)
    for v, why in zip(parsed.values, parsed.why):
        assert why is None or _korean(why)
        if v is not None:
            assert "\u200b" not in v and "\x00" not in v and "\ufeff" not in v


@FAST
@given(texts)
def test_screens_never_raise(values):
    s = pd.Series(values, dtype=object)
    assert len(formula_mask(s)) == len(values)
    for role in ("text", "person_id", "code"):
        for mask in personal_data(s, role).values():
            assert len(mask) == len(values)
    for v in values:
        personal_data_in(v)
        shown(v), masked(v)
        if v is not None:
            safe = csv_safe(v)
            assert not is_trigger(safe) or safe.startswith("'")


@FAST
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400)))
def test_yaml_loader_only_refuses(data):
    try:
        load_yaml(data)
    except YamlRefused as err:
        assert _korean(str(err))


yaml_pieces = st.lists(st.sampled_from(["a: ", "&x ", "*x", "[", "]", "{", "}", "- ", "\n", "  ", "? ", ": ", "!!str ",
                                        ".nan", "1e400", "'", '"', "#", "---\n", "\t", "<<: ", "b"]), max_size=60)


@FAST
@given(yaml_pieces)
def test_yaml_loader_only_refuses_structured(pieces):
    try:
        load_yaml("".join(pieces))
    except YamlRefused as err:
        assert _korean(str(err))


@FAST
@given(st.binary(max_size=600))
def test_xlsx_guard_only_refuses(data):
    try:
        guard_xlsx(b"PK\x03\x04" + data, Limits())
    except Refusal as err:
        assert _korean(str(err))


def test_limits_from_environment_and_korean_lines():
    lim = limits({"PLEDGE_MAX_FILE_MB": "5", "PLEDGE_MAX_ROWS": "junk", "PLEDGE_MAX_YAML_ALIASES": "0",
                  "PLEDGE_MAX_COLUMNS": "-3"})
    assert lim.file_mb == 5 and lim.rows == Limits().rows and lim.columns == Limits().columns
    lines = korean_lines(lim)
    assert any("5MB" in line for line in lines) and all(_korean(line) for line in lines)
    with pytest.raises(Refusal):
        guard_file(b"x" * (5 * 1024 * 1024 + 1), lim)


@pytest.mark.parametrize("value,kind,ok", [
    ("1,250,000", "krw", True), ("1,2,3,4", "krw", False), ("3,5", "number", False), ("inf", "number", False),
    ("nan", "number", False), ("1e308", "number", False), (str(2 ** 63), "int", False), ("1.2e9", "krw", False),
    ("-5", "int", True), ("#DIV/0!", "number", False), ("1250000원", "krw", True), ("3.5", "number", True),
])
def test_number_format_table(value, kind, ok):
    assert (parse_numbers(pd.Series([value]), kind).why[0] is None) is ok


def _same(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and (pd.isna(a) and pd.isna(b) or a == b))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.none(), st.text(max_size=12), st.from_regex(r"[-+]?[0-9,. eE원₩]{0,12}", fullmatch=True), st.sampled_from(
    ["홍길동님", "900101-1234567", "010-1234-5678", "=1+2", "-5", " 22 ", "\u200b7", "#N/A", "1,250,000원", "가\u0301"])),
    min_size=1, max_size=8))
def test_a_column_repeating_its_values_is_judged_as_each_value_alone(values):
    """A long column repeating a few values takes the per-distinct-value path (data.imports.values.repeats):
    every parser and screen answers for each row exactly what it answers for that value alone."""
    column = pd.Series((values * (1_024 // len(values) + 1))[:1_024], dtype=object)
    alone = pd.Series(values, dtype=object)
    at = [i % len(values) for i in range(len(column))]
    for kind in ("int", "number", "krw"):
        whole, each = parse_numbers(column, kind), parse_numbers(alone, kind)
        assert all(_same(whole.values.iat[i], each.values.iat[j]) and whole.why[i] == each.why[j] for i, j in enumerate(at))
    for key in (True, False):
        whole, each = clean_text(column, key=key), clean_text(alone, key=key)
        assert all(_same(whole.values.iat[i], each.values.iat[j]) and whole.why[i] == each.why[j] for i, j in enumerate(at))
    assert formula_mask(column).tolist() == [bool(formula_mask(alone)[j]) for j in at]
    for role in ("text", "person_id", "code"):
        whole, each = personal_data(column, role), personal_data(alone, role)
        assert set(whole) == set(each)
        assert all(whole[w].tolist() == [bool(each[w][j]) for j in at] for w in whole)
