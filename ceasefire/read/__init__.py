"""Readers: one module per input format; each yields RawArticle records or Failures.

Every reader is total: whatever the bytes, the name or the record, it yields records or a
Failure naming the input and the reason, within the limits of ceasefire.read.limits.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from ceasefire.model import Failure, RawArticle
from ceasefire.read.decode import InputError, decode, display_name, scrub
from ceasefire.read.feed import articles_from_feed, entry_date
from ceasefire.read.jsonl import articles_from_jsonl, record_article
from ceasefire.read.limits import (
    MAX_ANALYSED_CHARS,
    MAX_ARTICLE_BYTES,
    MAX_CLEAN_SECONDS,
    MAX_DUMP_BYTES,
    MiB,
    TimeLimit,
    body_problem,
    time_limit,
)
from ceasefire.read.table import articles_from_csv, parse_column_map
from ceasefire.read.text import article_from_text

__all__ = [
    "MAX_ANALYSED_CHARS",
    "MAX_CLEAN_SECONDS",
    "InputError",
    "TimeLimit",
    "articles_from_jsonl",
    "display_name",
    "entry_date",
    "expand_paths",
    "parse_column_map",
    "read_paths",
    "read_source",
    "record_article",
    "time_limit",
]

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
TEXT_SUFFIXES = {".txt", ".text", ""}
DUMP_SUFFIXES = JSONL_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES
#: What a directory walk picks up; other files (images, archives) are skipped silently.
READABLE_SUFFIXES = HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES | TEXT_SUFFIXES


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def _looks_like_feed(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith("<?xml") and ("<rss" in head or "<feed" in head)


def _size_limit(suffix: str) -> int:
    return MAX_DUMP_BYTES if suffix in DUMP_SUFFIXES else MAX_ARTICLE_BYTES


def _too_large(size: int, suffix: str) -> str:
    kind = "a dump" if suffix in DUMP_SUFFIXES else "one article"
    limit = _size_limit(suffix) // MiB
    return f"too large for {kind} ({size / MiB:.0f} MiB or more; the limit is {limit} MiB)"


def read_source(
    data: bytes, origin: str, suffix: str = "", column_map: Mapping[str, str] | None = None
) -> Iterator[RawArticle | Failure]:
    """Articles from the bytes of one input; `suffix` (".txt", ".html", ...) picks the format."""
    if len(data) > _size_limit(suffix):
        yield Failure(origin, _too_large(len(data), suffix))
        return
    if suffix in JSONL_SUFFIXES:
        yield from articles_from_jsonl(data, origin)  # decoded record by record
        return
    try:
        text = scrub(decode(data))
    except InputError as err:
        yield Failure(origin, str(err))
        return
    if suffix in CSV_SUFFIXES:
        yield from articles_from_csv(text, origin, column_map)
    elif suffix in FEED_SUFFIXES or _looks_like_feed(text):
        yield from articles_from_feed(text, origin)
    elif suffix in HTML_SUFFIXES or _looks_like_html(text):
        problem = body_problem("html", text)
        yield Failure(origin, problem) if problem else RawArticle(origin=origin, html=text)
    else:
        problem = body_problem("text", text)
        yield Failure(origin, problem) if problem else article_from_text(text, origin)


def _inside(path: str, root: str) -> bool:
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _walk(top: str) -> Iterator[str | Failure]:
    """The readable files under `top`, sorted by path, after a Failure for each folder that
    cannot be listed and each link that leads out of `top` (never followed; nor are links to
    folders)."""
    root = os.path.realpath(top)
    unlisted: list[OSError] = []
    found: list[Path] = []
    for folder, _, files in os.walk(top, onerror=unlisted.append):
        for name in files:
            path = os.path.join(folder, name)
            if Path(name).suffix.lower() not in READABLE_SUFFIXES:
                continue
            if os.path.islink(path) and not _inside(path, root):
                yield Failure(display_name(path), "a link out of the folder being read (not followed)")
                continue
            found.append(Path(path))
    for err in unlisted:
        yield Failure(display_name(str(err.filename or top)), f"cannot list: {err.strerror or err}")
    yield from (str(path) for path in sorted(found))


def expand_paths(paths: Iterable[str], recursive: bool = False) -> Iterator[str | Failure]:
    """Each name as given, or with `recursive` the readable files under a directory, sorted."""
    for name in paths:
        if recursive and os.path.isdir(name):
            yield from _walk(name)
        else:
            yield name


def _read_bounded(stream: BinaryIO | int, limit: int) -> bytes:
    """At most limit + 1 bytes: enough to tell that an input is over the limit."""
    if isinstance(stream, int):
        chunks, left = [], limit + 1
        while left > 0 and (chunk := os.read(stream, min(left, 16 * MiB))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    return stream.read(limit + 1)


def _read_file(name: str, suffix: str) -> bytes | str:
    """The bytes of a regular file within the size limit, or why not. Opened without blocking
    and checked on the open descriptor: a FIFO, a device or a socket is refused before any
    read, and a file swapped for one after a check cannot slip through."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        return "is a directory (extract takes files; ingest takes directories)"
    except OSError as err:
        return err.strerror or str(err)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return "is a directory (extract takes files; ingest takes directories)"
        if not stat.S_ISREG(info.st_mode):
            return "not a regular file (a device, FIFO or socket): not read"
        limit = _size_limit(suffix)
        if info.st_size > limit:
            return _too_large(info.st_size, suffix)
        os.set_blocking(fd, True)
        data = _read_bounded(fd, limit)
        return _too_large(len(data), suffix) if len(data) > limit else data
    except OSError as err:
        return err.strerror or str(err)
    finally:
        os.close(fd)


def read_paths(
    paths: Iterable[str], column_map: Mapping[str, str] | None = None, recursive: bool = False
) -> Iterator[RawArticle | Failure]:
    """Articles from files (or "-" for standard input), in the order given."""
    for name in expand_paths(paths, recursive):
        if isinstance(name, Failure):
            yield name
            continue
        if name == "-":
            data = _read_bounded(sys.stdin.buffer, MAX_DUMP_BYTES)
            yield from read_source(data, "<stdin>", column_map=column_map)
            continue
        origin = display_name(name)
        suffix = Path(name).suffix.lower()
        read = _read_file(name, suffix)
        if isinstance(read, str):
            yield Failure(origin, read)
            continue
        yield from read_source(read, origin, suffix, column_map)
