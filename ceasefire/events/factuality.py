"""Did it happen? asserted, negated, hypothetical, planned or background, from the governing clause.

Background is what the story recalls rather than reports: a toll counted over a period ("has
killed hundreds of thousands since 2011", "killed 550 in the last two months", "the conflict
has killed 280,000") or a state that has held for long ("besieged since 2012").
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from ceasefire.resources import table, words


@cache
def _intent_words() -> frozenset[str]:
    """Verbs whose complement has not happened yet: one's own plans, hopes, attempts, requests."""
    return words("own_intent_words") | words("intent_words")


def auxiliaries(clause: Token) -> set[str]:
    return {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}


def _is_complement(clause: Token) -> bool:
    """An infinitive complement: "vowed to attack", and "have sworn to fight", which the small
    model parses as an adverbial clause."""
    return clause.dep_ == "xcomp" or (
        clause.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    )


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
        or (_is_complement(clause) and (clause.head.lemma_ in own_intent or clause.head.lower_ in own_intent))
        or ("would" in auxes and clause.dep_ == "ccomp")
    )  # reported future: "said they would"


def is_ultimatum(clause: Token) -> bool:
    """Is the clause's act announced on a condition the other side must meet: "will withdraw
    unless the talks resume"?"""
    return any(
        c.dep_ == "advcl" and {m.lower_ for m in c.children if m.dep_ == "mark"} & words("ultimatum_marks")
        for c in clause.children
    )


def is_obligation(clause: Token) -> bool:
    """ "Y must Z": what a speaker demands of Y."""
    return bool(auxiliaries(clause) & words("obligation_auxiliaries"))


def since(clause: Token) -> bool:
    """Does the clause run "since" a time: "since 2011", "since the war broke out"?"""
    return any(
        (c.dep_ == "prep" and c.lower_ == "since")
        or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children))
        for c in clause.children
    )


def _year(tok: Token) -> bool:
    return tok.like_num and len(tok.text) == 4 and tok.text.isdigit() and 1900 <= int(tok.text) <= 2100


def _month(tok: Token) -> bool:
    """A month named without its day: "in July", "in early October" (not "October 6")."""
    return (
        tok.text[:1].isupper()
        and tok.lower_ in table("months")
        and not any(c.dep_ == "nummod" and len(c.text) <= 2 for c in tok.children)
    )


def _period(tok: Token) -> bool:
    """Is tok a period longer than a news day: "the last two months", "2014", "the war", "July"?"""
    periods = words("period_nouns")
    return tok.lower_ in periods or tok.lemma_.lower() in periods or _year(tok) or _month(tok)


def _over_period(clause: Token) -> bool:
    """Is the clause counted over a period: "in the last two months", "during the five-year
    conflict", "from March 2011 to June 2016", "last month", "in 2014"?"""
    for c in clause.children:
        if (
            c.dep_ == "prep"
            and c.lower_ in words("period_prepositions")
            and any(o.dep_ == "pobj" and _period(o) for o in c.children)
        ):
            return True
        if c.dep_ in ("npadvmod", "tmod") and _period(c):
            return True
    return False


def is_background(trigger: Token, clause: Token) -> bool:
    """Is the event a cumulative or historical toll or state, not news? A perfect that runs
    since a time ("have been killed since 2011", "besieged since 2012"), a war or campaign
    that has killed ("a war that has killed more than 100,000"), or an act counted over a
    period ("killed 550 in the last two months")."""
    perfect = bool(auxiliaries(clause) & words("perfect_auxiliaries"))
    if perfect and (since(clause) or since(trigger)):
        return True
    conflicts = words("conflict_nouns")
    agents = [c for c in clause.children if c.dep_ in ("nsubj", "csubj")]
    if clause.dep_ == "relcl":
        # the word before "that" too: the parser often hangs the clause on a noun further back
        agents.extend([clause.head, clause.doc[max(0, clause.left_edge.i - 1)]])
    if perfect and any(a.lemma_.lower() in conflicts or a.lower_ in conflicts for a in agents):
        return True
    if (perfect or clause.lemma_ == "be") and _many_acts(trigger):
        return True
    # "bombings in March killed 140": the period may sit on the subject
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(_over_period(t) for t in {clause, trigger, *subjects}) or any(map(_period_of_acts, subjects)):
        return True
    # "has killed thousands and forced millions to flee": the second act shares the first's
    # subject, and is background when the first is
    return (
        not subjects
        and clause.dep_ == "conj"
        and clause.head is not clause
        and is_background(clause.head, clause.head)
    )


def _many_acts(trigger: Token) -> bool:
    """Acts told as many over time: "several attacks", "numerous raids"."""
    return trigger.tag_ in ("NNS", "NNPS") and any(
        c.dep_ in ("amod", "det") and c.lower_ in words("many_words") for c in trigger.children
    )


def _period_of_acts(subject: Token) -> bool:
    """A subject that is a period of acts: "seven days of air strikes had left 75 dead"."""
    counted = any(c.dep_ == "nummod" for c in subject.children)
    return ((subject.lower_ in words("period_units") and counted) or _period(subject)) and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in subject.children
    )


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
    if trigger.dep_ == "pobj" and trigger.head.lower_ in words("goal_prepositions"):
        return "planned"  # "steering the sides towards talks"
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    if clause.dep_ == "advcl" and marks & words("condition_marks"):
        return "hypothetical"
    if is_intent(clause) or (
        clause.dep_ == "xcomp" and (clause.head.lemma_ in _intent_words() or clause.head.lower_ == "going")
    ):  # "going to"
        return "planned"
    if any(  # "talks are due to begin": the subject's act is still to come
        c.dep_ == "acomp" and c.lower_ in _intent_words() and any(x.dep_ == "xcomp" for x in c.children)
        for c in clause.children
    ):
        return "planned"
    if auxiliaries(clause) & words("modal_auxiliaries"):
        return "hypothetical"
    return "background" if is_background(trigger, clause) else "asserted"
