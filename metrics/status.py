"""Suggested status (추진상황) from the metrics, and its consistency with the recorded one."""
from __future__ import annotations

import math

DONE_STATUSES = ("완료 종결", "완료 후 계속추진")


def suggested_status(rate: float | None, expected_rate: float | None) -> str:
    """'완료' when rate ≥ 100; '정상추진' (on track) when rate ≥ the expected rate to date (the
    target trajectory); else '일부추진' (behind); '자료 없음' without a rate."""
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return "자료 없음"
    if rate >= 100:
        return "완료"
    if expected_rate is None or (isinstance(expected_rate, float) and math.isnan(expected_rate)) or rate >= expected_rate:
        return "정상추진"
    return "일부추진"


def status_consistent(recorded: str, suggested: str) -> bool:
    """A recorded 완료 needs a rate of 100%; a recorded 정상추진 needs the rate on the trajectory."""
    if recorded in DONE_STATUSES:
        return suggested == "완료"
    if recorded == "정상추진":
        return suggested in ("정상추진", "완료")
    return True


def suggested_statuses(rate, expected_rate):
    """Vectorised suggested_status over pandas Series (same rules, same labels)."""
    import numpy as np
    import pandas as pd

    rate = pd.to_numeric(pd.Series(rate), errors="coerce").astype(float).to_numpy()
    expected = pd.to_numeric(pd.Series(expected_rate), errors="coerce").astype(float).to_numpy()
    with np.errstate(invalid="ignore"):
        on_track = np.isnan(expected) | (rate >= expected)
        return pd.Series(np.select([np.isnan(rate), rate >= 100, on_track], ["자료 없음", "완료", "정상추진"], "일부추진"))


def statuses_consistent(recorded, suggested):
    """Vectorised status_consistent over pandas Series."""
    import numpy as np
    import pandas as pd

    recorded, suggested = pd.Series(recorded).to_numpy(), pd.Series(suggested).to_numpy()
    done = np.isin(recorded, DONE_STATUSES)
    on_track = recorded == "정상추진"
    return pd.Series(np.where(done, suggested == "완료",
                              np.where(on_track, np.isin(suggested, ["정상추진", "완료"]), True)))
