"""JSON Lines dumps: one article per line (id, title, text or html, url, source, published)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ceasefire.model import Failure, RawArticle

_STRING_FIELDS = ("id", "title", "text", "html", "url", "source", "published")


def articles_from_jsonl(text: str, origin: str) -> Iterator[RawArticle | Failure]:
    """Each non-blank line is one article; a bad line is a Failure naming its line number."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Failure(where, f"not valid JSON ({err.msg} at column {err.colno})")
            continue
        if not isinstance(record, dict):
            yield Failure(where, "a JSON object was expected")
            continue
        fields = {
            name: (str(record[name]) if record.get(name) is not None else None) for name in _STRING_FIELDS
        }
        if not fields["text"] and not fields["html"]:
            yield Failure(where, "no 'text' or 'html' field")
            continue
        yield RawArticle(origin=where, **fields)
