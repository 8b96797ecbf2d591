"""How an attack was carried out: the ASSAULT mode from the words of its phrase and clause.

A trigger gives a mode only where it names a means itself ("shelling", "car bomb"); "killed",
"attack" and "hit" give none, though the clause says how ("killed in air strikes", "an attack
with rocket shells"). The words are looked for in the trigger's own phrase first, then its
clause (without the clauses of other acts), then its sentence, leaving out phrases about
another time ("a day after a car bomb blast"); in the first of those that names a means, the
most specific mode wins (the lexicon's order: a suicide car bomb is a suicide attack). A mode the text finds
replaces the trigger's when it is more specific ("a bombing" by air strikes is aerial).
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span, Token

from ceasefire.events.where_when import another_time, own_path
from ceasefire.model import Event
from ceasefire.resources import table, words


@cache
def _lexicon() -> tuple[list[tuple[re.Pattern[str], str]], dict[str, int], re.Pattern[str]]:
    """The means patterns in order, each mode's rank (lower is more specific), and one pattern
    for any means at all (a cheap first look at a scope)."""
    rows = table("assault_modes")
    patterns = [(re.compile(rf"\b{re.escape(word)}s?\b", re.I), mode) for word, mode in rows.items()]
    ranks: dict[str, int] = {}
    for mode in rows.values():
        ranks.setdefault(mode, len(ranks))
    any_means = re.compile("|".join(rf"\b{re.escape(word)}s?\b" for word in rows), re.I)
    return patterns, ranks, any_means


def _clause(tok: Token) -> Token:
    """The verb the trigger belongs to: itself, or the nearest verb above its noun."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


# Links to another act inside a clause: its words name that act's means, not this one's.
_OTHER_ACT = frozenset({"advcl", "relcl", "ccomp", "conj", "parataxis"})


def _words(tokens: list[Token], own: set[int]) -> str:
    """The text of the tokens that tell of this act, leaving out phrases about another time
    or act ("since the war began", "a day after a car bomb blast")."""
    return " ".join(
        t.text
        for t in tokens
        if not any(a.i not in own and _sequel(a) for a in (t, *t.ancestors)) and not another_time(t, own)
    )


def _sequel(tok: Token) -> bool:
    """Does tok open a phrase about another act before or after this one ("a week after a car
    bomb")?"""
    return tok.dep_ == "prep" and tok.lower_ in words("sequence_prepositions")


def _scopes(trigger: Token, sentence: Span) -> list[list[Token]]:
    """The trigger with its modifiers ("car bomb", "air strikes"), its clause without the
    clauses of other acts, then the sentence."""
    own = [trigger, *(c for c in trigger.children if c.dep_ in ("compound", "amod", "nmod"))]
    clause, inner = _clause(trigger), []
    stack = [clause]
    while stack:
        tok = stack.pop()
        inner.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in _OTHER_ACT or tok.i == trigger.i)
    return [sorted(own, key=lambda t: t.i), sorted(inner, key=lambda t: t.i), list(sentence)]


def text_mode(trigger: Token, sentence: Span) -> str | None:
    """The mode the words around the trigger name, nearest scope first; None if none does."""
    patterns, _, any_means = _lexicon()
    if not any_means.search(sentence.text):
        return None  # most sentences name no means: no walk over their tokens
    own = own_path(trigger)
    for scope in _scopes(trigger, sentence):
        if not any_means.search(" ".join(t.text for t in scope)):
            continue
        text = _words(scope, own)
        found = [mode for pattern, mode in patterns if pattern.search(text)]
        if found:
            return found[0]
    return None


def names_means(tok: Token, mode: str | None) -> bool:
    """Does the trigger, of the lexicon's mode, or its own phrase say by what means the act was
    done ("a bombing", "an alleged chemical attack", "were hit by gunfire")? (A mode of
    seizure or arrest is no means.)"""
    _, ranks, any_means = _lexicon()
    return mode in ranks or any_means.search(" ".join(t.text for t in tok.subtree)) is not None


def assign_modes(doc: Doc, events: list[Event]) -> None:
    """Give each ASSAULT the mode its text names, where the trigger gave none or a less
    specific one."""
    _, ranks, _ = _lexicon()
    for event in events:
        if event.type != "ASSAULT" or event.trigger_start is None:
            continue
        if event.mode is not None and event.mode not in ranks:
            continue  # abduction, sexual violence, torture: the trigger said what it was
        trigger = doc.char_span(
            event.trigger_start, event.trigger_end or event.trigger_start, alignment_mode="expand"
        )
        sentence = doc.char_span(event.start, event.end, alignment_mode="expand")
        if trigger is None or sentence is None:
            continue
        mode = text_mode(trigger.root, sentence)
        if mode is not None and (event.mode is None or ranks[mode] < ranks[event.mode]):
            event.mode = mode
