"""Triggers of one sentence: lexicon words found on the parse, then folded so that words
naming one event become one candidate ("bomb attack", "imposed sanctions", "a bomb ...
killed five", "lifted the curfew", "talks sponsored by ...")."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ceasefire.events.factuality import is_obligation
from ceasefire.events.lexicon import Entry, Lexicon
from ceasefire.events.modes import names_means
from ceasefire.events.reversal import DISMISSAL, REQUEST, defied_entry, refused_entry, reversed_entry
from ceasefire.resources import table, tagged, words

NOUN_POS = frozenset({"NOUN", "PROPN"})

# Entities whose words name no event: "in March", "the Ceasefire Violations Committee".
_NAMES_NO_EVENT = frozenset({"DATE", "TIME", "ORG", "PERSON", "WORK_OF_ART", "LAW", "PRODUCT"})

# Dependents whose words can complete a phrasal trigger ("call on", "carry out", "by phone").
_PHRASE_DEPS = frozenset({"prt", "prep", "agent", "dobj", "compound", "amod", "nmod", "npadvmod"})


@dataclass
class Candidate:
    """One event in the making: the trigger word and the lexicon entry it matched."""

    trigger: Token
    entry: Entry
    clause: Token  # the predicate the event hangs on: its own verb, a light or fused verb
    matched: bool = False  # a phrase entry matched ("call on"), not the bare word
    fused: list[Token] = field(default_factory=list)
    demanded: Token | None = None  # "X said Y must Z": the clause whose subject is asked
    parts: list[Candidate] = field(default_factory=list)  # triggers folded in: the same act's words


def _overture(verb: Token, lemma: str) -> Token | None:
    """The thing asked or offered that a verb of brushing aside has as its object ("dismissed
    an appeal", "rebuffed the offer"), if any."""
    if lemma not in words("dismissal_verbs"):
        return None
    asked = words("overture_nouns")
    objects = (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass"))
    return next((c for c in objects if c.lemma_.lower() in asked), None)


def _addressed(cue: Token) -> bool:
    """Is a cue verb an act of its own: addressed to someone ("warned Syria against attacks")
    or telling what will or may come ("warned that it would retaliate")? ("Warned that stocks
    were low" only reports.)"""
    coming = words("future_auxiliaries") | words("modal_auxiliaries")
    return any(
        c.dep_ == "dobj"
        or (c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in coming for a in c.children))
        for c in cue.children
    )


def verb_lemma(tok: Token, known: Container[str]) -> str:
    """The verb's lemma, or the known word its past form comes from where the small model's
    lemmatizer goes wrong ("staged" -> "stag"): the form less its "d" or "ed"."""
    lemma = tok.lemma_.lower()
    if lemma in known or tok.tag_ not in ("VBD", "VBN"):
        return lemma
    form = tok.lower_
    return next((f for f in (form[:-1], form[:-2]) if form.endswith("ed") and f in known), lemma)


def _used_as_noun(tok: Token) -> bool:
    """A verb form with a determiner or owner is a noun in use, no act: "evacuated the
    wounded", "among the killed", "ending its fisheries dispute"."""
    return any(c.dep_ in ("det", "poss") for c in tok.children)


def _dependents(tok: Token) -> dict[str, Token]:
    """Lemmas under tok that may complete a phrase, one level through prepositions."""
    out: dict[str, Token] = {}
    for child in tok.children:
        if child.dep_ in _PHRASE_DEPS:
            out.setdefault(child.lemma_.lower(), child)
            if child.dep_ in ("prep", "agent", "prt"):
                for grand in child.children:
                    out.setdefault(grand.lemma_.lower(), grand)
    return out


def _match(tok: Token, entries: tuple[Entry, ...]) -> tuple[Entry, list[Token]] | None:
    deps = _dependents(tok) if any(e.needs for e in entries) else {}
    for entry in entries:  # most specific first
        if all(n in deps for n in entry.needs):
            return entry, [deps[n] for n in entry.needs]
    return None


def _sense(entry: Entry, entries: tuple[Entry, ...], sent: Span) -> Entry:
    """The sense of a bare trigger that the sentence's words tell: a "strike" in a sentence
    about workers, unions or pay is a work stoppage (the row "strike" + "general"), not an
    act of force (data/lexicons/sense_cues.tsv)."""
    lemmas: set[str] | None = None
    for other in entries:
        if len(other.needs) == 1 and (cues := tagged("sense_cues", f"{entry.lemma}:{other.needs[0]}")):
            lemmas = lemmas if lemmas is not None else {t.lemma_.lower() for t in sent}
            if cues & lemmas:
                return other
    return entry


def candidates(sent: Span, lex: Lexicon, tolled: bool = False) -> list[Candidate]:
    """The event candidates of one sentence, in text order; ``tolled``: the sentence counts
    dead or injured, so an act of force in it is an incident of its own."""
    found: dict[int, Candidate] = {}
    consumed: set[int] = set()
    for tok in sent:
        pos = tok.pos_
        if pos != "VERB" and pos not in NOUN_POS:  # most tokens: no string work at all
            continue
        lemma = verb_lemma(tok, lex.verbs) if pos == "VERB" else tok.lemma_.lower()
        if pos == "VERB" and lemma in lex.speech:
            demanded = next((c for c in tok.children if c.dep_ == "ccomp" and is_obligation(c)), None)
            if demanded is not None or not _addressed(tok):
                if demanded is not None:
                    found[tok.i] = Candidate(tok, REQUEST, tok, demanded=demanded)
                continue
        if pos == "VERB" and lemma in lex.verbs and tok.dep_ != "amod" and not _used_as_noun(tok):
            # (a participle as adjective, "rebel-held town", describes a state, not an event)
            hit = _match(tok, lex.verbs[lemma])
            if hit is not None and not hit[0].needs and (asked := _overture(tok, lemma)) is not None:
                hit = (DISMISSAL, [asked])
        elif pos in NOUN_POS and lemma in lex.nouns and tok.ent_type_ not in _NAMES_NO_EVENT:
            hit = _match(tok, lex.nouns[lemma]) if _begins_if_a_state(tok, lemma) else None
            if hit is not None and not hit[0].needs:
                hit = (_sense(hit[0], lex.nouns[lemma], sent), hit[1])
        else:
            continue
        if hit is not None:
            consumed.update(t.i for t in hit[1])
            if hit[0].type != "NONE":
                found[tok.i] = Candidate(tok, hit[0], tok, matched=bool(hit[0].needs))
    for i in consumed:  # "imposed sanctions" as one phrase: the noun is no second event
        if found.get(i) is not None and found[i].trigger.pos_ in NOUN_POS:
            del found[i]
    return _fold(found, lex, tolled)


def _begins_if_a_state(noun: Token, lemma: str) -> bool:
    """A noun of a standing state ("ceasefire", "truce") is an act only where the text has it
    begin or broken: declared ("declared a truce", "a ceasefire was declared"), starting ("the
    truce took effect"), violated. Named as in force ("the ceasefire held", "the truce covers
    the south") it is no event. Other nouns pass."""
    if lemma not in words("standing_state_nouns"):
        return True
    while noun.dep_ in ("conj", "compound") and noun.head is not noun:
        noun = noun.head  # "violating the ceasefire agreement": the phrase's head is the object
    verb = noun.head
    act = table("state_acts").get(verb.lemma_.lower())
    if act is None or verb.pos_ not in ("VERB", "AUX"):
        return False
    role, *after = act.split()
    if role == "object":
        return noun.dep_ in ("dobj", "nsubjpass")
    if noun.dep_ != "nsubj":
        return False
    return not after or any(t.lemma_.lower() in after for t in verb.subtree if t.i > verb.i)


def _verb_on(noun: Token, verbs: frozenset[str]) -> Token | None:
    """The verb of ``verbs`` (a lemma, or a lemma and particle) whose object the noun is: the
    verb that undoes ("lifted the curfew", "suspended aid deliveries", "lifted a state of
    emergency", "called off the strike") or defies ("violated the ban") what it names."""
    tok = noun
    while tok.dep_ == "compound" or (tok.dep_ == "pobj" and tok.head.lower_ == "of"):
        tok = tok.head if tok.dep_ == "compound" else tok.head.head
    if tok.dep_ not in ("dobj", "nsubjpass") or tok.head.pos_ != "VERB":
        return None
    verb = tok.head
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    keys = {verb.lemma_.lower(), *(f"{verb.lemma_.lower()} {p}" for p in particles)}
    return verb if keys & verbs else None


def _opposer(noun: Token, found: dict[int, Candidate]) -> Candidate | None:
    """The verb of opposing whose object the nominal act is ("opposed the plan", "is opposed
    to talks")."""
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "to" else noun.head
    owner = found.get(verb.i)
    if (
        noun.dep_ in ("dobj", "pobj")
        and owner is not None
        and verb.lemma_.lower() in words("opposition_verbs")
    ):
        return owner
    return None


def _light_verb(noun: Token, found: dict[int, Candidate], lex: Lexicon) -> Token | None:
    """The light verb whose object the noun is, directly ("held talks") or as the kind of the
    undertaking ("launched a mediation effort") or the stuff of an amount that is no event
    itself ("gave five million dollars of aid")."""
    tok = noun
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in words("undertaking_nouns"):
        tok = tok.head
    elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in NOUN_POS:
        tok = tok.head.head if tok.head.head.i not in found else tok
    if tok.dep_ == "dobj" and verb_lemma(tok.head, lex.light) in lex.light:
        return tok.head
    return None


def _fold(found: dict[int, Candidate], lex: Lexicon, tolled: bool) -> list[Candidate]:
    """Join triggers that name one event; the noun keeps the type, the verb gives the roles."""
    for cand in sorted(found.values(), key=lambda c: c.trigger.i):
        tok, head = cand.trigger, cand.trigger.head
        if tok.pos_ not in NOUN_POS or tok.i not in found:
            continue
        outer = found.get(head.i)
        if tok.dep_ == "compound" and outer is not None and outer.trigger.pos_ in NOUN_POS:
            # "bomb attack": one event, the modifier lends its mode
            if outer.entry.mode is None and outer.entry.type == cand.entry.type:
                outer.entry = cand.entry
            del found[tok.i]
        elif (light := _light_verb(tok, found, lex)) is not None:
            cand.clause = light  # "held talks", "carried out an attack"
            found.pop(light.i, None)
        elif (verb := _verb_on(tok, lex.reverse) or _verb_on(tok, lex.defy)) is not None:
            # "lifted the curfew", "violated the ban": the event is the lifting or the
            # defiance, read off the verb
            framed = reversed_entry if verb.lemma_.lower() not in lex.defy else defied_entry
            cand.entry, cand.trigger, cand.clause = framed(cand.entry), verb, verb
            found.pop(verb.i, None)
            found[verb.i] = found.pop(tok.i)
        elif (opposer := _opposer(tok, found)) is not None and (
            rejected := refused_entry(cand.entry)
        ) is not None:
            opposer.entry = rejected  # "opposed the deployment", "is opposed to mediation": a rejection
            del found[tok.i]
        elif tok.dep_ == "dobj" and outer is not None and outer.entry.type == "REJECT":
            del found[tok.i]  # "rejected the talks": only the rejection happened
        elif tok.dep_ in ("nsubj", "nsubjpass") and outer is not None and outer.entry.type == cand.entry.type:
            # "a car bomb killed five", "a suicide bomber detonated ...": the verb is the
            # event, the noun its means (and mode)
            if outer.entry.mode is None:
                outer.entry = cand.entry
            del found[tok.i]
        elif tok.dep_ in ("nsubj", "nsubjpass") and outer is None and head.pos_ == "VERB":
            cand.fused.append(head)  # "the attack was directed at X", "... carried out by Y"
    for cand in list(found.values()):
        tok, head = cand.trigger, cand.trigger.head
        owner = found.get(head.i)
        if (
            owner is not None
            and owner.trigger.pos_ in NOUN_POS
            and (tok.dep_ == "acl" or (tok.dep_ == "relcl" and owner.entry.type == cand.entry.type))
        ):
            owner.fused.append(tok)  # "talks sponsored by ...", "fighting that has killed"
            del found[tok.i]
    return _one_act(found, tolled)


def _governor(cand: Candidate, owners: dict[int, Candidate]) -> Candidate | None:
    """The nearest other candidate above this one in the parse (by its trigger or the verb it
    hangs on), unless the two are coordinated acts ("attacked X and shelled Y"; not one act
    told by two verbs, or its toll) or a phrase about another act lies between them."""
    openers = words("other_act_openers")
    if cand.entry.type in tagged("plover_type_classes", "armed"):
        openers = openers | words("concurrent_act_openers")
    tok = cand.trigger
    while tok.head.i != tok.i:
        child, tok = tok, tok.head
        if _opens_other_act(child, openers):
            return None
        owner = owners.get(tok.i) or (_act_of(tok, owners) if _is_purpose(child) else None)
        if owner is not None and owner is not cand:
            one_act = _casualty_pair(child, owner) or _one_act_twice(child, cand, owner)
            return None if child.dep_ == "conj" and not one_act else owner
    return None


def _presupposed(cand: Candidate, owners: dict[int, Candidate]) -> bool:
    """Is the act told in a phrase about another act, beside an event of the sentence ("resigned
    after the paper accused him", "failed to agree despite hours of negotiations")? What such
    a phrase tells is given, already reported, the news being the event above it."""
    openers = words("other_act_openers")
    tok = cand.trigger
    while tok.head.i != tok.i:
        child, tok = tok, tok.head
        if _opens_other_act(child, openers):
            phrase = range(child.left_edge.i, child.right_edge.i + 1)
            return any(other.trigger.i not in phrase for other in owners.values())
        if owners.get(tok.i) not in (None, cand):
            return False
    return False


def _is_purpose(tok: Token) -> bool:
    """ "(began a hunger strike) to protest ...", "(staged rallies) to demand ...", "(opened
    fire) to disperse ...", "(staged a sit-in) in protest": a clause or phrase saying what an
    act is for."""
    if tok.dep_ == "prep":
        return tok.lower_ == "in"
    return tok.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _act_of(verb: Token, owners: dict[int, Candidate]) -> Candidate | None:
    """The event a verb with no event of its own is about: its object or subject ("began a
    hunger strike", "the rally was held"), or the act it takes part in ("remained on alert")."""
    held = [c for c in verb.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")]
    held += [p for c in verb.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    return next((owners[c.i] for c in held if c.i in owners), None)


def _opens_other_act(tok: Token, openers: frozenset[str]) -> bool:
    """ "following the downing", "since relations were strained by the attack", "in response
    to the attack": what lies below tok is another act, told as the event's background or cause."""
    if tok.dep_ == "prep" and (
        tok.lower_ in openers
        # "in response to the attack", "in retaliation for the raid"
        or any(c.dep_ == "pobj" and c.lemma_.lower() in openers for c in tok.children)
    ):
        return True
    return any(child.dep_ == "mark" and child.lower_ in openers for child in tok.children)


def _casualty_pair(tok: Token, owner: Candidate) -> bool:
    """ "killed one soldier and wounded two others": the toll of one act, coordinated."""
    casualty = words("casualty_verbs")
    return owner.entry.type == "ASSAULT" and {tok.lemma_.lower(), owner.trigger.lemma_.lower()} <= casualty


def _one_act_twice(verb: Token, cand: Candidate, owner: Candidate) -> bool:
    """ "established ties with and opened an embassy in Tehran", "condemned and denounced the
    raid": verbs of one subject coordinated, naming acts of one type, tell one act (but
    acts of force, each an incident, are told apart: "shelled the town and bombed a market")."""
    return (
        verb.pos_ == "VERB"
        and cand.entry.type == owner.entry.type
        and cand.entry.type not in tagged("plover_type_classes", "armed")
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        and _after_conjunction(verb)
    )


def _after_conjunction(verb: Token) -> bool:
    """Does the verb follow its conjunction straight ("and reopened", "and has since urged")?
    Where a noun comes between ("praised the deal and Jordan welcomed it"), that noun is its
    subject, whatever the parse says."""
    tok = verb.doc[verb.i - 1] if verb.i > 0 else verb
    while tok.pos_ in ("ADV", "AUX", "PART") and tok.i > 0:
        tok = tok.doc[tok.i - 1]
    return tok.pos_ == "CCONJ"


def _modifies_other(cand: Candidate, found: dict[int, Candidate]) -> bool:
    """A nominal trigger that only qualifies another noun names no event: "aid groups",
    "the meeting's co-chairman", "war crimes court" (but "a mediation mission" is one)."""
    tok = cand.trigger
    return (
        tok.pos_ in NOUN_POS
        and tok.dep_ in ("compound", "poss", "amod")
        and tok.head.pos_ in NOUN_POS
        and tok.head.i not in found
        and tok.head.lemma_.lower() not in words("undertaking_nouns")
    )


def _incident(cand: Candidate, armed: frozenset[str], tolled: bool) -> bool:
    """Is the candidate an act of force told as an incident: by a clause of its own, as one act
    ("the downing of a warplane"), with its means or with a toll (not "after weeks of
    clashes", "following fierce fighting")?"""
    tok = cand.trigger
    one_act = tok.pos_ not in NOUN_POS or (
        # a singular with a determiner, an owner or a name before it: "Tuesday's attack"
        tok.tag_ not in ("NNS", "NNPS")
        and any(c.dep_ in ("det", "poss", "compound", "nmod") for c in tok.children)
    )
    return cand.entry.type in armed and (tolled or one_act or names_means(tok, cand.entry.mode))


def _one_act(found: dict[int, Candidate], tolled: bool) -> list[Candidate]:
    """One act, one event: a trigger inside another event's clause — its complement ("agreed
    to lift"), purpose ("telephoned ... to discuss"), result ("shelled ..., killing seven"),
    modifier ("nationals suspected of blowing up") or argument ("agreed to US mediation in
    the talks") — is part of that event, not an event of its own. An act of force with a toll
    is an incident of its own even under a verbal act about it. Any other act told as the
    background of an event ("after the court cleared him", "after a demonstration") is no
    event of its own, but an attack told as an incident is ("following the bombing of a
    market"; not "after weeks of clashes")."""
    for i in [i for i, cand in found.items() if _modifies_other(cand, found)]:
        del found[i]
    owners = dict(found)
    for cand in found.values():
        owners.setdefault(cand.clause.i, cand)
    armed = tagged("plover_type_classes", "armed")
    for i in [i for i, c in found.items() if not _incident(c, armed, tolled) and _presupposed(c, owners)]:
        del found[i]
    governors = {i: _governor(cand, owners) for i, cand in found.items()}
    for i, governor in governors.items():
        if (
            tolled
            and governor is not None
            and found[i].entry.type in armed
            and governor.entry.type not in armed
            and found[i].trigger.dep_ != "xcomp"  # "threatened to shell towns" killed nobody
        ):
            governors[i] = None  # "condemned the attack that killed 43": the attack happened too
    for i, governor in governors.items():
        if governor is not None:
            top, seen = governor, {i}
            while (above := governors.get(top.trigger.i)) is not None and top.trigger.i not in seen:
                seen.add(top.trigger.i)
                top = above
            top.parts.append(found[i])
    return sorted((c for i, c in found.items() if governors[i] is None), key=lambda c: c.trigger.i)
