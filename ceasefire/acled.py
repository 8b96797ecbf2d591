"""The ``acled`` component: each event's ACLED event and sub-event type, and whether civilians
are its target.

ACLED codes political violence, demonstrations and the strategic developments around them;
verbal acts (statements, accusations, visits, demands) are outside its scope and keep None. A
PLOVER event is read as an ACLED coder reads a report: the weapon named decides an explosion
or remote attack (a suicide car bomb is a suicide bomb); otherwise who is hit decides between an
armed clash, violence against civilians, force against protesters and a riot; a seizure is of
ground (who took it), of people (an arrest or an abduction), of arms or of property; an accord
between conflict parties is an agreement. The words are in ``acled_weapons`` and
``acled_cues``, the modes in ``acled_modes``, the codebook's types in ``acled_types``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ceasefire.model import Actor, Event
from ceasefire.registry import Analysis, component
from ceasefire.resources import table, tagged
from ceasefire.text import phrases_in

# Parts of speech a clause is headed by: a noun trigger's clause is the verb above it.
_PREDICATES = frozenset({"VERB", "AUX"})
# The agent of a clause: its active subject, or the object of a passive's "by".
_SUBJECTS = frozenset({"nsubj", "agent"})


@dataclass(frozen=True)
class _Act:
    """What the typing of one event reads: its words, split by role, and its actors' parts."""

    event: Event
    trigger: Token | None
    clause: list[Token]  # the trigger's clause: its verb and everything under it
    sentence: Span
    agent: set[str]  # sector_roles tags of the actors
    target: set[str]  # sector_roles tags of the recipients

    def cues(self, tag: str, where: str = "clause") -> list[Token]:
        """First tokens of the ``acled_cues`` phrases with this tag in the clause or sentence."""
        tokens = self.clause if where == "clause" else list(self.sentence)
        # a date's words are no cue: "9 March 2018" tells of no march
        return [tok for _, tok in phrases_in(tokens, tagged("acled_cues", tag)) if tok.ent_type_ != "DATE"]

    def has(self, tag: str, where: str = "clause") -> bool:
        return bool(self.cues(tag, where))

    def lemma_is(self, tag: str) -> bool:
        """The trigger itself (or the phrase it starts) carries the tag."""
        return self.trigger is not None and self.trigger in self.cues(tag)

    def verb_is(self, tag: str) -> bool:
        """The verb above a noun trigger carries the tag ("defused a roadside bomb")."""
        verb = _predicate(self.trigger) if self.trigger is not None else None
        return verb is not None and verb in self.cues(tag)

    def victims(self, tag: str) -> bool:
        """Words with the tag stand where the act's victims stand: not as its agent."""
        return any(not _is_agent(tok) for tok in self.cues(tag))

    def agents(self, tag: str) -> bool:
        return any(_is_agent(tok) for tok in self.cues(tag))


def _is_agent(tok: Token) -> bool:
    """The token is in the subject or the passive agent of its clause."""
    for above in [tok, *tok.ancestors]:
        if above.dep_ in _SUBJECTS or (above.dep_ == "pobj" and above.head.dep_ == "agent"):
            return True
        if above.pos_ in _PREDICATES:
            return False
    return False


def _roles(ids: list[str], actors: dict[str, Actor]) -> set[str]:
    roles = table("sector_roles")
    found = {actors[i].sector for i in ids if i in actors}
    return {tag for sector in found if sector for tag in roles.get(sector, "").split()}


def _predicate(trigger: Token) -> Token | None:
    """The verb a trigger's clause is headed by: the trigger itself, or the verb above a noun."""
    head = trigger
    while head.pos_ not in _PREDICATES and head.head.i != head.i:
        head = head.head
    return head if head.pos_ in _PREDICATES else None


def _clause(trigger: Token | None, sentence: Span) -> list[Token]:
    head = _predicate(trigger) if trigger is not None else None
    return list(head.subtree) if head is not None else list(sentence)


def _weapon(act: _Act) -> str | None:
    """The Explosions/Remote violence sub-type the weapon named in the clause (else the
    sentence) makes it, the most specific first; else the one the event's mode makes."""
    weapons = table("acled_weapons")
    for tokens in (act.clause, list(act.sentence)):
        found = {phrase for phrase, _ in phrases_in(tokens, weapons)}
        first = next((sub for phrase, sub in weapons.items() if phrase in found), None)
        if first is not None:
            return first
    by_mode = table("acled_modes").get(f"ASSAULT {act.event.mode}")
    return by_mode if by_mode in _subtypes_of("Explosions/Remote violence") else None


def _subtypes_of(event_type: str) -> set[str]:
    return {sub for sub, parent in table("acled_types").items() if parent == event_type}


def _civilians(act: _Act) -> bool:
    """Civilians are the target: a civilian recipient, or civilian victims in the clause
    (people of unknown kind count unless armed sides fight)."""
    if "civilian" in act.target and not act.target & {"armed"}:
        return True
    return act.victims("civilian") or (act.victims("person") and not act.lemma_is("clash"))


def _assault(act: _Act) -> str:
    event = act.event
    if (act.lemma_is("disrupt") and act.has("weapon")) or act.verb_is("disrupt"):
        return "Disrupted weapons use"  # "shot down a drone", "defused a roadside bomb"
    weapon = _weapon(act)
    if weapon is not None:
        return weapon
    by_mode = table("acled_modes").get(f"ASSAULT {event.mode}")
    if by_mode is not None and by_mode != "Protest with intervention":
        return by_mode
    protest = act.victims("protester") or act.has("protest", "sentence")
    if (protest and "state" in act.agent) or by_mode == "Protest with intervention":
        return _intervention(act)
    if act.agents("crowd"):
        return "Mob violence"
    if act.agents("protester"):
        return "Violent demonstration"
    if act.lemma_is("loot") and not event.fatalities and not _civilians(act):
        return "Looting/property destruction"
    if act.lemma_is("clash") or not _civilians(act):
        return "Armed clash"
    return "Attack"


def _done_to_a_demonstration(act: _Act) -> bool:
    """The act's object is a demonstration ("dispersed the rally"); a month named March is not."""
    objects = [c for c in act.trigger.children if c.dep_ == "dobj"] if act.trigger is not None else []
    return any(o.lemma_.lower() in tagged("acled_cues", "protest") for o in objects)


def _intervention(act: _Act) -> str:
    """Force used on a demonstration: excessive when it kills or maims."""
    lethal = act.event.fatalities or act.event.injured or act.lemma_is("lethal")
    return "Excessive force against protesters" if lethal else "Protest with intervention"


def _protest(act: _Act) -> str | None:
    by_mode = table("acled_modes").get(f"PROTEST {act.event.mode}")
    if by_mode is None and not act.lemma_is("protest"):
        return None  # CAMEO's "dissent" verbs (annoy, harass) are no demonstration
    if act.lemma_is("loot") and "armed" in act.agent:
        return "Looting/property destruction"
    return _demonstration(act, by_mode)


def _demonstration(act: _Act, by_mode: str | None) -> str:
    """A demonstration's sub-type: what it turned into, or what was done to it."""
    if by_mode == "Violent demonstration":
        return "Mob violence" if act.has("crowd", "sentence") else "Violent demonstration"
    hit = any(not _is_agent(tok) for tok in act.cues("protester", "sentence"))
    if hit and act.has("lethal", "sentence"):  # "police shot dead two protesters"
        return "Excessive force against protesters"
    if act.has("intervention", "sentence"):
        return "Protest with intervention"
    if act.has("violent", "sentence"):
        return "Violent demonstration"
    return "Peaceful protest"


def _seizure(act: _Act) -> str | None:
    """What a seizure took: ground, people, arms or property."""
    state = "state" in act.agent or ("nonstate" not in act.agent and act.lemma_is("regain"))
    if act.has("weapon"):
        return "Disrupted weapons use" if state else "Looting/property destruction"
    if act.victims("civilian") or act.victims("person") or "civilian" in act.target:
        return "Arrests" if state else "Abduction/forced disappearance"
    ground = act.has("territory") or any(tok.ent_type_ in ("GPE", "LOC", "FAC") for tok in act.clause)
    if ground:
        return "Government regains territory" if state else "Non-state actor overtakes territory"
    return "Looting/property destruction" if act.has("loot") else None


def _coerce(act: _Act) -> str | None:
    if act.lemma_is("court"):
        return None  # a conviction or a sentence is no arrest
    if act.event.mode is None and (act.victims("protester") or _done_to_a_demonstration(act)):
        return _intervention(act)  # "police dispersed the rally"
    if act.event.mode == "arrest" or act.lemma_is("arrest"):
        return "Arrests"
    if act.event.mode == "seize" or act.lemma_is("regain") or act.lemma_is("seize"):
        return _seizure(act)
    return table("acled_modes").get(f"COERCE {act.event.mode}")


def _retreat(act: _Act) -> str | None:
    if act.event.mode == "withdraw":
        return "Non-violent transfer of territory" if act.has("territory") else None
    if act.event.mode is None and act.has("agreement"):  # "released prisoners in a swap"
        return "Agreement"
    return table("acled_modes").get(f"RETREAT {act.event.mode}")


def _agreement(act: _Act) -> str | None:
    return "Agreement" if act.has("agreement") else None


def _mobilize(act: _Act) -> str | None:
    if act.has("base") and "armed" in act.agent:
        return "Headquarters or base established"
    return table("acled_modes").get(f"MOBILIZE {act.event.mode}")


# PLOVER types within ACLED's scope, each with how its sub-event type is decided.
_BY_TYPE = {
    "ASSAULT": _assault,
    "PROTEST": _protest,
    "COERCE": _coerce,
    "RETREAT": _retreat,
    "AGREE": _agreement,
    "SUPPORT": _agreement,
    "COOPERATE": _agreement,
    "CONCEDE": _agreement,
    "MOBILIZE": _mobilize,
}


def acled_typed(event: Event, doc: Doc, actors: dict[str, Actor]) -> Event:
    """The event with its ACLED event type, sub-event type and civilian targeting; an event
    outside ACLED's scope comes back as it is."""
    decide = _BY_TYPE.get(event.type)
    sentence = doc.char_span(event.start, event.end, alignment_mode="expand")
    if sentence is None:
        return event
    trigger = None
    if event.trigger_start is not None and event.trigger_end is not None:
        span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
        trigger = span.root if span is not None else None
    act = _Act(
        event,
        trigger,
        _clause(trigger, sentence),
        sentence,
        _roles(event.actor, actors),
        _roles(event.recipient, actors),
    )
    sub = decide(act) if decide is not None else None
    if sub is None and act.agents("protester"):  # "protesters gathered", "demonstrators demanded"
        sub = _demonstration(act, None)
    if sub is None:
        return event
    parent = table("acled_types")[sub]
    if parent == "Violence against civilians" or sub == "Excessive force against protesters":
        targeting = True
    elif parent in ("Explosions/Remote violence", "Riots"):
        targeting = _civilians(act)
    else:
        targeting = False
    return replace(event, acled_event_type=parent, acled_sub_event_type=sub, civilian_targeting=targeting)


@component(
    "acled",
    requires=("doc", "events", "actors"),
    assigns=("events",),
    lexicons=("acled_cues", "acled_modes", "acled_types", "acled_weapons", "sector_roles"),
)
def acled_component(analysis: Analysis) -> None:
    """ACLED's event type, sub-event type and civilian targeting of every event within ACLED's
    scope (political violence, demonstrations, strategic developments)."""
    actors = {actor.id: actor for actor in analysis.actors}
    analysis.events = [acled_typed(event, analysis.doc, actors) for event in analysis.events]
