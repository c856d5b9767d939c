"""Rates and their display: the indicator rate, a ratio, the rate policy and display rounding.
The pledge rate (mean of indicator rates) is metrics.indicators.pledge_rate."""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Literal

import numpy as np
import pandas as pd

from metrics.groups import zero_nan

Rounding = Literal["half_up", "cut"]


@dataclass(frozen=True)
class RatePolicy:
    """How rates are computed and shown. Defaults: cap at 100%, round half up to 2 decimals.

    cap: an indicator rate above 100% reads 100% (indicators may opt out with cap: false).
    rounding: 'half_up' (64.845 → 64.85) or 'cut' (67.3469 → 67.34, as Naju publishes).
    """
    cap: bool = True
    rounding: Rounding = "half_up"
    decimals: int = 2


DEFAULT_POLICY = RatePolicy()


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """ratio = numerator ÷ denominator × 100 (%); None when the denominator is zero or missing."""
    if _missing(denominator) or denominator == 0 or _missing(numerator):
        return None
    return float(numerator) / float(denominator) * 100


def display_round(value: float | None, policy: RatePolicy = DEFAULT_POLICY) -> float | None:
    """Round a percentage for display: half-up or cut (truncate) to policy.decimals places."""
    if _missing(value):
        return None
    quantum = Decimal(1).scaleb(-policy.decimals)
    mode = ROUND_HALF_UP if policy.rounding == "half_up" else ROUND_DOWN
    # repr() gives the shortest decimal that round-trips, so 64.85 stays 64.85 (not 64.8499…).
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=mode))


def format_percent(value: float | None, policy: RatePolicy = DEFAULT_POLICY) -> str:
    """'64.85%' (or '—' when there is no rate), rounded by the policy."""
    shown = display_round(value, policy)
    return "—" if shown is None else f"{shown:.{policy.decimals}f}%"


def indicator_rate(actual_to_date, target_total, cap=True):
    """rate = cumulative actual to the as-of date ÷ whole-term target × 100 (%), per row.

    pandas Series in, Series out. NaN where the target is zero or missing (no rate, not 0%); a
    missing actual counts as 0; capped at 100 where `cap` (a bool or a boolean Series) is true.
    """
    target = pd.to_numeric(target_total, errors="coerce").astype(float)
    actual = pd.to_numeric(actual_to_date, errors="coerce").astype(float).fillna(0.0)
    rate = (actual / target.where(target > 0)) * 100
    capped = rate.clip(upper=100.0)
    mask = np.broadcast_to(np.asarray(cap, dtype=bool), rate.shape)
    return capped.where(mask, rate)


def indicator_rates(actual_to_date, target_total, cap=True) -> np.ndarray:
    """indicator_rate on aligned float arrays (numpy in and out): the same figures, row by row."""
    target = np.asarray(target_total, dtype=float)
    actual = zero_nan(np.asarray(actual_to_date, dtype=float))
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = (actual / np.where(target > 0, target, np.nan)) * 100
    return np.where(np.broadcast_to(np.asarray(cap, dtype=bool), rate.shape), np.minimum(rate, 100.0), rate)
