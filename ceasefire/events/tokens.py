"""Earlier stages' records seen from the parse: which token belongs to which record.

Records carry character offsets; events work on tokens. One pass over the mentions builds
per-token lookups, so later questions ("which actors are in this subtree?") cost O(tokens).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from ceasefire.model import Actor, ActorCode, ActorCoder, Mention, Place, Quote, TimeExpression
from ceasefire.resources import tagged, words

# Quotes whose words are the speaker's own: "we" and "I" in them are the speaker.
_OWN_WORDS = ("direct", "mixed")


def _span(doc: Doc, mention: Mention | TimeExpression) -> Span | None:
    return doc.char_span(mention.start, mention.end, alignment_mode="expand")


@dataclass
class TokenIndex:
    doc: Doc
    actor: list[str | None]  # token i -> Actor id
    place: list[str | None]  # token i -> Place id
    place_roots: dict[int, str]  # root token of each place mention -> Place id
    time: list[int | None]  # token i -> index into times
    speaker: list[str | None]  # token i -> speaker of the direct quote it is in
    places: dict[str, Place]
    countries: dict[str, str | None]  # Actor id -> its country code
    named: dict[tuple[str, str | None], str]  # (name, country) -> Actor id
    coder: ActorCoder  # the actor dictionaries, for role phrases no actor covers
    added: list[Actor] = field(default_factory=list)  # actors coded here, see coded()
    added_at: dict[int, str] = field(default_factory=dict)  # token i -> id of an actor coded here
    by_id: dict[str, Actor] = field(default_factory=dict)
    # token spans of person mentions, in text order: (first token, end token, Actor id)
    persons: list[tuple[int, int, str]] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        doc: Doc,
        actors: list[Actor],
        places: list[Place],
        times: list[TimeExpression],
        quotes: list[Quote],
        coder: ActorCoder,
    ) -> TokenIndex:
        n = len(doc)
        index = cls(
            doc,
            [None] * n,
            [None] * n,
            {},
            [None] * n,
            [None] * n,
            {p.id: p for p in places},
            {a.id: a.country for a in actors},
            {(a.name, a.country): a.id for a in actors},
            coder,
            by_id={a.id: a for a in actors},
        )
        for actor in actors:
            for mention in actor.mentions:
                span = _span(doc, mention)
                for tok in span or ():
                    index.actor[tok.i] = actor.id
                if span is not None and actor.kind == "person":
                    index.persons.append((span.start, span.end, actor.id))
        index.persons.sort()
        for place in places:
            if place.feature == "country" and place.country is None and not _water(place):
                continue  # a continent or a region ("the Mideast war") is no event's scene
            for mention in place.mentions:
                span = _span(doc, mention)
                if span is not None:
                    index.place_roots[span.root.i] = place.id
                    for tok in span:
                        index.place[tok.i] = place.id
        for k, time in enumerate(times):
            for tok in _span(doc, time) or ():
                index.time[tok.i] = k
        for quote in quotes:
            if quote.kind in _OWN_WORDS and quote.speaker:
                for tok in doc.char_span(quote.start, quote.end, alignment_mode="expand") or ():
                    index.speaker[tok.i] = quote.speaker
        return index

    def coded(self, head: Token, end: int | None = None, political: bool = False) -> str | None:
        """An actor for a role phrase the actor stage left uncoded: "a Syrian airfield" is
        Syria's. Only phrases with a capitalised word can name one, which keeps this cheap.
        ``end``: where the phrase ends, when not after its head. ``political``: the phrase
        may also name a political or armed side by its sector alone, in lower case ("a
        regime air strike", "rebel mortar fire")."""
        span = self.doc[head.left_edge.i : head.i + 1 if end is None else end]
        if not len(span) or not (political or any(t.is_title or t.is_upper for t in span)):
            return None
        code = self.coder(span.text)
        if code is None or (code.country is None and not (political and _political(code.sector))):
            return None
        return self._add(code, span)

    def _add(self, code: ActorCode, span: Span) -> str:
        """The id of the actor of this code, added with this mention when it is new."""
        key = (code.name, code.country)
        if key not in self.named:
            taken = {*self.countries, *(a.id for a in self.added)}
            number = len(taken) + 1
            while f"a{number}" in taken:
                number += 1
            self.named[key] = f"a{number}"
            self.countries[f"a{number}"] = code.country
            self.added.append(
                Actor(
                    f"a{number}",
                    code.name,
                    code.kind,
                    code.country,
                    code.sector,
                    [Mention(span.start_char, span.end_char, span.text)],
                    code.code,
                )
            )
        for tok in span:  # later roles over this phrase find it ("between X and Y")
            self.added_at.setdefault(tok.i, self.named[key])
        return self.named[key]

    def _country_actor(self, country: str) -> str | None:
        """The article's actor for this country as a state, if it has one."""
        return next(
            (
                a.id
                for a in (*self.by_id.values(), *self.added)
                if a.kind == "country" and a.country == country
            ),
            None,
        )

    def state_of(self, actor_id: str) -> str | None:
        """The state an actor belongs to, as an actor: the article's actor for its country, or
        the country named in the actor's own words ("Angry French workers": France)."""
        country = self.countries.get(actor_id)
        actor = self.by_id.get(actor_id)
        if country is None or actor is None:
            return None
        known = self._country_actor(country)
        for mention in actor.mentions if known is None else ():
            for tok in self.doc.char_span(mention.start, mention.end, alignment_mode="expand") or ():
                code = self.coder(tok.text) if tok.is_title else None
                if code is not None and code.country == country:
                    state = ActorCode(code.name, "country", country, None, country)
                    return self._add(state, self.doc[tok.i : tok.i + 1])
        return known

    def place_actor(self, place_id: str) -> str | None:
        """The state a place stands for as a recipient ("lifted the curfew in Montenegro",
        "arrived in Amman"): the article's actor for that country, or the place's own name
        coded as that country's, or the name of its country where the text gives it ("the town
        of Cizre in southeastern Turkey"); None for a place that names no state."""
        place = self.places.get(place_id)
        if place is None or place.country is None:
            return None
        known = self._country_actor(place.country)
        if known is not None:
            return known
        country = [p for p in self.places.values() if p.feature == "country" and p.country == place.country]
        for named in (place, *country):
            for mention in named.mentions[:1]:
                span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is not None and (coded := self.coded(span.root)) is not None:
                    return coded
        return None

    def nearest_pair(self, at: int) -> list[str]:
        """The two people named together ("Trump and Putin") nearest token ``at``, before or
        after it: who "the two leaders" are."""
        pairs, joiners = [], words("pair_joiners")
        for (_, end1, first), (start2, end2, second) in pairwise(self.persons):
            between = self.doc[end1:start2].text.strip()
            if first != second and between in joiners:
                distance = at - end2 if end2 <= at else start2 - at
                pairs.append((abs(distance), [first, second]))
        return min(pairs)[1] if pairs else []

    def countries_in(self, tokens: Span) -> set[str]:
        """Countries of the actors and places named in these tokens."""
        span = range(tokens.start, tokens.end)
        found = {self.countries[a] for i in span if (a := self.actor[i]) is not None}
        found |= {self.places[p].country for i in span if (p := self.place[i]) is not None}
        return {c for c in found if c is not None}

    def actors_in(self, tokens: list[Token]) -> list[str]:
        """Actor ids of these tokens, in text order, each once."""
        found = (self.actor[t.i] or self.added_at.get(t.i) for t in sorted(tokens, key=lambda t: t.i))
        return list(dict.fromkeys(a for a in found if a is not None))


def _political(sector: str | None) -> bool:
    return sector is not None and sector in tagged("sector_roles", "political")


def _water(place: Place) -> bool:
    """Does the place name a body of water ("the Persian Gulf", "the Caribbean Sea")? A sea
    may be the scene of an act at sea."""
    names = [place.name, *(m.text for m in place.mentions)]
    return any(word in words("water_words") for name in names for word in name.lower().split())
