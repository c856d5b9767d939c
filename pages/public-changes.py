"""목표 변경 이력 (citizens): every approved change of an indicator's target — what changed (공약,
확인지표, 기간, 이전 목표 → 변경 목표), from when (적용일), why (변경 사유) and who decided it (승인
기구, 문서 번호, 결정일); no staff names or logins. Downloadable as CSV/XLSX with column descriptions."""
import streamlit as st

from ui import navigation, public, store, widgets
from ui.presenters import public as shape

navigation.guard(__file__)
st.title("목표 변경 이력")
v = public.choose(with_date=False)
pledges = store.table("pledge_list", city=v.city)
choices = shape.pledge_choices(pledges)
chosen = st.selectbox("공약", list(choices), format_func=choices.get, key="public_changes_pledge")
pledge_id = shape.chosen_pledge(chosen)
changes = shape.changes_table(store.table("target_revisions", city=v.city, pledge_id=pledge_id),
                              store.table("proposals/proposals", city=v.city, pledge_id=pledge_id, state="approved"),
                              pledges, store.table("indicators", city=v.city, pledge_id=pledge_id),
                              store.period_labels())
st.caption(shape.changes_caption(len(changes), v.city_name))
if not changes.empty:
    widgets.table(changes, hide_index=True, key="public_changes", column_config=public.CHANGE_COLUMNS)
    public.downloads(changes, "목표변경_이력", "changes",
                     shape.context("목표 변경 이력 (승인된 변경)", v.city_name, v.as_of, v.policy, changes,
                                   pledge=choices[chosen]))
st.caption("목표가 바뀌어도 공약 관리카드의 당초 목표와 변경 이력은 남습니다. 승인되지 않은 제안은 공식 수치에 반영되지 않으며 "
           "여기에 나오지 않습니다.")
