"""Text every stage shares: folding to match keys, and the Doc's text and tokens built once.

Folding is the base of every match key: a name in the text and a name in a table must fold
alike, so the runtime, the evaluation and the scripts that build the tables use these
functions alone. A name's key (`name_key`) is the same for actors and places: lower case, no
diacritics ("Erdoğan" == "Erdogan", "I‘zāz" == "Izaz"), periods and apostrophes dropped inside
words ("U.S." == "US", "Dara'a" == "Daraa"), any other punctuation a word break.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ceasefire.resources import words

if TYPE_CHECKING:
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


_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=65536)
def name_pieces(text: str) -> tuple[str, ...]:
    """The folded word pieces of a token or a name: "U.S.-backed" gives ("us", "backed")."""
    return tuple(_WORD.findall(fold_letters(text).replace(".", "")))


def name_key(text: str) -> str:
    """A name's match key, as the actor and place tables store it: its pieces joined by spaces."""
    return " ".join(name_pieces(text))


def strip_article(key: str) -> str | None:
    """A name key without its leading Arabic article ("al", "ash", ...), or None when it has none.

    Transliterations write the article assimilated ("Ar Raqqah", "As Suwayda", "Ad Dana") and
    texts often drop it ("Raqqa", "Hasakah")."""
    head, _, rest = key.partition(" ")
    if rest and head in words("arabic_articles"):
        return rest
    return None


# Loose key: spelling variation of Arabic transliteration that English news shows
# (Lattakia/Latakia, Tartous/Tartus, Hasakeh/Hasakah, Deir Ezzor/Deir Az-Zour, Khan
# Sheikhoun/Khan Shaykhun, Maarat al-Numan/Ma'arrat an Nu'man): articles inside the name
# dropped, then the consonant skeleton (the first letter kept, later vowels and the glides
# y/w dropped, doubling evened). A skeleton this short meets too many unrelated words
# ("Syrian" and Sayyan): short names keep their vowels, only evened.
_LOOSE_STEPS = (
    (re.compile(r"ou"), "u"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"(?<=[aeiou])h\b"), ""),
    (re.compile(r"e\b"), "a"),
    (re.compile(r" "), ""),
    (re.compile(r"(\w)\1+"), r"\1"),
)
_LOOSE_FINAL_H = re.compile(r"(?<=[aeiou])h\b")  # Hasakeh/Hasaka, Raqqah/Raqqa
_LOOSE_VOWELS = re.compile(r"(?<=\w)[aeiouyw]")
_LOOSE_DOUBLE = re.compile(r"(\w)\1+")
_SKELETON_MIN = 4


def loose_key(key: str) -> str:
    """A looser key of a place's name key: articles dropped, vowels and doubling evened."""
    articles = words("arabic_articles")
    pieces = [piece for piece in _LOOSE_FINAL_H.sub("", key).split() if piece not in articles]
    skeleton = _LOOSE_DOUBLE.sub(r"\1", _LOOSE_VOWELS.sub("", "".join(pieces or key.split())))
    if len(skeleton) >= _SKELETON_MIN:
        return "~" + skeleton  # its own namespace, so it never collides with a plain key
    text = strip_article(key) or key
    for pattern, replacement in _LOOSE_STEPS:
        text = pattern.sub(replacement, text)
    return "~" + text


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


@cache
def _post_byline() -> re.Pattern[str]:
    """The byline that closes an embedded post, up to its date: the link, a dash, the name and
    the handle in brackets ("pic.twitter.com/abc — OCHA Syria (@OCHASyria) June 10, 2016")."""
    links = "|".join(re.escape(link) for link in words("embedded_post_links"))
    return re.compile(rf"(?:{links})/?\S*\s+[—–-]?\s*[^()\n]{{1,60}}?\(@?\w{{1,20}}\)\s+")


def embedded_posts(doc: Doc) -> list[tuple[int, int]]:
    """Where each post embedded in a scraped page lies: from the start of the sentence that
    holds its link (of the one before, when the link opens its sentence) to the end of its
    byline, where the post's own date begins. A post is told at its own time: its "last night"
    is the night before that date, and its times date nothing outside it."""
    text, posts = doc_text(doc), []
    for m in _post_byline().finditer(text):
        span = doc.char_span(m.start(), m.start() + 1, alignment_mode="expand")
        if span is None:
            continue
        sent = span.sent
        if not text[sent.start_char : m.start()].strip() and sent.start > 0:
            sent = doc[sent.start - 1].sent
        posts.append((sent.start_char, m.end()))
    return posts


def release(doc: Doc) -> None:
    """Drop what doc_text and doc_tokens kept: the token list refers back to its Doc, a cycle
    that would keep every parsed Doc in memory until the garbage collector runs."""
    doc.user_data.pop("ceasefire.text", None)
    doc.user_data.pop("ceasefire.tokens", None)


@cache
def _phrase_index(phrases: frozenset[str] | tuple[str, ...]) -> dict[str, list[list[str]]]:
    """Phrases by their first word, built once per lexicon."""
    by_first: dict[str, list[list[str]]] = {}
    for phrase in phrases:
        parts = phrase.split()
        by_first.setdefault(parts[0], []).append(parts)
    return by_first


def phrases_in(tokens: Sequence[Token], phrases: Iterable[str]) -> list[tuple[str, Token]]:
    """Each phrase (space-separated words in lower case, each matching a token's lemma or its
    lower-cased text: "air strike" finds "air strikes") found in these consecutive tokens, with
    its first token, in text order."""
    by_first = _phrase_index(phrases if isinstance(phrases, frozenset | tuple) else tuple(phrases))
    found = []
    forms = [(tok.lemma_.lower(), tok.lower_) for tok in tokens]
    for i, tok in enumerate(tokens):
        for parts in {id(p): p for form in forms[i] for p in by_first.get(form, ())}.values():
            rest = forms[i + 1 : i + len(parts)]
            if len(rest) == len(parts) - 1 and all(w in f for w, f in zip(parts[1:], rest, strict=True)):
                found.append((" ".join(parts), tok))
    return found
