"""The events stage: PLOVER events from trigger words and the dependency parse.

Per sentence: take the trigger candidates (triggers.py), then read each event's roles, place,
date, casualties and factuality off the parse; places may then come from the neighbourhood,
and dates from the paragraph, the lead or the publication date (dating.py).

Confidence, a plain additive score: 0.5 for a trigger from the CAMEO verb table (0.6 for a
hand-curated or phrase-matched trigger, 0.45 for one derived from CAMEO patterns), +0.15 when
an actor is found, +0.1 for a recipient, +0.1 when it is the sentence's main predicate (the
news; subordinate clauses carry background), +0.05 each for a place and a date in the sentence,
-0.1 when the place comes from the context; capped to [0.1, 0.95].
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ceasefire.events.casualties import Count, casualties
from ceasefire.events.dating import Dating, is_past, is_repeated
from ceasefire.events.disasters import is_unpolitical_harm
from ceasefire.events.factuality import is_intent, is_ultimatum, status
from ceasefire.events.lexicon import load_lexicon
from ceasefire.events.modes import assign_modes
from ceasefire.events.reversal import intended_entry, refused_entry, threatened_entry
from ceasefire.events.roles import (
    announced_by,
    between_parties,
    complement_recipients,
    grievance_actors,
    in_condition,
    merge,
    noun_roles,
    object_actors,
    subject,
    subject_actors,
    verb_roles,
)
from ceasefire.events.tokens import TokenIndex
from ceasefire.events.triggers import NOUN_POS, Candidate, candidates
from ceasefire.events.where_when import (
    Neighbourhood,
    attached_date,
    attached_place,
    context_place,
    sentence_place,
    sequel,
    victims_place,
)
from ceasefire.model import Actor, ActorCoder, Event, Place, Quote, TimeExpression
from ceasefire.resources import table, tagged, words
from ceasefire.text import doc_text

# Types whose place may be borrowed from neighbouring sentences: things that happen somewhere.
_MATERIAL = tagged("plover_type_classes", "material")
# Types whose object may be their place: "shelled Aleppo", "visited Moscow".
_PLACED_BY_OBJECT = _MATERIAL | {"CONSULT"}


def _roles(index: TokenIndex, cand: Candidate) -> tuple[list[str], list[str]]:
    if cand.demanded is not None:
        actor = subject_actors(index, cand.trigger)
        return actor, [a for a in subject_actors(index, cand.demanded) if a not in actor]
    if cand.trigger.pos_ not in NOUN_POS:
        actor, recipient = verb_roles(index, cand.trigger, cand.entry.needs)
        if cand.entry.type == "ACCUSE":  # "complained to the UN over Israeli raids"
            recipient = merge(recipient, [a for a in grievance_actors(index, cand.trigger) if a not in actor])
        if cand.entry.type in tagged("plover_type_classes", "stance"):  # "rejected Egyptian mediation"
            recipient = merge([a for a in object_actors(index, cand.trigger) if a not in actor], recipient)
        return actor, recipient or complement_recipients(index, cand.trigger, actor)
    actor, recipient = noun_roles(index, cand.trigger)
    if not actor and cand.clause is cand.trigger and (verb := _verb_over(cand.trigger)) is not None:
        # "returned to Geneva for talks", "youths threw stones during demonstrations": the
        # act of a phrase on a verb is the verb's subject's
        actor = [a for a in subject_actors(index, verb) if a not in recipient]
    if not recipient:
        # "its demand that Kenya release ...", "reiterated its demand that Israel ease ...":
        # whom the clause of the act, or of its light verb, is about
        recipient = merge(
            *(complement_recipients(index, t, actor) for t in dict.fromkeys([cand.trigger, cand.clause]))
        )
    reporting = table("speech_cues")
    for verb in {cand.clause, *cand.fused} - {cand.trigger}:
        if verb is not cand.clause and verb.lemma_.lower() in reporting:
            # "the blast was reported by state media": who tells is no participant (but who
            # "declared a ceasefire", a light verb's subject, made it)
            continue
        more_actor, more_recipient = verb_roles(index, verb)
        if cand.trigger in subject(verb):  # "the ban will continue": no second actor
            more_actor = []
        actor = merge(actor, more_actor)
        recipient = merge(recipient, more_recipient)
    parties = between_parties(index, cand.trigger)
    if parties and any(a not in parties for a in actor):
        # "Qatar began mediation between Sudan and Chad": the mediator acts, on the two sides
        actor = [a for a in actor if a not in parties]
        recipient = merge(parties, recipient)
    return actor, [r for r in recipient if r not in actor]


def _aimed_by_place(type_: str) -> bool:
    """Whether an event of this type with nobody named as its target is aimed at the state
    of its place: any but an act of force, and of those a measure (a curfew, troops on alert)."""
    return type_ not in tagged("plover_type_classes", "armed") or type_ in tagged(
        "plover_type_classes", "measure"
    )


def _verb_over(noun: Token) -> Token | None:
    """The verb a nominal trigger hangs on through one preposition ("for talks", "on alert")."""
    prep = noun.head
    if (
        noun.dep_ == "pobj"
        and prep.dep_ == "prep"
        and prep.head.pos_ in ("VERB", "AUX")
        and prep.lower_ not in words("other_act_openers")  # "imposed a curfew after a demonstration"
    ):
        return prep.head
    return None


def _toll_of_previous(
    drafts: list[tuple[int, Candidate, Event]], k: int, dead: Count | None, hurt: Count | None
) -> bool:
    """A toll told in a sentence of its own ("Police put the death toll at 16.") is the toll of
    the attack told just before it, where that attack has none yet. False when no attack was
    told just before."""
    if dead is None and hurt is None:
        return True
    attack = next(
        (e for j, _, e in reversed(drafts) if e.type == "ASSAULT" and e.status == "asserted" and k - j <= 2),
        None,
    )
    if attack is None:
        return False
    _give_toll(attack, dead, hurt)
    return True


def _toll_of_next(
    drafts: list[tuple[int, Candidate, Event]], pending: tuple[int, Count | None, Count | None] | None
) -> None:
    """A toll told before any act ("65 bodies were found in the town. Most had been killed by
    the militants.") is the toll of the attack told in the very next sentence."""
    if pending is None:
        return
    k, dead, hurt = pending
    attack = next(
        (e for j, _, e in drafts if j == k + 1 and e.type == "ASSAULT" and e.status == "asserted"), None
    )
    if attack is not None:
        _give_toll(attack, dead, hurt)


def _give_toll(attack: Event, dead: Count | None, hurt: Count | None) -> None:
    """Give the attack the counts it has none of yet."""
    if dead is not None and attack.fatalities is None and attack.fatalities_min is None:
        attack.fatalities, attack.fatalities_min, attack.fatalities_max = dead.value, dead.low, dead.high
    if hurt is not None and attack.injured is None and attack.injured_min is None:
        attack.injured, attack.injured_min, attack.injured_max = hurt.value, hurt.low, hurt.high


def _predicate(cand: Candidate) -> Token:
    """The verb that says whether the event happened: its own, or the one over its noun."""
    tok = cand.clause
    while tok.pos_ in NOUN_POS or tok.dep_ == "prep":
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return tok


def _nearest(count: Count | None, sent: Span, cands: list[Candidate]) -> Candidate | None:
    assaults = [c for c in cands if c.entry.type == "ASSAULT"]
    if count is None or not assaults:
        return None
    at = sent.start_char + count.at
    return min(assaults, key=lambda c: abs(c.trigger.idx - at))


def _confidence(cand: Candidate, actor: bool, recipient: bool, place_from: str | None, date: bool) -> float:
    score = 0.6 if cand.entry.source == "hand" or cand.matched else 0.5
    score += 0.1 if cand.clause.dep_ == "ROOT" else 0.0
    score -= 0.05 if cand.entry.source == "cameo-pattern" else 0.0
    score += 0.15 * actor + 0.1 * recipient + 0.05 * date
    score += {"sentence": 0.05, "context": -0.1}.get(place_from or "", 0.0)
    return round(min(0.95, max(0.1, score)), 2)


@dataclass(frozen=True)
class _Sentence:
    """What every event of a sentence reads, computed once (Span properties walk tokens)."""

    span: Span
    root: Token
    text: str


def _draft(
    index: TokenIndex,
    times: list[TimeExpression],
    sentence: _Sentence,
    cand: Candidate,
    dead: Count | None,
    hurt: Count | None,
) -> Event:
    """The event of one trigger, before ids and any place borrowed from the context."""
    sent, root = sentence.span, sentence.root
    tok, clause = cand.trigger, cand.clause
    actor, recipient = _roles(index, cand)
    for part in cand.parts:  # the act's other words may name whom the trigger does not
        part_actor, part_recipient = _roles(index, part)
        # (but not as its actor whom the act was done to: "was arrested for spying")
        part_actor = [a for a in part_actor if a not in recipient]
        actor = actor or ([] if in_condition(part.trigger, tok) else part_actor)
        recipient = recipient or [r for r in part_recipient if r not in actor]
    if cand.entry.mode is None:
        # "shelled ..., killing seven in an air raid": a folded word may say how
        cand.entry = next(
            (p.entry for p in cand.parts if p.entry.type == cand.entry.type and p.entry.mode), cand.entry
        )
    actor = actor or announced_by(index, sent, cand.entry.type, recipient)
    predicate = _predicate(cand)
    factuality = status(tok, predicate, sentence.text.rstrip().endswith("?"))
    # An announced act of one's own is an event of its own kind (CAMEO 03 and 13): the
    # announcement happened; on a condition it is a threat. A noun subject ("the ban will
    # continue") announces nothing. An act of cooperation that did not happen ("did not meet",
    # "failed to reach agreement") is a rejection, as CAMEO's "NOT *" patterns code it.
    own = tok.pos_ not in NOUN_POS or clause is not tok
    framed = None
    if own and factuality == "planned" and is_intent(predicate):
        framed = threatened_entry(cand.entry) if is_ultimatum(predicate) else intended_entry(cand.entry)
    elif own and factuality == "negated":
        framed = refused_entry(cand.entry)
    if framed is not None:
        cand.entry, factuality = framed, "asserted"
    place = attached_place(
        index,
        sent,
        list(dict.fromkeys([tok, clause, *cand.fused, root])),
        patient=cand.entry.type in _PLACED_BY_OBJECT,
    )
    place = place or sentence_place(index, sent, tok)
    if place is None and cand.entry.type in _MATERIAL:
        place = victims_place(index, tok)
    if not recipient and place is not None and _aimed_by_place(cand.entry.type):
        # (An act of force's place is where it happened, not whom it was aimed at.) A measure,
        # a visit or a protest aimed at a state names it by a place: "lifted the
        # curfew in Montenegro", "imposed a curfew in Azaz", "withdrew its troops from
        # Lebanon", "protested in Kirkuk".
        recipient = [a for a in [index.place_actor(place)] if a is not None and a not in actor]
    if cand.entry.type in tagged("plover_type_classes", "domestic") and not any(
        index.countries.get(r) for r in recipient
    ):
        # "Angry French workers blocked the bridge": a protest aimed at nobody named (or at
        # nobody of a known country, "outside Parliament") is aimed at the protesters' state
        states = [s for a in actor if (s := index.state_of(a)) is not None and s not in actor]
        recipient = merge(recipient, states[:1])
    date = attached_date(
        index,
        times,
        tok,
        [
            (tok.left_edge.i, tok.right_edge.i + 1),
            (clause.left_edge.i, clause.right_edge.i + 1),
            (sent.start, sent.end),
        ],
    )
    return Event(
        id="",
        type=cand.entry.type,
        mode=cand.entry.mode,
        cameo=cand.entry.cameo,
        actor=actor,
        recipient=recipient,
        place=place,
        date=date,
        fatalities=dead.value if dead else None,
        injured=hurt.value if hurt else None,
        # spaCy's sentence keeps the whitespace after it (a paragraph break); the span does not.
        trigger=tok.text,
        start=sent.start_char,
        end=sent.start_char + len(sentence.text.rstrip()),
        confidence=0.0,
        trigger_start=tok.idx,
        trigger_end=tok.idx + len(tok.text),
        status=factuality,
        place_from="sentence" if place else None,
        date_source="sentence" if date else None,
        fatalities_min=dead.low if dead else None,
        fatalities_max=dead.high if dead else None,
        injured_min=hurt.low if hurt else None,
        injured_max=hurt.high if hurt else None,
    )


def find_events(
    doc: Doc,
    actors: list[Actor],
    places: list[Place],
    times: list[TimeExpression],
    quotes: list[Quote],
    coder: ActorCoder,
    published: dt.date | None = None,
) -> tuple[list[Event], list[Actor]]:
    """Events of one document, in text order, with ids e1, e2, ..., and the actors coded here.

    Role phrases the actor stage left uncoded ("a Syrian airfield") are coded by ``coder`` and
    get actors of their own (ids after the given ones) so that every id an event names
    resolves; the caller adds them to the article's actors.
    """
    lex = load_lexicon()
    index = TokenIndex.build(doc, actors, places, times, quotes, coder)
    text = doc_text(doc)
    around = Neighbourhood(doc, text)
    drafts: list[tuple[int, Candidate, Event]] = []
    pending: tuple[int, Count | None, Count | None] | None = None  # a toll still without its act
    for k, sent in enumerate(around.sents):
        sentence = _Sentence(sent, sent.root, text[sent.start_char : sent.end_char])
        dead, hurt = casualties(sentence.text, sent)
        cands = candidates(sent, lex, tolled=dead is not None or hurt is not None)
        if pending is not None and pending[0] < k - 1:
            _toll_of_next(drafts, pending)
            pending = None
        if not any(c.entry.type == "ASSAULT" for c in cands):
            if not _toll_of_previous(drafts, k, dead, hurt) and not any(
                e.type == "ASSAULT" for *_, e in drafts
            ):
                pending = (k, dead, hurt)
            dead = hurt = None
        if not cands:
            continue
        dead_at, hurt_at = _nearest(dead, sent, cands), _nearest(hurt, sent, cands)
        for cand in cands:
            event = _draft(
                index,
                times,
                sentence,
                cand,
                dead if cand is dead_at else None,
                hurt if cand is hurt_at else None,
            )
            if is_unpolitical_harm(index, cand.trigger, event):  # an earthquake kills, nobody attacks
                continue
            if cand.demanded is None or event.recipient:  # a demand needs someone asked
                drafts.append((k, cand, event))
    _toll_of_next(drafts, pending)
    # Places of material events, by sentence: what a neighbouring event may carry over.
    located: dict[int, list[str]] = {}
    for k, _, event in drafts:
        if event.place is not None and event.type in _MATERIAL:
            located.setdefault(k, []).append(event.place)
    # Many events of unknown days and places ("several attacks") borrow neither.
    repeated = {
        id(event)
        for _, cand, event in drafts
        if any(is_repeated(c.trigger, _predicate(c)) for c in (cand, *cand.parts))  # "a series of raids hit"
    }
    for k, _, event in drafts:
        if event.place is None and event.type in _MATERIAL and id(event) not in repeated:
            event.place = context_place(index, around, k, located)
            event.place_from = "context" if event.place else None
    for k, _, event in drafts:
        if event.place is None and event.type in _MATERIAL and event.date is not None:
            # The same event told twice: same type and day two sentences apart, one placed.
            twin = next(
                (
                    e
                    for j, _, e in drafts
                    if 0 < abs(j - k) <= 2
                    and e.place is not None
                    and (e.type, e.date) == (event.type, event.date)
                ),
                None,
            )
            if twin is not None:
                event.place, event.place_from = twin.place, "context"
    dating = Dating(doc, around, times, published)
    for k, cand, event in drafts:
        if event.date is None and event.status == "asserted" and id(event) not in repeated:
            material_past = event.type in _MATERIAL and is_past(_predicate(cand))
            event.date, event.date_source = dating.borrow(k, material_past, sequel(cand.trigger))
    assign_modes(doc, [event for _, _, event in drafts])
    for n, (_, cand, event) in enumerate(drafts, start=1):
        event.id = f"e{n}"
        event.confidence = _confidence(
            cand, bool(event.actor), bool(event.recipient), event.place_from, event.date_source == "sentence"
        )
    return [event for _, _, event in drafts], index.added
