"""What an import found and did: `Problem` (one finding naming row and column), `Prepared`
(a file read and validated, not yet written: the preview and the report), `Summary` (what a
commit did), `ImportRefused`, and the small formatters the Korean messages share.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from data.formats import KIND_LABELS

MAX_EXAMPLES = 20            # problems listed per rule and column; the rest are counted


class ImportRefused(ValueError):
    """An import that cannot go ahead; str() is one Korean line."""


@dataclass
class Problem:
    """One finding: an error refuses the file, a warning is listed for auditors."""
    severity: str                 # error | warning
    rule: str
    message: str                  # Korean, without the file name
    row: int | None = None        # spreadsheet row (header = row 1)
    column: str | None = None     # the header as written in the file

    def text(self, file_name: str) -> str:
        where = file_name
        if self.row is not None:
            where += f" {self.row}행"
        if self.column:
            where += f" '{self.column}' 열"
        return f"{where}: {self.message}"


@dataclass
class Prepared:
    """A file read and validated against the store, not yet written: the preview and report."""
    file_name: str
    file_hash: str
    kind: str | None = None
    city: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    rows_in_file: int = 0
    preview: pd.DataFrame | None = None        # first rows as in the file (None when it holds personal data)
    columns: dict[str, str] = field(default_factory=dict)   # header in the file -> store column
    frame: pd.DataFrame | None = None          # typed rows in store columns, with city
    problems: list[Problem] = field(default_factory=list)
    counts: dict[tuple[str, str, str | None], int] = field(default_factory=dict)  # (severity, rule, column) -> n
    refused_rows: np.ndarray | None = None     # mask over data rows
    rows_present: int = 0                      # rows whose natural key is in the store already
    earlier_imports: list[int] = field(default_factory=list)   # imports of the same bytes
    content: str | None = None                 # card YAML text
    card: object | None = None
    pledge_id: str | None = None
    author: str | None = None
    reason: str | None = None
    revised_on: dt.date | None = None

    # findings
    def add(self, severity: str, rule: str, message: str, row: int | None = None, column: str | None = None) -> None:
        key = (severity, rule, column)
        self.counts[key] = self.counts.get(key, 0) + 1
        if self.counts[key] <= MAX_EXAMPLES:
            self.problems.append(Problem(severity, rule, message, row, column))

    def add_rows(self, severity: str, rule: str, mask, rows: np.ndarray, message: Callable[[int], str],
                 column: str | None = None) -> None:
        """Add one problem per row where `mask` holds (message(i) for data row i); errors mark the rows refused."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if severity == "error" and self.refused_rows is not None:
            self.refused_rows |= mask
        idx = np.flatnonzero(mask)
        key = (severity, rule, column)
        shown = max(0, MAX_EXAMPLES - self.counts.get(key, 0))
        for i in idx[:shown]:
            self.problems.append(Problem(severity, rule, message(int(i)), int(rows[i]), column))
        self.counts[key] = self.counts.get(key, 0) + len(idx)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def error_count(self) -> int:
        return sum(n for (sev, _, _), n in self.counts.items() if sev == "error")

    @property
    def warning_count(self) -> int:
        return sum(n for (sev, _, _), n in self.counts.items() if sev == "warning")

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and self.kind is not None

    @property
    def rows_refused(self) -> int:
        if self.ok:
            return 0
        if self.refused_rows is not None and self.refused_rows.any():
            return int(self.refused_rows.sum())
        return self.rows_in_file

    @property
    def rows_new(self) -> int:
        return max(0, self.rows_in_file - self.rows_present) if self.ok else 0

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, "알 수 없음") if self.kind else "알 수 없음"

    def hidden(self) -> list[tuple[str, str, str | None, int]]:
        """(severity, rule, column, n) for findings beyond the examples listed."""
        return [(sev, rule, col, n - MAX_EXAMPLES) for (sev, rule, col), n in self.counts.items() if n > MAX_EXAMPLES]

    def error_summary(self, shown: int = 5) -> list[str]:
        """The first `shown` errors as '- …' lines, then one line counting the others."""
        lines = [f"- {p.text(self.file_name)}" for p in self.errors[:shown]]
        more = self.error_count - len(lines)
        return lines + ([f"- … 오류 {more:,}건 더 (아래 검사 결과)"] if more > 0 else [])

    def headline(self) -> str:
        """One Korean line: what the file is and whether it can be imported."""
        if self.ok:
            return (f"{self.file_name}: {self.label} {self.rows_in_file:,}행 — 추가 {self.rows_new:,}행, "
                    f"이미 있음 {self.rows_present:,}행, 경고 {self.warning_count:,}건. 가져올 수 있습니다")
        return (f"{self.file_name}: 가져오지 않습니다 — 오류 {self.error_count:,}건"
                f"{f' ({self.rows_refused:,}행)' if self.rows_in_file else ''}. 파일을 고친 뒤 다시 올리세요")

    def report_lines(self) -> list[str]:
        """The validation report: errors first, then warnings, each naming file, row and column."""
        lines = [self.headline()]
        for sev, title in (("error", "오류"), ("warning", "경고")):
            items = [p for p in self.problems if p.severity == sev]
            if not items:
                continue
            lines.append(f"[{title}]")
            lines += [f"  {p.text(self.file_name)}" for p in items]
            for s, rule, col, n in self.hidden():
                if s == sev:
                    lines.append(f"  … {f'{col!r} 열 ' if col else ''}같은 {title} {n:,}건 더")
        return lines

    def report_text(self) -> str:
        return "\n".join(self.report_lines())

    def report_frame(self) -> pd.DataFrame:
        """The report as a table for the page: 구분, 행, 열, 내용."""
        rows = [{"구분": "오류" if p.severity == "error" else "경고", "행": p.row, "열": p.column or "",
                 "내용": p.message} for p in self.problems]
        for sev, rule, col, n in self.hidden():
            rows.append({"구분": "오류" if sev == "error" else "경고", "행": None, "열": col or "",
                         "내용": f"같은 문제 {n:,}건 더"})
        frame = pd.DataFrame(rows, columns=["구분", "행", "열", "내용"])
        frame["행"] = frame["행"].astype("Int64")
        return frame


@dataclass(frozen=True)
class Summary:
    """What an import did."""
    import_id: int
    kind: str
    file_name: str
    rows_added: int
    rows_present: int
    rows_refused: int
    warnings: int

    def text(self) -> str:
        return (f"가져오기 #{self.import_id} 완료 ({self.file_name}, {KIND_LABELS.get(self.kind, self.kind)}): "
                f"추가 {self.rows_added:,}행, 이미 있음 {self.rows_present:,}행, 거부 {self.rows_refused:,}행, "
                f"경고 {self.warnings:,}건")



def short(value, limit: int = 40) -> str:
    """The value as text, cut to `limit` characters with an ellipsis."""
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def kdate(value) -> str:
    """A date as YYYY-MM-DD."""
    return pd.Timestamp(value).date().isoformat()


def num(value) -> str:
    """A number with thousands separators, without a trailing .0."""
    value = float(value)
    return f"{int(value):,}" if value.is_integer() else f"{value:,}"
