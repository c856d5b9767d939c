"""Suggested status (추진상황) from the figures, and its consistency with the recorded one.
pandas Series in, Series out (one value per pledge); the words are data/vocabulary.py's."""
from __future__ import annotations

import numpy as np
import pandas as pd

from data.vocabulary import DONE_STATUSES, Status, Suggested

_DONE = [str(s) for s in DONE_STATUSES]
_ON_TRACK_OR_DONE = [str(Suggested.ON_TRACK), str(Suggested.DONE)]


def suggested_status(rate, expected_rate) -> pd.Series:
    """완료 if rate ≥ 100; else 정상추진 if rate ≥ expected rate (or no expected rate); else 일부추진;
    자료 없음 without a rate."""
    rate = pd.to_numeric(pd.Series(rate), errors="coerce").astype(float).to_numpy()
    expected = pd.to_numeric(pd.Series(expected_rate), errors="coerce").astype(float).to_numpy()
    with np.errstate(invalid="ignore"):
        on_track = np.isnan(expected) | (rate >= expected)
        return pd.Series(np.select([np.isnan(rate), rate >= 100, on_track],
                                   [str(Suggested.NO_DATA), str(Suggested.DONE), str(Suggested.ON_TRACK)],
                                   str(Suggested.BEHIND)))


def status_consistent(recorded, suggested) -> pd.Series:
    """consistent = (recorded done → suggested 완료) and (recorded 정상추진 → suggested 정상추진 or 완료);
    any other recorded status is consistent."""
    recorded, suggested = pd.Series(recorded).to_numpy(), pd.Series(suggested).to_numpy()
    done = np.isin(recorded, _DONE)
    on_track = recorded == str(Status.ON_TRACK)
    return pd.Series(np.where(done, suggested == str(Suggested.DONE),
                              np.where(on_track, np.isin(suggested, _ON_TRACK_OR_DONE), True)))
