"""Golden snapshots of `python -m metrics report --json` for the seed card (naju 6-1-1) at three
as-of dates: any change of any figure shows as a diff against tests/golden/report-<date>.json.

The snapshots are generated, never edited by hand:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_golden.py
"""
from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
DATES = ["2022-12-31", "2023-12-31", "2024-05-31"]
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def golden_path(as_of: str) -> Path:
    return GOLDEN / f"report-{as_of}.json"


def cli_report(db: Path, as_of: str, *extra: str) -> str:
    """stdout of the CLI's JSON report of the seed card."""
    out = subprocess.run([sys.executable, "-m", "metrics", "report", "--db", str(db), "--as-of", as_of,
                          "--city", "naju", "--pledge", "6-1-1", "--json", *extra],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.mark.parametrize("as_of", DATES)
def test_report_matches_the_golden_snapshot(built_db, as_of):
    got = cli_report(built_db, as_of)
    path = golden_path(as_of)
    if UPDATE:
        path.write_text(got, encoding="utf-8")
        return
    assert path.exists(), f"{path.name} missing: run UPDATE_GOLDEN=1 pytest tests/test_golden.py"
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                            f"golden/{path.name}", "metrics report --json"))
        pytest.fail(f"the report differs from its golden snapshot:\n{diff}")


def test_the_seed_card_snapshot_holds_the_card_figures():
    doc = json.loads(golden_path("2024-05-31").read_text(encoding="utf-8"))
    (pledge,) = doc["pledges"]
    rates = {i["id"]: i["rate"] for i in pledge["indicators"]}
    assert (rates["publicity"], rates["applications"], pledge["rate"]) == (68.75, 60.95, 64.85)
    assert (pledge["budget"]["planned_total"], pledge["budget"]["executed_total"]) == (504, 83)
    assert pledge["budget"]["execution_rate"] == 16.47        # half-up (the snapshot's default policy)


def test_every_snapshot_is_the_seed_card_at_its_date():
    for as_of in DATES:
        doc = json.loads(golden_path(as_of).read_text(encoding="utf-8"))
        assert doc["as_of"] == as_of and [p["id"] for p in doc["pledges"]] == ["6-1-1"]
