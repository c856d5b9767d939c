"""The import gate under attack: the largest peak memory and time of any refusal of the hostile
corpus (tests/hostile/make_corpus.py), against the budget (≤ 30 s, ≤ 512 MB for the whole import).

    .venv/bin/python -m bench.hostile                 # from tests/artifacts/hostile-limits.json
    .venv/bin/python -m bench.hostile --measure       # also re-measure the worst files directly

The corpus test (tests/hostile/test_corpus.py) runs every file through the CLI, measuring the
resource-class files in their own process, and writes the artifact; `--measure` runs the
heaviest files again here (a fresh interpreter per file, peak RSS of that child via wait4).
`python -m bench.run` calls `report()` and writes the block between the hostile markers of
docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.table import DOC, replace_block

ROOT = Path(__file__).resolve().parents[1]
ARTIFACT = ROOT / "tests" / "artifacts" / "hostile-limits.json"
START, END = "<!-- hostile:start -->", "<!-- hostile:end -->"
WORST = ("csv_400k_rows_under_size", "csv_over_size_limit", "zip_bomb_sheet_1gb", "xlsx_many_rows",
         "xlsx_dimension_xfd", "yaml_100mb_scalar")
PASSWORD = "bench-hostile-password-1"
LAUNCHER = """
import json, os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "metrics", *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
json.dump({"maxrss_kb": usage.ru_maxrss}, open(sys.argv[1], "w"))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def from_artifact(path: Path = ARTIFACT) -> dict | None:
    """The corpus test's measurements (None when the test has not run)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return {"source": str(path.relative_to(ROOT)), "refusals": data["refusals"],
            "worst_peak_mb": data["worst_peak_mb"], "worst_peak_case": data["worst_peak_case"],
            "worst_seconds": data["worst_seconds"], "worst_time_case": data["worst_time_case"],
            "largest_valid": data.get("largest_valid"), "budget": data["budget"],
            "rows_limit": data.get("limits", {}).get("rows")}


def measure(ids=WORST) -> list[dict]:
    """Each named corpus file through the CLI in its own process: exit code, seconds, peak MB."""
    from data.accounts import create_first_admin
    from data.build import build
    from data.store import connect
    from tests.hostile.make_corpus import cases

    chosen = [c for c in cases() if c.id in set(ids)]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        base = build(Path(tmp) / "base.duckdb")
        con = connect(base)
        try:
            create_first_admin(con, "gate", "점검자", PASSWORD)      # the CLI writes as a signed-in account
        finally:
            con.close()
        for case in chosen:
            db, path, usage = Path(tmp) / "run.duckdb", Path(tmp) / case.name, Path(tmp) / "usage.json"
            shutil.copy(base, db)
            path.write_bytes(case.build())
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, str(usage), "import", str(path), "--db",
                                   str(db), "--yes", *(case.args if "--as" in case.args else [*case.args, "--as", "gate"])], cwd=ROOT, capture_output=True,
                                  stdin=subprocess.DEVNULL, timeout=600, env={**os.environ, "PLEDGE_PASSWORD": PASSWORD})
            seconds = time.perf_counter() - start
            peak = json.loads(usage.read_text())["maxrss_kb"] / 1024
            out.append({"id": case.id, "exit": proc.returncode, "seconds": round(seconds, 2), "peak_mb": round(peak, 1)})
            path.unlink()
    return out


def text(result: dict | None, measured: list[dict] | None = None) -> str:
    """The Markdown block: worst refusal (memory, time) against the budget, the largest valid file."""
    if result is None:
        return "Hostile corpus: not measured yet (run `pytest tests/hostile/test_corpus.py`)."
    budget = result["budget"]
    ok = lambda v, b: "met" if v is not None and v <= b else "**missed**"
    lines = [
        f"Hostile import corpus ({result['refusals']} refused files through the CLI; source {result['source']}):",
        "",
        "| measure | value | budget | status |",
        "| --- | --- | --- | --- |",
        f"| largest peak memory of any refusal ({result['worst_peak_case']}) | {result['worst_peak_mb']} MB | "
        f"≤ {budget['peak_mb']:.0f} MB | {ok(result['worst_peak_mb'], budget['peak_mb'])} |",
        f"| longest time of any refusal ({result['worst_time_case']}) | {result['worst_seconds']:.1f} s | "
        f"≤ {budget['seconds']:.0f} s | {ok(result['worst_seconds'], budget['seconds'])} |",
    ]
    valid = result.get("largest_valid")
    if valid:
        lines.append(f"| valid file at the row limit ({result.get('rows_limit') or '?'} rows): peak / time | "
                     f"{valid['peak_mb']} MB / {valid['seconds']:.1f} s | ≤ {budget['peak_mb']:.0f} MB / "
                     f"≤ {budget['seconds']:.0f} s | {ok(valid['peak_mb'], budget['peak_mb'])} |")
    for m in measured or []:
        lines.append(f"| re-measured: {m['id']} (exit {m['exit']}) | {m['peak_mb']} MB / {m['seconds']:.1f} s | "
                     f"≤ {budget['peak_mb']:.0f} MB / ≤ {budget['seconds']:.0f} s | "
                     f"{ok(m['peak_mb'], budget['peak_mb'])} |")
    return "\n".join(lines)


def write_doc(block: str, doc: Path = DOC) -> None:
    """Replace the hostile block of docs/benchmarks.md (appended with its heading the first time)."""
    replace_block(START, END, f"{START}\n{block}\n{END}", doc, heading="## Import gate: the worst hostile file\n\n")


def report(measure_again: bool = False, write: bool = True) -> str:
    block = text(from_artifact(), measure() if measure_again else None)
    if write:
        write_doc(block)
    return block


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description="가져오기 검문: 가장 무거운 거부 파일")
    parser.add_argument("--measure", action="store_true", help="가장 무거운 파일을 다시 측정")
    parser.add_argument("--no-write", action="store_true", help="docs/benchmarks.md를 고치지 않음")
    args = parser.parse_args(argv)
    print(report(args.measure, not args.no_write))
    return 0


if __name__ == "__main__":
    sys.exit(main())
