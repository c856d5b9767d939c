"""Reconciliation: reported yearly actuals against the same figures computed from records."""
from __future__ import annotations

import pandas as pd


def reconcile(rows: pd.DataFrame) -> pd.DataFrame:
    """difference = reported − from records (counted up to the report's date); matches when 0.
    Positive: the report claims more than the records show."""
    out = rows.copy()
    out["difference"] = out["reported"].astype(float) - out["from_records"].astype(float).fillna(0)
    out["matches"] = out["difference"].abs() < 1e-9
    return out
