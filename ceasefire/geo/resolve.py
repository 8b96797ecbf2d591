"""Toponym resolution: pick one gazetteer entry per name, using the whole article.

Mordecai-style evidence without a model: how the name matched, the kind of feature,
population, agreement with the countries the article names (countries, demonyms, places
with one reading), an explicit qualifier ("Paris, Texas"), and nearness to the other
places chosen. One reading per name per article; deterministic.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from ceasefire.geo.gazetteer import ALTERNATE, LOOSE, PRIMARY, Candidate, Gazetteer
from ceasefire.geo.recognize import Toponym
from ceasefire.model import distance_km
from ceasefire.resources import words
from ceasefire.text import loose_key, name_key

# Score weights (log10 population runs about 3.7 to 7.5).
MATCH_PENALTY = (0.0, 0.25, 0.75, 1.25)  # primary, alternate, article dropped, loose
COUNTRY_BONUS = 3.0  # a name that is a country's name means the country
ADMIN1_PENALTY = 1.0  # "Idlib" is the city it is named after unless "province" follows
ADMIN_HINT_BONUS = 3.0
CAPITAL_BONUS = 0.75  # a country's capital is the town news means by its name ("Cairo", "Washington")
REGION_BONUS = 2.0  # a region of several countries ("the Middle East") is what news means, not a hamlet
POPULATION_WEIGHT = 0.4
CONTEXT_WEIGHT = 3.5  # the article names the candidate's country
QUALIFIER_BONUS = 6.0  # "Paris, Texas": the name after the comma contains the place
NEARBY_WEIGHT = 1.5
BORROWED_NAME_PENALTY = 2.0
NEARBY_SCALE_KM = 250.0
# A name only the gazetteer scan found must be backed by the article's countries, be a
# country or division, or be a large city.
SCAN_MIN_POPULATION = 100_000
# A town abroad of the article's places this small needs a chosen neighbour this close.
FOREIGN_VILLAGE_POPULATION = 100_000
NEIGHBOUR_KM = 300.0


@dataclass
class Group:
    """All mentions of one name (and qualifier) in the article."""

    key: str
    mentions: list[Toponym]
    candidates: list[Candidate]
    qualifiers: list[Candidate]
    choice: Candidate | None = None

    @property
    def from_ner(self) -> bool:
        return any(t.from_ner for t in self.mentions)


def resolve(
    text: str, toponyms: list[Toponym], demonyms: Counter[str], gazetteer: Gazetteer
) -> tuple[list[tuple[Candidate, list[Toponym], str]], list[Toponym]]:
    """The chosen entry of each toponym of `text`, entries in order of first mention,
    mentions of the same entry merged, with what chose it (see `Place.resolved_by`); and the
    toponyms that are places but none of whose entries fits (`_foreign_village`), to be
    placed like names the gazetteer lacks. Other names with no entry are left out."""
    groups = _groups(text, toponyms, gazetteer)
    # Nearness needs choices to be near to: a first round without it, then two with it
    # (the second lets a choice that moved, e.g. Tripoli to Lebanon, pull its neighbours).
    for with_nearby in (False, True, True):
        context = _context(groups, demonyms)
        for group in groups:
            group.choice = _best(group, context, groups if with_nearby else [])
    context = _context(groups, demonyms)
    home = _home(
        [
            g
            for g in groups
            if g.choice is not None
            and _backed(text, g, g.choice, context, groups)
            and not any(t.part for t in g.mentions)
        ]
    )
    merged: dict[int, tuple[Candidate, list[Toponym], str]] = {}
    unplaced: list[Toponym] = []
    for group in groups:
        choice = group.choice
        if choice is None:
            continue
        if not _backed(text, group, choice, context, groups):
            # "the village of X" met only loosely: a place, but not that entry
            if choice.match == LOOSE and any(t.located for t in group.mentions):
                unplaced.extend(group.mentions)
            continue
        part_elsewhere = home is not None and choice.country != home and any(t.part for t in group.mentions)
        if part_elsewhere or _foreign_village(group, choice, home, groups):
            if group.from_ner or any(t.located for t in group.mentions):
                unplaced.extend(group.mentions)
            continue
        entry = merged.setdefault(
            choice.geonames_id, (choice, [], _chosen_by(group, choice, context, groups))
        )
        entry[1].extend(group.mentions)
    result = [(c, sorted(ms, key=lambda t: t.start), why) for c, ms, why in merged.values()]
    return sorted(result, key=lambda item: item[1][0].start), unplaced


def _home(groups: list[Group]) -> str | None:
    """The country most of the article's place mentions lie in (over half)."""
    counts: Counter[str] = Counter()
    for group in groups:
        if group.choice is not None and group.choice.country:
            counts[group.choice.country] += len(group.mentions)
    if not counts:
        return None
    country, count = counts.most_common(1)[0]
    return country if 2 * count > counts.total() else None


def _foreign_village(group: Group, choice: Candidate, home: str | None, groups: list[Group]) -> bool:
    """A small town abroad of the country the article's places are in, with no qualifier
    and no chosen place near it, is not what the name means: the article's village of the
    same name is missing from the gazetteer ("the village of Hass" in an Idlib report is not
    Hass, Russia; "al-Msheirfeh" near Homs is not Mushayrif, UAE)."""
    if home is None or choice.country == home or choice.feature != "city":
        return False
    if choice.population >= FOREIGN_VILLAGE_POPULATION or any(_contains(q, choice) for q in group.qualifiers):
        return False
    return not any(d < NEIGHBOUR_KM for d in _to_the_others_km(group, choice, groups))


def _to_the_others_km(group: Group, choice: Candidate, groups: list[Group]) -> list[float]:
    """How far the choice lies from each other place the article chose that is no country."""
    return [
        distance_km(choice.lat, choice.lon, other.choice.lat, other.choice.lon)
        for other in groups
        if other is not group
        and other.choice is not None
        and other.choice.feature != "country"
        and other.choice.geonames_id != choice.geonames_id
    ]


def _chosen_by(group: Group, choice: Candidate, context: Counter[str], groups: list[Group]) -> str:
    """What set the choice apart from the name's other entries: the only entry, a qualifier,
    else the strongest of the article's countries and the nearby places, else its size."""
    if len(group.candidates) == 1:
        return "only"
    if any(_contains(q, choice) for q in group.qualifiers):
        return "qualifier"
    plain = max(group.candidates, key=lambda c: (_score(c, group, Counter(), []), c.population))
    if plain.geonames_id == choice.geonames_id:
        return "population"
    own = Counter({choice.country: len(group.mentions)})
    anchors = [g.choice for g in groups if g is not group and g.choice is not None]
    by_country = max(group.candidates, key=lambda c: (_score(c, group, context - own, []), c.population))
    if by_country.geonames_id == choice.geonames_id or not anchors:
        return "country"
    return "nearby"


def _groups(text: str, toponyms: list[Toponym], gazetteer: Gazetteer) -> list[Group]:
    """Mentions grouped by name; a qualified name starts its own group: a comma qualifier
    ("Paris, Texas"), a division or country it is said to be in ("Ariha in Idlib province",
    "Ariha in Syria"), or a demonym before its kind ("the Syrian town of Madaya")."""
    qualifier_of: dict[int, list[Candidate]] = {}
    # The division after a town's comma is read as one ("Rochester, New York" is the state).
    division_of: dict[int, list[Candidate]] = {}
    for first, second in pairwise(toponyms):
        between = text[first.end : second.start].strip().lower()
        if between == "," and _peers(first, second, gazetteer):
            continue  # "China, Japan": a list, not a town and the area that holds it
        if between == "," or (between in _WITHIN and (second.admin or _is_country(second, gazetteer))):
            qualifiers = [c for c in gazetteer.lookup(second.text) if c.feature in ("country", "admin1")]
            qualifier_of[id(first)] = qualifiers
            holding = [q for q in qualifiers if any(_contains(q, c) for c in gazetteer.lookup(first.text))]
            if between == "," and holding:
                division_of[id(second)] = holding
    for toponym in toponyms:
        owner = _demonym_before(text, toponym, gazetteer)
        if owner is not None and id(toponym) not in qualifier_of:
            qualifier_of[id(toponym)] = [owner]
    groups: dict[tuple[str, bool, tuple[int, ...], tuple[int, ...]], Group] = {}
    for toponym in toponyms:
        qualifiers = qualifier_of.get(id(toponym), [])
        division = division_of.get(id(toponym))
        key = (
            name_key(toponym.text),
            toponym.admin,
            tuple(q.geonames_id for q in qualifiers),
            tuple(c.geonames_id for c in division or ()),
        )
        group = groups.get(key)
        if group is None:
            candidates = division or gazetteer.lookup(toponym.text)
            if toponym.admin:
                candidates = [c for c in candidates if c.feature == "admin1"] or candidates
            group = groups[key] = Group(key[0], [], candidates, qualifiers)
        group.mentions.append(toponym)
    return list(groups.values())


#: Words between a place and a larger area that says it lies there ("Ariha in Idlib province").
_WITHIN = frozenset({"in", "of", "in the", "in northern", "in southern", "in eastern", "in western"})
_KIND_OF = re.compile(r"\b([A-Z][\w-]+) (\w+) of $")


def _peers(first: Toponym, second: Toponym, gazetteer: Gazetteer) -> bool:
    """Two countries ("China, Japan"), or two divisions of one country ("Oklahoma,
    Pennsylvania"), the first met by its own name: names side by side in a list, though a
    town called like the first lies in the second (China, Japan; Oklahoma, Pennsylvania)."""
    areas = ("country", "admin1")
    firsts = [c for c in gazetteer.lookup(first.text) if c.feature in areas and c.match <= ALTERNATE]
    return any(
        a.feature == b.feature and (a.feature == "country" or a.country == b.country)
        for a in firsts
        for b in gazetteer.lookup(second.text)
        if b.feature in areas
    )


def _is_country(toponym: Toponym, gazetteer: Gazetteer) -> bool:
    return any(c.feature == "country" and c.match <= ALTERNATE for c in gazetteer.lookup(toponym.text))


def _demonym_before(text: str, toponym: Toponym, gazetteer: Gazetteer) -> Candidate | None:
    """The country of "the Syrian town of X" (a demonym and a kind of place before the name)."""
    found = _KIND_OF.search(text, max(0, toponym.start - 40), toponym.start)
    if found is None or found.group(2).lower() not in words("place_nouns") | words("place_types"):
        return None
    iso3 = gazetteer.demonym(found.group(1))
    return gazetteer.country(iso3) if iso3 else None


def _context(groups: list[Group], demonyms: Counter[str]) -> Counter[str]:
    """Country weights: demonyms, countries named, and places chosen (or unambiguous)."""
    context: Counter[str] = Counter(demonyms)
    for group in groups:
        countries = {c.country for c in group.candidates}
        if group.choice is not None:
            context[group.choice.country] += len(group.mentions)
        elif len(countries) == 1:
            context[countries.pop()] += len(group.mentions)
    del context[""]  # continents and seas are in no country
    return context


def _best(group: Group, context: Counter[str], others: list[Group]) -> Candidate | None:
    if not group.candidates:
        return None
    # The group's own mentions must not vote for themselves.
    own = Counter({group.choice.country: len(group.mentions)}) if group.choice else Counter()
    if group.choice is None and len({c.country for c in group.candidates}) == 1:
        own[group.candidates[0].country] = len(group.mentions)
    evidence = context - own
    anchors = [g.choice for g in others if g is not group and g.choice is not None]
    return max(
        group.candidates, key=lambda c: (_score(c, group, evidence, anchors), c.population, -c.geonames_id)
    )


def _score(candidate: Candidate, group: Group, context: Counter[str], anchors: list[Candidate]) -> float:
    score = -MATCH_PENALTY[candidate.match]
    if candidate.match != PRIMARY and any(_borrows_from(candidate, c) for c in group.candidates):
        score -= BORROWED_NAME_PENALTY
    score += POPULATION_WEIGHT * math.log10(candidate.population + 1)
    if candidate.capital:
        score += CAPITAL_BONUS
    if candidate.feature == "country":
        score += COUNTRY_BONUS
        if not candidate.country:
            score += REGION_BONUS
    elif candidate.feature == "admin1":
        if any(t.admin for t in group.mentions):
            score += ADMIN_HINT_BONUS
        elif _named_after_city(candidate, group):
            score -= ADMIN1_PENALTY
    if context[candidate.country]:
        score += CONTEXT_WEIGHT * (0.5 + 0.5 * context[candidate.country] / context.total())
    if any(_contains(q, candidate) for q in group.qualifiers):
        score += QUALIFIER_BONUS
    if candidate.feature != "country":
        # a division named after its city is not pulled to the division level by its peers
        peers = not (candidate.feature == "admin1" and _named_after_city(candidate, group))
        distances = [
            d
            for a in anchors
            if a.feature != "country" and a.geonames_id != candidate.geonames_id
            if (d := _apart_km(candidate, a, peers)) is not None
        ]
        if distances:
            score += NEARBY_WEIGHT * math.exp(-min(distances) / NEARBY_SCALE_KM)
    return score


def _apart_km(candidate: Candidate, anchor: Candidate, peers: bool) -> float | None:
    """How far apart two chosen places are, level by level. A division's point is only the
    middle of a large area: a division is near what lies in it (as far as its point) and,
    with ``peers``, next to the other divisions of its country named beside it ("Oregon,
    Delaware and Kansas"), and unrelated to anything else, however near its point; towns are
    as far apart as their points."""
    apart = distance_km(candidate.lat, candidate.lon, anchor.lat, anchor.lon)
    if "admin1" not in (candidate.feature, anchor.feature):
        return apart
    if _contains(anchor, candidate) or _contains(candidate, anchor):
        return apart
    sibling = candidate.feature == anchor.feature == "admin1" and candidate.country == anchor.country
    return 0.0 if peers and sibling else None


def _named_after_city(division: Candidate, group: Group) -> bool:
    """The name is also that of a city of the division's country that lies in one of the
    name's divisions ("Idlib", "Hama") or outgrows the division ("Kiev", a city of its own
    beside Kiev Oblast): the city, unless "province" follows. Not a city named after the
    division ("Oklahoma City", "New York City"), which the division's name alone does not mean."""
    divisions = [d for d in group.candidates if d.feature == "admin1" and d.country == division.country]
    return any(
        c.feature == "city"
        and c.country == division.country
        and not name_key(c.name).startswith(name_key(division.name) + " ")
        and (c.population >= division.population or any(_contains(d, c) for d in divisions))
        for c in group.candidates
    )


def _borrows_from(town: Candidate, division: Candidate) -> bool:
    """The town has the name only as another name of a larger country or division elsewhere:
    "California" is the state, not a town also called so. Not so for the city a division is
    named after (Dar'a in Daraa province), nor for a city larger than the division ("Kiev")."""
    if division.match != PRIMARY or division.feature not in ("country", "admin1"):
        return False
    named_after = division.feature == "admin1" and (division.country, division.admin1) == (
        town.country,
        town.admin1,
    )
    return not named_after and division.population >= town.population


_IN_OR_TYPED = re.compile(r"(?:\bin|\b(\w+) of)\s+(?:the\s+)?$", re.IGNORECASE)


def _firmly_located(text: str, toponym: Toponym) -> bool:
    """The mention follows "in" or a word for a place and "of" ("in Kobane", "the ancient
    city of Palmyra"); "at Duke" and "teachers of Franklin" name institutions as often."""
    found = _IN_OR_TYPED.search(text, max(0, toponym.start - 30), toponym.start)
    return found is not None and (found.group(1) is None or found.group(1).lower() in words("place_nouns"))


def _spelling_of(key: str, name: str) -> bool:
    """The name key is a spelling of the place's own name ("Kiev" of Kyiv, "Deir Ezzor" of
    Dayr az Zawr) or words of it ("Ghouta" of Eastern Ghouta), not another name altogether:
    their consonant skeletons open alike."""
    own = name_key(name)
    return set(key.split()) <= set(own.split()) or loose_key(key)[:2] == loose_key(own)[:2]


def _contains(qualifier: Candidate, candidate: Candidate) -> bool:
    if qualifier.feature == "country":
        return candidate.country == qualifier.country
    return candidate.country == qualifier.country and candidate.admin1 == qualifier.admin1


def _backed(text: str, group: Group, choice: Candidate, context: Counter[str], groups: list[Group]) -> bool:
    """A place the NER found, or a country or division met by its name, or a town after a
    locative ("at Bethlehem"), stands alone. Other names met only by the scan need the
    article's support: its country named elsewhere, and for a small town no other chosen
    place, or one near it ("Thomas" in a report from Chicago is no town 1,100 km away); or a
    large population."""
    if choice.match == LOOSE and context[choice.country] <= len(group.mentions):
        return False  # met only by its consonant skeleton ("Katyusha", Katesh): needs its country
    if group.from_ner:
        return True
    if choice.match == ALTERNATE and not _spelling_of(group.key, choice.name):
        # GeoNames' other names of a town include words ("Franklin" for Columbus, "Duke"
        # for Erwin): met only by the scan, such a name is the word, not the town, unless
        # the text says it is a place ("in Kobane", "the city of Palmyra": Tadmur)
        return any(_contains(q, choice) for q in group.qualifiers) or any(
            _firmly_located(text, t) for t in group.mentions
        )
    if choice.match <= ALTERNATE and (choice.feature != "city" or any(t.located for t in group.mentions)):
        return True
    large = choice.match == PRIMARY and choice.population >= SCAN_MIN_POPULATION
    others_km = _to_the_others_km(group, choice, [g for g in groups if g.from_ner])
    if context[choice.country] > len(group.mentions) and (
        choice.population >= SCAN_MIN_POPULATION or not others_km or min(others_km) < NEIGHBOUR_KM
    ):
        return True
    return large
