"""Folding text into match keys, shared by the build script and the runtime.

Both sides must fold identically, so this is the one place that defines a key: lower
case, no diacritics ("Erdoğan" == "Erdogan"), periods and apostrophes dropped inside
words ("U.S." == "US", "Dara'a" == "Daraa"), any other punctuation a word break.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ceasefire.text import fold_letters

_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=65536)
def pieces(text: str) -> tuple[str, ...]:
    """The folded word pieces of a token or phrase."""
    return tuple(_WORD.findall(fold_letters(text).replace(".", "")))


def key(text: str) -> str:
    """A phrase's key as stored in the tables: its pieces joined by single spaces."""
    return " ".join(pieces(text))
