"""metrics.groups: the run helpers give pandas' own figures bit for bit (grouped sums, running
sums, left merges) on random rows, with NaN, ±inf, runs of uneven length and rows out of order."""
import numpy as np
import pandas as pd
import pytest

from metrics.groups import grouped_sums, left_join, lookup, run_cumsums, run_sums, running_any, sorted_runs


def runs(seed, uneven=True, nan=0.2, inf=False):
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, 7, size=300) if uneven else np.full(300, 5)
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    n = int(lengths.sum())
    values = rng.standard_normal(n) * 10.0 ** rng.integers(-3, 12, n)
    values[rng.random(n) < nan] = np.nan
    if inf:
        values[[3, 40]] = [np.inf, -np.inf]
    return values, starts, np.repeat(np.arange(len(starts)), lengths)


@pytest.mark.parametrize("seed, uneven, nan, inf", [
    (1, True, 0.2, False), (2, False, 0.2, False), (3, True, 0.0, False), (4, False, 0.0, False),
    (5, True, 0.9, False), (6, True, 0.2, True),
])
def test_run_sums_are_pandas_grouped_sums(seed, uneven, nan, inf):
    values, starts, codes = runs(seed, uneven, nan, inf)
    by = pd.Series(values).groupby(codes, sort=False)
    got = run_sums({"a": values, "b": values}, starts, len(values), min_count=("b",))
    assert np.array_equal(got["a"], by.sum().to_numpy(), equal_nan=True)
    assert np.array_equal(got["b"], by.sum(min_count=1).to_numpy(), equal_nan=True)


@pytest.mark.parametrize("uneven", [True, False])
def test_run_cumsums_are_pandas_running_sums(uneven):
    values, starts, codes = runs(7, uneven, nan=0.0)
    expected = pd.Series(values).groupby(codes, sort=False).cumsum().to_numpy()
    assert np.array_equal(run_cumsums(values, starts), expected)


def frame(order):
    rows = pd.DataFrame({"city": ["a", "a", "a", "b", "b"], "pledge_id": ["1", "1", "2", "1", "1"],
                         "x": [1.0, 2.0, np.nan, 4.0, 5.0]})
    return rows.iloc[order].reset_index(drop=True)


def test_sorted_runs_finds_runs_or_none():
    assert sorted_runs(frame([0, 1, 2, 3, 4]), ["city", "pledge_id"]).tolist() == [0, 2, 3]
    assert sorted_runs(frame([2, 0, 1, 3, 4]), ["city", "pledge_id"]) is None        # "2" before "1"
    assert sorted_runs(frame([0, 1, 2, 3, 4]), ["city"], then=["pledge_id"]).tolist() == [0, 3]


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4], [3, 0, 2, 4, 1]])
def test_grouped_sums_in_any_order(order):
    rows = frame(order)
    first, sums = grouped_sums(rows, ["city", "pledge_id"], {"x": rows["x"].to_numpy()}, min_count=("x",))
    expected = rows.groupby(["city", "pledge_id"], sort=False)["x"].sum(min_count=1)
    assert first.apply(tuple, axis=1).tolist() == expected.index.tolist()
    assert np.array_equal(sums["x"], expected.to_numpy(), equal_nan=True)


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4], [3, 0, 2, 4, 1]])
def test_left_join_is_a_left_merge(order):
    left = frame(order)
    right = pd.DataFrame({"city": ["b", "a"], "pledge_id": ["1", "1"], "y": [10.0, 20.0]})
    pd.testing.assert_frame_equal(left_join(left, right, ["city", "pledge_id"]),
                                  left.merge(right, on=["city", "pledge_id"], how="left"), check_exact=True)
    assert lookup(left, pd.concat([right, right]), ["city", "pledge_id"]) is None     # duplicate keys


@pytest.mark.parametrize("uneven", [True, False])
def test_running_any_is_a_running_count_above_zero(uneven):
    values, starts, codes = runs(8, uneven, nan=0.5)
    flags = ~np.isnan(values)
    expected = pd.Series(flags.astype(int)).groupby(codes, sort=False).cumsum().to_numpy() > 0
    assert np.array_equal(running_any(flags, starts), expected)


@pytest.mark.parametrize("case", ["aligned", "swapped", "twice", "absent", "null", "shuffled"])
def test_run_positions_are_joined_key_positions(case):
    from metrics.groups import joined_keys, positions, run_positions
    rng = np.random.default_rng(11)
    among = pd.DataFrame({"city": np.repeat(["a", "b", "c"], 40), "pledge_id": [f"{i}" for i in range(120)]})
    among = among.sort_values(["city", "pledge_id"], ignore_index=True)
    rows = np.arange(len(among))
    wanted = among.copy()
    if case == "swapped":                       # a few neighbours out of text order, as pledge numbers sort
        wanted = wanted.iloc[np.r_[0:10, 11, 10, 12:50, 52, 50, 51, 53:120]].reset_index(drop=True)
    elif case == "twice":
        wanted.loc[[5, 7, 9], "pledge_id"] = wanted.loc[[3, 3, 100], "pledge_id"].to_numpy()
        wanted.loc[9, "city"] = wanted.loc[100, "city"]
    elif case == "absent":
        wanted.loc[[4, 60], "pledge_id"] = ["x", "y"]
    elif case == "null":
        wanted["pledge_id"] = wanted["pledge_id"].astype(object)
        wanted.loc[8, "pledge_id"] = None
    elif case == "shuffled":
        wanted = wanted.iloc[rng.permutation(len(wanted))].reset_index(drop=True)
    keys = ["city", "pledge_id"]
    expected = positions(joined_keys(wanted, keys), joined_keys(among, keys, rows))
    assert np.array_equal(run_positions(wanted, keys, among, rows), expected)


@pytest.mark.parametrize("found", [[2, 0, 1, 1], [2, -1, 0, -1], [-1, -1, -1, -1]])
def test_take_rows_is_a_left_merge_of_each_dtype(found):
    from metrics.groups import take_rows
    right = pd.DataFrame({"f": [1.5, -0.0, np.nan], "f32": np.array([1.5, 2.0, 3.0], dtype=np.float32),
                          "i8": np.array([1, 2, 3], dtype=np.int8), "i": np.array([1, 2, 3], dtype=np.int64),
                          "i32": np.array([4, 5, 6], dtype=np.int32), "b": [True, False, True],
                          "s": pd.array(["a", "b", None], dtype="str"), "o": [None, "x", 1],
                          "d": pd.to_datetime(["2024-01-01", None, "2025-01-01"]).astype("datetime64[us]")})
    found = np.array(found)
    taken = pd.DataFrame(take_rows(right, found))
    has = found >= 0        # a left merge of the rows 0, 1, … on the rows of `right` found for them
    matched = right.iloc[found[has]].assign(k=np.flatnonzero(has))
    merged = pd.DataFrame({"k": np.arange(len(found))}).merge(matched, on="k", how="left").drop(columns="k")
    pd.testing.assert_frame_equal(taken, merged, check_exact=True)


def test_run_sums_of_many_runs_in_blocks_are_pandas_grouped_sums():
    from metrics.groups import BLOCK
    rng = np.random.default_rng(12)
    lengths = rng.integers(1, 6, size=2 * BLOCK + 777)
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    values = rng.standard_normal(int(lengths.sum())) * 10.0 ** rng.integers(-3, 12, int(lengths.sum()))
    values[rng.random(len(values)) < 0.2] = np.nan
    values[[5, 70_000]] = [np.inf, -np.inf]
    by = pd.Series(values).groupby(np.repeat(np.arange(len(starts)), lengths), sort=False)
    got = run_sums({"a": values, "b": values[::-1].copy()}, starts, len(values), min_count=("a",))
    assert np.array_equal(got["a"], by.sum(min_count=1).to_numpy(), equal_nan=True)
    expected_b = pd.Series(values[::-1]).groupby(np.repeat(np.arange(len(starts)), lengths), sort=False).sum()
    assert np.array_equal(got["b"], expected_b.to_numpy(), equal_nan=True)
