"""The dashboard's entry point (`streamlit run dashboard.py`): page config, the signed-in actor
(ui/auth.py: roles read from the store on every run, idle timeout, OIDC mapping), the navigation
over the pages that actor's roles may open (ui/navigation.py, from the ROLE × ACTION matrix), the
shared sidebar (ui/sidebar.py) and the chosen page. Every page checks authority again at its top.
After the process's first run (a readiness probe's, or the first visitor's) the caches of the
staff's first screen are filled in the background (ui.store.warm_up).

To add a page, add one PageSpec line to ui/navigation.py.
"""
from __future__ import annotations

import streamlit as st

from ui import auth, navigation, outage, sidebar, state, store

st.set_page_config(page_title="공약 이행 대시보드", page_icon=":material/task_alt:", layout="wide",
                   initial_sidebar_state=380)

state.served_by_dashboard()
try:
    with outage.guarded():      # an unreachable store: one Korean line, never its error (ui/outage.py)
        actor = auth.start()
        page = st.navigation(navigation.pages_for(actor))
        auth.account_box(actor)
        sidebar.draw(actor)
        page.run()
finally:                # also after st.stop() / st.rerun(): once per process, a background thread
    store.warm_up()     # computes the staff's first screen (ui/store.py) before the first sign-in
