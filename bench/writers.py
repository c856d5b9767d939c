"""Writers at once on a PostgreSQL store, for bench/postgres.py: the same importing processes all
into one city (they take turns on its lock) and each into a city of its own (they do not wait for
each other: data.postgres.begin_write), on a store built with that many cities; each a separate
process (tests/pg_workers.py), started together."""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench.run import OUT
from data.store import connect

WRITER_CITIES = ("naju", "test-b", "test-c", "test-d")


def cities_build(target, cities=WRITER_CITIES) -> None:
    """Build the store `target` (a DuckDB file's path or a PostgreSQL URL) from the seed card under
    each of `cities` (the first is the seed's own, with its records): `python -m data build` of
    those cards."""
    from data.build import CARDS_DIR, build

    text = (CARDS_DIR / "naju-6-1-1.yaml").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="writer-cards-") as folder:
        for city in cities:
            card = text if city == "naju" else text.replace("city: naju", f"city: {city}").replace(
                "city_name: 나주시", f"city_name: 시험시 {city}")
            (Path(folder) / f"{city}-6-1-1.yaml").write_text(card, encoding="utf-8")
        build(target, cards_dir=Path(folder))


def cities_store(cluster, name: str, cities=WRITER_CITIES) -> str:
    """A PostgreSQL database (a template for copies) built by `cities_build`."""
    cities_build(cluster.create_database(name), cities)
    return name


def application_counts(con, prefix: str) -> tuple[int, int]:
    """The stored applications whose id begins with `prefix`: rows and distinct (city, id); closes `con`."""
    try:
        return con.execute("SELECT count(*), count(DISTINCT (city, application_id)) FROM applications "
                           "WHERE application_id LIKE $p", {"p": f"{prefix}%"}).fetchone()
    finally:
        con.close()


def writers_run(cluster, template: str, cities: list[str], rounds: int, rows: int) -> dict:
    """One process per entry of `cities` (its city), each `rounds` imports of `rows` rows, started
    together on a fresh copy of `template`: wall seconds, rows/s together, lost/duplicated."""
    from tests.pg_workers import finish, spawn

    url = cluster.copy_database(template, "writers")
    go = OUT / "writers.go"
    go.unlink(missing_ok=True)
    procs = [spawn("importer", url, str(w), str(rounds), str(rows), str(go), city) for w, city in enumerate(cities)]
    time.sleep(3)                                            # let every process connect first
    t = time.perf_counter()
    go.touch()
    steps = [finish(p, timeout=1800) for p in procs]
    wall = time.perf_counter() - t
    go.unlink(missing_ok=True)
    count, distinct = application_counts(connect(url), "W")
    expected = len(cities) * rounds * rows
    return {"wall": wall, "rate": expected / wall, "lost": expected - distinct, "duplicated": count - distinct,
            "added": sum(s["added"] for lines in steps for s in lines)}


def writers(cluster, processes: int = 4, rounds: int = 5, rows: int = 1000, runs: int = 3) -> dict:
    """`processes` importing processes at once, all into one city (they take turns on its lock) and
    each into a city of its own (they do not wait for each other: data.postgres.begin_write),
    interleaved `runs` times: the median wall seconds and rows/s of each, lost/duplicated summed."""
    template = cities_store(cluster, "writers_template", WRITER_CITIES[:processes])
    layouts = {"one_city": [WRITER_CITIES[0]] * processes, "own_city": list(WRITER_CITIES[:processes])}
    found = {name: [] for name in layouts}
    for _ in range(runs):
        for name, cities in layouts.items():
            found[name].append(writers_run(cluster, template, cities, rounds, rows))
    out = {"processes": processes, "rounds": rounds, "rows": rows, "runs": runs}
    for name, results in found.items():
        out[name] = {"wall": statistics.median(r["wall"] for r in results),
                     "rate": statistics.median(r["rate"] for r in results),
                     "lost": sum(r["lost"] for r in results), "duplicated": sum(r["duplicated"] for r in results)}
    out["speedup"] = out["own_city"]["rate"] / out["one_city"]["rate"]
    return out
