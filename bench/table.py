"""The benchmark's table and its block in docs/benchmarks.md (bench/run.py measures; this writes)."""
from __future__ import annotations

from pathlib import Path

from data.national import DATA_END

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
AS_OF = DATA_END
GOALS = {"ours_vs_bare": 1.0, "pandas_vs_ours": 5.0, "render": 2.0, "year_change": 0.5, "memory_mb": 1024,
         "import_rate": 200_000}


def _goal(value: float | None, goal: float, lower_is_better: bool) -> str:
    if value is None:
        return "—"
    met = value <= goal if lower_is_better else value >= goal
    if met:
        return "met"
    off = value / goal if lower_is_better else goal / value
    return f"**missed** ({off:.1f}× off)"


def _parts_text(parts: dict) -> str:
    """One screen's breakdown (bench.browser.PARTS_JS): seconds from the navigation or the click."""
    bits = [f"page ready (DOMContentLoaded) {parts['dom_ready']:.2f}" if parts.get("dom_ready") is not None else "",
            f"websocket open {parts['ws_open']:.2f}" if parts.get("ws_open") is not None else ""]
    if parts.get("first_message") is not None:
        bits.append(f"the script's messages {parts['first_message']:.2f} → {parts['last_message']:.2f} "
                    f"({parts.get('messages', 0)} messages)")
    bits.append(f"JavaScript {parts.get('js_chunks', 0)} chunks, {parts.get('js_mb', 0):.2f} MB over the network"
                + (", plotly.js among them" if parts.get("plotly") else ""))
    return f"{parts.get('total', 0):.2f} s (" + ", ".join(b for b in bits if b) + ")"


def breakdown_lines(browser: dict | None, floor: dict | None) -> list[str]:
    """Where the first paint's and the overview's time went (the browser's own timings), the floor's alike."""
    out = []
    for who, result in (("floor", floor), (browser and browser.get("label"), browser)):
        if not result or not result.get("parts"):
            continue
        out.append(f"- {who}: " + "; ".join(f"{name} {_parts_text(parts)}" for name, parts in result["parts"].items()))
    return (["", "Where the time goes (seconds from the navigation, or from the click on 로그인 for render):"] + out) if out else []


def table(rows: list[dict], browser: dict | None, imp: dict | None, baseline: dict | None = None,
          floor: dict | None = None) -> str:
    out = ["| data set | records | cities · pledges · indicators | bare DuckDB (s) | our full recompute (s) | pandas (s) | pandas load (s) "
           "| ours ÷ bare (goal ≤ 1.0) | pandas ÷ ours (goal ≥ 5, compute only) | (pandas + load) ÷ ours (goal ≥ 5, like for like) | load avg |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        out.append(
            f"| {r['label']} | {r['records']:,} | {r['cities']} · {r['pledges']:,} · {r['indicators']:,} | "
            f"{r['bare']:.3f} | {r['ours']:.3f} | {r['pandas']:.3f} | {r['pandas_load']:.2f} | "
            f"**{r['ours_vs_bare']:.2f}** {_goal(r['ours_vs_bare'], GOALS['ours_vs_bare'], True)} | "
            f"**{r['pandas_vs_ours']:.1f}** {_goal(r['pandas_vs_ours'], GOALS['pandas_vs_ours'], False)} | "
            f"**{r['pandas_load_vs_ours']:.1f}** {_goal(r['pandas_load_vs_ours'], GOALS['pandas_vs_ours'], False)} | "
            f"{r['load_average']} |")
    out.append("")
    out.append("Where our recompute spends its time (s, medians): " + " · ".join(
        f"{r['label']}: " + ", ".join(f"{k} {v:.3f}" for k, v in r["breakdown"].items()) for r in rows))
    out.append("")
    out.append("| measurement | value | goal | result |")
    out.append("| --- | ---: | ---: | --- |")
    if browser:
        lab = browser["label"]
        out += [
            f"| (machine load during the browser runs, 1-min average: {browser['load_average_before']} → "
            f"{browser['load_average_after']}) | | | |",
            f"| first paint: a visitor's default page, 공약 이행 현황 ({lab}, fresh server and browser, empty caches) | "
            f"{browser['paint_cold']:.2f} s | ≤ 2 s | {_goal(browser['paint_cold'], GOALS['render'], True)} |",
            f"| first paint, returning visitor ({lab}, median; best {browser['paint_min']:.2f} s) | "
            f"{browser['paint']:.2f} s | ≤ 2 s | {_goal(browser['paint'], GOALS['render'], True)} |",
            f"| overview, time to full render from the click on 로그인 ({lab}, returning visit, median; best {browser['render_min']:.2f} s) | "
            f"{browser['render']:.2f} s | ≤ 2 s | "
            f"{_goal(browser['render'], GOALS['render'], True)} |",
            f"| overview, first render from the click on 로그인 ({lab}, fresh server caches) | {browser['render_cold']:.2f} s | ≤ 2 s | "
            f"{_goal(browser['render_cold'], GOALS['render'], True)} |",
            f"| overview, after changing the year filter ({lab}, median; best {browser['year_change_min']:.2f} s) | "
            f"{browser['year_change']:.2f} s | ≤ 0.5 s | "
            f"{_goal(browser['year_change'], GOALS['year_change'], True)} |",
            f"| 전체 현황 (portfolio) page, all pledges of the country ({lab}; first {browser['portfolio_cold']:.2f} s, "
            f"best {browser['portfolio_min']:.2f} s) | "
            f"{browser['portfolio']:.2f} s | (info) | — |",
        ]
        if floor:
            out += [
                f"| floor: the smallest Streamlit app (one st.write), first paint (fresh server and browser, empty caches; "
                f"returning median {floor['paint']:.2f} s, best {floor['paint_min']:.2f} s) | {floor['paint_cold']:.2f} s | (info) | "
                f"load {floor['load_average_before']} → {floor['load_average_after']} |",
            ]
        if browser.get("ready_s") is not None:
            out += [
                f"| server ready ({lab}): launch → healthy → the readiness probe's run (the visitor's default page, "
                f"then the warm-up of the staff's first screen) | {browser['ready_s']:.2f} s | (info) | — |",
            ]
        if baseline:
            out += [
                f"| baseline: the same screens on the seed store, one pledge (render / year change / portfolio, medians) | "
                f"{baseline['render']:.2f} s / {baseline['year_change']:.2f} s / {baseline['portfolio']:.2f} s | "
                f"(info) | load {baseline['load_average_before']} → {baseline['load_average_after']} |",
            ]
        out += [
            f"| server peak memory (VmHWM, {lab}) | {browser['memory_mb']:,.0f} MiB | ≤ 1,024 MiB | "
            f"{_goal(browser['memory_mb'], GOALS['memory_mb'], True)} |",
        ]
    else:
        out.append("| browser | not run (--no-browser) | | |")
    tail = breakdown_lines(browser, floor)
    if imp and "import_rate" in imp:
        spread = (f"; best {imp['import_best']:,.0f} rows/s; CPU {imp['prepare_cpu_s'] + imp['commit_cpu_s']:.2f} s"
                  if "import_best" in imp else "")
        if "floor_rate" in imp:    # DuckDB alone storing the same bytes, in the same runs (bench.run.import_floor)
            spread += (f"; floor, DuckDB alone storing the same file: {imp['floor_rate']:,.0f} rows/s, "
                       f"ours ÷ floor {imp['floor_rate'] / imp['import_rate']:.1f}× the time")
        out.append(f"| CSV import rate (applications, {imp['rows']:,} rows: validate + one transaction; median{spread}) | "
                   f"{imp['import_rate']:,.0f} rows/s | ≥ 200,000 rows/s | {_goal(imp['import_rate'], GOALS['import_rate'], False)} |")
    else:
        out.append(f"| CSV import rate | pending: {(imp or {}).get('pending', 'not measured')} | ≥ 200,000 rows/s | — |")
    return "\n".join(out + tail)


def write_doc(text_table: str, info: dict, runs: int) -> None:
    """Replace the generated block of docs/benchmarks.md (between the markers), keeping the prose."""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    block = (f"{start}\nMeasured {info['date']} on {info['cpu']}, {info['cores']} cores, {info['ram_gib']:.1f} GiB RAM, "
             f"{info['os']}; Python {info['python']}, DuckDB {info['duckdb']}, pandas {info['pandas']}, "
             f"Streamlit {info['streamlit']}, Chromium {info.get('chromium', '?')}. Every figure is the median of {runs} "
             f"interleaved runs; as-of date {AS_OF.isoformat()}.\n\n"
             f"{text_table}\n{end}")
    replace_block(start, end, block)


def replace_block(start: str, end: str, block: str, doc: Path = DOC, heading: str = "") -> None:
    """Put `block` (which begins with `start` and ends with `end`) in place of the doc's text from
    `start` to `end`; where the markers are not there yet, append it (after `heading`, if any)."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    if start in text and end in text:
        text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text += "\n" + heading + block + "\n"
    doc.write_text(text, encoding="utf-8")
