"""Turn raw bytes into text, or say clearly why they are not text."""

from __future__ import annotations


class InputError(ValueError):
    """An input that cannot be read as an article; the message says why."""


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), falling back to Windows-1252 for legacy files.

    Raises InputError for empty, binary or undecodable input.
    """
    if not data.strip():
        raise InputError("empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError("undecodable UTF-16") from err
    if _looks_binary(data):
        raise InputError("binary, not text")
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
