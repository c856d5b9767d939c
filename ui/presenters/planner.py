"""The planner's grid: the targets in force laid out for editing (one row per indicator × period,
narrow enough for the sidebar on a phone), the edited cells read back, the what-if changes
against the targets in force, and the rebase after a conflict (nothing the planner typed is lost)."""
from __future__ import annotations

import pandas as pd

from ui.presenters.common import TARGET_KEY, label_of, missing


def planner_grid(current_targets: pd.DataFrame) -> pd.DataFrame:
    """The planner's editable grid: one row per indicator × period with the target in force,
    the revision it comes from (the revision the planner 'saw') and the period's label."""
    grid = current_targets[["city", "pledge_id", "indicator_id", "indicator_name", "period", "target",
                            "revision_id"]].copy()
    if "label" in current_targets.columns:
        grid["label"] = current_targets["label"].astype(str).to_numpy()
    else:
        grid["label"] = [label_of(p, None) for p in grid["period"]]
    grid["target"] = grid["target"].astype(float)
    return grid.reset_index(drop=True)


def planner_table(grid: pd.DataFrame) -> pd.DataFrame:
    """The planner grid laid out for editing in the narrow sidebar (a phone's width too): one row
    per indicator × period in the grid's order (card order, then period), three columns — the
    indicator's label ('지표', indicator_labels), the period's label ('기간') and the target in
    force ('목표'; empty where the card sets none: blank, not None)."""
    labels = dict(indicator_labels(grid))
    return pd.DataFrame({"지표": [labels[i] for i in grid["indicator_id"]],
                         "기간": grid["label"].astype(str).to_numpy(),
                         "목표": grid["target"].astype("float64").to_numpy()})


def planner_targets(edited: pd.DataFrame) -> list:
    """The edited table's targets ('목표'), in the grid's row order (planner_table keeps it)."""
    return list(edited["목표"])


def short_name(name: str) -> str:
    """A column-sized label for an indicator: its last word ('… 지원사업 신청' → '신청')."""
    words = str(name).split()
    return words[-1] if words else str(name)


def indicator_labels(grid: pd.DataFrame) -> list[tuple[str, str]]:
    """(indicator_id, label) in card order: the indicator's short name, or its full name when two
    of the pledge's indicators share a short name."""
    names = grid.drop_duplicates("indicator_id")
    shorts = [short_name(n) for n in names["indicator_name"]]
    return [(i, s if shorts.count(s) == 1 else str(n))
            for i, n, s in zip(names["indicator_id"], names["indicator_name"], shorts)]


def indicator_legend(grid: pd.DataFrame) -> str | None:
    """The short labels spelled out under the table ('홍보: 임신부 가사돌봄서비스 지원사업 홍보 · 신청: …'), or None when
    every label is the full name already."""
    names = dict(zip(grid["indicator_id"], grid["indicator_name"].astype(str)))
    pairs = [(label, names[i]) for i, label in indicator_labels(grid) if label != names[i]]
    return " · ".join(f"{label}: {name}" for label, name in pairs) or None


def _as_targets(values, index) -> pd.Series:
    return pd.to_numeric(pd.Series(list(values), index=index), errors="coerce").astype(float)


def _same(a, b) -> bool:
    if missing(a) and missing(b):
        return True
    return not missing(a) and not missing(b) and float(a) == float(b)


def whatif_changes(grid: pd.DataFrame, edited_targets, official: pd.DataFrame) -> pd.DataFrame:
    """The planner's what-if: the cells whose edited target differs from the target in force now
    (`official` = current_targets), with the revision the planner saw (from `grid`).
    Columns: city, pledge_id, indicator_id, period, target, revision_id, official_target."""
    edited = grid[TARGET_KEY + ["revision_id"]].copy()
    edited["target"] = _as_targets(edited_targets, grid.index)
    now = official[TARGET_KEY + ["target"]].rename(columns={"target": "official_target"})
    merged = edited.merge(now, on=TARGET_KEY, how="left")
    changed = [not _same(a, b) for a, b in zip(merged["target"], merged["official_target"])]
    return merged[changed].reset_index(drop=True)


def rebased_grid(official: pd.DataFrame, edited_targets, grid: pd.DataFrame) -> pd.DataFrame:
    """After a conflict: the newest targets and revisions, with the planner's own edited values
    kept in place (nothing the planner typed is lost)."""
    fresh = planner_grid(official)
    mine = grid[TARGET_KEY].assign(mine=_as_targets(edited_targets, grid.index))
    fresh = fresh.merge(mine, on=TARGET_KEY, how="left")
    fresh["target"] = fresh["mine"]
    return fresh.drop(columns=["mine"])


def applied_text(changes: pd.DataFrame) -> str:
    return f"가정 목표 {len(changes)}건 적용 중"


def saved_text(ids: list[int], revised_on_text: str) -> str:
    return f"목표 변경 {len(ids)}건을 저장했습니다 (적용일 {revised_on_text})."


# --- checks before a proposal --------------------------------------------------------------------

IMPLAUSIBLE_FACTOR = 10   # a period target more than 10× the largest other period of its indicator


def target_problems(grid: pd.DataFrame, edited_targets) -> list[str]:
    """Refusals, one Korean line each: a negative or non-whole target (counts are whole and not
    negative; nothing is silently changed, e.g. -5 is never stored as 5)."""
    values = _as_targets(edited_targets, grid.index)
    labels = dict(indicator_labels(grid))
    out = []
    for r, value in zip(grid.itertuples(index=False), values):
        if missing(value):
            continue
        if value < 0:
            out.append(f"{r.label} {labels[r.indicator_id]}: 목표는 0 이상이어야 합니다 (입력 {value:g}).")
        elif float(value) != int(value):
            out.append(f"{r.label} {labels[r.indicator_id]}: 목표는 정수여야 합니다 (입력 {value:g}).")
    return out


def implausible_targets(grid: pd.DataFrame, edited_targets, term_limit: float | None = None) -> list[str]:
    """Values to confirm before proposing, one Korean line each: a period target more than
    IMPLAUSIBLE_FACTOR (10) × the largest other period target of its indicator (when that is > 0),
    and, when the card gives a limit for the term total (term_limit), a term total above it."""
    frame = grid[["indicator_id", "label"]].assign(value=_as_targets(edited_targets, grid.index))
    labels = dict(indicator_labels(grid))
    out = []
    for _, rows in frame.groupby("indicator_id", sort=False):
        for i, r in rows.iterrows():
            others = rows["value"].drop(index=i).dropna()
            largest = others.max() if not others.empty else None
            if largest and largest > 0 and not missing(r["value"]) and r["value"] > IMPLAUSIBLE_FACTOR * largest:
                out.append(f"{r['label']} {labels[r['indicator_id']]}: {r['value']:,.0f} — 다른 기간 최대값"
                           f"({largest:,.0f})의 {IMPLAUSIBLE_FACTOR}배를 넘습니다.")
        total = rows["value"].sum(min_count=1)
        if term_limit is not None and not missing(total) and total > term_limit:
            out.append(f"{labels[rows['indicator_id'].iloc[0]]}: 임기 총 목표 {total:,.0f} — "
                       f"카드의 사업규모({term_limit:,.0f})를 넘습니다.")
    return out


def effective_problem(effective, term_start, term_end) -> str | None:
    """적용일 must fall inside the pledge's term (one Korean line, else None)."""
    start, end = pd.Timestamp(term_start).date(), pd.Timestamp(term_end).date()
    if effective is None or effective < start or effective > end:
        return f"적용일은 임기({start:%Y. %-m. %-d.} ~ {end:%Y. %-m. %-d.}) 안이어야 합니다."
    return None
