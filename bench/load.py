"""Many readers at once: concurrent sessions driven over Streamlit's own websocket protocol, the
one the browser speaks (`ws://127.0.0.1:PORT/_stcore/stream`, BackMsg protobufs in, ForwardMsg
protobufs out), against a local server only.

Each session connects, opens the default page (a `rerun_script` BackMsg with an empty query
string; for a visitor who is not signed in: 공약 이행 현황), then changes its choice: the staff
sidebar's year selectbox when the page has one, else the public page's 기준일 date input (a
year-end date of the term) — a `rerun_script` with that widget's state; its id and options are
read from the page's deltas. The public 기준일 input is drawn once its section is opened: the
session first opens it (a rerun with the section's state, kind 'section', not counted among the
pages) and sends that state with every later rerun, as a browser does. A page's time runs
from sending the BackMsg until its `script_finished`. Errors: an exception element in the deltas,
a page-not-found, a compile error, a dropped connection, a page past the timeout (120 s).
Server CPU is utime+stime of the server processes (/proc/PID/stat) over each level; memory is
their peak resident set (VmHWM).

    .venv/bin/python -m bench.load                          # 1, 10, 25, 50 sessions, own server
    .venv/bin/python -m bench.load --sessions 2 --db /tmp/x.duckdb --json
    .venv/bin/python -m bench.load --url ws://127.0.0.1:8501 --sessions 10   # a running server
    .venv/bin/python -m bench.load --idle 60 --sessions 25  # also: CPU of 25 idle open tabs

Every loop is bounded: pages per session (--changes), a timeout per page and a time limit per
level; a session that has not finished by then is cancelled and its missing pages count as errors.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load_report import DOC, GOAL_P95, goal, table, write_doc  # noqa: F401 (the report)
from bench.server import peak_rss_mb, start, stop, wait_healthy

LEVELS = (1, 10, 25, 50)
PAGE_TIMEOUT = 120.0          # a page slower than this is an error
LEVEL_LIMIT = 900.0           # a whole level stops after this many seconds
YEAR_LABEL = "연도"            # the sidebar's year selectbox
DATE_LABEL = "기준일"          # the public page's as-of date input (no sidebar for a citizen)
CLK_TCK = os.sysconf("SC_CLK_TCK")
FINISHED = ForwardMsg.ScriptFinishedStatus
DONE = {FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_WITH_COMPILE_ERROR}
FRAGMENT_DONE = {FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


@dataclass
class Page:
    """One page run of one session: 'open' (the overview) or 'year' (after changing the year)."""
    kind: str
    seconds: float
    error: str | None = None


@dataclass
class Tab:
    """What a session knows of its page, as a browser would: the page's hash, the URL's query
    string, the year widget (id, options, current value) and the live fragments to auto-rerun."""
    page_hash: str = ""
    query: str = ""
    year_id: str = ""
    years: list[str] = field(default_factory=list)
    year: str = ""
    date: bool = False            # the choice is the public page's 기준일 (a date input), not the year
    section: str = ""             # the id of the closed section holding the 기준일 input (opened first)
    kept: dict[str, bool] = field(default_factory=dict)   # sections opened: sent with every rerun, as a browser does
    fragments: dict[str, float] = field(default_factory=dict)   # fragment id -> interval (s)


def rerun(tab: Tab, widgets: dict[str, str] | None = None, fragment: str = "") -> bytes:
    """The BackMsg a browser sends to (re)run the page: query string, page hash, widget states."""
    msg = BackMsg()
    rs = msg.rerun_script
    rs.query_string = tab.query
    rs.page_script_hash = tab.page_hash
    rs.page_name = ""
    for wid, value in {**tab.kept, **(widgets or {})}.items():
        w = rs.widget_states.widgets.add()
        w.id = wid
        if isinstance(value, bool):
            w.bool_value = value
        elif tab.date and wid == tab.year_id:
            w.string_array_value.data.append(value)
        else:
            w.string_value = value
    if fragment:
        rs.fragment_id = fragment
        rs.is_auto_rerun = True
    return msg.SerializeToString()


def read_message(tab: Tab, msg: ForwardMsg) -> str | None:
    """Update the tab from one ForwardMsg; the error it reports, if any."""
    kind = msg.WhichOneof("type")
    if kind == "new_session" and msg.new_session.page_script_hash:
        tab.page_hash = msg.new_session.page_script_hash
    elif kind == "navigation" and msg.navigation.page_script_hash:
        tab.page_hash = msg.navigation.page_script_hash
    elif kind == "page_info_changed":
        tab.query = msg.page_info_changed.query_string
    elif kind == "auto_rerun":
        tab.fragments[msg.auto_rerun.fragment_id] = float(msg.auto_rerun.interval)
    elif kind == "page_not_found":
        return "page not found"
    elif kind == "delta" and msg.delta.WhichOneof("type") == "add_block":
        block = msg.delta.add_block
        if (block.WhichOneof("type") == "expandable" and block.expandable.label.startswith(DATE_LABEL)
                and block.expandable.id):
            tab.section = block.expandable.id
    elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        element = msg.delta.new_element
        which = element.WhichOneof("type")
        if which == "exception":
            return f"exception: {element.exception.type}: {element.exception.message}"[:300]
        if which == "selectbox" and element.selectbox.label == YEAR_LABEL:
            box = element.selectbox
            tab.year_id, tab.years = box.id, list(box.options)
            tab.year = box.raw_value if box.HasField("raw_value") else box.options[box.default]
            tab.date = False
        elif which == "date_input" and element.date_input.label == DATE_LABEL and (tab.date or not tab.year_id):
            box = element.date_input
            tab.year_id, tab.date = box.id, True
            tab.years = year_ends(box.min, box.max)
            tab.year = ((list(box.value) if box.set_value else []) or list(box.default) or [""])[0].replace("/", "-")
    return None


def year_ends(low: str, high: str) -> list[str]:
    """The 31 Decembers between two date-input bounds ('2022/07/01', '2026/11/26'), as ISO dates,
    and the upper bound itself: the as-of dates the sessions choose on the public page."""
    first, last = (s.replace("/", "-")[:10] for s in (low, high))
    ends = [f"{y}-12-31" for y in range(int(first[:4]), int(last[:4]) + 1) if first <= f"{y}-12-31" <= last]
    return ends + [last] if last not in ends else ends


async def run_page(ws, tab: Tab, kind: str, payload: bytes, timeout: float, fragment: bool = False) -> Page:
    """Send one BackMsg and read until the run's script_finished; the page's time and error."""
    t0 = time.perf_counter()
    error = None
    wanted = FRAGMENT_DONE if fragment else DONE
    try:
        async with asyncio.timeout(timeout):
            await ws.send(payload)
            while True:
                msg = ForwardMsg()
                msg.ParseFromString(await ws.recv())
                error = read_message(tab, msg) or error
                if msg.WhichOneof("type") == "script_finished":
                    if msg.script_finished == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                        error = error or "compile error"
                    if msg.script_finished in wanted:
                        break
    except TimeoutError:
        error = f"timeout > {timeout:.0f} s"
    except websockets.ConnectionClosed as err:
        error = f"disconnected: {err}"[:200]
    return Page(kind, time.perf_counter() - t0, error)


def next_year(tab: Tab, index: int, step: int) -> str:
    """Another year than the current one, spread over sessions so several years are asked for."""
    choices = [y for y in tab.years if y != tab.year] or tab.years
    return choices[(index + step) % len(choices)]


async def session(url: str, index: int, changes: int, timeout: float, idle: float = 0.0,
                  opened: list | None = None) -> list[Page]:
    """One visitor: open the overview, change the year `changes` times; then, with `idle`, stay on
    the page for that many seconds re-running the live fragments when the page asks (auto_rerun),
    as an open tab does. Idle fragment runs are returned with kind 'live'."""
    pages: list[Page] = []
    tab = Tab()
    try:
        async with websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout,
                                      ping_interval=None) as ws:
            page = await run_page(ws, tab, "open", rerun(tab), timeout)
            pages.append(page)
            if changes and not page.error and not tab.year_id and tab.section:
                # The public page: its 기준일 input is drawn once its section is opened (a click).
                tab.kept[tab.section] = True
                page = await run_page(ws, tab, "section", rerun(tab), timeout)
                pages.append(page)
            for step in range(changes):
                if page.error or not tab.year_id:
                    pages.append(Page("year", 0.0, page.error or "no year widget on the page"))
                    break
                tab.year = next_year(tab, index, step)
                page = await run_page(ws, tab, "year", rerun(tab, {tab.year_id: tab.year}), timeout)
                if page.error is None and tab.date and f"as_of={tab.year}" not in tab.query:
                    page.error = f"date not applied: {tab.query}"     # the URL mirrors the chosen date
                elif page.error is None and not tab.date and tab.year != tab.years[0] and "year=" not in tab.query:
                    page.error = f"year not applied: {tab.query}"     # the URL mirrors the chosen year
                pages.append(page)
            if opened is not None:
                opened.append(index)
            if idle > 0 and tab.fragments:
                pages += await _idle(ws, tab, idle, timeout)
    except (OSError, websockets.InvalidHandshake, TimeoutError) as err:
        pages.append(Page("open", 0.0, f"connect failed: {err}"[:200]))
    return pages


async def _idle(ws, tab: Tab, seconds: float, timeout: float) -> list[Page]:
    """Stay open `seconds`, sending each live fragment's auto-rerun every interval (bounded)."""
    pages: list[Page] = []
    end = time.monotonic() + seconds
    interval = min(tab.fragments.values())
    while time.monotonic() + interval <= end and len(pages) < 1000:
        await asyncio.sleep(interval)
        for fragment in list(tab.fragments):
            pages.append(await run_page(ws, tab, "live", rerun(tab, {tab.year_id: tab.year}, fragment),
                                        timeout, fragment=True))
    return pages


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of the processes (all their threads), in seconds, from /proc/PID/stat."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK
        except (OSError, IndexError, ValueError):
            pass
    return total


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of the values; NaN for none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))     # ceil(n·q/100), at least 1
    return ordered[int(rank) - 1]


UNCOUNTED = ("live", "section")     # runs besides the measured pages: live fragments, a section opened


def summarize(n: int, pages: list[Page], expected: int, wall: float, cpu: float, memory: float,
              client_cpu: float) -> dict:
    """One level's figures: p50/p95/max over the pages that finished, errors (failed pages plus
    pages never reached), server CPU seconds and share of the 2 cores' capacity, peak memory."""
    timed = [p.seconds for p in pages if p.error is None and p.kind not in UNCOUNTED]
    errors = [p.error for p in pages if p.error] + ["not reached"] * max(0, expected - len(
        [p for p in pages if p.kind not in UNCOUNTED]))
    kinds: dict[str, int] = {}
    for e in errors:
        key = e.split(":")[0]
        kinds[key] = kinds.get(key, 0) + 1
    return {"sessions": n, "pages": len(timed), "expected": expected, "errors": len(errors),
            "error_kinds": kinds, "p50": percentile(timed, 50), "p95": percentile(timed, 95),
            "max": max(timed, default=float("nan")),
            "open_p50": percentile([p.seconds for p in pages if p.kind == "open" and not p.error], 50),
            "year_p50": percentile([p.seconds for p in pages if p.kind == "year" and not p.error], 50),
            "wall": wall, "cpu_s": cpu, "cpu_pct": 100 * cpu / wall if wall else float("nan"),
            "cpu_per_page": cpu / len(timed) if timed else float("nan"), "memory_mb": memory,
            "client_cpu_s": client_cpu, "live_runs": len([p for p in pages if p.kind == "live"])}


async def _level(urls: list[str], n: int, changes: int, timeout: float, limit: float, idle: float) -> list[Page]:
    tasks = [asyncio.create_task(session(urls[i % len(urls)], i, changes, timeout, idle)) for i in range(n)]
    done, pending = await asyncio.wait(tasks, timeout=limit)
    for task in pending:
        task.cancel()
    pages = []
    for task in done:
        pages += task.result()
    return pages


def run_level(urls: list[str], pids: list[int], n: int, changes: int = 1, timeout: float = PAGE_TIMEOUT,
              limit: float = LEVEL_LIMIT, idle: float = 0.0) -> dict:
    """n sessions at once against the servers at `urls` (round robin); the level's summary."""
    cpu0, client0, t0, load0 = cpu_seconds(pids), time.process_time(), time.perf_counter(), os.getloadavg()[0]
    pages = asyncio.run(_level(urls, n, changes, timeout, limit, idle))
    wall = time.perf_counter() - t0
    memory = sum(peak_rss_mb(pid) for pid in pids)
    result = summarize(n, pages, n * (1 + changes), wall, cpu_seconds(pids) - cpu0, memory, time.process_time() - client0)
    result["load_average"] = f"{load0:.1f} → {os.getloadavg()[0]:.1f}"
    return result


def idle_cost(urls: list[str], pids: list[int], n: int, seconds: float) -> dict:
    """Server CPU while n tabs stay open on the overview for `seconds`, their live fragments
    auto-rerunning: measured from the moment every tab has opened the page to the end."""
    async def tabs() -> tuple[list[Page], float, float]:
        opened: list[int] = []
        tasks = [asyncio.create_task(session(urls[i % len(urls)], i, 0, PAGE_TIMEOUT, seconds, opened))
                 for i in range(n)]
        async with asyncio.timeout(PAGE_TIMEOUT):
            while len(opened) < n and not all(t.done() for t in tasks):
                await asyncio.sleep(0.05)
        mark = (cpu_seconds(pids), time.perf_counter())
        done, pending = await asyncio.wait(tasks, timeout=seconds + PAGE_TIMEOUT)
        for task in pending:
            task.cancel()
        return [p for t in done for p in t.result()], *mark

    pages, cpu0, t0 = asyncio.run(tabs())
    wall = time.perf_counter() - t0
    cpu = cpu_seconds(pids) - cpu0
    live = [p for p in pages if p.kind == "live"]
    return {"tabs": n, "seconds": wall, "cpu_s": cpu, "cpu_pct": 100 * cpu / wall, "live_runs": len(live),
            "live_p50": percentile([p.seconds for p in live if not p.error], 50),
            "errors": len([p for p in pages if p.error])}


def measure(db: Path | None = None, levels=LEVELS, changes: int = 1, timeout: float = PAGE_TIMEOUT,
            limit: float = LEVEL_LIMIT, idle: float = 0.0, idle_tabs: int = 25, log_dir: Path | None = None,
            processes: int = 1) -> dict:
    """Start `processes` servers over a private copy of `db` (built from data/ when None), warm
    them with one session each, run each level in turn (sessions spread round robin over the
    servers, as a balancer would), optionally measure idle tabs; stop them. With several
    processes the copy is a published snapshot every process opens read-only (PLEDGE_DB_READ_ONLY)."""
    work = Path(tempfile.mkdtemp(prefix="load-")) if log_dir is None else log_dir
    work.mkdir(parents=True, exist_ok=True)
    copy = work / "pledges.duckdb"
    if db is None:
        from data.build import build
        build(copy)
    else:
        shutil.copy(db, copy)
    env = None
    if processes > 1:              # a published snapshot: migrated first, then read-only everywhere
        from data.build import open_store
        open_store(copy).close()
        env = {"PLEDGE_DB_READ_ONLY": "1"}
    servers = [start(copy, work / f"streamlit-{i}.log", env=env) for i in range(processes)]
    try:
        for server in servers:
            wait_healthy(server)
        urls = [f"ws://127.0.0.1:{s.port}/_stcore/stream" for s in servers]
        pids = [s.pid for s in servers]
        warm = run_level(urls, pids, processes, changes, timeout, limit)
        results = {"processes": processes, "warmup": warm,
                   "levels": [run_level(urls, pids, n, changes, timeout, limit) for n in levels]}
        if idle > 0:
            results["idle"] = idle_cost(urls, pids, idle_tabs, idle)
        results["memory_mb"] = sum(s.peak_rss_mb() for s in servers)
        return results
    finally:
        for server in servers:
            stop(server)
        if log_dir is None:
            shutil.rmtree(work, ignore_errors=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description="동시 접속 부하 측정 (로컬 서버만)")
    parser.add_argument("--sessions", type=int, nargs="+", default=list(LEVELS), help="동시 세션 수 (단계별)")
    parser.add_argument("--changes", type=int, default=1, help="세션마다 연도를 바꾸는 횟수")
    parser.add_argument("--db", type=Path, default=None, help="저장소 파일 (복사본에서 실행; 기본: data/에서 새로 만듦)")
    parser.add_argument("--url", action="append", default=None,
                        help="이미 실행 중인 서버 ws://127.0.0.1:PORT/_stcore/stream (여러 번 지정 가능)")
    parser.add_argument("--pid", type=int, action="append", default=[], help="--url 서버의 프로세스 번호 (CPU·메모리)")
    parser.add_argument("--timeout", type=float, default=PAGE_TIMEOUT, help="페이지 제한 시간 (초)")
    parser.add_argument("--limit", type=float, default=LEVEL_LIMIT, help="단계별 제한 시간 (초)")
    parser.add_argument("--idle", type=float, default=0.0, help="열어 둔 탭의 CPU를 이 시간(초) 동안 측정")
    parser.add_argument("--idle-tabs", type=int, default=25)
    parser.add_argument("--processes", type=int, default=1, help="서버 프로세스 수 (2 이상: 읽기 전용 스냅숏)")
    parser.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not 1 <= max(args.sessions) <= 200 or args.changes > 20 or args.idle > 600 or not 1 <= args.processes <= 8:
        raise SystemExit("세션 수는 1–200, 연도 변경은 20회, 유휴 측정은 600초, 프로세스는 8개까지입니다.")
    if args.url:
        if not all(u.startswith(("ws://127.0.0.1:", "ws://localhost:")) for u in args.url):
            raise SystemExit("로컬 서버(127.0.0.1)에만 부하를 보냅니다.")
        results = {"levels": [run_level(args.url, args.pid, n, args.changes, args.timeout, args.limit)
                              for n in args.sessions]}
        if args.idle > 0:
            results["idle"] = idle_cost(args.url, args.pid, args.idle_tabs, args.idle)
    else:
        results = measure(args.db, args.sessions, args.changes, args.timeout, args.limit, args.idle, args.idle_tabs,
                          processes=args.processes)
    print(json.dumps(results, ensure_ascii=False, indent=1) if args.json else table(results))
    return 0 if all(r["errors"] == 0 for r in results["levels"]) else 1


if __name__ == "__main__":
    sys.exit(main())
