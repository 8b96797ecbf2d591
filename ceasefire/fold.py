"""Folding text to plain lower-case ASCII letters, the base of every match key.

Actor keys (ceasefire.actors.fold) and place keys (ceasefire.geo.names) build on it, and so
do the scripts that build their tables: a name in the text and a name in a table must fold
alike ("Erdoğan" == "Erdogan", "I‘zāz" == "Izaz").
"""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not decompose into an ASCII base letter plus a mark.
_LETTERS = str.maketrans(
    {"ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th", "ð": "d", "ħ": "h"}
)
# Apostrophes and the ʿayn/hamza marks of Arabic transliteration carry no letter.
MARKS = re.compile(r"[\u0027\u0060\u00b4\u02b9-\u02bf\u02bb\u2018\u2019\u201b\u2032]")


def fold_letters(text: str) -> str:
    """Lower case, diacritics and apostrophe-like marks removed; other characters kept."""
    text = MARKS.sub("", text.lower()).translate(_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
