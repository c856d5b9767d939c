"""The import gate's limits: checked BEFORE any reader builds data in memory.

One frozen dataclass with documented defaults. Each limit can be overridden by an environment
variable (e.g. `PLEDGE_MAX_FILE_MB=20`); `limits()` reads them once per call, `korean_lines()`
gives the lines the upload page shows.

The defaults are chosen so that any file within them is refused or imported in ≤ 30 s and
≤ 512 MB peak memory (measured by tests/hostile/test_corpus.py, written to
tests/artifacts/hostile-limits.json). At 200,000 rows a valid file peaked at 485–522 MB and
26–35 s on a loaded machine (over the budget); at the 100,000-row limit it peaks at 376–409 MB.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Upper bounds for one imported file. Environment variable in brackets."""
    file_mb: float = 20.0                # size of the uploaded file [PLEDGE_MAX_FILE_MB]
    rows: int = 100_000                  # data rows of a record file [PLEDGE_MAX_ROWS]
    columns: int = 64                    # columns of a record file [PLEDGE_MAX_COLUMNS]
    cells: int = 1_000_000               # rows × columns [PLEDGE_MAX_CELLS]
    cell_chars: int = 2_000              # characters in one cell [PLEDGE_MAX_CELL_CHARS]
    xlsx_unzipped_mb: float = 300.0      # all parts of an XLSX, decompressed [PLEDGE_MAX_XLSX_UNZIPPED_MB]
    xlsx_ratio: float = 100.0            # decompressed ÷ compressed size of one part [PLEDGE_MAX_XLSX_RATIO]
    xlsx_parts: int = 200                # parts (files) inside an XLSX [PLEDGE_MAX_XLSX_PARTS]
    xlsx_cells: int = 1_000_000          # cells written in the sheet read (parsing XLSX is slow) [PLEDGE_MAX_XLSX_CELLS]
    yaml_kb: float = 256.0               # size of a card YAML file [PLEDGE_MAX_YAML_KB]
    yaml_aliases: int = 0                # YAML aliases (*name) allowed [PLEDGE_MAX_YAML_ALIASES]
    yaml_depth: int = 12                 # nesting depth of a card YAML [PLEDGE_MAX_YAML_DEPTH]
    yaml_scalar_chars: int = 4_000       # characters in one YAML value [PLEDGE_MAX_YAML_SCALAR_CHARS]
    name_chars: int = 120                # file, user and author names [PLEDGE_MAX_NAME_CHARS]

    @property
    def file_bytes(self) -> int:
        return int(self.file_mb * MB)

    @property
    def xlsx_unzipped_bytes(self) -> int:
        return int(self.xlsx_unzipped_mb * MB)

    @property
    def yaml_bytes(self) -> int:
        return int(self.yaml_kb * 1024)


def env_name(field_name: str) -> str:
    """The environment variable of a limit: PLEDGE_MAX_<FIELD> ('file_mb' -> PLEDGE_MAX_FILE_MB)."""
    return f"PLEDGE_MAX_{field_name.upper()}"


DEFAULTS = Limits()


def limits(environ: dict[str, str] | None = None) -> Limits:
    """The limits in force: the defaults, each replaced by its environment variable when set to a
    positive number (a malformed or non-positive value is ignored; aliases accept 0)."""
    environ = os.environ if environ is None else environ
    changes = {}
    for f in fields(Limits):
        raw = environ.get(env_name(f.name))
        if raw is None:
            continue
        try:
            value = float(raw.strip()) if f.type in ("float", float) else int(raw.strip())
        except ValueError:
            continue
        if value != value or value in (float("inf"), float("-inf")):
            continue
        if value > 0 or (value == 0 and f.name == "yaml_aliases"):
            changes[f.name] = value
    return replace(DEFAULTS, **changes)


def _mb(value: float) -> str:
    return f"{value:,.0f}MB" if value >= 1 else f"{value * 1024:,.0f}KB"


def korean_lines(lim: Limits | None = None) -> list[str]:
    """The limits as Korean lines for the upload page."""
    lim = lim or limits()
    return [
        f"파일 크기: 최대 {_mb(lim.file_mb)} (카드 YAML은 최대 {lim.yaml_kb:,.0f}KB)",
        f"행: 최대 {lim.rows:,}행, 열: 최대 {lim.columns:,}개, 칸: 최대 {lim.cells:,}개",
        f"한 칸의 글자 수: 최대 {lim.cell_chars:,}자",
        f"XLSX: 압축을 푼 크기 최대 {_mb(lim.xlsx_unzipped_mb)}, 압축률 최대 {lim.xlsx_ratio:,.0f}배, "
        f"칸 최대 {lim.xlsx_cells:,}개, 시트 범위(dimension)도 행·열 한도 안이어야 합니다. 숨긴 시트는 이름을 지정해야 읽습니다",
        f"카드 YAML: 별칭(&, *) {'사용 불가' if lim.yaml_aliases == 0 else f'최대 {lim.yaml_aliases}개'}, "
        f"중첩 깊이 최대 {lim.yaml_depth}단계, 값 하나 최대 {lim.yaml_scalar_chars:,}자, 같은 항목 두 번 쓰기 불가",
        "수식(=, +, -, @로 시작하는 값)·개인정보(이름, 주민등록번호, 외국인등록번호, 전화번호)는 받지 않습니다",
    ]


class Refusal(ValueError):
    """A refusal at the gate: str() is one Korean line. `row` and `column` name the place when known
    (spreadsheet row, header as written; for YAML the line). Never carries a value whole."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.message, self.row, self.column = message, row, column
