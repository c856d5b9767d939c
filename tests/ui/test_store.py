"""ui/store.py: on a PostgreSQL store, the readiness probe's run (Streamlit's script health check)
answers only once the server's warm-up is done and its read model built, so that a balancer's
first visitors compute from the copy and share no CPU with its build."""
from __future__ import annotations

import pytest
import streamlit as st

from data import read_model
from data.store import DB_ENV
from ui import store


@pytest.mark.postgres
def test_the_probes_warm_up_returns_with_the_read_model_built(pg_cluster, pg_seed, tmp_path, monkeypatch):
    url = pg_cluster.copy_database(pg_seed, "probe_warm_up")
    monkeypatch.setenv(DB_ENV, url)
    monkeypatch.setenv(read_model.ENV, str(tmp_path))
    monkeypatch.setattr(read_model, "_MODELS", {})
    monkeypatch.setattr(store, "_WARMED", set())
    monkeypatch.setattr(store.outage, "probe_run", lambda: True)
    try:
        store.warm_up()
        model = read_model.for_store(store.db_path())
        assert model is not None and model.ready and model.path.exists()
        assert model.reader() is not None and model.refreshed == []      # read from the copy, nothing to catch up
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()
        for model in read_model._MODELS.values():
            if model is not None:
                model.close()
