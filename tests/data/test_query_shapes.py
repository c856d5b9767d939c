"""data/queries: no named query returns a UNION ALL of three or more GROUP BYs as it is.

DuckDB 1.5.5's Python client never comes back from con.execute() of such a query when its groups
are many (all threads parked, at any thread count; seen from 30M records with the benchmark's
bare scan, and with 1M generated rows in memory). Aggregated, ordered or inserted, the same union
returns. Queries only included in others ({{name}}) are checked where they are included.
"""
from __future__ import annotations

import re

import pytest

from data.store import QUERIES_DIR, sql_text

INCLUDE = re.compile(r"\{\{([\w/]+)\}\}")


def _names() -> list[str]:
    return sorted(p.relative_to(QUERIES_DIR).with_suffix("").as_posix() for p in QUERIES_DIR.rglob("*.sql"))


def _fragments() -> set[str]:
    """Queries included in another one (their text runs inside it, never alone)."""
    return {m for p in QUERIES_DIR.rglob("*.sql") for m in INCLUDE.findall(p.read_text(encoding="utf-8"))}


def _top_level(sql: str) -> str:
    """The statement's text at parenthesis depth 0 (comments and string literals blanked): the
    final SELECT's own clauses, without the CTEs' and subqueries' bodies."""
    sql = re.sub(r"--[^\n]*", " ", sql)
    sql = re.sub(r"'(?:[^']|'')*'", "''", sql)
    out, depth = [], 0
    for ch in sql:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return " ".join("".join(out).upper().split())


def returns_grouped_union(sql: str) -> bool:
    """True when the statement's own result is a UNION ALL of ≥ 3 branches, ≥ 3 of them grouped,
    with no ORDER BY after them: the shape DuckDB 1.5.5 hangs on (a LIMIT does not help)."""
    top = _top_level(sql)
    if top.startswith(("INSERT", "CREATE", "UPDATE", "DELETE")):
        return False
    branches = top.split(" UNION ALL ")
    grouped = [b for b in branches if " GROUP BY " in f" {b} "]
    return len(branches) >= 3 and len(grouped) >= 3 and " ORDER BY " not in f" {branches[-1]} "


def test_the_check_finds_the_shape():
    grouped = "SELECT city, count(*) FROM {t} GROUP BY ALL"
    union = " UNION ALL ".join(grouped.format(t=t) for t in ("publicity", "applications", "visits"))
    assert returns_grouped_union(union)
    assert returns_grouped_union(f"WITH x AS (SELECT 1) {union}")
    assert not returns_grouped_union(union + " ORDER BY 1")
    assert not returns_grouped_union(f"SELECT * FROM ({union}) u ORDER BY 1")
    assert not returns_grouped_union(f"INSERT INTO t {union}")
    assert not returns_grouped_union(" UNION ALL ".join(grouped.format(t=t) for t in ("a", "b")))
    assert returns_grouped_union(sql_text("aggregates/from_records"))          # a fragment: runs inside others


@pytest.mark.parametrize("name", [n for n in _names() if n not in _fragments()])
def test_no_query_returns_a_union_of_grouped_scans_as_it_is(name):
    assert not returns_grouped_union(sql_text(name)), name
