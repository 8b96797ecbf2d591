"""Where and when an event happened: the place and time attached to its trigger or clause."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from ceasefire.events.tokens import TokenIndex
from ceasefire.model import TimeExpression

# Prepositions that locate an event ("in Azaz", "near the border", "at the airport").
_LOCATIVE = frozenset({"in", "at", "near", "on", "outside", "inside", "across", "around",
                       "into", "throughout", "within", "along", "off", "from", "to", "towards",
                       "through", "over", "downtown"})
# Prepositions that say where something happened even when the parse hangs them elsewhere.
_WHERE = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "throughout",
                    "within", "along", "through", "over", "downtown", "into", "of"})
# Words between such a preposition and the name: "in the northeast Nigerian city of Damaturu".
_LEAD_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "ADV", "PUNCT"})
# A place adjective only qualifies a noun ("the Turkish border", "a Syrian airfield"); a place
# noun before a locative head locates it ("in Babel province", "at Bethlehem's church").
_QUALIFIER = frozenset({"amod"})
# The patient of a material act is where it happened ("shelled Aleppo", "Kisangani was taken").
_PATIENT = frozenset({"dobj", "nsubjpass"})
# Crossing these on the way up to the sentence root leaves the main clause.
_CLAUSE = frozenset({"relcl", "ccomp", "advcl", "acl", "parataxis", "xcomp", "csubj"})
_DIRECTIONS = frozenset({"from", "to"})
_SPECIFIC = {"city": 0, "other": 1, "admin1": 2, "country": 3}
_PARAGRAPH = re.compile(r"\n\s*\n")


def _qualifies(index: TokenIndex, place: Token) -> bool:
    """Does the place only qualify a word: an adjective ("the Turkish border") or a name's
    part of an actor ("U.S. forces", "Syrian army")?"""
    return place.dep_ in _QUALIFIER or (
        place.dep_ in ("compound", "nmod") and index.actor[place.head.i] is not None)


def _locates(index: TokenIndex, place: Token, scope: Token, main_clause_only: bool,
             patient: bool) -> int | None:
    """Tree distance from scope down to place when a locative preposition links them (or,
    with ``patient``, when the place is the scope's object)."""
    if _qualifies(index, place):
        return None
    # A place that modifies the object names whose it is, not where: "a US soldier was killed".
    patient = patient and place.dep_ not in ("compound", "poss", "nmod")
    tok, steps, locative = place, 0, False
    while tok.i != scope.i:
        if tok.head.i == tok.i or (main_clause_only and tok.dep_ in _CLAUSE):
            return None
        # "from" and "to" locate only the event's own motion ("fired from Gaza"), not a
        # participant's origin ("refugees from southern Sudan demonstrated").
        locative = locative or (tok.dep_ == "prep" and tok.lower_ in _LOCATIVE and (
            tok.lower_ not in _DIRECTIONS or tok.head.i == scope.i)) or (
            patient and tok.dep_ in _PATIENT and tok.head.i == scope.i)
        tok, steps = tok.head, steps + 1
    return steps if locative else None


def attached_place(index: TokenIndex, sent: Span, scopes: list[Token], patient: bool) -> \
        str | None:
    """The most specific place attached to the first scope that has one; ``patient``: the
    event is a material act, so its object may be the place."""
    roots = [index.doc[i] for i in index.place_roots if sent.start <= i < sent.end]
    for k, scope in enumerate(scopes):
        ranked = []
        for root in roots:
            steps = _locates(index, root, scope, k == len(scopes) - 1, patient)
            if steps is not None:
                place = index.places[index.place_roots[root.i]]
                # a name the gazetteer lacks is a village or quarter: the most specific
                specific = -1 if place.geonames_id is None else _SPECIFIC[place.feature]
                ranked.append((specific, steps, place.id))
        if ranked:
            return min(ranked)[2]
    return None


def _located(index: TokenIndex, first: int) -> bool:
    """Does a locative preposition open the phrase that ends in the name at token ``first``?
    ("in Donetsk", "in the northeast Nigerian city of Damaturu"; "of" only after a place
    noun, which the walk passes over.)"""
    doc = index.doc
    for i in range(first - 1, max(-1, first - 7), -1):
        tok = doc[i]
        if tok.lower_ in _WHERE and tok.pos_ in ("ADP", "ADV", "ADJ", "NOUN"):
            return tok.lower_ != "of" or (i > 0 and doc[i - 1].pos_ == "NOUN")
        if tok.pos_ not in _LEAD_POS or index.actor[i] is not None or index.place[i] is not None:
            return False
    return False


def sentence_place(index: TokenIndex, sent: Span, trigger: Token) -> str | None:
    """The place nearest the trigger among those its sentence names after a locative ("in
    Ramadi"), for when the parse links none to the event: the small parser often hangs a
    locative phrase on the wrong word, but a sentence that reports an event and says "in X"
    nearly always says where that event happened."""
    ranked = []
    for i, pid in index.place_roots.items():
        if not sent.start <= i < sent.end or _qualifies(index, index.doc[i]):
            continue
        first = i
        while first > sent.start and index.place[first - 1] == pid:
            first -= 1
        if _located(index, first):
            ranked.append((abs(i - trigger.i), pid))
    return min(ranked)[1] if ranked else None


def attached_date(index: TokenIndex, times: list[TimeExpression],
                  scopes: list[tuple[int, int]]) -> str | None:
    """The first resolved time in the trigger's phrase, then its clause, then its sentence
    (scopes are token ranges: indices, not Token objects, keep this loop cheap)."""
    for start, end in scopes:
        for i in range(start, end):
            k = index.time[i]
            if k is not None and times[k].value is not None:
                return times[k].value
    return None


class Neighbourhood:
    """Sentences and paragraphs of a doc, for places taken from the context."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.sents = list(doc.sents)
        self.starts = [s.start for s in self.sents]
        breaks = [m.start() for m in _PARAGRAPH.finditer(text)]
        self.paragraph = [bisect.bisect(breaks, s.start_char) for s in self.sents]

        self._countries: dict[int, set[str]] = {}

    def countries(self, index: TokenIndex, k: int) -> set[str]:
        """Countries named in sentence k (cached: several events share a sentence)."""
        if k not in self._countries:
            self._countries[k] = index.countries_in(self.sents[k])
        return self._countries[k]

    def around(self, k: int) -> Iterator[tuple[int, bool]]:
        """Sentence numbers of the same paragraph (nearest first, flagged True), then of up to
        two sentences either side in other paragraphs."""
        n, paragraph = len(self.sents), self.paragraph[k]
        first, last = k, k
        while first > 0 and self.paragraph[first - 1] == paragraph:
            first -= 1
        while last < n - 1 and self.paragraph[last + 1] == paragraph:
            last += 1
        same = sorted(range(first, last + 1), key=lambda j: abs(j - k))[1:]
        yield from ((j, True) for j in same)
        yield from ((j, False) for j in (k - 1, k + 1, k - 2, k + 2)
                    if 0 <= j < n and not first <= j <= last)


def context_place(index: TokenIndex, around: Neighbourhood, k: int,
                  located: dict[int, list[str]]) -> str | None:
    """A city from the event's neighbourhood, if it fits the countries its sentence names.

    In the same paragraph any city named as a noun counts; from another paragraph only the
    place of an event there ("a bomb killed five in Azaz"), not a passing mention ("regions
    including Idlib"). A city in a country other than those the sentence names is someone
    else's ("the US attack on a Syrian airfield" is not in Astana).
    """
    named = around.countries(index, k)
    for j, same_paragraph in around.around(k):
        sent = around.sents[j]
        pool = [index.place_roots[i] for i in range(sent.start, sent.end)
                if i in index.place_roots and index.doc[i].dep_ != "amod"]
        for pid in pool if same_paragraph else located.get(j, []):
            place = index.places[pid]
            if place.feature == "city" and (not named or place.country in named):
                return pid
    return None
