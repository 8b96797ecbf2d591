"""Where and when an event happened: the place and time attached to its trigger or clause."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from ceasefire.events.tokens import TokenIndex
from ceasefire.model import Place, TimeExpression
from ceasefire.resources import table, words

# Words between a locative and the name: "in the northeast Nigerian city of Damaturu".
_LEAD_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "ADV", "PUNCT"})
# A place adjective only qualifies a noun ("the Turkish border", "a Syrian airfield"); a place
# noun before a locative head locates it ("in Babel province", "at Bethlehem's church").
_QUALIFIER = frozenset({"amod"})
# The patient of a material act is where it happened ("shelled Aleppo", "Kisangani was taken").
_PATIENT = frozenset({"dobj", "nsubjpass"})
# Crossing these on the way up to the sentence root leaves the main clause.
_CLAUSE = frozenset({"relcl", "ccomp", "advcl", "acl", "parataxis", "xcomp", "csubj"})
# A place reached through a subordinate clause, an apposition, a later conjoined verb or a
# subject that is an actor describes the background, another act or a participant ("captured
# in Caracas and delivered to ... Cucuta"): it ranks after one tied to the event itself.
_ASIDE = _CLAUSE | {"appos"}
_SUBJECT = frozenset({"nsubj", "nsubjpass", "csubj"})
# Links inside a name phrase: the object's place may sit there ("the settlement of Mortlu",
# "Kabul's streets", "strongholds, including Mazar-e-Sharif").
_WITHIN_NAME = frozenset({"compound", "nmod", "poss", "appos", "conj", "pobj"})
_SPECIFIC = {"city": 0, "other": 1, "admin1": 2, "country": 3}
#: Precisions of an added place that is an area, not a town.
_AREA_PRECISIONS = ("admin2", "region")
_PARAGRAPH = re.compile(r"\n\s*\n")


@cache
def _sites() -> frozenset[str]:
    """Nouns that name a site: a place name modifying them says where it is ("a Baghdad
    neighborhood", "Kabul's streets", "India's capital"), not whose it is."""
    return words("place_nouns") | words("place_types") | words("facility_words") | words("site_nouns")


def _site(tok: Token) -> bool:
    sites = _sites()
    return tok.lower_ in sites or tok.lemma_.lower() in sites


def _qualifies(index: TokenIndex, place: Token) -> bool:
    """Does the place only qualify a word: an adjective ("the Turkish border") or a name's
    part of an actor ("U.S. forces", "Syrian army")? Not when that word is a site ("a Baghdad
    neighborhood"), even if the actor stage took the phrase."""
    return place.dep_ in _QUALIFIER or (
        place.dep_ in ("compound", "nmod") and index.actor[place.head.i] is not None and not _site(place.head)
    )


def _same_act(tok: Token) -> bool:
    """Does tok open a clause telling how the act above it happened ("four were killed when
    a rocket struck a bus near Saraqib")? Its places are the act's own."""
    return tok.dep_ == "advcl" and any(
        c.dep_ in ("advmod", "mark") and c.lower_ in words("same_act_marks") for c in tok.children
    )


def _aside(index: TokenIndex, tok: Token) -> bool:
    # a verb conjoined further on is another act ("captured in Caracas and delivered to ...
    # Cucuta"); one right after "and" shares the act ("shot and killed ... in Buinaksk")
    return (
        (tok.dep_ in _ASIDE and not _same_act(tok))
        or (tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX") and tok.i - tok.head.i > 2)
        or (tok.dep_ in _SUBJECT and (index.actor[tok.i] is not None or tok.ent_type_ == "PERSON"))
    )


def _locates(
    index: TokenIndex, place: Token, scope: Token, main_clause_only: bool, patient: bool
) -> tuple[bool, int] | None:
    """Whether the path leaves the event for a participant or a clause, and the tree distance
    from scope down to place, when a locative preposition links them (or, with ``patient``,
    when the place is the scope's object)."""
    if _qualifies(index, place):
        return None
    # A place that modifies the object names whose it is, not where ("a US soldier was
    # killed"), unless the object is a site ("patrolled Kabul's streets").
    patient = patient and (place.dep_ not in ("compound", "poss", "nmod") or _site(place.head))
    locatives, directions = words("event_locatives"), words("direction_prepositions")
    tok, steps, locative, aside = place, 0, False, False
    while tok.i != scope.i:
        if (
            tok.head.i == tok.i
            or (main_clause_only and tok.dep_ in _CLAUSE and not _same_act(tok))
            or _before_or_after(tok)
        ):
            return None
        # a participant's origin is no place of the act ("Lindh, from a family in Marin
        # County, was captured in Afghanistan")
        aside = (
            aside
            or (tok.i != place.i and _aside(index, tok))
            or (tok.lower_ == "from" and tok.dep_ == "prep" and tok.head.i != scope.i)
        )
        # "from" and "to" locate only the event's own motion ("fired from Gaza"), not a
        # participant's origin ("refugees from southern Sudan demonstrated").
        locative = (
            locative
            or (
                tok.dep_ == "prep"
                and tok.lower_ in locatives
                and (tok.lower_ not in directions or tok.head.i == scope.i)
            )
            or (patient and tok.dep_ in _PATIENT and tok.head.i == scope.i)
        )
        # the object is the place only when the name is (in) its head phrase, not when it
        # qualifies it further down ("killed a man from Kobane")
        patient = patient and (
            tok.dep_ in _WITHIN_NAME or (tok.dep_ == "prep" and tok.lower_ in ("of", "including"))
        )
        tok, steps = tok.head, steps + 1
    return (aside, steps) if locative else None


def _dateline(place: Token) -> bool:
    """A capitalised name before "(" ("... in Hama Province WASHINGTON (Sputnik)"): where a
    report was filed, stitched into the text, not where anything happened."""
    doc = place.doc
    return (
        place.text.isupper()
        and len(place.text) > 3
        and place.i + 1 < len(doc)
        and doc[place.i + 1].text == "("
    )


def _mention_bounds(index: TokenIndex, root: int) -> tuple[int, int]:
    """First and last token of the place mention whose root is token ``root``."""
    pid, first, last = index.place[root], root, root
    while first > 0 and index.place[first - 1] == pid:
        first -= 1
    while last + 1 < len(index.doc) and index.place[last + 1] == pid:
        last += 1
    return first, last


def _specificity(index: TokenIndex, root: int) -> int:
    """Rank of the place at token ``root``, most specific first: a name the gazetteer lacks
    or the text types as a locality ("Buwa village", "the town of Ibague"), then cities,
    divisions, countries."""
    place = index.places[index.place_roots[root]]
    if place.feature == "country" and place.country is None:
        return _SPECIFIC["country"]  # a sea is as wide as a country ("the Black Sea city of Bartin")
    owner = index.doc[root]
    if owner.dep_ == "poss" and _site(owner.head):
        # "Baghdad's enclave of Sadr City", "Indian Kashmir's Kargil area": the owner holds the part
        return max(_SPECIFIC[place.feature], _SPECIFIC["other"])
    if place.geonames_id is None:
        if place.feature == "other" and place.precision in _AREA_PRECISIONS and _holds_a_place(index, owner):
            return _SPECIFIC["other"]  # "Arbin in the Eastern Ghouta": the area only holds the town
        # one the text does not locate either (no known town beside it) is only as good as
        # a city: an event placed there could not be mapped
        return -1 if place.lat is not None else 0
    doc = index.doc
    first, last = _mention_bounds(index, root)
    localities = words("locality_words")
    typed = False
    if last + 2 < len(doc) and doc[last + 1].lower_ in localities:
        # "Buwa village"; in "the Douma suburb of Damascus" Douma is the part of the larger
        # place after "of", in "the Homs neighbourhood of Baba Amr" Homs holds the part
        after = next((pid for i in range(last + 3, min(last + 6, len(doc))) if (pid := index.place[i])), None)
        typed = doc[last + 2].lower_ != "of" or (after is not None and _larger(index.places[after], place))
    elif first >= 2 and doc[first - 1].lower_ == "of" and doc[first - 2].lower_ in localities:
        before = index.place[first - 3] if first >= 3 else None
        typed = before is None or _larger(index.places[before], place)
    return -1 if typed else _SPECIFIC[place.feature]


def _holds_a_place(index: TokenIndex, area: Token) -> bool:
    """Is the area named right after a place as what holds it: "Arbin in the Eastern Ghouta"?"""
    first, _ = _mention_bounds(index, area.i)
    i = first - 1
    if i >= 0 and index.doc[i].lower_ == "the":
        i -= 1
    if i < 1 or index.doc[i].lower_ != "in":
        return False
    holder = index.place[i - 1]
    return holder is not None and holder != index.place[area.i]


def _larger(one: Place, other: Place) -> bool:
    """Is one place wider than the other: a higher division, or else more populous
    (GeoNames' figure; a town's section, feature "other", ranks with towns)?"""
    rank = {**_SPECIFIC, "other": _SPECIFIC["city"]}
    return (rank[one.feature], one.population or 0) > (rank[other.feature], other.population or 0)


def _measured_from(prep: Token) -> bool:
    """Does the preposition measure a way from its object ("west of X", "20 km north of X",
    "not far from X")? "In the west of X" (a determiner) is inside X instead."""
    head = prep.head
    return (
        prep.lower_ in ("of", "from")
        and head.lower_ in words("compass_words") | words("distance_heads")
        and not any(c.dep_ == "det" for c in head.children)
    )


def _reference_point(place: Token) -> bool:
    """Is the place only a point the act happened near ("near the town of X", "outside X",
    "20 km west of X", "not far from X")? The walk goes up the name's phrase to the first
    preposition that is not the "of" of a place noun ("the town of X")."""
    tok = place
    while tok.head.i != tok.i:
        if tok.dep_ == "prep":
            if tok.lower_ in words("reference_prepositions") or _measured_from(tok):
                return True
            if tok.lower_ != "of":
                return False
        elif tok.dep_ not in _WITHIN_NAME:
            return False
        tok = tok.head
    return False


def attached_place(index: TokenIndex, sent: Span, scopes: list[Token], patient: bool) -> str | None:
    """The most specific place attached to the first scope that has one, a place the act
    happened in before one it happened near; ``patient``: the event is a material act, so its
    object may be the place."""
    roots = [
        index.doc[i] for i in index.place_roots if sent.start <= i < sent.end and not _dateline(index.doc[i])
    ]
    for k, scope in enumerate(scopes):
        ranked = []
        for root in roots:
            link = _locates(index, root, scope, k == len(scopes) - 1, patient)
            if link is not None:
                aside, steps = link
                specific, reference = _specificity(index, root.i), _reference_point(root)
                ranked.append((aside, specific, reference, steps, index.place_roots[root.i]))
        if ranked:
            # a province or country that holds another place linked to the act only frames it
            # ("in villages of Thailand's southernmost Yala Province")
            linked = [index.places[r[4]] for r in ranked]
            return min((_holds(index.places[r[4]], linked), *r) for r in ranked)[5]
    return None


def _located(index: TokenIndex, first: int) -> bool:
    """Does a locative preposition open the phrase that ends in the name at token ``first``?
    ("in Donetsk", "in the northeast Nigerian city of Damaturu"; "of" only after a place
    noun, which the walk passes over.)"""
    doc, leads = index.doc, words("place_lead_prepositions")
    for i in range(first - 1, max(-1, first - 7), -1):
        tok = doc[i]
        if tok.lower_ in leads and tok.pos_ in ("ADP", "ADV", "ADJ", "NOUN"):
            return tok.lower_ != "of" or (i > 0 and doc[i - 1].pos_ == "NOUN")
        owner = index.place[i] is not None and "poss" in (tok.dep_, tok.head.dep_)
        if tok.tag_ == "POS" or owner:
            continue  # "in Deir El Zor's Jabiliyah District": the owner is on the way
        if tok.pos_ not in _LEAD_POS or index.actor[i] is not None or index.place[i] is not None:
            return False
    return False


def _before_or_after(tok: Token) -> bool:
    """Does tok open a phrase or clause about another time ("since the war in Syria broke
    out", "before the weather halted play in Huixquilucan")? What it locates is that other
    event. ("after" is left out: what follows it mostly happened in the same place.)"""
    openers = words("other_time_openers")
    if tok.dep_ == "prep":
        return tok.lower_ in openers
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in openers for c in tok.children)


def own_path(trigger: Token) -> set[int]:
    """The trigger and the tokens above it: phrases there are the event's own."""
    return {trigger.i, *(t.i for t in trigger.ancestors)}


def another_time(tok: Token, own: set[int]) -> bool:
    """Is tok inside a phrase about another time that the trigger is not in ("killed since
    the war broke out in 2011": 2011 dates the war, not the killing)?"""
    return any(t.i not in own and _before_or_after(t) for t in (tok, *tok.ancestors))


def _elsewhere(index: TokenIndex, place: Token, own: set[int]) -> bool:
    """Is the place inside a phrase about another time or a relative clause about an actor
    ("General Mansour, who sent reinforcements to Kirkuk, was killed"), that the trigger is
    not in? It tells about another event or a participant, not where this one happened."""
    return another_time(place, own) or any(
        tok.i not in own and tok.dep_ == "relcl" and index.actor[tok.head.i] is not None
        for tok in (place, *place.ancestors)
    )


def sentence_place(index: TokenIndex, sent: Span, trigger: Token) -> str | None:
    """The place nearest the trigger among those its sentence names after a locative ("in
    Ramadi"), for when the parse links none to the event: the small parser often hangs a
    locative phrase on the wrong word, but a sentence that reports an event and says "in X"
    nearly always says where that event happened."""
    ranked = []
    own = own_path(trigger)
    for i, pid in index.place_roots.items():
        place = index.doc[i]
        if (
            not sent.start <= i < sent.end
            or _qualifies(index, place)
            or _dateline(place)
            or _seat(place)
            or _elsewhere(index, place, own)
        ):
            continue
        if _located(index, max(sent.start, _mention_bounds(index, i)[0])):
            # a locality the text types ("near the village of Beit Lahya in northern Gaza")
            # is where the act was, even when a larger place stands nearer the trigger
            ranked.append((_specificity(index, i) >= 0, _reference_point(place), abs(i - trigger.i), pid))
    # a province or country that holds another place of the sentence only frames it ("In
    # Idlib province, ... a rocket struck a bus near Saraqib")
    held = [index.places[r[3]] for r in ranked]
    return min((r[0], _holds(index.places[r[3]], held), *r[1:]) for r in ranked)[4] if ranked else None


def victims_place(index: TokenIndex, trigger: Token) -> str | None:
    """The place whose the act's victim is ("Peru's deputy interior minister was shot"), for a
    material act whose sentence names no place of its own: a country's or a city's official
    is mostly hit at home. Only a possessive counts; a compound names an actor's side ("a US
    soldier was killed")."""
    for patient in (c for c in trigger.children if c.dep_ in _PATIENT):
        for owner in patient.children:
            if owner.dep_ == "poss" and owner.i in index.place_roots and not _qualifies(index, owner):
                return index.place_roots[owner.i]
    return None


def _holds(area: Place, places: list[Place]) -> bool:
    """Does the country or first-level division hold one of the other places?"""
    if area.feature not in ("country", "admin1") or area.country is None:
        return False
    return any(
        p.id != area.id
        and p.country == area.country
        and p.feature != "country"
        and (
            area.feature == "country"
            or (p.feature != "admin1" and area.admin1 is not None and p.admin1 == area.admin1)
        )
        for p in places
    )


@dataclass(frozen=True)
class Sequel:
    """A clause or phrase about an act a measured time before or after the act it hangs on
    ("three days after a car bomb killed six"): ``head`` opens it; ``days`` is the distance in
    days from the other act to this one (-3), None when the text does not give it in days."""

    head: Token
    days: int | None


def _measure(direction: Token) -> tuple[bool, int | None]:
    """(measured, days) for the word that opens a sequel: "three days" (True, 3), "a week"
    (True, 7), "hours" (True, 0), "days" or "months" (True, None); (False, None) unmeasured."""
    units = table("sequel_units")
    # the measure hangs on the mark ("two days after rebels shelled") or on the preposition
    holders = (direction, direction.head) if direction.dep_ == "mark" else (direction,)
    unit = next(
        (c for tok in holders for c in tok.children if c.dep_ == "npadvmod" and c.lemma_.lower() in units),
        None,
    )
    if unit is None:
        return False, None
    per_day = units[unit.lemma_.lower()]
    if not per_day.isdigit() or int(per_day) == 0:
        return True, 0 if per_day.isdigit() else None
    counts = [c for c in unit.children if c.dep_ in ("nummod", "det")]
    count = _count(counts[0].lower_) if counts else None
    return True, count * int(per_day) if count is not None else None


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if word in words("indefinite_articles"):
        return 1
    value = table("number_words").get(word)
    return int(value) if value is not None else None


def sequel(trigger: Token) -> Sequel | None:
    """The measured sequel the trigger is told in, if any."""
    directions = table("sequel_directions")
    for tok in (trigger, *trigger.ancestors):
        if tok.dep_ == "advcl":
            marks = [c for c in tok.children if c.dep_ == "mark" and c.lower_ in directions]
        elif tok.dep_ == "prep" and tok.i != trigger.i and tok.lower_ in directions:
            marks = [tok]
        else:
            continue
        for mark in marks:
            measured, days = _measure(mark)
            if measured:
                return Sequel(tok, None if days is None else int(directions[mark.lower_]) * days)
    return None


def shift_day(value: str | None, days: int | None) -> str | None:
    """A day moved by ``days``; None for a coarser value unless the move is none."""
    if value is None or days is None:
        return None
    if days == 0:
        return value
    if len(value) != 10:
        return None
    return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()


def attached_date(
    index: TokenIndex, times: list[TimeExpression], trigger: Token, scopes: list[tuple[int, int]]
) -> str | None:
    """The first resolved time in the trigger's phrase, then its clause, then its sentence
    (scopes are token ranges: indices, not Token objects, keep this loop cheap), leaving out
    times inside a phrase about another time. An act told in a measured sequel ("three days
    after a car bomb killed six on Tuesday") takes a time inside the sequel as it is, and the
    time of the act it hangs on moved by the measure."""
    own: set[int] | None = None
    told_in = sequel(trigger)
    outside: str | None = None
    for start, end in scopes:
        for i in range(start, end):
            k = index.time[i]
            if k is not None and times[k].value is not None:
                own = own if own is not None else own_path(trigger)
                if another_time(index.doc[i], own):
                    continue
                if told_in is None or told_in.head in (index.doc[i], *index.doc[i].ancestors):
                    return times[k].value
                outside = outside or times[k].value
    return shift_day(outside, told_in.days) if told_in is not None else None


class Neighbourhood:
    """Sentences and paragraphs of a doc, for places taken from the context."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.sents = list(doc.sents)
        self.starts = [s.start for s in self.sents]
        breaks = [m.start() for m in _PARAGRAPH.finditer(text)]
        self.paragraph = [bisect.bisect(breaks, s.start_char) for s in self.sents]

        self._countries: dict[int, set[str]] = {}

    def countries(self, index: TokenIndex, k: int) -> set[str]:
        """Countries named in sentence k (cached: several events share a sentence)."""
        if k not in self._countries:
            self._countries[k] = index.countries_in(self.sents[k])
        return self._countries[k]

    def around(self, k: int) -> Iterator[tuple[int, bool]]:
        """Sentence numbers of the same paragraph (nearest first, flagged True), then of up to
        two sentences either side in other paragraphs."""
        n, paragraph = len(self.sents), self.paragraph[k]
        first, last = k, k
        while first > 0 and self.paragraph[first - 1] == paragraph:
            first -= 1
        while last < n - 1 and self.paragraph[last + 1] == paragraph:
            last += 1
        same = sorted(range(first, last + 1), key=lambda j: abs(j - k))[1:]
        yield from ((j, True) for j in same)
        yield from ((j, False) for j in (k - 1, k + 1, k - 2, k + 2) if 0 <= j < n and not first <= j <= last)


_CLAUSE_OBJECTS = frozenset({"dobj", "ccomp", "acomp", "attr"})


def _for_its_state(place: Token) -> bool:
    """A place that stands for its government, not where anything happened: the subject of a
    clause with an object or complement ("Moscow has denied involvement", "Moscow was
    responsible"), the agent of a passive ("trained by Washington"), or a dateline."""
    head = place.head
    if place.dep_ == "nsubj":
        return any(child.dep_ in _CLAUSE_OBJECTS for child in head.children)
    return (place.dep_ == "pobj" and head.dep_ == "agent") or _dateline(place) or _seat(place)


def _seat(place: Token) -> bool:
    """Where a party is based or who backs it ("a monitor based in the UK", "the
    Britain-based Observatory", "US-led strikes"): its seat or sponsor, not the scene."""
    return any(tok.lower_ in words("seat_participles") for tok in (place.head, place.head.head))


def context_place(
    index: TokenIndex, around: Neighbourhood, k: int, located: dict[int, list[str]]
) -> str | None:
    """A city from the event's neighbourhood, if it fits the countries its sentence names.

    In the same paragraph any city named as a noun counts; from another paragraph only the
    place of an event there ("a bomb killed five in Azaz"), not a passing mention ("regions
    including Idlib"). A city in a country other than those the sentence names is someone
    else's ("the US attack on a Syrian airfield" is not in Astana).
    """
    named = around.countries(index, k)
    for j, same_paragraph in around.around(k):
        sent = around.sents[j]
        pool = [
            index.place_roots[i]
            for i in range(sent.start, sent.end)
            if i in index.place_roots and index.doc[i].dep_ != "amod" and not _for_its_state(index.doc[i])
        ]
        for pid in pool if same_paragraph else located.get(j, []):
            place = index.places[pid]
            if place.feature == "city" and (not named or place.country in named):
                return pid
    return None
