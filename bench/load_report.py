"""The load measurement's report (bench/load.py): the levels as a markdown table, the goal line
(50 sessions, 0 errors, p95 < 2 s) and the block of docs/benchmarks.md between its markers."""
from __future__ import annotations

from pathlib import Path

from bench.table import DOC, replace_block

GOAL_P95 = 2.0                # seconds, at the largest level, with 0 errors


def table(results: dict) -> str:
    """The levels as a markdown table (a 'server processes' column when the levels were measured
    with different numbers of processes), and the idle tabs' cost when measured."""
    several = len({r.get("processes", 1) for r in results["levels"]}) > 1
    out = ["| " + "server processes | " * several + "sessions | pages | p50 (s) | p95 (s) | max (s) | errors "
           "| server CPU (s) | CPU (% of one core) | CPU per page (s) | peak memory (MiB) | wall (s) | machine load (1 min) |",
           "|" + " ---: |" * (12 + several)]
    for r in results["levels"]:
        errors = str(r["errors"]) + (f" ({', '.join(f'{k} {v}' for k, v in r['error_kinds'].items())})"
                                     if r["errors"] else "")
        out.append("| " + f"{r.get('processes', 1)} | " * several +
                   f"{r['sessions']} | {r['pages']} of {r['expected']} | {r['p50']:.2f} | {r['p95']:.2f} | "
                   f"{r['max']:.2f} | {errors} | {r['cpu_s']:.1f} | {r['cpu_pct']:.0f}% | {r['cpu_per_page']:.3f} | "
                   f"{r['memory_mb']:.0f} | {r['wall']:.1f} | {r.get('load_average', '')} |")
    if "idle" in results:
        i = results["idle"]
        out += ["", f"Idle tabs: {i['tabs']} tabs left open on the overview for {i['seconds']:.0f} s: server CPU "
                    f"{i['cpu_s']:.1f} s ({i['cpu_pct']:.0f}% of one core), {i['live_runs']} live-block runs "
                    f"(p50 {i['live_p50']:.2f} s), {i['errors']} errors."]
    return "\n".join(out)


def combined(runs: list[dict]) -> dict:
    """The results of several measurements (one per number of server processes) as one: every
    level tagged with its number of processes."""
    return {"processes": [r.get("processes", 1) for r in runs],
            "levels": [{**level, "processes": r.get("processes", 1)} for r in runs for level in r["levels"]]}


def goal(results: dict) -> str:
    """The goal line: 50 sessions (the largest level) with 0 errors and p95 < 2 s — for each
    number of server processes measured."""
    top = max(r["sessions"] for r in results["levels"])
    lines = []
    for level in [r for r in results["levels"] if r["sessions"] == top]:
        met = level["errors"] == 0 and level["p95"] < GOAL_P95
        who = f" with {level['processes']} server process(es)" if "processes" in level else ""
        lines.append(f"Goal: {top} concurrent sessions with 0 errors and p95 < {GOAL_P95:.0f} s{who} — "
                     f"{'met' if met else '**missed**'} ({level['errors']} errors, p95 {level['p95']:.2f} s).")
    return "\n".join(lines)


def write_doc(text: str, info: dict, results: dict, doc: Path = DOC) -> None:
    """Replace the load block of docs/benchmarks.md (between its markers), keeping the prose."""
    start, end = "<!-- load:start -->", "<!-- load:end -->"
    block = (f"{start}\nMeasured {info['date']} on {info['cpu']}, {info['cores']} cores; Streamlit "
             f"{info['streamlit']}, the seed store, {_processes(results)} server process(es), sessions over the "
             f"websocket protocol (bench/load.py), each opening the default page and changing its choice (the public page's 기준일; the sidebar's year for staff).\n\n"
             f"{text}\n\n{goal(results)}\n{end}")
    replace_block(start, end, block, doc)


def _processes(results: dict) -> str:
    counts = results.get("processes", 1)
    return " and ".join(map(str, counts)) if isinstance(counts, list) else str(counts)
