"""The app server's read model of a PostgreSQL store (data/read_model.py) in the benchmark
(bench/postgres.py): its build, the recompute and one pledge's figures read from it, and its
catch-up after an import."""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.run import AS_OF
from data.store import connect


FIGURE_FRAMES = ("pledges", "indicators", "periods", "budget", "reconciliation")


def assert_same_figures(ours, theirs) -> None:
    """Every frame of two metrics.engine.Figures equal (values; dtypes may differ by backend)."""
    import pandas as pd

    for part in FIGURE_FRAMES:
        pd.testing.assert_frame_equal(getattr(ours, part), getattr(theirs, part), check_dtype=False)


def timed_sync(model, city: str) -> float:
    """Seconds of the model's catch-up, which must refresh `city` alone."""
    t = time.perf_counter()
    refreshed = model.sync()
    if refreshed != [city]:
        raise RuntimeError(f"the read model refreshed {refreshed}, not [{city!r}]")
    return time.perf_counter() - t


# The child's peak memory is its VmHWM (the peak of its own address space), not getrusage's
# ru_maxrss, which Linux keeps across exec: a child of the benchmark's process, which holds the
# pandas tables by then, reported that process's 1.6 GB as its own.
BUILD_CHILD = """
import json, os, sys, time
from bench.server import peak_rss_mb
from data.read_model import ReadModel
model = ReadModel(sys.argv[1], sys.argv[2])
t = time.perf_counter()
model.build()
print(json.dumps({"build": time.perf_counter() - t, "file_mib": model.path.stat().st_size / 2**20,
                  "rss_mib": peak_rss_mb(os.getpid())}))
model.close()
"""


def read_model_figures(url, path, runs: int, pandas_s: float, one_pledge) -> dict:
    """The read model of the PostgreSQL store at `url`: built once in a process of its own (its peak
    memory is the build's), then built here and read as the app reads it; its figures compared with
    the DuckDB file's at `path`. `pandas_s`: pandas' compute time on the same data (pandas ÷ ours);
    `one_pledge(con, runs)`: one pledge's and one city's figures (bench/postgres.py)."""
    import json
    import subprocess

    from data.read_model import ReadModel
    from metrics.engine import figures_for

    with tempfile.TemporaryDirectory(prefix="read-model-") as folder:
        done = subprocess.run([sys.executable, "-c", BUILD_CHILD, url, folder], capture_output=True, text=True,
                              check=True, cwd=Path(__file__).resolve().parent.parent)
        out = json.loads(done.stdout.strip().splitlines()[-1])
        model = ReadModel(url, folder)
        model.build()
        try:
            times = []
            for _ in range(runs + 1):           # the first run warms the copy's file cache
                t = time.perf_counter()
                ours = figures_for(model.reader(), AS_OF)
                times.append(time.perf_counter() - t)
            out["ours"] = statistics.median(times[1:])
            out["pandas_vs_ours"] = pandas_s / out["ours"]
            out["one"] = one_pledge(model.reader(), runs)
            con = connect(path, read_only=True)
            try:
                theirs = figures_for(con, AS_OF)
            finally:
                con.close()
            assert_same_figures(ours, theirs)
            out["same"] = True
        finally:
            model.close()
    return out
