"""User-supplied text shown as text: what a department, an account or a card file wrote (card
titles, goals, progress logs, file names, logins, reasons, notes, names) never becomes Markdown
or HTML on a page — no remote image, no link, no tag.

    st.markdown(f"**공약:** {safe.md(card.title)}")      # every Markdown-rendering call
    st.error(safe.lines(prepared_lines))                   # one escaped line each, line breaks kept

`md` backslash-escapes every Markdown special and writes `<`, `>` and `&` as entities, so the
rendered page shows exactly the characters typed and the Markdown source holds no `![`, `[…](`
or raw `<tag`.
"""
from __future__ import annotations

import re

# The Markdown specials that make markup: emphasis, code, links and images, headings, tables,
# strike-through, Streamlit's `:color[…]` (by its bracket) and `$…$` math. Dots, dashes and colons
# stay as typed (a list marker at a line start is cosmetic, never a fetch).
_SPECIALS = re.compile(r"([\\`*_{}\[\]()#|~$!])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md(value) -> str:
    """`value` as Markdown source that renders as exactly its characters (None → '')."""
    if value is None:
        return ""
    text = str(value)
    text = "".join(_ENTITIES.get(ch, ch) for ch in text) if any(ch in text for ch in "&<>") else text
    return _SPECIALS.sub(r"\\\1", text)


def lines(values) -> str:
    """Several user-derived lines, each escaped, as one Markdown block (hard line breaks)."""
    return "  \n".join(md(v) for v in values)


def bullets(values) -> str:
    """Several user-derived lines as a Markdown list, each item escaped."""
    return "\n".join(f"- {md(v)}" for v in values)
