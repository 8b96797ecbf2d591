"""Plain-text articles: a lone first line is the title."""

from __future__ import annotations

from ceasefire.model import RawArticle

#: A first line longer than this is a paragraph, not a title.
MAX_TITLE_CHARS = 200


def article_from_text(text: str, origin: str) -> RawArticle:
    """A RawArticle from a .txt body; the first line is the title when a blank line follows it."""
    lines = text.lstrip("\ufeff\n\r ").splitlines()
    title = None
    if len(lines) > 2 and lines[0].strip() and not lines[1].strip():
        first = lines[0].strip()
        if len(first) <= MAX_TITLE_CHARS and not first.endswith((".", '"', "”")):
            title = first
            lines = lines[2:]
    return RawArticle(origin=origin, text="\n".join(lines), title=title)
