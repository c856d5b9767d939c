"""추진일정: the milestones as a Gantt over the term's quarters with today's line, late
milestones flagged, and the dated progress log beside it."""
import datetime as dt

import streamlit as st

from metrics import schedule
from ui import charts, navigation, safe, state, store, widgets
from ui.presenters import schedule as shape
from ui.presenters.common import one

navigation.guard(__file__)
v = state.view()
official = store.figures(v)
widgets.page_header("추진일정", v, official)

p = one(official.pledges, v.city, v.pledge_id).iloc[0]
quarters = schedule.term_quarters(p["term_start"].date(), p["term_end"].date())
milestones = schedule.milestone_table(store.table("milestones", city=v.city, pledge_id=v.pledge_id), v.as_of)

left, right = st.columns([3, 2])
with left:
    st.subheader("연차별 추진일정")
    today = dt.date.today()
    st.plotly_chart(charts.gantt(milestones, quarters, today, v.as_of, schedule.chart_range(quarters, today, v.as_of)),
                    key="gantt")
    late = shape.late_summary(milestones)
    if late is None:
        st.success("계획보다 늦은 일정이 없습니다.")
    else:
        st.error(late, icon=":material/warning:")
    widgets.table(shape.milestone_display(milestones), hide_index=True, key="milestones")
    if isinstance(p["milestones_note"], str):
        st.caption(safe.md(p["milestones_note"]))
with right:
    st.subheader(shape.progress_title(v.year))
    widgets.table(shape.progress_log_table(store.table("progress_log", city=v.city, pledge_id=v.pledge_id),
                                           year=v.year, as_of=v.as_of), hide_index=True, key="progress_log",
                  height=520)
