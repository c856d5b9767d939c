"""The printable card (공약 관리카드) as PDF, HWPX and XLSX, and a city's pledge book (PDF).

A layer beside ui/: it imports metrics and data, never streamlit; the CLI (`python -m metrics
card`) and the card page call it. `load_card`/`load_cards` (publish.source) read the figures and
the card's texts; publish.model turns them into blocks; publish.pdf, publish.hwpx and
publish.xlsx draw the blocks.
"""
from __future__ import annotations

FORMATS = ("pdf", "hwpx", "xlsx")


def render(card, fmt: str) -> bytes:
    """One card (publish.model.CardDocument) as 'pdf', 'hwpx' or 'xlsx' bytes."""
    if fmt == "pdf":
        from publish.pdf import card_pdf
        return card_pdf(card)
    if fmt == "hwpx":
        from publish.hwpxdoc import card_hwpx
        return card_hwpx(card)
    if fmt == "xlsx":
        from publish.xlsx import card_xlsx
        return card_xlsx(card)
    raise ValueError(f"unknown format: {fmt}")


def render_book(cards) -> bytes:
    """Every card of a city in one PDF, with a contents page."""
    from publish.pdf import book_pdf
    return book_pdf(cards)


def file_name(card, fmt: str) -> str:
    """The download's Korean file name: 공약관리카드_나주시_6-1-1_2024-05-31.pdf."""
    return f"공약관리카드_{card.city_name}_{card.pledge_id}_{card.as_of.isoformat()}.{fmt}"


def book_name(cards) -> str:
    """공약관리카드모음_나주시_2024-05-31.pdf."""
    first = cards[0]
    return f"공약관리카드모음_{first.city_name}_{first.as_of.isoformat()}.pdf"
