"""Name keys: how a toponym is folded before it meets the gazetteer.

The build script and the runtime lookups share these functions, so a name in the text
and a name in GeoNames fold to the same key ("I‘zāz", "Izaz" and "A'zaz" all meet).
"""

from __future__ import annotations

import re
import unicodedata

from ceasefire.text import fold_letters

_SEPARATORS = re.compile(r"[^0-9a-z]+")

#: The Arabic article as transliterations write it, assimilated forms included
#: ("Ar Raqqah", "As Suwayda", "Ad Dana"); texts often drop it ("Raqqa", "Hasakah").
ARABIC_ARTICLES = ("al", "el", "ar", "as", "ad", "az", "at", "an", "ash", "adh", "ath", "ul")

# Loose key: spelling variation of Arabic transliteration that English news shows
# (Lattakia/Latakia, Tartous/Tartus, Hasakeh/Hasakah, Deir ezzor/Deir ez-Zor).
_LOOSE_STEPS = (
    (re.compile(r"ou"), "u"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"(?<=[aeiou])h\b"), ""),
    (re.compile(r"e\b"), "a"),
    (re.compile(r" "), ""),
    (re.compile(r"(\w)\1+"), r"\1"),
)


def fold(name: str) -> str:
    """Lower-case ASCII key: diacritics, apostrophes and punctuation folded away."""
    return _SEPARATORS.sub(" ", fold_letters(name)).strip()


def strip_article(key: str) -> str | None:
    """A folded key without its leading Arabic article, or None when it has none."""
    head, _, rest = key.partition(" ")
    if rest and head in ARABIC_ARTICLES:
        return rest
    return None


def loose(key: str) -> str:
    """A looser key of a folded Arabic name: article dropped, vowels and doubling evened."""
    text = strip_article(key) or key
    for pattern, replacement in _LOOSE_STEPS:
        text = pattern.sub(replacement, text)
    return "~" + text  # its own namespace, so it never collides with a plain key


def is_latin(name: str) -> bool:
    """True when every letter of the name is Latin script."""
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in name)
