"""Triggers of one sentence: lexicon words found on the parse, then folded so that words
naming one event become one candidate ("bomb attack", "imposed sanctions", "a bomb ...
killed five", "lifted the curfew", "talks sponsored by ...")."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ceasefire.events.factuality import is_obligation
from ceasefire.events.lexicon import Entry, Lexicon
from ceasefire.events.reversal import REQUEST, reversed_entry

NOUN_POS = frozenset({"NOUN", "PROPN"})

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


def candidates(sent: Span, lex: Lexicon) -> list[Candidate]:
    """The event candidates of one sentence, in text order."""
    found: dict[int, Candidate] = {}
    consumed: set[int] = set()
    for tok in sent:
        pos = tok.pos_
        if pos != "VERB" and pos not in NOUN_POS:  # most tokens: no string work at all
            continue
        lemma = tok.lemma_.lower()
        if pos == "VERB" and lemma in lex.speech:
            demanded = next((c for c in tok.children if c.dep_ == "ccomp" and is_obligation(c)), None)
            if demanded is not None:
                found[tok.i] = Candidate(tok, REQUEST, tok, demanded=demanded)
            continue
        if pos == "VERB" and lemma in lex.verbs and tok.dep_ != "amod":
            # (a participle as adjective, "rebel-held town", describes a state, not an event)
            hit = _match(tok, lex.verbs[lemma])
        elif pos in NOUN_POS and lemma in lex.nouns:
            hit = _match(tok, lex.nouns[lemma])
        else:
            continue
        if hit is not None:
            consumed.update(t.i for t in hit[1])
            if hit[0].type != "NONE":
                found[tok.i] = Candidate(tok, hit[0], tok, matched=bool(hit[0].needs))
    for i in consumed:  # "imposed sanctions" as one phrase: the noun is no second event
        if found.get(i) is not None and found[i].trigger.pos_ in NOUN_POS:
            del found[i]
    return _fold(found, lex)


def _undoer(noun: Token, lex: Lexicon) -> Token | None:
    """The verb that undoes what the noun names: "lifted the curfew", "suspended aid
    deliveries", "lifted a state of emergency", "called off the strike"."""
    tok = noun
    while tok.dep_ == "compound" or (tok.dep_ == "pobj" and tok.head.lower_ == "of"):
        tok = tok.head if tok.dep_ == "compound" else tok.head.head
    if tok.dep_ not in ("dobj", "nsubjpass") or tok.head.pos_ != "VERB":
        return None
    verb = tok.head
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    keys = {verb.lemma_.lower(), *(f"{verb.lemma_.lower()} {p}" for p in particles)}
    return verb if keys & lex.reverse else None


def _fold(found: dict[int, Candidate], lex: Lexicon) -> list[Candidate]:
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
        elif tok.dep_ == "dobj" and head.lemma_.lower() in lex.light:
            cand.clause = head  # "held talks", "carried out an attack"
            found.pop(head.i, None)
        elif (undoer := _undoer(tok, lex)) is not None:
            # "lifted the curfew": the event is the lifting, read off the verb
            cand.entry, cand.trigger, cand.clause = reversed_entry(cand.entry), undoer, undoer
            found.pop(undoer.i, None)
            found[undoer.i] = found.pop(tok.i)
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
    return sorted(found.values(), key=lambda c: c.trigger.i)
