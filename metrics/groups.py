"""Grouping without matching text keys again and again: the helpers behind the metric functions'
sums at national scale (~300 thousand indicator × period rows). Pure numpy, pyarrow and pandas.

The store's named queries return their rows sorted by their keys, so an indicator's periods and
a pledge's indicators lie next to each other (runs). `sorted_runs` finds where each run starts (a
comparison of neighbouring keys), or None when the rows are not in that order; `grouped_sums`
sums each column per run with the compensated (Kahan) sum pandas' grouped sum uses (`run_sums`,
NaN skipped, row by row in each group's order), so every figure is bit for bit what
`groupby(keys, sort=False)[column].sum()` gives, and leaves rows in any other order to pandas'
groupby as they come. `run_cumsums` is pandas' compensated running sum in numpy. `left_join` is
a left merge on unique keys by looking the joined keys up (Arrow `index_in`), each run of equal
left keys looked up once.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

SEPARATOR = "\x1f"   # joins a row's keys into one text: never inside a key (keys are checked at the gate)


def zero_nan(values) -> np.ndarray:
    """np.nan_to_num(values, nan=0.0) — NaN to 0, ±inf to the largest finite floats — skipping
    the passes for ±inf over float64 values that have none."""
    values = np.asarray(values)
    if values.dtype != np.float64 or np.isinf(values).any():
        return np.nan_to_num(values, nan=0.0)
    return np.where(np.isnan(values), 0.0, values)


def as_arrow(values) -> pa.Array:
    """A column as one Arrow array (no copy for the store's Arrow-backed text)."""
    if isinstance(values, pd.Series):
        values = values.array
    array = pa.array(values)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _neighbours(series: pd.Series) -> tuple[np.ndarray, object] | None:
    """(equal to the row above, a function telling for given rows whether they sort before the row
    above); None when the column has a null."""
    values = series.to_numpy() if isinstance(series.dtype, np.dtype) and series.dtype.kind in "iub" else None
    if values is not None:
        return values[1:] == values[:-1], lambda rows: values[rows + 1] < values[rows]
    array = as_arrow(series)
    if array.null_count:
        return None
    above, here = array.slice(0, len(array) - 1), array.slice(1)
    equal = pc.equal(here, above).to_numpy(zero_copy_only=False)

    def before(rows):
        taken = pa.array(rows)
        return pc.less(here.take(taken), above.take(taken)).to_numpy(zero_copy_only=False)
    return equal, before


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
        found = _neighbours(frame[column])
        if found is None:
            return None
        equal, before = found
        changed = np.flatnonzero(same & ~equal)   # only where the columns so far tie can this one's order matter
        if len(changed) and before(changed).any():
            return None                     # a row sorts before the row above it
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


def _padded(starts: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, int]:
    """(run, place): each row's run and its place in the run, and the longest run's length: the
    rows laid out as a table of places × runs (a column per run, padded after a run's end)."""
    lengths = run_lengths(starts, n)
    width = int(lengths.max(initial=0))
    if len(starts) and width == int(lengths.min()):      # runs of one length: a reshape
        return None, None, width
    run = np.repeat(np.arange(len(starts)), lengths)
    return run, np.arange(n) - starts[run], width


def _table(values: np.ndarray, starts: np.ndarray, layout, fill: float) -> np.ndarray:
    """The values as places × runs (`_padded`), `fill` after each run's end: a step over every
    run at once is one row."""
    run, place, width = layout
    if run is None:                          # runs of one length: a view, no copy
        return values.reshape(len(starts), width).T
    table = np.full(width * len(starts), fill)
    table[place * len(starts) + run] = values      # flat positions: cheaper than a pair of index arrays
    return table.reshape(width, len(starts))


def _tables(columns: list, starts: np.ndarray, layout, fill: float) -> np.ndarray:
    """`_table` of each column, side by side (places × runs of the first, then of the second, …),
    written into one array: for runs of uneven length by their flat positions."""
    run, place, width = layout
    if run is None:
        return np.concatenate([_table(v, starts, layout, fill) for v in columns], axis=1)
    runs, k = len(starts), len(columns)
    table = np.full(width * runs * k, fill)
    at = place * (runs * k) + run             # each row's slot for the first column
    for i, values in enumerate(columns):
        table[at + i * runs] = values
    return table.reshape(width, runs * k)


def run_sums(columns: dict, starts: np.ndarray, n: int, min_count: tuple = ()) -> dict:
    """Σ of each column over each run (pandas groupby(...).sum() over the runs numbered 0, 1, …),
    NaN skipped, computed as pandas does, so the figures are bit-for-bit those of a groupby on the
    keys without matching the keys again: a column without NaN by `np.add.reduceat` (pandas' path
    for sorted groups), one with NaN by the compensated (Kahan) sum of its grouped-sum kernel, row
    by row. Columns in `min_count`: NaN for a run without any value."""
    out, with_nan = {}, {}
    for name, values in columns.items():
        values = np.asarray(values, dtype=float)
        if not len(starts):
            out[name] = np.zeros(0)
        elif not np.isnan(values).any():
            out[name] = np.add.reduceat(values, starts)
        else:
            with_nan[name] = values
    if with_nan:              # all of them side by side: one vectorised step per place for every column
        table = _tables(list(with_nan.values()), starts, _padded(starts, n), np.nan)
        sums = _kahan_sums(table)
        runs = len(starts)
        for i, name in enumerate(with_nan):
            out[name] = sums[i * runs:(i + 1) * runs]
            if name in min_count:
                out[name][np.isnan(table[:, i * runs:(i + 1) * runs]).all(axis=0)] = np.nan
    return out


BLOCK = 16_384   # runs summed at once: each step's arrays stay in the processor's cache


def _kahan_sums(table: np.ndarray) -> np.ndarray:
    """pandas' grouped-sum kernel down each column of places × runs: compensated Σ skipping NaN
    (the padding too), the carry reset after ±inf. Wide tables in blocks of runs (each run's sum
    is its own: the same figures)."""
    if table.shape[1] > 2 * BLOCK:
        return np.concatenate([_kahan_block(table[:, i:i + BLOCK]) for i in range(0, table.shape[1], BLOCK)])
    return _kahan_block(table)


def _kahan_block(table: np.ndarray) -> np.ndarray:
    """_kahan_sums of one block of runs."""
    total, carry = np.zeros(table.shape[1]), np.zeros(table.shape[1])
    with np.errstate(invalid="ignore"):   # no ±inf and no sum near overflow: the carry is never NaN
        bounded = table.shape[0] * np.nanmax(np.abs(table), initial=0.0) < 1e300
    for v in table:
        keep = ~np.isnan(v)                               # NaN skipped: its run left as it was
        y = v - carry
        t = total + y
        with np.errstate(invalid="ignore"):
            c = t - total - y
        if not bounded:
            c[np.isnan(c)] = 0.0                          # ±inf (or an overflow) makes it NaN
        total = np.where(keep, t, total)
        carry = np.where(keep, c, carry)
    return total


def run_cumsums(values, starts: np.ndarray) -> np.ndarray:
    """Running Σ within each run, row by row (pandas groupby(...).cumsum() of values without NaN)."""
    values = np.asarray(values, dtype=float)
    if not len(values):
        return np.zeros(0)
    layout = _padded(starts, len(values))
    table = _table(values, starts, layout, 0.0)
    out = np.empty(table.shape[::-1]).T          # places × runs over runs × places memory: rows read back in order
    total, carry = np.zeros(table.shape[1]), np.zeros(table.shape[1])
    for j, v in enumerate(table):
        y = v - carry
        t = total + y
        carry = t - total - y
        total = t
        out[j] = t
    run, place, _ = layout
    return out.T.reshape(-1) if run is None else out[place, run]


def running_any(flags, starts: np.ndarray) -> np.ndarray:
    """Per row: whether any flag so far in its run is set (rows in run order)."""
    flags = np.asarray(flags, dtype=bool)
    if not len(flags):
        return flags
    layout = _padded(starts, len(flags))
    run, place, width = layout
    if run is None:
        return np.logical_or.accumulate(flags.reshape(len(starts), width), axis=1).reshape(-1)
    seen = np.logical_or.accumulate(_table(flags.astype(float), starts, layout, 0.0) > 0, axis=0)
    return seen[place, run]


def joined_keys(frame: pd.DataFrame, keys: list[str], rows: np.ndarray | None = None) -> pa.Array:
    """Each row's keys joined into one text (for looking rows up by their keys)."""
    columns = [as_arrow(frame[k]) for k in keys]
    if rows is not None:
        columns = [c.take(pa.array(rows)) for c in columns]
    columns = [c if c.type == pa.large_string() else pc.cast(c, pa.large_string()) for c in columns]
    return columns[0] if len(columns) == 1 else pc.binary_join_element_wise(*columns, pa.scalar(SEPARATOR, pa.large_string()))


def positions(wanted: pa.Array, among: pa.Array) -> np.ndarray:
    """For each key of `wanted`, its position in `among` (−1 when absent)."""
    found = pc.index_in(wanted, value_set=among)
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def run_positions(wanted: pd.DataFrame, keys: list[str], among: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """For each row of `wanted`, the position in `rows` of the row of `among` with the same keys
    (−1 when absent): positions(joined_keys(wanted), joined_keys(among, rows)) for rows with
    unique keys (the first row of each sorted run). When both sides list the keys mostly in the
    same order (the store's rows: the definitions in their periods' order, the pledges in their
    definitions' order but for pledge numbers that sort differently as text), the key columns are
    compared row by row and only the rows that differ are looked up by their joined keys."""
    equal = _equal_keys(wanted, keys, among, rows) if len(wanted) == len(rows) else None
    if equal is None or equal.sum() < len(equal) // 2:
        return positions(joined_keys(wanted, keys), joined_keys(among, keys, rows))
    out = np.arange(len(rows), dtype=np.int64)
    differ = np.flatnonzero(~equal)
    if len(differ):        # first among the rows that differ too (each key is once among `rows`) …
        found = positions(joined_keys(wanted, keys, differ), joined_keys(among, keys, rows[differ]))
        out[differ] = np.where(found >= 0, differ[np.maximum(found, 0)], -1)
        rest = differ[found < 0]   # … then among all (a key of `wanted` twice, or absent)
        if len(rest):
            out[rest] = positions(joined_keys(wanted, keys, rest), joined_keys(among, keys, rows))
    return out


def _equal_keys(frame: pd.DataFrame, keys: list[str], other: pd.DataFrame, rows: np.ndarray) -> np.ndarray | None:
    """Per row of `frame`: its keys equal those of `other` at `rows`; None when a key has a null
    or the columns' types differ."""
    taken, equal = pa.array(rows), None
    for k in keys:
        mine, theirs = as_arrow(frame[k]), as_arrow(other[k])
        if mine.null_count or theirs.null_count or mine.type != theirs.type:
            return None
        theirs = theirs.take(taken)
        same = (np.ones(len(mine), dtype=bool) if mine.equals(theirs)
                else pc.equal(mine, theirs).to_numpy(zero_copy_only=False))
        equal = same if equal is None else equal & same
    return equal


def lookup(left: pd.DataFrame, right: pd.DataFrame, on: list[str]) -> np.ndarray | None:
    """For each row of `left`, the position of the row of `right` with the same keys (−1: none);
    None when the right side has two rows with the same keys. Rows of `left` sorted by the keys
    are looked up once per run of equal keys."""
    keys = joined_keys(right, on)
    if keys.null_count:
        return None
    unique = sorted_runs(right, on)
    if unique is None or len(unique) != len(right):       # not strictly sorted: check for duplicates
        if not np.array_equal(positions(keys, keys), np.arange(len(keys))):
            return None
    starts = sorted_runs(left, on)
    if starts is None:
        return positions(joined_keys(left, on), keys)
    return np.repeat(positions(joined_keys(left, on, starts), keys), run_lengths(starts, len(left)))


def left_join(left: pd.DataFrame, right: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """left.merge(right, on=on, how="left") when the right side has one row per key: the same
    rows, order, columns and dtypes (NaN where the right side has no row), each right row looked
    up by its joined keys (`lookup`) instead of pandas' factorising of both sides. Anything else
    (duplicate right keys, shared column names, an empty side) is left to pandas."""
    extra = [c for c in right.columns if c not in on]
    if not len(left) or set(extra) & set(left.columns):
        return left.merge(right, on=on, how="left")
    found = lookup(left, right, on) if len(right) else np.full(len(left), -1)
    if found is None:
        return left.merge(right, on=on, how="left")
    return left.reset_index(drop=True).assign(**take_rows(right[extra], found))


def with_columns(frame: pd.DataFrame, columns: dict) -> pd.DataFrame:
    """frame.assign(**columns), the new columns appended in one step (one new column index, not
    one per column)."""
    if set(columns) & set(frame.columns) or not columns:
        return frame.assign(**columns)
    return pd.concat([frame, pd.DataFrame(columns, index=frame.index)], axis=1)


def take_rows(frame: pd.DataFrame, found: np.ndarray) -> dict:
    """The columns of `frame` at the rows `found` (−1: a missing row, NaN as a left merge gives)."""
    missing = found < 0
    if missing.all():      # nothing found (or nothing to find): each column's missing value, as pandas fills
        return {c: pd.Series(frame[c].array.take(found, allow_fill=True)) for c in frame.columns}
    take = np.where(missing, 0, found)
    some_missing = missing.any()
    columns = {}
    for c in frame.columns:
        column = frame[c]
        kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else None
        if kind in ("f", "i") or (kind in ("u", "b") and not some_missing):   # numpy's take; NaN as pandas' where
            values = column.to_numpy()[take]
            if some_missing:                 # integers become float64 with NaN; floats keep their width
                values = values.astype(np.float64) if kind == "i" else values
                values[missing] = np.nan
            columns[c] = pd.Series(values, name=c)
            continue
        values = column.iloc[take].reset_index(drop=True)
        columns[c] = values.where(~missing) if some_missing else values
    return columns


def grouped_sums(frame: pd.DataFrame, keys: list[str], columns: dict, min_count: tuple = (),
                 minima: dict | None = None, starts: np.ndarray | None = None) -> tuple[pd.DataFrame, dict]:
    """Σ of each column (and min of each of `minima`) per group of `keys`, groups in order of first
    appearance, as pandas' `groupby(keys, sort=False)[column].sum()` gives them: the groups' keys
    (a frame) and the sums (NaN for a group with no value of a column in `min_count`). Rows in
    the store's order (or `starts`: the caller's sorted runs) are summed as runs; rows in any other
    order are left to pandas as they come."""
    minima = minima or {}
    starts = sorted_runs(frame, keys) if starts is None else starts
    if starts is None:
        by = pd.DataFrame({**{k: frame[k].to_numpy() for k in keys}, **columns, **minima}).groupby(keys, sort=False)
        sums = {c: by[c].sum(**({"min_count": 1} if c in min_count else {})).to_numpy(copy=True) for c in columns}
        sums.update({c: by[c].min().to_numpy(copy=True) for c in minima})
        firsts = np.unique(by.ngroup().to_numpy(), return_index=True)[1]   # each group's first row
        return frame[keys].iloc[firsts].reset_index(drop=True), sums
    sums = run_sums(columns, starts, len(frame), min_count)
    if len(starts):
        sums.update({c: np.minimum.reduceat(np.asarray(v), starts) for c, v in minima.items()})
    else:
        sums.update({c: np.asarray(v)[:0] for c, v in minima.items()})
    return frame[keys].iloc[starts].reset_index(drop=True), sums
