"""bench/load.py: two sessions over Streamlit's websocket protocol against a test server (the
shared harness of bench/server.py) open the overview and change the year with no error; the
numbers it reports are sane. No timing assertion: the machine is shared."""
from __future__ import annotations

import math
import shutil

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import load, load_report
from bench.server import streamlit_server


def test_percentile_is_nearest_rank():
    assert load.percentile([3.0, 1.0, 2.0, 4.0], 50) == 2.0
    assert load.percentile([float(i) for i in range(1, 101)], 95) == 95.0
    assert load.percentile([5.0], 95) == 5.0
    assert math.isnan(load.percentile([], 50))


def test_rerun_carries_page_query_and_year_state():
    tab = load.Tab(page_hash="abc", query="pledge=naju%3A6-1-1")
    msg = BackMsg()
    msg.ParseFromString(load.rerun(tab, {"$$ID-year": "2024년"}))
    assert msg.rerun_script.page_script_hash == "abc" and msg.rerun_script.query_string == tab.query
    (state,) = msg.rerun_script.widget_states.widgets
    assert (state.id, state.string_value) == ("$$ID-year", "2024년")
    msg.ParseFromString(load.rerun(tab, fragment="f1"))
    assert msg.rerun_script.fragment_id == "f1" and msg.rerun_script.is_auto_rerun


def test_an_exception_delta_is_an_error_and_the_year_box_is_found():
    tab = load.Tab()
    box = ForwardMsg()
    box.delta.new_element.selectbox.id = "$$ID-year"
    box.delta.new_element.selectbox.label = load.YEAR_LABEL
    box.delta.new_element.selectbox.options.extend(["전체", "2023년"])
    assert load.read_message(tab, box) is None
    assert (tab.year_id, tab.years, tab.year) == ("$$ID-year", ["전체", "2023년"], "전체")
    boom = ForwardMsg()
    boom.delta.new_element.exception.type = "KeyError"
    assert load.read_message(tab, boom).startswith("exception: KeyError")
    assert load.next_year(tab, 0, 0) == "2023년"


def test_summary_counts_pages_never_reached_as_errors():
    pages = [load.Page("open", 0.5), load.Page("year", 1.5, "timeout > 120 s")]
    s = load.summarize(2, pages, 4, wall=2.0, cpu=1.0, memory=300.0, client_cpu=0.1)
    assert (s["pages"], s["errors"], s["error_kinds"]) == (1, 3, {"timeout > 120 s": 1, "not reached": 2})
    assert s["p50"] == 0.5 and s["cpu_pct"] == 50.0


@pytest.fixture(scope="module")
def server(built_db, tmp_path_factory):
    work = tmp_path_factory.mktemp("load")
    db = work / "pledges.duckdb"
    shutil.copy(built_db, db)
    with streamlit_server(db, log=work / "streamlit.log") as running:
        yield running


def test_two_sessions_open_the_overview_and_change_the_year(server):
    urls = [f"ws://127.0.0.1:{server.port}/_stcore/stream"]
    result = load.run_level(urls, [server.pid], 2, changes=1, timeout=90, limit=150)
    assert result["errors"] == 0, (result["error_kinds"], server.log_text()[-2000:])
    assert result["pages"] == result["expected"] == 4
    assert 0 < result["p50"] <= result["p95"] <= result["max"] < 150
    assert result["cpu_s"] > 0 and 0 < result["memory_mb"] < 4096
    assert "Traceback" not in server.log_text()
    text = load.table({"levels": [result]})
    assert "| 2 | 4 of 4 |" in text


def test_goal_line_and_doc_block(tmp_path):
    level = load.summarize(50, [load.Page("open", 1.0)] * 100, 100, wall=10.0, cpu=5.0, memory=300.0, client_cpu=0.1)
    results = {"levels": [level]}
    assert load.goal(results).endswith("met (0 errors, p95 1.00 s).")
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# B\n\n<!-- load:start -->\nold\n<!-- load:end -->\n\nprose\n", encoding="utf-8")
    info = {"date": "today", "cpu": "cpu", "cores": 2, "streamlit": "1.67.0"}
    load.write_doc(load.table(results), info, results, doc)
    text = doc.read_text(encoding="utf-8")
    assert "old" not in text and "| 50 | 100 of 100 |" in text and text.endswith("prose\n")


def test_bench_run_keeps_its_options_and_gains_load():
    from bench import run
    args = run.build_parser().parse_args(["--sizes", "100k", "--no-browser", "--load", "--load-sessions", "1", "2"])
    assert args.sizes == ["100k"] and args.no_browser and args.load and args.load_sessions == [1, 2]
    assert run.build_parser().parse_args([]).load_sessions == list(load.LEVELS)


def test_levels_of_one_and_two_processes_in_one_table_and_a_goal_line_each():
    one = load.summarize(50, [load.Page("open", 3.0)] * 100, 100, wall=10.0, cpu=5.0, memory=300.0, client_cpu=0.1)
    two = load.summarize(50, [load.Page("open", 1.0)] * 100, 100, wall=5.0, cpu=5.0, memory=600.0, client_cpu=0.1)
    results = load_report.combined([{"processes": 1, "levels": [one]}, {"processes": 2, "levels": [two]}])
    text = load.table(results)
    assert "| server processes | sessions |" in text
    assert "| 1 | 50 | 100 of 100 | 3.00 |" in text and "| 2 | 50 | 100 of 100 | 1.00 |" in text
    lines = load.goal(results).splitlines()
    assert lines[0].endswith("with 1 server process(es) — **missed** (0 errors, p95 3.00 s).")
    assert lines[1].endswith("with 2 server process(es) — met (0 errors, p95 1.00 s).")
    assert run_parser_processes() == [1, 2]


def run_parser_processes():
    from bench import run
    return run.build_parser().parse_args([]).load_processes
