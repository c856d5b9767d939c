"""Cards of the seed pledge (naju 6-1-1) as of the printed card's date, in every format."""
from __future__ import annotations

import datetime as dt

import pytest

from publish.source import load_card

AS_OF = dt.date(2024, 5, 31)
FIGURES = ("64.85", "68.75", "60.95", "504", "83")


@pytest.fixture(scope="session")
def card(con):
    return load_card(con, AS_OF, "naju", "6-1-1")


@pytest.fixture(scope="session")
def pdf_bytes(card):
    from publish.pdf import card_pdf
    return card_pdf(card)


@pytest.fixture(scope="session")
def hwpx_bytes(card):
    from publish.hwpxdoc import card_hwpx
    return card_hwpx(card)


@pytest.fixture(scope="session")
def xlsx_bytes(card):
    from publish.xlsx import card_xlsx
    return card_xlsx(card)
