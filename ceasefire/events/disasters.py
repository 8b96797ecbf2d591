"""Deaths no political actor caused: disasters, accidents, disease and ordinary crime.

"An earthquake killed 50", "died in a bus crash", "cholera has killed 300", "a man killed his
neighbour": the verbs are ASSAULT's, the act is nobody's. Such a report is no ASSAULT when its
cause (the subject, the passive agent, what it happened in, of or after) is a disaster, an
accident or a disease, or when it tells of an ordinary crime, and no state, armed or political
actor, nor a country, is its agent; a weapon of war named (a mode) makes it an attack again.
"""

from __future__ import annotations

from spacy.tokens import Token

from ceasefire.events.tokens import TokenIndex
from ceasefire.events.triggers import NOUN_POS
from ceasefire.model import Event
from ceasefire.resources import table, tagged
from ceasefire.text import phrases_in

# Where a clause says what caused a death: its subject, a passive's agent, "died in a fire",
# "of cholera", "after floods", "when the boat capsized".
_CAUSE_DEPS = frozenset({"nsubj", "agent", "prep", "advcl", "npadvmod"})
# A clause that borrows its subject from the one above: "struck Turkey, killing 50".
_SUBJECTLESS = frozenset({"advcl", "xcomp", "conj", "acl"})
# Victims close to the killer, as the object of the act: a private crime.
_OBJECTS = frozenset({"dobj", "nsubjpass", "pobj"})


def _causes(trigger: Token) -> list[list[Token]]:
    """The phrases that may name the cause of the act, each as its tokens."""
    phrases = []
    tok: Token | None = trigger
    while tok is not None:
        children = [c for c in tok.children if c.dep_ in _CAUSE_DEPS]
        phrases += [list(c.subtree) for c in children]
        phrases += [[c] for c in tok.children if c.dep_ == "compound"]  # "a bus crash"
        if tok.dep_ == "relcl":  # "flooding which killed 10": the noun the clause is about
            phrases.append([tok.head])
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
        below, tok = (
            tok,
            tok.head if not has_subject and tok.dep_ in _SUBJECTLESS and tok.head is not tok else None,
        )
        if tok is not None:
            # "a bus overturned, killing 11": the verb above is what happened, or the verb beside
            # when the parser hangs both on the noun
            phrases.append([tok])
            phrases += [[c] for c in tok.children if c.dep_ in ("acl", "relcl") and c is not below]
    return phrases


def _is_cause(index: TokenIndex, phrase: str, tok: Token) -> bool:
    """A cue names the cause only as a noun (or as a verb for words that are one: "capsized"),
    and a fire is no disaster when a weapon or an actor fires it ("sniper fire", "rebel fire")."""
    if " " not in phrase and tok.pos_ not in NOUN_POS and phrase not in tagged("disaster_words", "verb"):
        return False
    weapons = tagged("disaster_words", "weapon")
    return not any(
        c.lemma_.lower() in weapons or index.actor[c.i] is not None for c in tok.children if c.i < tok.i
    )


def _named(index: TokenIndex, phrases: list[list[Token]], tag: str) -> bool:
    cues = tagged("disaster_words", tag)
    return any(
        _is_cause(index, phrase, tok) for tokens in phrases for phrase, tok in phrases_in(tokens, cues)
    )


def _political_agent(index: TokenIndex, event: Event) -> bool:
    roles = table("sector_roles")
    actors = {**index.by_id, **{a.id: a for a in index.added}}
    for actor_id in event.actor:
        actor = actors.get(actor_id)
        if actor is None:
            continue
        if actor.kind == "country" or "political" in roles.get(actor.sector or "", "").split():
            return True
    return False


def is_unpolitical_harm(index: TokenIndex, trigger: Token, event: Event) -> bool:
    """The ASSAULT drafted from ``trigger`` reports a disaster, an accident, a disease or an
    ordinary crime with no political actor as its agent: no event."""
    if event.type != "ASSAULT" or event.mode is not None or _political_agent(index, event):
        return False
    causes = _causes(trigger)
    if any(_named(index, causes, tag) for tag in ("disaster", "accident", "disease", "crime")):
        return True
    # "a man killed his neighbour": someone unpolitical harms someone close
    relatives = tagged("disaster_words", "relation")
    close = any(tok.dep_ in _OBJECTS and tok.lemma_.lower() in relatives for tok in trigger.subtree)
    return close and bool(event.actor)
