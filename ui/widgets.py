"""Drawing helpers every page shares: the page header (title, pledge line, synthetic-data
warning, what-if comparison), the what-if block and the CSV/XLSX download buttons."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics.engine import Figures
from metrics.formatting import date_ko
from metrics.rates import format_percent
from ui import store
from ui.export import to_csv_bytes, to_xlsx_bytes
from ui.presenters.common import header_line, one, synthetic_note, whatif_comparison
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
    st.caption(header_line(p, date_ko(v.as_of), v.year, format_percent(p["rate"], v.policy)))
    note = synthetic_note(store.table("record_provenance", city=v.city, pledge_id=v.pledge_id), bool(p["synthetic"]))
    if note:
        st.warning(note, icon=":material/science:")
    whatif_block(v, official)


def whatif_block(v: View, official: Figures) -> Figures | None:
    """When the planner has what-if targets: the what-if figures beside the official ones."""
    alt = store.whatif_figures(v)
    if alt is None:
        return None
    with st.container(border=True, key="whatif_block"):
        st.markdown("**가정 목표(기획) 적용 시 — 공식 수치와 비교**")
        st.dataframe(whatif_comparison(official.pledges, official.indicators, alt.pledges, alt.indicators,
                                       v.city, v.pledge_id, v.policy), hide_index=True)
        st.caption("가정 목표는 저장 전까지 공식 수치에 반영되지 않습니다 (사이드바 '목표 조정'에서 저장).")
    return alt


def downloads(frame: pd.DataFrame, name: str, key: str) -> None:
    """CSV and XLSX download buttons for a table (Korean headers as shown)."""
    left, right = st.columns(2)
    left.download_button("CSV 내려받기", to_csv_bytes(frame), file_name=f"{name}.csv", mime="text/csv",
                         key=f"csv_{key}", on_click="ignore", icon=":material/download:")
    right.download_button("XLSX 내려받기", to_xlsx_bytes(frame, name), file_name=f"{name}.xlsx", mime=XLSX_MIME,
                          key=f"xlsx_{key}", on_click="ignore", icon=":material/download:")
