"""One handler per kind of file: the five record kinds (applications, visits, publicity,
executions, reported actuals), target changes, and the pledge card. A handler holds what is
particular to its kind: its checks after the generic ones (data/imports/checks.py), how it is
written inside the import's transaction, and how it is undone. `HANDLERS[kind]` finds it; no
`if kind == …` chains elsewhere.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from data import aggregates, postgres
from data.cardfile import CardError, parse_card
from data.cards import delete_card, insert_card
from data.formats import CARD_KIND, FORMATS, KIND_LABELS, TARGETS, RecordFormat
from data.imports import rules
from data.imports import gate, keys
from data.imports.checks import header_of
from data.imports.guard import guard_file
from data.imports.limits import Refusal, limits
from data.imports.yamlsafe import load_yaml
from data.imports.findings import ImportRefused, Prepared, kdate
from data.imports.keys import any_stored_in_range, key_bounds
from data.imports.read import RawTable
from data.revisions import RevisionError, apply_revisions
from data.store import CARDS_DIR, execute, query, sql_template
from data.vocabulary import Decision, RecordKind, Source

CHUNK_ROWS = 50_000          # rows per insert step on PostgreSQL (the progress bar moves per step)
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Request:
    """What the person importing said besides the file: today, and a target change's author,
    reason and effective date."""
    today: dt.date
    author: str | None = None
    reason: str | None = None
    revised_on: dt.date | None = None


@dataclass(frozen=True)
class Logged:
    """An import as logged, for undo."""
    import_id: int
    city: str | None
    pledge_id: str | None
    previous_content: str | None
    user: str


# --- records -----------------------------------------------------------------------------------

STORE_COLUMNS = {
    RecordKind.APPLICATIONS: ["city", "pledge_id", "application_id", "applied_on", "person_id", "emd",
                              "pregnancy_week", "due_date", "decision", "import_id"],
    RecordKind.VISITS: ["city", "pledge_id", "visit_id", "application_id", "person_id", "visit_date", "hours",
                        "service", "import_id"],
    RecordKind.PUBLICITY: ["city", "pledge_id", "publicity_id", "action_date", "channel", "title", "import_id"],
    RecordKind.EXECUTIONS: ["city", "pledge_id", "execution_id", "executed_on", "amount_krw", "funding_source",
                            "description", "import_id"],
    RecordKind.REPORTED_ACTUALS: ["city", "pledge_id", "indicator_id", "period", "value", "reported_on", "note",
                                  "import_id"],
}


def as_arrow(frame: pd.DataFrame):
    """The frame as an Arrow table for DuckDB to scan (much faster than object columns of Python
    dates and strings); the frame itself when pyarrow cannot convert a column."""
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return frame


def _key_match(key: list[str]) -> str:
    return " AND ".join(f"t.{k} = i.{k}" for k in key)


def store_rows(kind: str, frame: pd.DataFrame, import_id: int | None):
    """Typed rows (store column names, with city and pledge_id) in the record table's columns,
    with the import id: one Arrow table (the frame when pyarrow cannot convert a column)."""
    columns = STORE_COLUMNS[RecordKind(kind)]
    missing = {col: None for col in columns if col not in frame.columns and col != "import_id"}
    return as_arrow(frame.assign(import_id=import_id, **missing)[columns])


def _chunk(rows, start: int, size: int):
    return rows.slice(start, size) if hasattr(rows, "slice") else rows.iloc[start:start + size]


def insert_records(con, kind: str, rows, import_id: int | None = None) -> int:
    """Insert rows that are not present yet: `store_rows(...)` (or a typed frame, given its import id).

    Returns the number of rows added; rows whose natural key exists already are left alone.
    The caller owns the transaction."""
    kind = RecordKind(kind)
    if isinstance(rows, pd.DataFrame) and "import_id" not in rows.columns:
        rows = store_rows(kind, rows, import_id)
    parts = {"table": kind.value, "key_match": _key_match(["city", "pledge_id", *FORMATS[kind].key])}
    bounds = key_bounds(rows)
    con.register("incoming_rows", rows)
    try:
        if keys.enforced_by_import(con, kind):      # the DuckDB file's record tables have no key indexes (010)
            keys.check_incoming(con, kind)
        # The anti-join on the natural key hashes every incoming row: only when a key is present
        # already is it worth its cost. No stored record inside the rows' key ranges says none is
        # (a new month's file); else a key-only semi-join counts them.
        present = any_stored_in_range(con, kind, rows) and \
            con.execute(sql_template("imports/count_present_records", **parts), bounds).fetchone()[0]
        insert = sql_template("imports/insert_records" if present else "imports/insert_all_records",
                              columns=", ".join(STORE_COLUMNS[kind]), **parts)
        return con.execute(insert, bounds if present else {}).fetchone()[0]      # the rows the INSERT added
    finally:
        con.unregister("incoming_rows")


class RecordHandler:
    """A kind of record: rows added when their natural key is new, undone by import id."""

    def __init__(self, kind: RecordKind, source: Source | None = None, rule_check=None):
        self.kind, self.fmt, self.source, self.rule_check = kind, FORMATS[kind], source, rule_check

    def check(self, con, prep: Prepared, table: RawTable, frame: pd.DataFrame, request: Request) -> None:
        """Kind-specific findings; when the file is acceptable, the rows already present and the service rules."""
        self.check_kind(con, prep, table, frame)
        self.warn_unused(con, prep, frame)
        if prep.ok:
            prep.rows_present = self.present(con, prep, table, frame)
            if self.rule_check:
                self.rule_check(con, prep, table, frame)

    def check_kind(self, con, prep: Prepared, table: RawTable, frame: pd.DataFrame) -> None:
        """Checks particular to one kind (none by default)."""

    def warn_unused(self, con, prep: Prepared, frame: pd.DataFrame) -> None:
        """A warning per pledge of the file that has no indicator counted from this kind of record."""
        if self.source is None or self.source == Source.EXECUTIONS:
            return
        pledges = {r[0] for r in execute(con, "imports/city_pledges", city=prep.city).fetchall()}
        used = {r[0] for r in execute(con, "imports/pledges_using_source", city=prep.city,
                                      source=self.source.value).fetchall()}
        for p in sorted(set(frame["pledge_id"].dropna().unique()) & pledges - used):
            prep.add("warning", "unused_source", f"공약 {p}에는 {KIND_LABELS[self.kind]} 기록으로 계산하는 확인지표가 없습니다 — "
                     f"저장은 되지만 이행률에는 쓰이지 않습니다", column=header_of(prep, "pledge_id"))

    def any_present(self, con, keys: pd.DataFrame) -> bool:
        """Whether any of the file's natural keys (city, pledge_id, the kind's key) is in the store."""
        cur, names = con.cursor(), list(keys.columns)
        keys = as_arrow(keys)
        cur.register("incoming_keys", keys)
        try:
            if not any_stored_in_range(cur, self.kind, keys):
                return False
            return cur.execute(sql_template("imports/count_present_keys", table=self.kind.value,
                                            key_match=_key_match(names)), key_bounds(keys)).fetchone()[0] > 0
        finally:
            cur.unregister("incoming_keys")
            cur.close()

    def present(self, con, prep: Prepared, table: RawTable, frame: pd.DataFrame) -> int:
        """How many rows' natural keys are in the store already; rows whose stored record differs
        are warned about (the store keeps its record: importing never overwrites)."""
        fmt = self.fmt
        key = ["city", "pledge_id", *fmt.key]
        values = [c.name for c in fmt.columns if c.name not in key and c.name in frame]
        if not self.any_present(con, frame[key]):          # a new file: nothing to compare
            return 0
        incoming = frame[key + values].assign(_i=np.arange(len(frame)))
        differs = " OR ".join(f"t.{c} IS DISTINCT FROM i.{c}" for c in values if c != "decision") or "FALSE"
        if "decision" in values:
            differs += f" OR t.decision IS DISTINCT FROM coalesce(i.decision, '{Decision.APPROVED.value}')"
        cur = con.cursor()
        cur.register("incoming_rows_check", as_arrow(incoming))
        try:
            found = cur.execute(sql_template("imports/present_records", table=self.kind.value,
                                             key_match=_key_match(key), differs=differs), key_bounds(incoming)).df()
        finally:
            cur.unregister("incoming_rows_check")
            cur.close()
        changed = np.zeros(len(frame), dtype=bool)
        changed[found.loc[found["differs"].astype(bool), "_i"].to_numpy(dtype=int)] = True
        prep.add_rows("warning", "differs_from_store", changed, table.rows,
                      lambda i: "이미 있는 기록과 내용이 다릅니다 — 저장된 기록을 그대로 둡니다. 고치려면 그 기록을 가져온 "
                                "가져오기를 되돌린 뒤 고친 파일을 가져오세요", header_of(prep, fmt.key[-1]))
        return len(found)

    def commit(self, cur, prep: Prepared, import_id: int, progress: Progress) -> int:
        added, total = 0, len(prep.frame)
        rows = store_rows(self.kind, prep.frame, import_id)          # converted once
        # DuckDB: one INSERT (a second one into the same keyed table in the transaction doubles
        # the COMMIT's index merge: 100,000 rows in two steps took 0.7 s more); PostgreSQL: steps,
        # the rows travel over the wire and the progress bar moves per step.
        step = CHUNK_ROWS if postgres.is_postgres(cur) else max(total, 1)
        progress(0.0, f"0 / {total:,}행")
        for start in range(0, max(total, 1), step):
            added += insert_records(cur, self.kind, _chunk(rows, start, step))
            done = min(total, start + step)
            progress(done / max(total, 1), f"{done:,} / {total:,}행")
        aggregates.apply_import(cur, self.kind, import_id, 1)     # same transaction (data/aggregates.py)
        return added

    def undo(self, cur, logged: Logged) -> int:
        params = {"import_id": logged.import_id}
        removed = cur.execute(sql_template("imports/count_import_rows", table=self.kind.value), params).fetchone()[0]
        aggregates.apply_import(cur, self.kind, logged.import_id, -1)
        cur.execute(sql_template("imports/delete_import_rows", table=self.kind.value), params)
        return removed


class ApplicationHandler(RecordHandler):
    def check_kind(self, con, prep, table, frame) -> None:
        """An application without a decision is approved (승인)."""
        if "decision" in frame:
            frame["decision"] = frame["decision"].where(frame["decision"].notna(), Decision.APPROVED.value)


class ReportedHandler(RecordHandler):
    def check_kind(self, con, prep, table, frame) -> None:
        """Reported figures of an indicator counted from records are kept for reconciliation only."""
        inds = query(con, "indicators", city=prep.city)
        from_records = inds[inds["source"] != Source.REPORTED.value]
        pairs = set(zip(from_records["pledge_id"], from_records["indicator_id"]))
        pid, ind = frame["pledge_id"], frame["indicator_id"]
        warn = np.array([(p, i) in pairs for p, i in zip(pid.tolist(), ind.tolist())], dtype=bool)
        prep.add_rows("warning", "reported_for_records", warn, table.rows,
                      lambda i: f"'{ind.iat[i]}' 지표는 기록으로 계산됩니다 — 보고 실적은 대조용으로만 쓰입니다",
                      header_of(prep, "indicator_id"))


# --- target changes ------------------------------------------------------------------------------

class TargetHandler:
    """Target changes (목표 변경): recorded as target revisions, undone by reverting revisions."""
    kind, fmt = TARGETS.kind, TARGETS

    def check(self, con, prep: Prepared, table: RawTable, frame: pd.DataFrame, request: Request) -> None:
        if not request.author or not str(request.author).strip():
            prep.add("error", "author", "목표 변경에는 변경자 이름이 필요합니다 (--author)")
        if not request.reason or not str(request.reason).strip():
            prep.add("error", "reason", "목표 변경에는 변경 사유가 필요합니다 (--reason, 예: 공약이행평가단 승인 2024-03-15)")
        prep.author, prep.reason = request.author, request.reason
        prep.revised_on = request.revised_on or request.today
        if prep.revised_on > request.today:
            prep.add("error", "future", f"변경일이 미래입니다: {kdate(prep.revised_on)}")
        if not prep.ok:
            return
        current = query(con, "current_targets", city=prep.city).rename(columns={"target": "in_force"})
        current = current[["city", "pledge_id", "indicator_id", "period", "in_force", "revision_id"]]
        merged = frame.merge(current, on=["city", "pledge_id", "indicator_id", "period"], how="left")
        same = (merged["in_force"].astype("Float64") == merged["target"].astype("Float64")).to_numpy(
            dtype=bool, na_value=False)
        prep.rows_present = int(same.sum())
        prep.frame = merged.drop(columns=["in_force"])

    def commit(self, cur, prep: Prepared, import_id: int, progress: Progress) -> int:
        changes = prep.frame[["city", "pledge_id", "indicator_id", "period", "target", "revision_id"]].copy()
        try:
            ids = apply_revisions(cur, changes, prep.author, prep.reason, prep.revised_on)
        except RevisionError as err:
            raise ImportRefused(f"{prep.file_name}: {err}") from None
        if ids:
            execute(cur, "imports/set_revision_import", import_id=import_id, ids=ids)
        return len(ids)

    def undo(self, cur, logged: Logged) -> int:
        revs = execute(cur, "imports/revisions_of_import", import_id=logged.import_id).fetchall()
        for rev_id, city, pledge_id, indicator_id, period, _previous, _revised_on in revs:
            latest = execute(cur, "imports/latest_revision", city=city, pledge_id=pledge_id,
                             indicator_id=indicator_id, period=period).fetchone()[0]
            if latest != rev_id:
                raise ImportRefused(f"가져오기 #{logged.import_id} 이후 {indicator_id} {period}년 목표가 다시 변경되었습니다 "
                                    f"(변경 번호 {latest}) — 그 변경을 먼저 되돌리세요")
            execute(cur, "imports/revert_revision", revision_id=rev_id, author=logged.user,
                    reason=f"가져오기 #{logged.import_id} 되돌리기")
        return len(revs)


# --- the pledge card -----------------------------------------------------------------------------

def card_in_force(con, city: str, pledge_id: str) -> str | None:
    """The YAML text of the card now in the store: from its latest import, or its file in data/cards."""
    row = execute(con, "imports/card_in_force", city=city, pledge_id=pledge_id).fetchone()
    if row:
        return row[0]
    found = execute(con, "cards/card_file", city=city, pledge_id=pledge_id).fetchone()
    if found and found[0]:
        path = CARDS_DIR / Path(found[0]).name
        if path.exists():
            return path.read_text(encoding="utf-8")
    return None


class CardHandler:
    """A pledge card (YAML): replaces the pledge's card rows; undo restores the card it replaced."""
    kind, fmt = CARD_KIND, None

    def prepare_file(self, con, prep: Prepared, data: bytes, city: str | None) -> None:
        """Read and validate the YAML (a card is not a table: no generic checks)."""
        prep.kind, prep.encoding, prep.rows_in_file = CARD_KIND, "yaml", 1
        try:
            guard_file(data, limits(), card=True)
            doc = load_yaml(data, prep.file_name)
        except Refusal as err:
            prep.add("error", "yaml", str(err), row=err.row)
            return
        if not isinstance(doc, dict):
            prep.add("error", "card", "카드 파일의 맨 위는 '항목: 값' 목록이어야 합니다 (docs/card-format.md)")
            return
        text = data.decode("utf-8-sig")
        gate.screen_card(prep, doc)
        if prep.error_count:
            return
        try:
            card = parse_card(doc, prep.file_name)
        except CardError as err:
            prep.add("error", "card", str(err).removeprefix(f"{prep.file_name}: "))
            return
        if not execute(con, "imports/cities").fetchall() or card.city not in {r[0] for r in execute(con, "imports/cities").fetchall()}:
            prep.add("error", "city", f"등록되지 않은 시군 코드입니다: '{card.city}' — 시군은 관리자가 먼저 만들어야 합니다")
            return
        if city and card.city != city:
            prep.add("error", "city", f"카드의 시군({card.city})이 지정한 시군({city})과 다릅니다")
            return
        prep.card, prep.content, prep.city, prep.pledge_id = card, text, card.city, card.id
        prep.preview = pd.DataFrame([{"시군": card.city_name, "공약번호": card.id, "공약명": card.title,
                                      "주관부서": card.department, "확인지표": ", ".join(i.name for i in card.indicators)}])
        previous = card_in_force(con, card.city, card.id)
        prep.rows_present = int(previous is not None and previous == text)
        if previous is None and execute(con, "cards/pledge_exists", city=card.city, pledge_id=card.id).fetchone()[0]:
            prep.add("warning", "card_replaced",
                     f"공약 {card.id}의 기존 카드를 바꿉니다 (기존 카드 파일을 찾을 수 없어 되돌리면 카드가 지워집니다)")

    def previous_content(self, cur, prep: Prepared) -> str | None:
        return card_in_force(cur, prep.city, prep.pledge_id)

    def commit(self, cur, prep: Prepared, import_id: int, progress: Progress) -> int:
        if prep.rows_present:
            return 0
        insert_card(cur, prep.card, prep.file_name)
        return 1

    def undo(self, cur, logged: Logged) -> int:
        later = execute(cur, "imports/later_card_import", city=logged.city, pledge_id=logged.pledge_id,
                        import_id=logged.import_id).fetchone()[0]
        if later is not None:
            raise ImportRefused(f"공약 {logged.pledge_id}의 카드를 그 뒤에 다시 가져왔습니다 (가져오기 #{later}) — 그것을 먼저 되돌리세요")
        if logged.previous_content is not None:
            card = parse_card(load_yaml(logged.previous_content), f"가져오기 #{logged.import_id} 이전 카드")
            insert_card(cur, card, f"import-{logged.import_id}-previous")
        else:
            delete_card(cur, logged.city, logged.pledge_id)
        return 1


HANDLERS: dict[str, RecordHandler | TargetHandler | CardHandler] = {
    RecordKind.APPLICATIONS: ApplicationHandler(RecordKind.APPLICATIONS, Source.APPLICATIONS, rules.check_applications),
    RecordKind.VISITS: RecordHandler(RecordKind.VISITS, Source.VISITS, rules.check_visits),
    RecordKind.PUBLICITY: RecordHandler(RecordKind.PUBLICITY, Source.PUBLICITY),
    RecordKind.EXECUTIONS: RecordHandler(RecordKind.EXECUTIONS, Source.EXECUTIONS),
    RecordKind.REPORTED_ACTUALS: ReportedHandler(RecordKind.REPORTED_ACTUALS),
    TARGETS.kind: TargetHandler(),
    CARD_KIND: CardHandler(),
}
