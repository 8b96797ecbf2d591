"""Turn raw bytes into text, or say clearly why they are not text."""

from __future__ import annotations

import re

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# A surrogate left alone by a JSON "\ud800" escape (a pair is joined into one character when
# parsed): no encoding can write it, so the store and the console would fail on it later.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class InputError(ValueError):
    """An input that cannot be read as an article; the message says why."""


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


def is_utf16(data: bytes) -> bool:
    return data.startswith(_UTF16_BOMS)


def check_text(data: bytes) -> None:
    """InputError for bytes that hold no text at all: empty, or binary."""
    if not data.strip():
        raise InputError("empty")
    if not is_utf16(data) and _looks_binary(data):
        raise InputError("binary, not text")


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), falling back to Windows-1252 for legacy files.

    Raises InputError for empty, binary or undecodable input.
    """
    check_text(data)
    if is_utf16(data):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError("undecodable UTF-16") from err
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Legacy Western encodings: cp1252 decodes nearly everything, so only accept it when
    # the result is mostly letters and spaces rather than stray symbols.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise InputError("not UTF-8 and not Windows-1252 text") from err
    letters = sum(1 for ch in text if ch.isalpha() or ch.isspace())
    if letters < len(text) * 0.8:
        raise InputError("not UTF-8 text, and does not look like text in a legacy encoding")
    return text


def decode_record(data: bytes) -> str:
    """One record of a dump (a JSON line): UTF-8, else Windows-1252, decided for this record
    alone, so that one legacy record neither rejects nor garbles the others. The record's own
    syntax (JSON) is the check that the guess was text."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise InputError("not UTF-8 and not Windows-1252 text") from err


def scrub(text: str) -> str:
    """Text every later stage (and every store) can hold: NUL removed (PostgreSQL refuses it in
    text), lone surrogates replaced by U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text.replace("\x00", ""))


def display_name(name: str) -> str:
    """A file name as a message and the store can carry it: bytes that are not UTF-8 (kept as
    surrogate escapes by the OS layer) are shown as \\xNN."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no OS layer made: not bytes of a name
        return scrub(name)
