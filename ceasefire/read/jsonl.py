"""JSON Lines dumps: one article per line (id, title, text or html, url, source, published).

Lines end at "\\n" alone (U+2028, U+2029 and U+0085 are characters of a JSON string, not line
ends), and each line is decoded, parsed and checked on its own: one bad record is one
Failure naming its line, never the dump.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ceasefire.model import Failure, RawArticle
from ceasefire.read.decode import InputError, check_text, decode, decode_record, is_utf16, scrub
from ceasefire.read.limits import MAX_FIELD_CHARS, body_problem
from ceasefire.read.published import published_day

_STRING_FIELDS = ("id", "title", "text", "html", "url", "source", "published")
_BODY_FIELDS = ("text", "html")


def _lines(data: str | bytes) -> Iterator[tuple[int, str | bytes]]:
    if isinstance(data, bytes):
        yield from ((n, line) for n, line in enumerate(data.split(b"\n"), start=1) if line.strip())
    else:
        yield from ((n, line) for n, line in enumerate(data.split("\n"), start=1) if line.strip())


def _parse(line: str | bytes) -> Any:
    text = decode_record(line) if isinstance(line, bytes) else line
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"not valid JSON ({err.msg} at column {err.colno})") from err
    except RecursionError as err:
        raise InputError("JSON nested too deeply") from err
    except ValueError as err:  # a number of more digits than Python converts
        raise InputError(f"not readable JSON ({err})") from err


def _field(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if name == "id" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InputError(f"'{name}' must be a string, not {type(value).__name__}")
    value = scrub(value)
    problem = body_problem(name, value) if name in _BODY_FIELDS else None
    if name not in _BODY_FIELDS and len(value) > MAX_FIELD_CHARS:
        problem = f"'{name}' is {len(value):,} characters (the limit is {MAX_FIELD_CHARS:,})"
    if problem:
        raise InputError(problem)
    return value or None


def record_article(record: Any, where: str) -> RawArticle:
    """The RawArticle of one parsed record (a JSONL line, a CSV row, a posted article), checked
    for types, lengths and dates; InputError says what is wrong with it, naming the field."""
    if not isinstance(record, dict):
        raise InputError("a JSON object was expected")
    fields = {name: _field(record, name) for name in _STRING_FIELDS}
    if not fields["text"] and not fields["html"] and not fields["title"]:
        # a headline alone is news too: cleaning analyses it as the text
        raise InputError("no 'text', 'html' or 'title' field")
    if fields["published"]:
        fields["published"] = published_day(fields["published"])
    return RawArticle(origin=where, **fields)


def articles_from_jsonl(data: str | bytes, origin: str) -> Iterator[RawArticle | Failure]:
    """Each non-blank line is one article; a bad line is a Failure naming its line number."""
    try:
        if isinstance(data, bytes):
            check_text(data)  # an empty or binary file is one failure, not one per line
            if is_utf16(data):  # decided for the whole file, by its byte-order mark
                data = decode(data)
    except InputError as err:
        yield Failure(origin, str(err))
        return
    for number, line in _lines(data):
        where = f"{origin}:{number}"
        try:
            yield record_article(_parse(line), where)
        except InputError as err:
            yield Failure(where, str(err))
