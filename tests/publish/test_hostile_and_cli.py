"""Hostile card texts stay text; the `card` command writes each format and refuses in one Korean
line (exit 2); a city's pledge book lists every card."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from metrics.__main__ import main
from publish.source import load_card, load_cards
from publish.xlsx import card_xlsx, put_text
from tests.publish.conftest import AS_OF

HOSTILE = '=HYPERLINK("http://x")'


@pytest.mark.parametrize("text", [HOSTILE, "+1+2", "-3+4", "@SUM(A1)", "=1+1", "\t=2"])
def test_put_text_never_writes_a_formula(text):
    ws = Workbook().active
    cell = put_text(ws, 1, 1, text)
    assert cell.data_type == "s" and cell.value == text and cell.quotePrefix


def test_hostile_title_and_text_end_up_as_text(write_con):
    write_con.execute("UPDATE pledges SET title = ? WHERE pledge_id = '6-1-1'", [HOSTILE])
    write_con.execute("UPDATE pledge_texts SET text = ? WHERE pledge_id = '6-1-1' AND block = 'effect' AND ord = 0",
                      ["+cmd|' /C calc'!A0"])
    card = load_card(write_con, AS_OF, "naju", "6-1-1")
    ws = load_workbook(io.BytesIO(card_xlsx(card))).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    hostile = [c for c in cells if HOSTILE in str(c.value)]
    assert hostile and all(c.data_type == "s" for c in hostile)
    assert any(c.value == HOSTILE and c.quotePrefix for c in hostile)   # the card's 공약 line holds it alone


@pytest.mark.parametrize("fmt,magic", [("pdf", b"%PDF"), ("hwpx", b"PK"), ("xlsx", b"PK")])
def test_card_command_writes_each_format(built_db, tmp_path, fmt, magic, capsys):
    out = tmp_path / f"card.{fmt}"
    code = main(["card", "6-1-1", "--as-of", "2024-05-31", "--format", fmt, "--out", str(out),
                 "--city", "naju", "--db", str(built_db), "--rounding", "cut"])
    assert code == 0, capsys.readouterr().err
    assert out.read_bytes()[:len(magic)] == magic
    assert "만들었습니다" in capsys.readouterr().out


@pytest.mark.parametrize("args,words", [
    (["card", "9-9-9", "--as-of", "2024-05-31"], "찾을 수 없습니다"),
    (["card", "6-1-1", "--as-of", "2024-13-01"], "날짜 형식"),
    (["card", "--book", "--format", "xlsx"], "PDF로만"),
    (["card", "--as-of", "2024-05-31"], "공약 번호를 입력하세요"),
    (["card", "6-1-1", "--format", "doc"], "명령 인자 오류"),
])
def test_card_command_refuses_in_one_korean_line(built_db, tmp_path, capsys, args, words):
    code = main([*args, "--db", str(built_db), "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and words in err and len(err.splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_book_lists_every_card_with_its_page(write_con, built_db, tmp_path, capsys):
    import pdfplumber

    write_con.execute("INSERT INTO pledges SELECT * REPLACE ('6-1-2' AS pledge_id, '두 번째 공약' AS title, 2 AS item_no) "
                      "FROM pledges WHERE pledge_id = '6-1-1'")
    cards = load_cards(write_con, AS_OF, "naju")
    assert [c.pledge_id for c in cards] == ["6-1-1", "6-1-2"]
    from publish import render_book
    with pdfplumber.open(io.BytesIO(render_book(cards))) as pdf:
        cover = pdf.pages[0].extract_text()
        text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "6-1-1 출산 전·후 지원 돌봄서비스 제공 정상추진 64.85 2" in cover
    assert "6-1-2 두 번째 공약" in cover
    assert "6-1-2 두 번째 공약" in text and "64.85" in text

    out = tmp_path / "book.pdf"
    assert main(["card", "--book", "--as-of", "2024-05-31", "--db", str(built_db), "--out", str(out)]) == 0
    assert out.read_bytes()[:4] == b"%PDF"
