"""One migration text for both backends: data/migrations/NNN_*.sql is written in DuckDB's dialect,
and `to_postgres` turns it into PostgreSQL's (run natively through postgres_execute,
data/postgres.py); `to_duckdb` is what the DuckDB file runs. Pure text functions.

What differs, and how it is written once:
- Types and literals: DuckDB's `DOUBLE` is PostgreSQL's `DOUBLE PRECISION`, the empty list
  `[]` is `'{}'`, integer division `//` is `/` (on integers). Rewritten in the code only, never
  inside strings, comments or `$$` bodies.
- Statements only PostgreSQL needs (its missing isfinite(double) and year(date)): lines between
  `-- @postgresql` and `-- @end`, each commented out with `-- `: comments to DuckDB,
  uncommented for PostgreSQL.
- Statements only the DuckDB file needs (010: its record tables rebuilt without their key
  indexes): lines between `-- @duckdb` and `-- @end`, code as written for DuckDB, left out of
  PostgreSQL's text.
"""
from __future__ import annotations

import re

_BLOCK = re.compile(r"^-- @postgresql\b[^\n]*\n(.*?)^-- @end\b[^\n]*(?:\n|$)", re.M | re.S)
_DUCKDB_BLOCK = re.compile(r"^-- @duckdb\b[^\n]*\n.*?^-- @end\b[^\n]*(?:\n|$)", re.M | re.S)
_NOT_CODE = re.compile(r"('(?:[^']|'')*'|--[^\n]*|\$\$.*?\$\$)", re.S)
_POSTGRES_WORDS = ((re.compile(r"\bDOUBLE\b(?!\s+PRECISION)", re.I), "DOUBLE PRECISION"),
                   (re.compile(r"\bDEFAULT\s+\[\]"), "DEFAULT '{}'"),
                   (re.compile(r"//"), "/"))


def to_duckdb(text: str) -> str:
    """The migration as DuckDB runs it: the file as written (`-- @postgresql` lines are comments)."""
    return text


def to_postgres(text: str) -> str:
    """The migration as PostgreSQL runs it: `-- @duckdb` blocks left out, `-- @postgresql` lines
    uncommented, then DOUBLE → DOUBLE PRECISION, DEFAULT [] → DEFAULT '{}', // → / in the code."""
    text = _DUCKDB_BLOCK.sub("", text)
    return _in_code(_BLOCK.sub(lambda m: _uncommented(m.group(1)), text), _postgres_words)


def _postgres_words(code: str) -> str:
    for pattern, replacement in _POSTGRES_WORDS:
        code = pattern.sub(replacement, code)
    return code


def _in_code(text: str, change) -> str:
    """`text` with `change` applied to its code only (not to strings, comments or $$ bodies)."""
    parts = _NOT_CODE.split(text)
    return "".join(part if i % 2 else change(part) for i, part in enumerate(parts))


def _uncommented(lines: str) -> str:
    """The lines of a `-- @postgresql` block without their leading `-- ` (`--` alone: an empty line)."""
    out = []
    for line in lines.splitlines():
        if not line.startswith("--"):
            raise ValueError(f"a line of a -- @postgresql block must be commented out: {line!r}")
        out.append(line[3:] if line.startswith("-- ") else line[2:])
    return "\n".join(out) + "\n"
