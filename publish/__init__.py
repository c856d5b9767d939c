"""The printable card (공약 관리카드) as PDF, HWPX and XLSX, and a city's pledge book (PDF).

A layer beside ui/: it imports metrics and data, never streamlit; the CLI (`python -m metrics
card`) and the card page call it. `load_card`/`load_cards` (publish.source) read the figures and
the card's texts; publish.model turns them into blocks; publish.pdf, publish.hwpx and
publish.xlsx draw the blocks.
"""
from __future__ import annotations

FORMATS = ("pdf", "hwpx", "xlsx")
