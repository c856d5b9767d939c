"""Two dashboard servers (bench/server.py) on one PostgreSQL store show the same figures, and an
import written by another process is on both at their next run: every run reads the data
version (one small query), and the cached figures are keyed by it, so no server keeps showing
old figures after a refresh (a reload here; the staff overview's live block reruns by itself
every 20 s when the version changed)."""
from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from bench.server import launch_chromium, streamlit_server
from data import read_model
from tests.e2e.helpers import metric, open_app
from tests.pg_workers import finish, spawn

pytestmark = pytest.mark.postgres

VIEW = "/?as_of=2024-12-31"                         # the citizens' page 공약 이행 현황 (no sign-in)
FIGURE = "평균진행률"


def test_two_servers_show_the_same_figures_and_follow_an_import(pg_cluster, pg_seed, tmp_path):
    """Each server computes from its read model (data/read_model.py), built after its warm-up and
    before it answers the readiness probe: the import reaches the figures through each model's catch-up."""
    url = pg_cluster.copy_database(pg_seed, "two_servers")
    models = tmp_path / "read-models"
    env = {read_model.ENV: str(models)}
    with streamlit_server(url, log=tmp_path / "a.log", env=env, ready=True) as a, \
            streamlit_server(url, log=tmp_path / "b.log", env=env, ready=True) as b, sync_playwright() as p:
        assert sorted(path.name.split("-")[3] for path in models.glob("*.duckdb")) == sorted([str(a.pid), str(b.pid)])
        browser = launch_chromium(p)
        pages = [browser.new_page(), browser.new_page()]
        for page, server in zip(pages, (a, b)):
            open_app(page, server.url + VIEW, login=None)       # a visitor: no sign-in
        before = [metric(page, FIGURE) for page in pages]
        assert before[0] == before[1]

        go = tmp_path / "go"
        go.touch()
        assert finish(spawn("same", url, str(go)))[-1]["added"] == 500      # another process imports

        after = []
        for page in pages:                                                  # the next run of each server
            open_app(page, page.url, login=None)
            after.append(metric(page, FIGURE))
        browser.close()
    assert after[0] == after[1] != before[0]
    assert not list(models.iterdir())                           # each server's file went with it
