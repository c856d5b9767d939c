"""The dashboard's entry point (`streamlit run dashboard.py`): page config, the navigation over
pages/, the shared sidebar (ui/sidebar.py: pledge, as-of date, year filter, rate policy and the
planner panel, mirrored in the URL) and the chosen page. Pages read the choices through
`ui.state.view()`.

To add a page, add one `st.Page(...)` line to PAGES.
"""
from __future__ import annotations

import streamlit as st

from ui import sidebar

st.set_page_config(page_title="공약 이행 대시보드", page_icon=":material/task_alt:", layout="wide",
                   initial_sidebar_state=380)

PAGES = [
    st.Page("pages/overview.py", title="개요", icon=":material/dashboard:", default=True),
    st.Page("pages/portfolio.py", title="전체 현황", icon=":material/leaderboard:", url_path="portfolio"),
    st.Page("pages/card.py", title="공약 카드", icon=":material/description:", url_path="card"),
    st.Page("pages/indicators.py", title="확인지표", icon=":material/monitoring:", url_path="indicators"),
    st.Page("pages/budget.py", title="예산", icon=":material/payments:", url_path="budget"),
    st.Page("pages/schedule.py", title="추진일정", icon=":material/event:", url_path="schedule"),
    st.Page("pages/audit.py", title="감사", icon=":material/fact_check:", url_path="audit"),
    st.Page("pages/import.py", title="기록 가져오기", icon=":material/upload_file:", url_path="import"),
]

page = st.navigation(PAGES)
sidebar.draw()
page.run()
