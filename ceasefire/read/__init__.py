"""Readers: one module per input format; each yields RawArticle records or Failures."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ceasefire.model import Failure, RawArticle
from ceasefire.read.decode import InputError, decode
from ceasefire.read.jsonl import articles_from_jsonl
from ceasefire.read.text import article_from_text

__all__ = ["InputError", "read_paths", "read_source"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def read_source(data: bytes, origin: str, suffix: str = "") -> Iterator[RawArticle | Failure]:
    """Articles from the bytes of one input; `suffix` (".txt", ".html", ...) picks the format."""
    try:
        text = decode(data)
    except InputError as err:
        yield Failure(origin, str(err))
        return
    if suffix in JSONL_SUFFIXES:
        yield from articles_from_jsonl(text, origin)
    elif suffix in HTML_SUFFIXES or _looks_like_html(text):
        yield RawArticle(origin=origin, html=text)
    else:
        yield article_from_text(text, origin)


def read_paths(paths: Iterable[str]) -> Iterator[RawArticle | Failure]:
    """Articles from files (or "-" for standard input), in the order given."""
    for name in paths:
        if name == "-":
            yield from read_source(sys.stdin.buffer.read(), "<stdin>")
            continue
        path = Path(name)
        try:
            data = path.read_bytes()
        except IsADirectoryError:
            yield Failure(name, "is a directory (extract takes files; ingest takes directories)")
            continue
        except OSError as err:
            yield Failure(name, err.strerror or str(err))
            continue
        yield from read_source(data, name, path.suffix.lower())
