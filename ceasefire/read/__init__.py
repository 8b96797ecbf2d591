"""Readers: one module per input format; each yields RawArticle records or Failures."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ceasefire.model import Failure, RawArticle
from ceasefire.read.decode import InputError, decode
from ceasefire.read.feed import articles_from_feed
from ceasefire.read.jsonl import articles_from_jsonl
from ceasefire.read.table import articles_from_csv, parse_column_map
from ceasefire.read.text import article_from_text

__all__ = ["InputError", "articles_from_jsonl", "parse_column_map", "read_paths", "read_source"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
TEXT_SUFFIXES = {".txt", ".text", ""}
#: A single article above this size is refused: no news article is this long, and parsing
#: it would stall a run. Dumps (CSV, JSONL, feeds) hold many articles and may be larger.
MAX_ARTICLE_BYTES = 20 * 1024 * 1024
DUMP_SUFFIXES = JSONL_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES
#: What a directory walk picks up; other files (images, archives) are skipped silently.
READABLE_SUFFIXES = HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES | TEXT_SUFFIXES


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def _looks_like_feed(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith("<?xml") and ("<rss" in head or "<feed" in head)


def read_source(
    data: bytes, origin: str, suffix: str = "", column_map: Mapping[str, str] | None = None
) -> Iterator[RawArticle | Failure]:
    """Articles from the bytes of one input; `suffix` (".txt", ".html", ...) picks the format."""
    if suffix not in DUMP_SUFFIXES and len(data) > MAX_ARTICLE_BYTES:
        limit = MAX_ARTICLE_BYTES // 2**20
        size = len(data) / 2**20
        yield Failure(origin, f"too large for one article ({size:.0f} MiB; the limit is {limit} MiB)")
        return
    try:
        text = decode(data)
    except InputError as err:
        yield Failure(origin, str(err))
        return
    if suffix in JSONL_SUFFIXES:
        yield from articles_from_jsonl(text, origin)
    elif suffix in CSV_SUFFIXES:
        yield from articles_from_csv(text, origin, column_map)
    elif suffix in FEED_SUFFIXES or _looks_like_feed(text):
        yield from articles_from_feed(text, origin)
    elif suffix in HTML_SUFFIXES or _looks_like_html(text):
        yield RawArticle(origin=origin, html=text)
    else:
        yield article_from_text(text, origin)


def expand_paths(paths: Iterable[str], recursive: bool = False) -> Iterator[str]:
    """Each name as given, or with `recursive` the readable files under a directory, sorted."""
    for name in paths:
        path = Path(name)
        if recursive and path.is_dir():
            found = (p for p in sorted(path.rglob("*")) if p.is_file())
            yield from (str(p) for p in found if p.suffix.lower() in READABLE_SUFFIXES)
        else:
            yield name


def read_paths(
    paths: Iterable[str], column_map: Mapping[str, str] | None = None, recursive: bool = False
) -> Iterator[RawArticle | Failure]:
    """Articles from files (or "-" for standard input), in the order given."""
    for name in expand_paths(paths, recursive):
        if name == "-":
            yield from read_source(sys.stdin.buffer.read(), "<stdin>", column_map=column_map)
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
        yield from read_source(data, name, path.suffix.lower(), column_map)
