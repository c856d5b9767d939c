"""The forecast and the change in `python -m metrics report` (JSON and text), for the seed card."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli(db, *args):
    out = subprocess.run([sys.executable, "-m", "metrics", "report", "--db", str(db), "--city", "naju",
                          "--pledge", "6-1-1", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return out


def test_report_json_forecast_and_change(built_db):
    out = cli(built_db, "--as-of", "2024-05-31", "--since", "2023-12-31", "--json")
    assert out.returncode == 0, out.stderr
    (pledge,) = json.loads(out.stdout, parse_constant=lambda c: pytest.fail(f"{c} in the JSON"))["pledges"]
    fc = {i["id"]: i["forecast"] for i in pledge["indicators"]}
    assert fc["applications"] == {
        "months_remaining": 25, "pace_per_month": 86.5, "pace_months": 12, "pace_basis": "records",
        "no_pace_reason": None, "projected_total": 3506.5, "projected_rate": 100.0,
        "projected_rate_uncapped": 159.02, "needed_per_month": 34.44, "reaches_target_on": "2025-03"}
    assert (fc["publicity"]["needed_per_month"], fc["publicity"]["reaches_target_on"]) == (0.2, "2025-08")
    assert pledge["forecast"] == {"projected_rate": 100.0}
    change = pledge["change"]
    assert (change["since"], change["rate_before"], change["rate"], change["delta"]) == ("2023-12-31", 46.02, 64.85, 18.83)
    assert [(p["id"], p["contribution"]) for p in change["by_indicator"]] == [("publicity", 9.38), ("applications", 9.46)]
    assert change["rounding_difference"] == -0.01       # 18.83 − (9.38 + 9.46): each figure rounded on its own
    assert abs(sum(p["contribution_exact"] for p in change["by_indicator"]) - change["delta_exact"]) < 1e-9
    counted = {e["import_kind"]: e["records"] for e in change["events"] if e["affects_rate"]}
    assert counted == {"publicity": 3, "applications": 417}


def test_report_without_since_has_no_change(built_db):
    out = cli(built_db, "--as-of", "2024-05-31", "--json")
    assert "change" not in json.loads(out.stdout)["pledges"][0]


def test_report_text_shows_forecast_and_change(built_db):
    out = cli(built_db, "--as-of", "2024-05-31", "--since", "2023-12-31")
    assert out.returncode == 0, out.stderr
    assert "목표까지 월 34.44건 필요" in out.stdout and "목표까지 월 0.2건 필요" in out.stdout
    assert "46.02% → 64.85% (+18.83%p)" in out.stdout and "기여 +9.38%p" in out.stdout


def test_since_must_come_before_as_of(built_db):
    out = cli(built_db, "--as-of", "2024-05-31", "--since", "2024-06-30")
    assert out.returncode == 2 and "비교 기준일" in out.stderr and "Traceback" not in out.stderr
