"""The printable card's download buttons (PDF, HWPX, XLSX through publish/), on the staff card
page and the public card. Each file is made on its first click (a deferred download) and cached
per data version in ui.store; the file names are publish.file_name's Korean ones
(공약관리카드_나주시_6-1-1_2024-05-31.pdf)."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from metrics.rates import RatePolicy
from publish import FORMATS, file_name
from publish.model import CardDocument
from ui import store

LABELS = {"pdf": "PDF", "hwpx": "한글(HWPX)", "xlsx": "엑셀(XLSX)"}
MIMES = {"pdf": "application/pdf", "hwpx": "application/hwp+zip",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
ICONS = {"pdf": ":material/picture_as_pdf:", "hwpx": ":material/article:", "xlsx": ":material/table_view:"}


def card_downloads(card: CardDocument, as_of: dt.date, city: str, pledge_id: str, policy: RatePolicy,
                   formats: tuple[str, ...] = FORMATS, key: str = "card_file") -> None:
    """One download button per format: '공약 카드 PDF 내려받기' …"""
    columns = st.columns(len(formats))
    for column, fmt in zip(columns, formats):
        column.download_button(f"공약 카드 {LABELS[fmt]} 내려받기", store.card_file(as_of, city, pledge_id, policy, fmt),
                               file_name=file_name(card, fmt), mime=MIMES[fmt], key=f"{key}_{fmt}",
                               on_click="ignore", icon=ICONS[fmt], width="stretch")
