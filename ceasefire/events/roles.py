"""Who did it and to whom: actor and recipient lists read off the dependency parse."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from ceasefire.events.tokens import TokenIndex
from ceasefire.resources import table, tagged, words

# Dependents that belong to another event or describe a participant: not part of a role.
_OTHER_CLAUSE = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "punct", "mark"})


def phrase(tok: Token) -> list[Token]:
    """The noun phrase under tok, without relative clauses and other clauses."""
    out = [tok]
    for child in tok.children:
        if child.dep_ not in _OTHER_CLAUSE:
            out.extend(phrase(child))
    return out


def _pobjs(prep: Token) -> Iterable[Token]:
    return (c for c in prep.children if c.dep_ in ("pobj", "pcomp"))


def _who(index: TokenIndex, tokens: Iterable[Token]) -> list[str]:
    """Actors of these role heads; 'we' inside a quote is its speaker."""
    # only the first person can be resolved from a quote: the speaker is "we" and "I"
    found: list[str] = []
    first_person = tagged("pronouns", "first")
    for tok in tokens:
        speaker = index.speaker[tok.i]
        if tok.lower_ in first_person and speaker is not None:
            found.append(speaker)
        elif _is_pair(tok):
            found.extend(index.nearest_pair(tok.i))
        else:
            for part in _conjuncts(tok):
                inside = index.actors_in(_own_phrase(part))
                coded = index.coded(part)
                found.extend(inside or ([coded] if coded else _antecedent(index, part)))
    return list(dict.fromkeys(found))


def _owner(index: TokenIndex, tok: Token) -> list[str]:
    """Whose members a role phrase with "its" or "their" names: "one of its fighters" in "the
    group said one of its fighters had fired" is the group's."""
    owners = tagged("pronouns", "group")
    # the head's own possessive, or a part's: "its fighters", "one of its fighters"
    heads = [tok, *(p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in _pobjs(c))]
    return next(
        (
            found
            for head in heads
            if head.lower_ in words("member_nouns")
            for t in head.children
            if t.dep_ == "poss" and t.lower_ in owners
            if (found := _antecedent(index, t))
        ),
        [],
    )


def _conjuncts(tok: Token) -> list[Token]:
    """The heads of a coordinated role, "Congo and Costa Rica": each is coded on its own, so a
    conjunct the actor stage left uncoded is not lost beside a named one."""
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN"):
            out.extend(_conjuncts(child))
    return out


def _own_phrase(tok: Token) -> list[Token]:
    """The phrase of one conjunct: its head's phrase less the conjuncts coordinated to it."""
    out = [tok]
    for child in tok.children:
        if child.dep_ not in _OTHER_CLAUSE and child.dep_ not in ("conj", "cc"):
            out.extend(phrase(child))
    return out


def _antecedent(index: TokenIndex, tok: Token) -> list[str]:
    """The actors a third-person pronoun role stands for, read off the clause that reports
    it: "Hungary said it will support ...", "the rebels announced they would ..." — the
    subject of the nearest verb above whose subject names an actor."""
    pronouns = tagged("pronouns", "group") | tagged("pronouns", "person")
    if tok.lower_ not in pronouns:
        return []
    verb = tok.head
    for _ in range(6):  # "said in a statement that one of its fighters had fired": six heads up
        if verb.head.i == verb.i:
            return []
        verb = verb.head
        # not the phrase the pronoun is in ("one of its fighters")
        heads = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and tok not in c.subtree]
        found = [a for head in heads for a in index.actors_in(phrase(head))]
        if found:
            return list(dict.fromkeys(found))
    return []


def _is_pair(tok: Token) -> bool:
    """People acting together: "the two leaders", "both sides"."""
    return (
        tok.tag_ == "NNS"
        and tok.lemma_.lower() in words("pair_heads")
        and any(c.lower_ in words("pair_words") for c in tok.children)
    )


def announced_by(index: TokenIndex, sent: Span, type_: str, recipient: list[str]) -> list[str]:
    """The government speaker of the sentence, as the actor of an actorless measure it tells
    of; nobody when the measure targets the speaker's own country. Only for a measure a
    government imposes by decree ("the ban on ... will continue, Putin added")."""
    if type_ not in tagged("plover_type_classes", "decreed"):
        return []
    speaker = next((s for i in range(sent.start, sent.end) if (s := index.speaker[i])), None)
    actor = index.by_id.get(speaker or "")
    if actor is None or actor.sector != "GOV":
        return []
    if actor.country in {index.countries.get(r) for r in recipient}:
        return []
    return [actor.id]


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) and not _is_stance(verb)


def _is_stance(verb: Token) -> bool:
    """ "Ghana is committed to ...", "forces were engaged in ...": an adjectival passive with
    no agent, whose subject acts."""
    return verb.lower_ in words("stance_participles") and not any(c.dep_ == "agent" for c in verb.children)


def _governor(verb: Token) -> Token | None:
    """The verb whose subject this one shares: "agreed to meet", "retaliated by imposing"."""
    if verb.dep_ in ("xcomp", "conj", "advcl", "acomp"):  # acomp: "is ready to host", "willing to"
        return verb.head
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        return verb.head.head
    if (
        verb.dep_ == "acl"
        and verb.tag_ == "VBG"
        and verb.head.dep_ == "dobj"
        and verb.lemma_.lower() in table("speech_cues")
    ):
        return verb.head.head  # "issued a statement demanding ...": who issued it demands
    return None


def subject(verb: Token) -> list[Token]:
    """The verb's subject heads, borrowed from its governor when it has none of its own."""
    active_below = False  # whether the verb borrowing this subject is active
    for _ in range(4):
        subj = [
            c
            for c in verb.children
            if c.dep_ in ("nsubj", "csubj") or (c.dep_ == "nsubjpass" and _is_stance(verb))
        ]
        if is_passive(verb) and active_below:
            # "was indicted by the court and will resign": who resigns is who was indicted
            subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
        elif is_passive(verb):
            subj = [p for a in verb.children if a.dep_ == "agent" for p in _pobjs(a)]
        elif not subj and verb.dep_ == "acl" and verb.tag_ == "VBD":
            subj = [verb.head]  # "the envoy, X, called on ...", parsed as a reduced relative
        governor = _governor(verb)
        if subj or governor is None:
            return subj
        active_below, verb = not is_passive(verb), governor
    return []


def subject_actors(index: TokenIndex, verb: Token) -> list[str]:
    return _who(index, subject(verb))


def _targets(verb: Token, wanted: set[str] | frozenset[str]) -> list[Token]:
    heads = [
        c
        for c in verb.children
        if c.dep_ in ("dobj", "dative", "nsubjpass", "oprd") and c not in subject(verb)
    ]
    return heads + [p for c in verb.children if c.dep_ == "prep" and c.lower_ in wanted for p in _pobjs(c)]


def verb_roles(index: TokenIndex, verb: Token, preps: Iterable[str] = ()) -> tuple[list[str], list[str]]:
    """(actor, recipient) of a verb: subject or agent, then object, passive subject, targets."""
    subjects = subject(verb)
    actor = merge(*(_owner(index, s) for s in subjects)) or _who(index, subjects)
    if not actor:
        actor = _agents_of_means(index, subjects) or (_other_side(index, verb) if is_passive(verb) else [])
    targets = words("target_prepositions")
    taken_from = {"from"} if verb.lemma_.lower() in words("dispossession_verbs") else set()
    recipient = _who(
        index, [h for h in _targets(verb, set(preps) | targets | taken_from) if not _own(h, actor, index)]
    )
    governor = _governor(verb)
    if not recipient and verb.dep_ == "pcomp" and governor is not None:
        # "retaliated against Ankara by imposing sanctions": the means shares the target
        recipient = _who(index, _targets(governor, targets))
    return actor, [r for r in recipient if r not in actor]


def _agents_of_means(index: TokenIndex, agents: list[Token]) -> list[str]:
    """Who laid or fired the means that did it: "killed by rockets fired by X", "mines planted
    by X have killed" (the subject of an active verb is read as its agent too)."""
    return _who(
        index,
        [
            p
            for head in agents
            for c in head.children
            if c.dep_ == "acl"
            for a in c.children
            if a.dep_ == "agent"
            for p in _pobjs(a)
        ],
    )


def _other_side(index: TokenIndex, verb: Token) -> list[str]:
    """Victims "killed in clashes with X" or "during fighting with X" were killed by X."""
    clashes = words("clash_nouns")
    return _who(
        index,
        [
            side
            for prep in verb.children
            if prep.dep_ == "prep"
            for noun in _pobjs(prep)
            if noun.lower_ in clashes or noun.lemma_.lower() in clashes
            for with_ in noun.children
            if with_.dep_ == "prep" and with_.lower_ in ("with", "against")
            for side in _pobjs(with_)
        ],
    )


def _own(head: Token, actor: list[str], index: TokenIndex) -> bool:
    """ "withdrew its troops", "sent their envoy": what the actor sends or moves is its own,
    not the one acted on (its country is the actor's)."""
    if not any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in head.children):
        return False
    countries = {index.countries.get(a) for a in actor} - {None}
    inside = {index.countries.get(a) for a in index.actors_in(phrase(head))} - {None}
    return bool(countries) and inside <= countries


def noun_roles(index: TokenIndex, noun: Token) -> tuple[list[str], list[str]]:
    """(actor, recipient) of a nominal event: "the US attack on X", "talks sponsored by A, B"."""
    actor_heads = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    recipient_heads: list[Token] = []
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in words("noun_agent_prepositions"):
            actor_heads.extend(_pobjs(child))
        elif child.dep_ == "prep" and child.lower_ in words("target_prepositions"):
            recipient_heads.extend(_pobjs(child))
        elif child.dep_ == "acl":  # "talks sponsored by Russia": the agent of the participle
            actor_heads.extend(p for a in child.children if a.dep_ == "agent" for p in _pobjs(a))
    # Modifiers are read one token deep: "US attack" yes, "Syrian airfield attack" no.
    actor = _who(index, [t for t in actor_heads if t.dep_ not in ("compound", "amod", "nmod")])
    actor += [
        a
        for t in actor_heads
        if t.dep_ in ("compound", "amod", "nmod")
        if (a := index.actor[t.i]) is not None and a not in actor
    ]
    if not actor and (claimant := _claimant(noun)) is not None:
        actor = subject_actors(index, claimant)
    if not actor:
        actor = _accused(index, noun)
    if not actor and any(t.dep_ in ("compound", "amod", "nmod") for t in actor_heads):
        # "Syrian regime shelling", "heavy Russian strikes", "IS group suicide blast": who
        # carried it out is in the words before the noun
        before = index.actors_in([t for t in noun.subtree if t.i < noun.i])
        actor = before or [a for a in [index.coded(noun, end=noun.i, political=True)] if a is not None]
    return actor, [r for r in _who(index, recipient_heads) if r not in actor]


def between_parties(index: TokenIndex, noun: Token) -> list[str]:
    """The sides a nominal act goes between: "mediation between Sudan and Chad", "a mediation
    effort between ...". When someone else carries the act out, they are whom it is aimed at."""
    heads = [noun] + ([noun.head] if noun.dep_ == "compound" else [])
    return _who(
        index,
        [
            p
            for h in heads
            for c in h.children
            if c.dep_ == "prep" and c.lower_ == "between"
            for p in _pobjs(c)
        ],
    )


def _claimant(noun: Token) -> Token | None:
    """The verb of "X claimed responsibility for the attack": its subject carried it out."""
    prep = noun.head
    owner = prep.head
    if noun.dep_ == "pobj" and prep.lower_ == "for" and owner.lemma_.lower() == "responsibility":
        return owner.head if owner.head.pos_ == "VERB" else None
    return None


def _accused(index: TokenIndex, noun: Token) -> list[str]:
    """ "blamed the government for the attack", "accused the rebels of the shelling": whom the
    accusation names did the act, if anyone did (never the accuser)."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("for", "of"):
        return []
    verb = prep.head.head if prep.head.dep_ == "dobj" else prep.head  # "accused [the rebels of X]"
    if verb.lemma_.lower() not in words("accusation_verbs"):
        return []
    return _who(index, [c for c in verb.children if c.dep_ == "dobj"])


def merge(*lists: list[str]) -> list[str]:
    return list(dict.fromkeys(a for lst in lists for a in lst))


def object_actors(index: TokenIndex, verb: Token) -> list[str]:
    """Who does the act a stand is taken on, named in its modifier or owner: "rejected
    Egyptian mediation", "is opposed to French mediation"."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if verb.lemma_.lower() in words("opposition_verbs"):
        objects += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for p in _pobjs(c)]
    return [a for o in objects for a in noun_roles(index, o)[0]]


def grievance_actors(index: TokenIndex, verb: Token) -> list[str]:
    """Who did the act an accusation is about: "complained to the UN over two Israeli air
    raids" accuses Israel."""
    return [
        a
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in words("grievance_prepositions")
        for p in _pobjs(c)
        for a in noun_roles(index, p)[0]
    ]


def complement_recipients(index: TokenIndex, verb: Token, actor: list[str]) -> list[str]:
    """Whom an act is aimed at when the verb names nobody itself, read off the clause it
    governs: the subject of its complement ("demanded that the US cancel ...") or the object
    of its infinitive ("offered to hand over to Britain ...").  An object the actor owns ("its
    troops") is part of the actor, not a recipient."""
    targets = words("target_prepositions")
    heads: list[Token] = []
    for child in verb.children:
        if child.dep_ == "ccomp" or _is_condition(child) or _is_content(child):
            # "demanded that the US cancel ...", "threatened to ... if the US goes ahead",
            # "its demand that Israel ease ..."
            heads += [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
        elif child.dep_ == "xcomp":
            objects = _targets(child, targets)
            # "threatened to launch an offensive unless Iraq accepted": the condition of the
            # threatened act
            heads += [s for c in child.children if _is_condition(c) for s in c.children if s.dep_ == "nsubj"]
            heads += objects + [
                p
                for o in objects
                for c in o.children
                if c.dep_ == "prep" and c.lower_ in targets
                for p in _pobjs(c)
            ]
    # "rejected an offer from Afghanistan", "denounced Serbia's suppression": the object's owner
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        heads += [c for c in obj.children if c.dep_ == "poss" and c.tag_ != "PRP$"]
        heads += [
            p for c in obj.children if c.dep_ == "prep" and c.lower_ in ("from", "by") for p in _pobjs(c)
        ]
    heads = [h for h in heads if not any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in h.children)]
    return [r for r in _who(index, heads) if r not in actor]


def _is_condition(clause: Token) -> bool:
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in words("condition_marks") for c in clause.children
    )


def in_condition(tok: Token, top: Token) -> bool:
    """Whether tok lies in a conditional clause below top: "threatened to strike unless
    Israel rescinded its annexation" — the annexation is the condition, not the threat."""
    while tok.i != top.i and tok.head.i != tok.i:
        if _is_condition(tok):
            return True
        tok = tok.head
    return False


def _is_content(clause: Token) -> bool:
    """The "that"-clause of a noun: "its demand that Israel ease ..."."""
    return clause.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
