"""Did it happen? asserted, negated, hypothetical or planned, from the governing clause."""

from __future__ import annotations

from spacy.tokens import Token

_FUTURE = frozenset({"will", "shall", "'ll", "wo"})
_MODAL = frozenset({"would", "could", "might", "may", "should", "'d", "must"})
_FAILED = frozenset({"fail", "refuse", "decline"})  # "failed to reach", "refused to meet"
_OBLIGATION = frozenset({"must", "should"})
_CONDITION = frozenset({"if", "unless", "whether"})
# Verbs and adjectives by which actors announce their own plans ("plans to", "is ready to").
_OWN_INTENT = frozenset(
    {
        "plan",
        "intend",
        "prepare",
        "aim",
        "vow",
        "promise",
        "pledge",
        "agree",
        "decide",
        "offer",
        "threaten",
        "want",
        "seek",
        "ready",
        "willing",
        "prepared",
        "determined",
        "swear",
    }
)
# Verbs whose complement has not happened yet: those, and hopes, attempts and requests.
_INTENT = _OWN_INTENT | {
    "expect",
    "propose",
    "hope",
    "schedule",
    "try",
    "attempt",
    "consider",
    "urge",
    "call",
    "ask",
}


def auxiliaries(clause: Token) -> set[str]:
    return {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}


def is_intent(clause: Token) -> bool:
    """Is the clause an actor's announced intent: "will send", "plans to", "said it would"?"""
    auxes = auxiliaries(clause)
    conditional = bool(auxes & _MODAL) and any(  # "may halt mediation if ...": a threat
        c.dep_ == "advcl" and {m.lower_ for m in c.children if m.dep_ == "mark"} & _CONDITION
        for c in clause.children
    )
    return (
        bool(auxes & _FUTURE)
        or conditional
        or (
            clause.dep_ == "xcomp"
            and (clause.head.lemma_ in _OWN_INTENT or clause.head.lower_ in _OWN_INTENT)
        )
        or ("would" in auxes and clause.dep_ == "ccomp")
    )  # reported future: "said they would"


def is_obligation(clause: Token) -> bool:
    """ "Y must Z": what a speaker demands of Y."""
    return bool(auxiliaries(clause) & _OBLIGATION)


def status(trigger: Token, clause: Token, question: bool) -> str:
    """The factuality of an event whose predicate is ``clause`` (the trigger's verb), in a
    sentence that is a question or not."""
    if (
        any(c.dep_ == "neg" for c in (*trigger.children, *clause.children))
        or any(c.dep_ == "det" and c.lower_ == "no" for c in trigger.children)
        or (clause.dep_ == "xcomp" and clause.head.lemma_ in _FAILED)
    ):
        return "negated"
    if question:
        return "hypothetical"
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    if clause.dep_ == "advcl" and marks & _CONDITION:
        return "hypothetical"
    if is_intent(clause) or (
        clause.dep_ == "xcomp" and (clause.head.lemma_ in _INTENT or clause.head.lower_ == "going")
    ):  # "going to"
        return "planned"
    if auxiliaries(clause) & _MODAL:
        return "hypothetical"
    return "asserted"
