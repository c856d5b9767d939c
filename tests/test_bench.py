"""bench/run.py's table (no timing here: the benchmark is a script, not a timed test)."""
from bench import run


def test_default_sizes_cover_100k_to_10m():
    assert run.SIZES == {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
    assert run.build_parser().parse_args([]).sizes == ["100k", "1m", "10m"]


def test_goal_marks_say_by_how_much():
    assert run._goal(1.2, 1.5, True) == "met"
    assert run._goal(3.0, 1.5, True) == "**missed** (2.0× off)"
    assert run._goal(6.0, 5.0, False) == "met"
    assert run._goal(2.5, 5.0, False) == "**missed** (2.0× off)"


def test_table_shows_every_ratio_and_browser_figure():
    row = {"label": "10m", "records": 10_000_028, "cities": 226, "pledges": 22_612, "indicators": 56_516,
           "runs": 5, "pandas_load": 4.5, "bare": 0.15, "ours": 0.9, "pandas": 2.7, "ours_vs_bare": 6.0,
           "pandas_vs_ours": 3.0, "pandas_load_vs_ours": 8.0, "load_average": "1.00",
           "breakdown": {"indicator_periods": 0.3, "compute": 0.2}}
    browser = {"label": "10m", "render": 1.8, "render_min": 1.5, "render_cold": 4.0, "year_change": 0.4,
               "year_change_min": 0.3, "portfolio": 1.2, "portfolio_cold": 3.0, "portfolio_min": 1.0,
               "memory_mb": 550.0, "load_average_before": "1.0", "load_average_after": "1.2"}
    text = run.table([row], browser, {"rows": 500_000, "rows_added": 500_000, "import_rate": 250_000.0}, browser)
    assert "| 10m | 10,000,028 | 226 · 22,612 · 56,516 |" in text
    assert "**6.00** **missed** (6.0× off)" in text and "**3.0** **missed** (1.7× off)" in text
    assert "**8.0** met" in text
    assert "1.80 s | ≤ 2 s | met" in text and "0.40 s | ≤ 0.5 s | met" in text
    assert "550 MiB | ≤ 1,024 MiB | met" in text and "250,000 rows/s" in text
    pending = run.table([row], None, {"pending": "no importer"})
    assert "pending: no importer" in pending and "not run (--no-browser)" in pending
