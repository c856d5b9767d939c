"""bench/run.py's table (no timing here: the benchmark is a script, not a timed test)."""
import pytest

from bench import run


def test_default_sizes_cover_100k_to_10m():
    assert {k: run.SIZES[k] for k in run.DEFAULT_SIZES} == {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
    assert run.build_parser().parse_args([]).sizes == ["100k", "1m", "10m"]


def _measures_stubbed(monkeypatch, calls):
    """bench.run.main with every measure replaced by a note of its call (no timing here)."""
    from bench import hostile

    monkeypatch.setattr(run, "machine", dict)
    monkeypatch.setattr(run, "compute_bench", lambda label, runs: calls.append(("compute", label)) or {})
    monkeypatch.setattr(run, "import_bench", lambda runs: calls.append(("import",)) or {})
    monkeypatch.setattr(run, "table", lambda *a: "table")
    monkeypatch.setattr(hostile, "report", lambda write: "hostile")
    monkeypatch.setattr(run.subprocess, "run", lambda argv, **kw: calls.append(tuple(argv[1:6])))


def test_the_default_run_measures_both_backends(monkeypatch):
    """`python -m bench.run` with no flag: the file's measures, then PostgreSQL's block at the same sizes
    (bench/postgres.py in its own process); --no-postgres leaves it out."""
    from tests import pg

    monkeypatch.setattr(pg, "available", lambda: True)
    calls = []
    _measures_stubbed(monkeypatch, calls)
    assert run.main(["--sizes", "1m", "10m", "--no-browser", "--no-write"]) == 0
    assert calls == [("compute", "1m"), ("compute", "10m"), ("import",), ("-m", "bench.postgres", "--sizes", "1m", "10m")]
    calls.clear()
    assert run.main(["--sizes", "1m", "--no-browser", "--no-write", "--no-postgres"]) == 0
    assert calls == [("compute", "1m"), ("import",)]


def test_the_default_run_without_postgresql_stops_before_measuring(monkeypatch, capsys):
    """No PostgreSQL server installed: one Korean line naming the fix, exit 2, nothing measured."""
    from tests import pg

    monkeypatch.setattr(pg, "available", lambda: False)
    calls = []
    _measures_stubbed(monkeypatch, calls)
    assert run.main(["--sizes", "1m", "--no-browser", "--no-write"]) == 2
    assert calls == []
    err = capsys.readouterr().err.strip()
    assert err.startswith("PostgreSQL 서버가 설치되어 있지 않아") and "--no-postgres" in err and "\n" not in err


def test_scaling_sizes_keep_the_cities_and_add_records():
    """bench/scaling.py: 30M and 50M records over the same 226 cities as 10M (only the records per pledge grow)."""
    from bench import scaling
    from data.national import default_cities

    assert {"30m", "50m"} <= set(run.SIZES)
    assert {default_cities(run.SIZES[k]) for k in ("10m", "30m", "50m")} == {226}
    rows = [{"label": "50m", "records": 50_000_028, "pledges": 22_612,
             run.AS_OF: {"bare": 0.8, "ours": 0.55, "bare_cpu": 1.6, "ours_cpu": 0.9},
             run.INSIDE_YEAR[1]: {"bare": 1.0, "ours": 0.75, "bare_cpu": 1.8, "ours_cpu": 1.2}}]
    text = scaling.table(rows)
    assert "| 50,000,028 | 2,211 | 2025-12-31 | 0.800 | 0.550 | **0.69** | 1.60 / 0.90 | 0.56 |" in text


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
               "paint": 1.1, "paint_min": 1.0, "paint_cold": 2.6,
               "year_change_min": 0.3, "portfolio": 1.2, "portfolio_cold": 3.0, "portfolio_min": 1.0,
               "memory_mb": 550.0, "load_average_before": "1.0", "load_average_after": "1.2"}
    text = run.table([row], browser, {"rows": 500_000, "rows_added": 500_000, "import_rate": 250_000.0}, browser)
    assert "| 10m | 10,000,028 | 226 · 22,612 · 56,516 |" in text
    assert "**6.00** **missed** (6.0× off)" in text and "**3.0** **missed** (1.7× off)" in text
    assert "**8.0** met" in text
    assert "1.80 s | ≤ 2 s | met" in text and "0.40 s | ≤ 0.5 s | met" in text
    assert "empty caches) | 2.60 s | ≤ 2 s | **missed**" in text and "1.10 s | ≤ 2 s | met" in text
    assert "550 MiB | ≤ 1,024 MiB | met" in text and "250,000 rows/s" in text
    spread = run.table([row], None, {"rows": 100_000, "rows_added": 100_000, "import_rate": 150_000.0,
                                     "import_best": 180_000.0, "prepare_cpu_s": 0.5, "commit_cpu_s": 0.25,
                                     "floor_rate": 450_000.0})
    assert ("median; best 180,000 rows/s; CPU 0.75 s; floor, DuckDB alone storing the same file: 450,000 rows/s, "
            "ours ÷ floor 3.0× the time) | 150,000 rows/s | ≥ 200,000 rows/s | **missed** (1.3× off) |") in spread
    pending = run.table([row], None, {"pending": "no importer"})
    assert "pending: no importer" in pending and "not run (--no-browser)" in pending


def test_doc_blocks_are_replaced_between_their_markers_and_appended_once(tmp_path):
    from bench.table import replace_block

    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nProse kept.\n<!-- a:start -->\nold\n<!-- a:end -->\nMore prose.\n", encoding="utf-8")
    replace_block("<!-- a:start -->", "<!-- a:end -->", "<!-- a:start -->\nnew\n<!-- a:end -->", doc)
    replace_block("<!-- b:start -->", "<!-- b:end -->", "<!-- b:start -->\nb\n<!-- b:end -->", doc, heading="## B\n\n")
    replace_block("<!-- b:start -->", "<!-- b:end -->", "<!-- b:start -->\nb2\n<!-- b:end -->", doc, heading="## B\n\n")
    assert doc.read_text(encoding="utf-8") == ("# Benchmarks\n\nProse kept.\n<!-- a:start -->\nnew\n<!-- a:end -->\n"
                                               "More prose.\n\n## B\n\n<!-- b:start -->\nb2\n<!-- b:end -->\n")


def test_the_postgres_column_times_the_same_recompute_as_the_duckdb_one(con):
    """bench/postgres.py reuses bench/run.py's interleaved medians (one run over the seed store)."""
    from bench import postgres

    medians, load = run.recompute_medians(con, 1)
    assert set(medians) == {"bare", "ours", "pandas"} and load >= 0
    assert set(postgres.recompute(con, 1)) == {"bare", "ours", "pandas", "pandas_load", "ours_vs_bare", "pandas_vs_ours"}


def test_the_breakdown_times_the_recompute_inside_a_year_too(con):
    """Besides each query and compute at the year's end, the breakdown has the full recompute and the
    bare scan at a date on each side of July of the records' last year (one run over the seed store)."""
    out = run._breakdown(con, 1)
    assert set(run.INPUT_QUERIES) | {"compute"} <= set(out)
    for day in run.INSIDE_YEAR:
        assert out[f"ours at {day}"] > 0 and out[f"bare at {day}"] > 0
        assert out[f"ours ÷ bare at {day}"] == out[f"ours at {day}"] / out[f"bare at {day}"]
    assert run.INSIDE_YEAR[0].month < 7 <= run.INSIDE_YEAR[1].month


def test_import_floor_stores_what_the_import_stores(db_copy, tmp_path):
    """bench.run's import floor (DuckDB alone, no gate) stores the same applications, value for value,
    as data/imports does for the benchmark's file: the floor is the same work without the gate."""
    import shutil

    from data import imports
    from data.authority import SYSTEM
    from data.store import connect

    lines = ["공약번호,신청번호,신청일,대상자ID,읍면동,임신주수,출산예정일,결정"]
    lines += [f"6-1-1,SYN-IMP-{i:07d},2023-01-{2 + i % 28:02d},SYN-P-{i:05d},빛가람동,{22 + i % 15},2023-05-01,승인"
              for i in range(300)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    floor_db = tmp_path / "floor.duckdb"
    shutil.copy(db_copy, floor_db)
    assert run.import_floor(db_copy, data) > 0
    stored = "SELECT * EXCLUDE (import_id) FROM applications WHERE application_id LIKE 'SYN-IMP-%' ORDER BY application_id"
    con = connect(floor_db)
    try:
        con.execute("BEGIN TRANSACTION")
        with open(tmp_path / "f.csv", "wb") as f:
            f.write(data)
        con.execute(run.FLOOR_SQL, {"path": str(tmp_path / "f.csv")})
        con.execute("COMMIT")
        floor = con.execute(stored).fetchall()
    finally:
        con.close()
    con = connect(db_copy)
    try:
        prepared = imports.prepare(con, data, "신청-합성.csv", city="naju")
        assert prepared.ok, prepared.headline()
        imports.commit(con, prepared, SYSTEM, synthetic=True)
        ours = con.execute(stored).fetchall()
    finally:
        con.close()
    assert len(ours) == 300 and floor == ours


def test_the_postgres_column_times_one_pledge_and_an_import_into_the_national_store(db_copy):
    """bench/postgres.py's daily work of a city (on the seed store here): one pledge's figures and one
    city's as of a day inside a month, and an import of its records, committed and undone (the store
    keeps none of them), shown in its table on both stores."""
    from bench import postgres
    from data.store import connect

    con = connect(db_copy)
    try:
        before = con.execute("SELECT count(*) FROM applications").fetchone()[0]
        one = postgres.one_pledge(con, 1)
    finally:
        con.close()
    done = postgres.national_import(db_copy, runs=1, rows=20)
    assert set(one) == {"pledge", "city"} and min(one.values()) > 0
    assert done["rows"] == 20 and min(done[k] for k in ("prepare", "commit", "undo")) > 0
    con = connect(db_copy)
    try:
        assert con.execute("SELECT count(*) FROM applications").fetchone()[0] == before
    finally:
        con.close()
    measured = {"bare": 1.0, "ours": 0.5, "ours_vs_bare": 0.5, "pandas_vs_ours": 6.0, "one": one, "import": done}
    text = postgres.table({"sizes": [{"label": "seed", "records": 1, "copy_s": 1.0, "duckdb": measured,
                                      "postgres": measured}]})
    assert "seed: one pledge's figures (its card) as of 2025-03-15, a day inside a month" in text
    assert "seed: an import of 20 applications of one pledge into the national store (prepare / commit / undo)" in text


def test_the_postgres_block_times_the_cold_render_with_and_without_the_readiness_probe(db_copy):
    """bench/postgres.py's first cold render on a fresh server (here the seed store): behind the readiness
    probe (as deployed, and as bench.run measures the file) the server is ready before the clock starts;
    the table shows both renders on both stores."""
    from bench import postgres

    probed = postgres.cold_render(db_copy, "test-seed", ready=True)
    assert set(probed) == {"render", "ready", "settled", "memory_mb"} and probed["render"] > 0 and probed["ready"] > 0
    assert probed["settled"] >= probed["render"] and 50 < probed["memory_mb"] < 4096
    unprobed = {**probed, "render": probed["render"] + 1, "ready": 0.5}
    text = postgres.table({"sizes": [], "browser": {"label": "seed", "duckdb": unprobed, "postgres": unprobed,
                                                    "duckdb_probed": probed, "postgres_probed": probed}})
    assert (f"without the readiness probe (the first visitor runs the app first): DuckDB file **{unprobed['render']:.2f} s**"
            in text)
    assert (f"behind the readiness probe (as deployed, and as `bench.run` measures the file): DuckDB file "
            f"**{probed['render']:.2f} s**, PostgreSQL **{probed['render']:.2f} s** (ready {probed['ready']:.1f} s" in text)
    assert f"DuckDB file **{probed['memory_mb']:,.0f} MiB**, PostgreSQL **{probed['memory_mb']:,.0f} MiB**" in text


def test_the_probed_cold_render_is_the_median_of_fresh_servers_interleaved(monkeypatch):
    """bench/postgres.py times the render behind the probe on several fresh servers of each store, one
    store after the other, and shows the median run's figures with the spread of all."""
    from bench import postgres

    order, renders = [], iter([2.9, 2.0, 2.1, 3.4, 2.5, 1.9])
    monkeypatch.setattr(postgres, "cold_render", lambda db, tag, ready=False: order.append((tag, ready)) or {
        "render": next(renders), "ready": 1.0, "settled": 3.0, "memory_mb": 300.0})
    out = postgres.probed_renders({"duckdb": ("f", "f"), "postgres": ("u", "pg")}, 3)
    assert order == [("f", True), ("pg", True)] * 3
    assert out["duckdb_probed"]["render"] == 2.5 and out["duckdb_probed"]["renders"] == [2.9, 2.1, 2.5]
    assert out["postgres_probed"]["render"] == 2.0 and out["postgres_probed"]["renders"] == [2.0, 3.4, 1.9]
    text = postgres.table({"sizes": [], "browser": {"label": "10m", "duckdb": out["duckdb_probed"],
                                                    "postgres": out["postgres_probed"], **out}})
    assert "DuckDB file **2.50 s**, PostgreSQL **2.00 s** (ready 1.0 s / 1.0 s after the launch; the median of 3 fresh " \
           "servers each, interleaved: 2.10–2.90 / 1.90–3.40 s)" in text


@pytest.mark.postgres
def test_the_postgres_block_times_the_read_model_and_its_catch_up(pg_cluster, pg_seed, db_copy):
    """bench/read_model.py on the seed copied into PostgreSQL: the build in a process of its own,
    the recompute read from the copy with every figure equal to the file's, and the catch-up after
    an import and after its undo (one city each); shown in bench/postgres.py's table."""
    from bench import postgres
    from data.store import StoreURL

    url = StoreURL(pg_cluster.copy_database(pg_seed, "bench_read_model"))
    model = postgres.read_model_figures(url, db_copy, 1, pandas_s=1.0, one_pledge=postgres.one_pledge)
    assert model["same"] is True and model["build"] > 0 and model["rss_mib"] > 0 and model["file_mib"] > 0
    assert model["pandas_vs_ours"] == 1.0 / model["ours"] and set(model["one"]) == {"pledge", "city"}
    done = postgres.national_import(url, runs=1, rows=20, model=True)
    assert min(done[k] for k in ("prepare", "commit", "undo", "catch_up", "catch_up_undo")) > 0
    measured = {"bare": 1.0, "ours": 0.5, "ours_vs_bare": 0.5, "pandas_vs_ours": 6.0, "import": done}
    text = postgres.table({"sizes": [{"label": "seed", "records": 1, "copy_s": 1.0, "duckdb": measured,
                                      "postgres": {**measured, "model": model}}]})
    assert "| seed (1) | PostgreSQL, read from the app server's read model | 1.000 s |" in text
    assert "seed: the read model — built in" in text and "every figure equal to the DuckDB file's: yes" in text
    assert "seed: the read model's catch-up with that import" in text


@pytest.mark.postgres
def test_the_postgres_block_times_writers_of_one_city_and_of_their_own_cities(pg_cluster):
    """bench/writers.py's writers at once (bench/postgres.py's block): the same processes all into one
    city (in turn) and each into its own city (at the same time), on a store of that many cities;
    nothing lost or duplicated."""
    from bench import postgres, writers

    w = writers.writers(pg_cluster, processes=2, rounds=1, rows=5, runs=1)
    assert w["one_city"]["lost"] == w["one_city"]["duplicated"] == w["own_city"]["lost"] == w["own_city"]["duplicated"] == 0
    assert w["speedup"] == w["own_city"]["rate"] / w["one_city"]["rate"] > 0
    text = postgres.table({"sizes": [], "writers": w})
    assert "2 importing processes at once, 1 files of 5 rows each (medians of 1 interleaved runs): all into one city" in text
    assert f"({w['speedup']:.2f}×); lost 0, duplicated 0" in text


def test_same_figures_tells_a_changed_figure(con):
    """bench/ducklake.py's check that the lake's figures equal the file's: any changed value fails it."""
    from bench import ducklake
    from metrics.engine import figures_for

    a, b = figures_for(con, run.AS_OF), figures_for(con, run.AS_OF)
    assert ducklake.same_figures(a, b)
    b.indicators.loc[0, "actual_to_date"] += 1
    assert not ducklake.same_figures(a, b)


@pytest.mark.postgres
def test_the_ducklake_block_measures_the_other_road_on_a_real_lake(pg_cluster, tmp_path):
    """bench/ducklake.py's parts on a small national set of two cities copied into a lake whose
    catalog is the test cluster: every figure equal to the file's; writers of both layouts (our gate
    and our import's writes in lake transactions) lose nothing; the same file twice at once, each
    commit held until both have written, is counted; imports one after another leave files that the
    compaction merges, every figure kept; and the block's lines."""
    import duckdb

    from bench import ducklake, lake, lake_writers
    from data.national import generate

    source = generate(tmp_path / "national.duckdb", 20_000, cities=2, quiet=True)
    folder = tmp_path / "lake"
    folder.mkdir()
    url = pg_cluster.create_database("bench_lake")
    copied = lake.copy_to_lake(source, url, folder)
    file = duckdb.connect(str(source), read_only=True)
    tables = file.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0]
    assert copied["tables"] == tables and copied["data_files"] > 0 and copied["delete_files"] == 0
    found = ducklake.recompute(lake.lake_connect(url), file, 1)
    file.close()
    assert found["equal"] is True and min(found[k] for k in ("lake_bare", "lake_ours", "file_bare", "file_ours")) > 0
    w = lake_writers.writers(url, processes=2, rounds=2, rows=20, runs=1)
    for layout in ("one_city", "own_city"):
        assert w[layout]["lost"] == w[layout]["duplicated"] == 0 and w[layout]["rate"] > 0
    same = lake_writers.same_file_twice(url, rows=20)
    assert len(same["added"]) == 2 and same["stored"] == sum(same["added"]) == 20 + same["duplicated"]
    after = ducklake.small_files(url, folder, 1)
    assert after["imports"]["count"] == 20 and after["data_files"] > copied["data_files"] and after["kept"] is True
    text = ducklake.table({"machine": run.machine(), "sizes": {"small": {"copy": copied, "recompute": found,
                                                                           "after": after}},
                           "writers": {"lake": w, "postgres": w}, "same_file": same})
    assert f"| small | {copied['seconds']:.1f} s | {copied['data_files']} · " in text and "| yes |" in text
    assert "- Writers at once on the four-city store (2 processes × 2 imports of 20 applications" in text
    assert f"**{same['duplicated']:,} rows stored twice**" in text
    assert "- Small files (small lake): 20 imports of 1,000 rows one after another" in text
    assert "every figure kept." in text
