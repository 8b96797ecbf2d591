"""Text every stage shares: folding to match keys, and the Doc's text and tokens built once.

Folding is the base of every match key: a name in the text and a name in a table must fold
alike ("Erdoğan" == "Erdogan", "I‘zāz" == "Izaz"), so the runtime and the scripts that build
the tables use these functions alone.
"""

from __future__ import annotations

import re
import unicodedata

from spacy.tokens import Doc, Token

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


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once: `Doc.text` joins every token again on each access."""
    text: str = doc.user_data.get("ceasefire.text") or doc.user_data.setdefault("ceasefire.text", doc.text)
    return text


def doc_tokens(doc: Doc) -> list[Token]:
    """The Doc's tokens as one list, built once: `doc[i]` and iteration make a new Token each time."""
    tokens: list[Token] = doc.user_data.get("ceasefire.tokens") or doc.user_data.setdefault(
        "ceasefire.tokens", list(doc)
    )
    return tokens


def release(doc: Doc) -> None:
    """Drop what doc_text and doc_tokens kept: the token list refers back to its Doc, a cycle
    that would keep every parsed Doc in memory until the garbage collector runs."""
    doc.user_data.pop("ceasefire.text", None)
    doc.user_data.pop("ceasefire.tokens", None)
