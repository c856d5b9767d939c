"""One migration text for both backends: data/migrations/NNN_*.sql is written in DuckDB's dialect,
and `to_postgres` turns it into PostgreSQL's (run natively through postgres_execute,
data/postgres.py); `to_duckdb` is what the DuckDB file runs. Pure text functions.

What differs, and how it is written once:
- Types and literals: DuckDB's `DOUBLE` is PostgreSQL's `DOUBLE PRECISION`, the empty list
  `[]` is `'{}'`, integer division `//` is `/` (on integers). Rewritten in the code only, never
  inside strings, comments or `$$` bodies.
- A table rebuild (DuckDB cannot ALTER TABLE … ADD CONSTRAINT): the statements between
  `-- @rebuild` and `-- @end` are plain `CREATE TABLE t (…)`, each replacing the existing table
  t with its rows (columns by name). DuckDB: CREATE t_new, copy BY NAME, DROP t, RENAME
  t_new TO t. PostgreSQL: the rows into a temporary table, DROP t, CREATE t, copy back, so that
  the keys and CHECKs get the names PostgreSQL gives a table created as t (t_pkey, t_x_check).
- Statements only PostgreSQL needs (its missing isfinite(double) and year(date)): lines between
  `-- @postgresql` and `-- @end`, each commented out with `-- `: comments to DuckDB,
  uncommented for PostgreSQL.
"""
from __future__ import annotations

import re

_BLOCK = re.compile(r"^-- @(rebuild|postgresql)\b[^\n]*\n(.*?)^-- @end\b[^\n]*(?:\n|$)", re.M | re.S)
_NOT_CODE = re.compile(r"('(?:[^']|'')*'|--[^\n]*|\$\$.*?\$\$)", re.S)
_CREATE = re.compile(r"^\s*CREATE\s+TABLE\s+(\w+)\s*\((.*)\)\s*$", re.S | re.I)
_CONSTRAINT_WORDS = {"PRIMARY", "CHECK", "FOREIGN", "UNIQUE", "CONSTRAINT"}
_POSTGRES_WORDS = ((re.compile(r"\bDOUBLE\b(?!\s+PRECISION)", re.I), "DOUBLE PRECISION"),
                   (re.compile(r"\bDEFAULT\s+\[\]"), "DEFAULT '{}'"),
                   (re.compile(r"//"), "/"))


def to_duckdb(text: str) -> str:
    """The migration as DuckDB runs it: each `-- @rebuild` block expanded to DuckDB's rebuild
    (CREATE t_new, INSERT … BY NAME, DROP t, RENAME t_new TO t); `-- @postgresql` lines stay
    comments."""
    return _BLOCK.sub(lambda m: _rebuild_duckdb(m.group(2)) if m.group(1) == "rebuild" else m.group(0), text)


def to_postgres(text: str) -> str:
    """The migration as PostgreSQL runs it: `-- @postgresql` lines uncommented, each `-- @rebuild`
    block expanded to PostgreSQL's rebuild (rows kept in a temporary table), then DOUBLE →
    DOUBLE PRECISION, DEFAULT [] → DEFAULT '{}', // → / in the code."""
    def block(m: re.Match) -> str:
        return _rebuild_postgres(m.group(2)) if m.group(1) == "rebuild" else _uncommented(m.group(2))
    return _in_code(_BLOCK.sub(block, text), _postgres_words)


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


def _without_comments(text: str) -> str:
    """`text` less its `--` comments (strings and $$ bodies kept)."""
    return _NOT_CODE.sub(lambda m: "" if m.group(0).startswith("--") else m.group(0), text)


def tables(block: str) -> list[tuple[str, str]]:
    """The (name, body between the outer parentheses) of each `CREATE TABLE name (body);` of a
    rebuild block, in order, comments left out; any other statement is a ValueError."""
    statements = _in_code(_without_comments(block), lambda code: code.replace(";", "\0")).split("\0")
    found = []
    for statement in filter(str.strip, statements):
        m = _CREATE.match(statement)
        if m is None:
            raise ValueError(f"a -- @rebuild block holds only CREATE TABLE statements: {statement.strip()[:60]!r}")
        found.append((m.group(1), m.group(2).strip("\n")))
    return found


def columns(body: str) -> list[str]:
    """The column names of a CREATE TABLE body: its items (split at top-level commas) less the
    table constraints (PRIMARY KEY, CHECK, FOREIGN KEY, UNIQUE, CONSTRAINT)."""
    plain = _NOT_CODE.sub(lambda m: "''" if m.group(0).startswith("'") else "", body)
    items, depth, start = [], 0, 0
    for i, ch in enumerate(plain):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            items.append(plain[start:i])
            start = i + 1
    items.append(plain[start:])
    names = [item.split()[0] for item in items if item.strip()]
    return [name for name in names if name.upper() not in _CONSTRAINT_WORDS]


def _rebuild_duckdb(block: str) -> str:
    return "".join(f"CREATE TABLE {name}_new (\n{body}\n);\n"
                   f"INSERT INTO {name}_new BY NAME SELECT * FROM {name};\n"
                   f"DROP TABLE {name};\n"
                   f"ALTER TABLE {name}_new RENAME TO {name};\n" for name, body in tables(block))


def _rebuild_postgres(block: str) -> str:
    out = []
    for name, body in tables(block):
        names = ", ".join(columns(body))
        out.append(f"CREATE TEMPORARY TABLE {name}_rows AS SELECT * FROM {name};\n"
                   f"DROP TABLE {name};\n"
                   f"CREATE TABLE {name} (\n{body}\n);\n"
                   f"INSERT INTO {name} ({names}) SELECT {names} FROM {name}_rows;\n"
                   f"DROP TABLE {name}_rows;\n")
    return "".join(out)
