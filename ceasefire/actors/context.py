"""Countries read from an actor's surroundings: the words after it ("rebels in Idlib"),
the sentence, the article, and where an ethnic minority lives."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ceasefire.actors.phrase import GEO_KINDS
from ceasefire.actors.scan import Match
from ceasefire.actors.state import DocState
from ceasefire.model import ActorCode
from ceasefire.resources import words


def prepositional(art: DocState, head: Token) -> list[Match]:
    """Names in "of/in/from X" after a role word: "rebels in Idlib", "army of Syria"."""
    out = []
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in words("origin_prepositions"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.i in art.match_at:
                    out.append(art.match_at[obj.i])
    return out


def sentence_country(art: DocState, head: Token) -> str | None:
    """A demonym or country named in the sentence and not already another actor's."""
    sent = head.sent
    for m in art.entries_in(sent.start, sent.end):
        if m.entry.kind in ("country", "demonym", "people") and m.start not in art.consumed:
            return m.entry.country
    return None


def nearest_country(art: DocState, head: Token) -> str | None:
    """The country of the place, country or demonym named nearest to the role word in its
    sentence: where civilians are ("air strikes by Russia killed 12 civilians in Idlib" are
    Syria's), not the first country the sentence names."""
    sent = head.sent
    named = [
        m
        for m in art.entries_in(sent.start, sent.end)
        if m.entry.kind in ("country", "demonym", "people", "capital", "place")
        and m.entry.country
        and m.start not in art.consumed
    ]
    return min(named, key=lambda m: abs(m.start - head.i)).entry.country if named else None


def with_country(code: ActorCode, country: str | None, replace: bool = False) -> ActorCode:
    """code with this country; replace=True swaps the country prefix of its code."""
    if country is None:
        return code
    rest = code.code or ""
    if replace and code.country is not None:
        rest = rest.removeprefix(code.country)
    return ActorCode(code.name, code.kind, country, code.sector, country + rest)


def is_ethnic(modifiers: Span) -> bool:
    return any(t.lower_ == "ethnic" for t in modifiers)


def residence(art: DocState, head: Token, origin: str | None) -> str | None:
    """Where an ethnic group named after another country lives ("ethnic Albanians in
    Serbia" are Serbia's): the place its phrase names, else the sentence's nearest other
    country or place, else its own."""
    sent = head.sent
    places = [
        m
        for m in prepositional(art, head)
        + sorted(art.entries_in(sent.start, sent.end), key=lambda m: abs(m.start - head.i))
        if m.entry.kind in ("country", "capital", "place")
    ]
    return next((m.entry.country for m in places if m.entry.country not in (None, origin)), origin)


def modifier_country(art: DocState, head: Token) -> Match | None:
    """A demonym or country modifying a people's name ("Bosnian Serbs", "Iraqi Kurds")."""
    for child in head.lefts:
        m = art.match_at.get(child.i)
        if (
            child.dep_ in ("amod", "compound", "nmod")
            and m is not None
            and m.entry.kind in GEO_KINDS
            and m.entry.country
        ):
            return m
    return None


def officials_in_context(art: DocState) -> None:
    """A titled person the tables give no country ("President Omar al-Bashir") is of the
    country the sentence names, else of the article's; international posts excepted."""
    for found in art.found.values():
        code = found.code
        if code.kind == "person" and code.country is None and code.sector not in (None, "IGO", "NGO"):
            token = art.doc[min(found.spans)[0]]
            found.code = with_country(code, sentence_country(art, token) or art.dominant)
