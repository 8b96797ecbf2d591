"""Did it happen? asserted, negated, hypothetical or planned, from the governing clause."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from ceasefire.resources import words


@cache
def _intent_words() -> frozenset[str]:
    """Verbs whose complement has not happened yet: one's own plans, hopes, attempts, requests."""
    return words("own_intent_words") | words("intent_words")


def auxiliaries(clause: Token) -> set[str]:
    return {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}


def is_intent(clause: Token) -> bool:
    """Is the clause an actor's announced intent: "will send", "plans to", "said it would"?"""
    auxes, own_intent = auxiliaries(clause), words("own_intent_words")
    conditional = bool(auxes & words("modal_auxiliaries")) and any(  # "may halt mediation if ...": a threat
        c.dep_ == "advcl" and {m.lower_ for m in c.children if m.dep_ == "mark"} & words("condition_marks")
        for c in clause.children
    )
    return (
        bool(auxes & words("future_auxiliaries"))
        or conditional
        or (clause.dep_ == "xcomp" and (clause.head.lemma_ in own_intent or clause.head.lower_ in own_intent))
        or ("would" in auxes and clause.dep_ == "ccomp")
    )  # reported future: "said they would"


def is_obligation(clause: Token) -> bool:
    """ "Y must Z": what a speaker demands of Y."""
    return bool(auxiliaries(clause) & words("obligation_auxiliaries"))


def status(trigger: Token, clause: Token, question: bool) -> str:
    """The factuality of an event whose predicate is ``clause`` (the trigger's verb), in a
    sentence that is a question or not."""
    if (
        any(c.dep_ == "neg" for c in (*trigger.children, *clause.children))
        or any(c.dep_ == "det" and c.lower_ == "no" for c in trigger.children)
        or (clause.dep_ == "xcomp" and clause.head.lemma_ in words("failure_verbs"))
    ):
        return "negated"
    if question:
        return "hypothetical"
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    if clause.dep_ == "advcl" and marks & words("condition_marks"):
        return "hypothetical"
    if is_intent(clause) or (
        clause.dep_ == "xcomp" and (clause.head.lemma_ in _intent_words() or clause.head.lower_ == "going")
    ):  # "going to"
        return "planned"
    if auxiliaries(clause) & words("modal_auxiliaries"):
        return "hypothetical"
    return "asserted"
