"""Drawing helpers every page shares: the page header (title, pledge line, synthetic-data
warning, what-if comparison, pending proposals — 승인 대기), the what-if and pending blocks and the
CSV/XLSX download buttons (only for roles that may export; every download is logged)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from metrics.engine import Figures
from metrics.formatting import date_ko
from metrics.rates import format_percent
from ui import auth, state, store, workflow
from ui.export import Context, to_csv_bytes, to_xlsx_bytes
from ui.presenters.approvals import APPROVED, in_force_by, pending_caption
from ui.presenters import terms
from ui.presenters.common import comparison_html, header_line, one, policy_text, synthetic_note, whatif_comparison
from ui.state import View

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page_header(title: str, v: View, official: Figures) -> None:
    """Title, the pledge and as-of line, the synthetic-data warning and the what-if comparison."""
    st.title(title)
    row = one(official.pledges, v.city, v.pledge_id)
    if row.empty:
        st.warning("선택한 공약을 찾을 수 없습니다.")
        st.stop()
    p = row.iloc[0]
    st.caption(header_line(p, date_ko(v.as_of), v.year, format_percent(p["rate"], v.policy))
               + f" · {terms.data_line(p, v.as_of)} · {p.get('term') or ''}")
    time_notices(p, v)
    note = synthetic_note(store.table("record_provenance", city=v.city, pledge_id=v.pledge_id), bool(p["synthetic"]))
    if note:
        st.warning(note, icon=":material/science:")
    whatif_block(v, official)
    pending_block(v, official)


def time_notices(p, v: View) -> None:
    """The data-date notice (자료는 …까지) when the as-of date lies past the data, and the ended
    term's notice (… 끝났습니다 — 최종 수치)."""
    data = terms.data_notice(p, v.as_of)
    if data:
        st.info(data, icon=":material/event_busy:")
    ended = terms.term_notice(p, v.as_of, dt.date.today())
    if ended:
        st.info(ended, icon=":material/flag:")


def whatif_block(v: View, official: Figures) -> Figures | None:
    """When the planner has what-if targets: the what-if figures beside the official ones."""
    alt = store.whatif_figures(v)
    if alt is None:
        return None
    with st.container(border=True, key="whatif_block"):
        st.markdown("**가정 목표(기획) 적용 시 — 공식 수치와 비교**")
        st.html(comparison_html(whatif_comparison(official.pledges, official.indicators, alt.pledges, alt.indicators,
                                                  v.city, v.pledge_id, v.policy)))
        st.caption("가정 목표는 공식 수치에 반영되지 않습니다 (사이드바 '목표 조정'에서 제안 → 승인된 뒤 적용일부터 반영).")
    return alt


def pending_block(v: View, official: Figures) -> Figures | None:
    """Pending proposals (승인 대기) of the pledge beside the official figures, for signed-in staff:
    the figures as if those effective by the as-of date were approved."""
    if not auth.signed_in(auth.actor()):
        return None
    targets = workflow.pending(v)
    if targets.empty:
        return None
    counted = in_force_by(targets, v.as_of)
    alt = workflow.pending_figures(v, counted)
    with st.container(border=True, key="pending_block"):
        st.markdown("**승인 대기 — 목표 변경 제안이 승인되면 (공식 수치와 비교)**")
        if alt is not None:
            st.html(comparison_html(whatif_comparison(official.pledges, official.indicators, alt.pledges,
                                                      alt.indicators, v.city, v.pledge_id, v.policy), APPROVED))
        st.caption(pending_caption(targets, counted, date_ko(v.as_of)))
    return alt


def export_context(title: str, v: View | None = None) -> Context:
    """The context a staff download carries: 자료명, the selected city and pledge, 기준일, the year
    filter, the rate policy and the time the file was made."""
    v = v or state.view()
    row = one(store.table("pledge_list", city=v.city), v.city, v.pledge_id)
    city = str(row["city_name"].iloc[0]) if not row.empty else v.city
    pledge = f"{v.pledge_id} {row['title'].iloc[0]}" if not row.empty else v.pledge_id
    return Context(title=title.replace("_", " "), city=city, pledge=pledge, as_of=v.as_of,
                   filters="연도: 전체" if v.year is None else f"연도: {v.year}년", policy=policy_text(v.policy),
                   generated_at=dt.datetime.now().replace(microsecond=0))


DATE_FORMAT = "YYYY. M. D."          # a table's dates as the interface writes them: 2024. 5. 31.
TIME_FORMAT = "YYYY. M. D. HH:mm"    # and its times: 2024. 6. 1. 09:30


def date_columns(frame: pd.DataFrame) -> dict:
    """Column settings that show a table's dates as 2024. 5. 31. and its times as 2024. 6. 1. 09:30
    (st.dataframe's own default is ISO). The values stay dates and times: the table sorts them as
    such, and its downloads write them as dates. A date column is one of dates (datetime.date), or
    of timestamps that are all at midnight (a DATE read through Arrow); other timestamps are times."""
    out = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            present = values.dropna()
            at_midnight = bool((present == present.dt.normalize()).all())
            out[column] = (st.column_config.DateColumn(format=DATE_FORMAT) if at_midnight
                           else st.column_config.DatetimeColumn(format=TIME_FORMAT))
        elif values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) == "date":
            out[column] = st.column_config.DateColumn(format=DATE_FORMAT)
    return out


def counts(frame: pd.DataFrame, columns) -> dict:
    """Column settings that show the given count columns of a table with thousands separators
    (4,893; the browser's locale). Ids and years are left as they are."""
    return {c: st.column_config.NumberColumn(format="localized") for c in columns if c in frame.columns}


MISSING = "—"                          # a missing value in a table (st.dataframe's own: "None")


def table(frame: pd.DataFrame, key: str | None = None, *, column_config: dict | None = None, hide_index: bool = True,
          placeholder: str = MISSING, **kwargs):
    """Every table of the app: st.dataframe (the same arguments) without the index, its dates and
    times in the interface's format (date_columns; `column_config` adds to or overrides them) and
    a missing value shown as '—'."""
    return st.dataframe(frame, hide_index=hide_index, key=key, placeholder=placeholder,
                        column_config={**date_columns(frame), **(column_config or {})}, **kwargs)


def downloads(frame: pd.DataFrame, name: str, key: str, context: Context | None = None) -> None:
    """CSV and XLSX download buttons for a table (Korean headers as shown; numbers written as numbers
    and the context first, ui.export), for the roles that may export (감사·관리자); the file is not
    even made for others. Each download is logged ('export')."""
    if not workflow.may_export(auth.actor()):
        st.caption("내려받기는 감사·관리자 역할만 할 수 있습니다.")
        return
    context = context or export_context(name)
    left, right = st.columns(2)
    left.download_button("CSV 내려받기", to_csv_bytes(frame, context), file_name=f"{name}.csv", mime="text/csv",
                         key=f"csv_{key}", on_click=workflow.log_export, args=(f"{name}.csv",),
                         icon=":material/download:")
    right.download_button("XLSX 내려받기", to_xlsx_bytes(frame, name, context), file_name=f"{name}.xlsx",
                          mime=XLSX_MIME, key=f"xlsx_{key}", on_click=workflow.log_export, args=(f"{name}.xlsx",),
                          icon=":material/download:")
