"""Dictionary look-ups over a parsed Doc: named actors and role words.

Matching works on folded word pieces (see ceasefire.text), longest phrase first, at most
a few look-ups per token: a hyphen token may sit inside a phrase ("al - Nusra"), any
other punctuation ends one, and a phrase must end where a token ends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ceasefire.actors.tables import Agent, Entry, Tables
from ceasefire.resources import table
from ceasefire.text import name_key, name_pieces

#: Tokens a phrase may run across without a piece of their own (hyphens, and the
#: apostrophe of a plural possessive: "Kurdistan Workers' Party").
_JOINERS = {"-", "–", "‐", "'", "’"}
#: Entity labels that are never actor names ("May" the month is not Theresa May).
_NOT_NAMES = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
#: Longest role phrase looked for, in tokens ("army chief of staff" is rare enough).
AGENT_SPAN = 3


@dataclass(frozen=True)
class Match:
    """A dictionary phrase found in the Doc: tokens [start, end)."""

    start: int
    end: int
    entry: Entry


Flat = list[tuple[str, int, bool]]  # piece, token index, last piece of its token


def flatten(texts: list[str]) -> tuple[Flat, list[int]]:
    """Token texts as folded pieces, and where each token's first piece sits."""
    flat: Flat = []
    starts: list[int] = []
    for i, text in enumerate(texts):
        parts = name_pieces(text)
        if not parts:
            if text not in _JOINERS:
                flat.append(("", i, True))  # a barrier
            continue
        starts.append(len(flat))
        flat.extend((p, i, n == len(parts) - 1) for n, p in enumerate(parts))
    return flat, starts


def longest_matches(
    flat: Flat, starts: list[int], tables: Tables, accept: Callable[[int, int], bool]
) -> list[Match]:
    """Longest-first, non-overlapping dictionary matches, in text order; accept(start,
    end) vets the tokens of each candidate."""
    found: list[Match] = []
    next_free = 0
    for pos in starts:
        if pos < next_free:
            continue
        for size in range(min(tables.longest.get(flat[pos][0], 0), len(flat) - pos), 0, -1):
            first, last = flat[pos][1], flat[pos + size - 1]
            if not last[2]:
                continue
            entry = tables.actors.get(tuple(p for p, _, _ in flat[pos : pos + size]))
            if entry is not None and accept(first, last[1] + 1):
                found.append(Match(first, last[1] + 1, entry))
                next_free = pos + size
                break
    return found


def dictionary_matches(doc: Doc, tables: Tables) -> list[Match]:
    """The dictionary phrases of a Doc that are plausibly names."""
    flat, starts = flatten([t.text for t in doc])
    found = longest_matches(flat, starts, tables, lambda i, j: _plausible(doc[i:j]))
    return [
        Match(m.start, m.end, _as_place(doc[m.start], m.entry))
        for m in found
        if not _inside_other_name(doc, m)
    ]


def _inside_other_name(doc: Doc, match: Match) -> bool:
    """A person's name followed by more of the same tagged name is part of someone else's:
    "Hassan" in "Omar Hassan al-Bashir"; so is a surname after a given name the dictionary's
    person does not bear: "al-Assad" in "Ammar al-Assad" is not Bashar al-Assad."""
    if (
        match.entry.kind == "person"
        and match.end < len(doc)
        and doc[match.end].ent_iob_ == "I"
        and doc[match.end].ent_type_ == "PERSON"
    ):
        return True
    return _other_given_name(doc, match)


def _other_given_name(doc: Doc, match: Match) -> bool:
    """Whether the tagged name a match ends goes on before it with a given name (lexicon
    ``given_names``) whose initial no given name of the entry has (spellings vary: Sergei and
    Sergey Lavrov are one)."""
    if match.start == 0 or doc[match.start].ent_iob_ != "I" or doc[match.start].ent_type_ != "PERSON":
        return False
    given = doc[match.start - 1]
    names = match.entry.name.split()[:-1]
    if not names or name_key(given.text) not in table("given_names"):
        return False
    return not any(name[:1].lower() == given.text[:1].lower() for name in names)


def _plausible(span: Span) -> bool:
    """Names are capitalised ("US", not "us"); one-word names must be name-like tokens."""
    tokens = list(span)
    if not any(t.text != t.text.lower() for t in tokens):
        return False
    if len(tokens) == 1:
        token = tokens[0]
        return token.ent_type_ not in _NOT_NAMES and token.pos_ in ("PROPN", "ADJ", "NOUN")
    return True


def _as_place(first: Token, entry: Entry) -> Entry:
    """An organisation entry with no sector that the tagger calls a place ("Gaza") is one."""
    named_place = first.ent_type_ in ("GPE", "LOC")
    if entry.kind in ("organization", "group") and entry.sector is None and named_place:
        return Entry(entry.name, entry.code, "place", entry.country, None)
    return entry


def agent_at(words: Sequence[tuple[str, ...]], head: int, tables: Tables, taken: set[int]) -> Agent | None:
    """The longest role phrase ending at token `head` ("foreign minister", "rebels");
    `words` holds each token's folded pieces."""
    for size in range(AGENT_SPAN, 0, -1):
        start = head - size + 1
        if start < 0 or any(i in taken for i in range(start, head + 1)):
            continue
        key: tuple[str, ...] = ()
        for word in words[start : head + 1]:
            key += word
        agent = tables.agents.get(key)
        if agent is not None:
            return agent
    return None
