"""Grouping without matching text keys again and again: the helpers behind the metric functions'
sums at national scale (~300 thousand indicator × period rows). Pure numpy, pyarrow and pandas.

The store's named queries return their rows sorted by their keys, so an indicator's periods and
a pledge's indicators lie next to each other (runs). `sorted_runs` finds where each run starts (a
comparison of neighbouring keys in Arrow), or None when the rows are not in that order;
`grouped_sums` sums each column per run with pandas' own grouped sum over the runs' integer
numbers, and leaves rows in any other order to pandas' groupby as they come — so every figure is
bit for bit what `groupby(keys, sort=False)[column].sum()` gives. `run_cumsums` is pandas'
compensated running sum in numpy. `left_join` is a left merge on unique keys by looking the
joined keys up (Arrow `index_in`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

SEPARATOR = "\x1f"   # joins a row's keys into one text: never inside a key (keys are checked at the gate)


def _arrow(values) -> pa.Array:
    if isinstance(values, pd.Series):
        values = values.array
    array = pa.array(values)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def sorted_runs(frame: pd.DataFrame, keys: list[str], then: list[str] = ()) -> np.ndarray | None:
    """The first row of each run of equal `keys` when the rows are sorted by the keys and then by
    `then` (each group one run, in key order); None when they are not, or a key has a null."""
    n = len(frame)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.zeros(n, dtype=bool)
    new[0] = True
    same = np.ones(n - 1, dtype=bool)      # every column so far equal to the row above's
    for i, column in enumerate([*keys, *then]):
        values = _arrow(frame[column])
        if values.null_count:
            return None
        above, here = values.slice(0, n - 1), values.slice(1)
        if pc.any(pc.and_(pa.array(same), pc.less(here, above))).as_py():
            return None                     # a row sorts before the row above it
        equal = pc.equal(here, above).to_numpy(zero_copy_only=False)
        if i < len(keys):
            new[1:] |= ~equal
        same &= equal
    return np.flatnonzero(new)


def grouped(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray | None, np.ndarray]:
    """(order, starts): the row order that puts each group's rows next to each other, keeping
    their order within the group (None: the rows already are, sorted by the keys), and the first
    position of each group in that order."""
    starts = sorted_runs(frame, keys)
    if starts is not None:
        return None, starts
    codes = pc.dictionary_encode(joined_keys(frame, keys)).indices.to_numpy(zero_copy_only=False)
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    return order, np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(order) else np.zeros(0, np.int64)


def run_lengths(starts: np.ndarray, n: int) -> np.ndarray:
    """The number of rows of each run."""
    return np.diff(np.append(starts, n))


def run_sums(columns: dict, starts: np.ndarray, n: int) -> dict:
    """Σ of each column over each run (pandas groupby(...).sum()), NaN skipped: the runs numbered
    0, 1, … and summed by pandas' own grouped sum, so the figures are bit-for-bit those of a
    groupby on the keys, without matching the keys again."""
    if not columns:
        return {}
    codes = np.repeat(np.arange(len(starts)), run_lengths(starts, n))
    # Column by column, as a groupby's `grouped[column].sum()`: a frame's grouped sum of several
    # columns at once can differ from it in the last digit.
    return {k: pd.Series(v).groupby(codes, sort=False).sum().to_numpy(copy=True) for k, v in columns.items()}


def run_counts(values, starts: np.ndarray) -> np.ndarray:
    """The number of values that are not NaN in each run."""
    seen = (~np.isnan(np.asarray(values, dtype=float))).astype(np.int64)
    return np.add.reduceat(seen, starts) if len(starts) else np.zeros(0, dtype=np.int64)


def run_cumsums(values, starts: np.ndarray) -> np.ndarray:
    """Running Σ within each run, row by row (pandas groupby(...).cumsum() of values without NaN)."""
    values = np.asarray(values, dtype=float)
    lengths = run_lengths(starts, len(values))
    total = np.zeros(len(starts))
    carry = np.zeros(len(starts))
    out = np.empty(len(values))
    for j in range(int(lengths.max(initial=0))):
        live = np.flatnonzero(lengths > j)
        rows = starts[live] + j
        y = values[rows] - carry[live]
        t = total[live] + y
        carry[live] = t - total[live] - y
        total[live] = t
        out[rows] = t
    return out


def joined_keys(frame: pd.DataFrame, keys: list[str], rows: np.ndarray | None = None) -> pa.Array:
    """Each row's keys joined into one text (for looking rows up by their keys)."""
    columns = [_arrow(frame[k]) for k in keys]
    if rows is not None:
        columns = [c.take(pa.array(rows)) for c in columns]
    columns = [c if c.type == pa.large_string() else pc.cast(c, pa.large_string()) for c in columns]
    return columns[0] if len(columns) == 1 else pc.binary_join_element_wise(*columns, pa.scalar(SEPARATOR, pa.large_string()))


def positions(wanted: pa.Array, among: pa.Array) -> np.ndarray:
    """For each key of `wanted`, its position in `among` (−1 when absent)."""
    found = pc.index_in(wanted, value_set=among)
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def left_join(left: pd.DataFrame, right: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """left.merge(right, on=on, how="left") when the right side has one row per key: the same
    rows, order, columns and dtypes (NaN where the right side has no row), each right row looked
    up by its joined keys instead of pandas' factorising of both sides. Anything else (duplicate
    right keys, shared column names, an empty side) is left to pandas."""
    extra = [c for c in right.columns if c not in on]
    if not len(left) or not len(right) or set(extra) & set(left.columns):
        return left.merge(right, on=on, how="left")
    keys = joined_keys(right, on)
    if pc.count_distinct(keys).as_py() != len(keys):
        return left.merge(right, on=on, how="left")
    found = positions(joined_keys(left, on), keys)
    missing = found < 0
    take = np.where(missing, 0, found)
    out = left.reset_index(drop=True)
    columns = {}
    for c in extra:
        values = right[c].iloc[take].reset_index(drop=True)
        columns[c] = values.where(~missing) if missing.any() else values
    return out.assign(**columns)


def grouped_sums(frame: pd.DataFrame, keys: list[str], columns: dict, min_count: tuple = (),
                 minima: dict | None = None) -> tuple[pd.DataFrame, dict]:
    """Σ of each column (and min of each of `minima`) per group of `keys`, groups in order of first
    appearance, as pandas' `groupby(keys, sort=False)[column].sum()` gives them: the groups' keys
    (a frame) and the sums (NaN for a group with no value of a column in `min_count`). Rows in
    the store's order are summed as runs; rows in any other order are left to pandas as they come
    (its sums of interleaved groups can differ in the last digit from the same rows together)."""
    minima = minima or {}
    starts = sorted_runs(frame, keys)
    if starts is None:
        by = pd.DataFrame({**{k: frame[k].to_numpy() for k in keys}, **columns, **minima}).groupby(keys, sort=False)
        sums = {c: by[c].sum(**({"min_count": 1} if c in min_count else {})).to_numpy(copy=True) for c in columns}
        sums.update({c: by[c].min().to_numpy(copy=True) for c in minima})
        firsts = np.unique(by.ngroup().to_numpy(), return_index=True)[1]   # each group's first row
        return frame[keys].iloc[firsts].reset_index(drop=True), sums
    sums = run_sums(columns, starts, len(frame))
    for c in min_count:
        sums[c][run_counts(columns[c], starts) == 0] = np.nan
    if len(starts):
        sums.update({c: np.minimum.reduceat(np.asarray(v), starts) for c, v in minima.items()})
    else:
        sums.update({c: np.asarray(v)[:0] for c, v in minima.items()})
    return frame[keys].iloc[starts].reset_index(drop=True), sums
