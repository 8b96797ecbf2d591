"""The places stage: toponyms of the Doc resolved to gazetteer entries."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from ceasefire.geo.gazetteer import Candidate, get_gazetteer
from ceasefire.geo.recognize import Toponym, find_toponyms
from ceasefire.geo.resolve import resolve
from ceasefire.model import Mention, Place
from ceasefire.text import doc_text, name_key


def find_places(doc: Doc) -> list[Place]:
    """Every toponym of the article, ids p1, p2, ... in order of first mention.

    Names the gazetteer knows are resolved to an entry. Names it lacks but the syntax marks as
    places ("the village of Mainok") get ``geonames_id`` None and the country, division and
    coordinates of the nearest resolved place of their sentence that is not a country, which is
    where the text locates them ("Sousan in northern Aleppo"): approximate, to the town.
    With only a country nearby they get its code and no coordinates, with none nothing more
    than their name.
    """
    gazetteer = get_gazetteer()
    toponyms, demonyms = find_toponyms(doc, gazetteer)
    places = []
    resolved, unplaced = resolve(doc_text(doc), [t for t in toponyms if t.listed], demonyms, gazetteer)
    for entry, mentions, resolved_by in resolved:
        places.append(
            Place(
                id="",
                name=_display_name(entry, mentions[0].text),
                geonames_id=entry.geonames,
                lat=entry.lat,
                lon=entry.lon,
                country=entry.country or None,  # continents and seas have none
                admin1=entry.admin1,
                feature=entry.feature,
                mentions=[Mention(t.start, t.end, t.text) for t in mentions],
                precision=entry.precision,
                resolved_by=resolved_by,
                population=entry.population,
            )
        )
    unlisted = sorted([t for t in toponyms if not t.listed] + unplaced, key=lambda t: t.start)
    places += _unlisted_places(doc, unlisted, places)
    _same_name_elsewhere(doc, places)
    places.sort(key=lambda p: p.mentions[0].start)
    for number, place in enumerate(places, start=1):
        place.id = f"p{number}"
    return places


def _same_name_elsewhere(doc: Doc, places: list[Place]) -> None:
    """One name, one sense in an article: where the tagger took another mention of a town
    the article names for a person or an organisation ("shelled Douma", tagged PERSON, beside
    "rebels in Douma"), that mention is the town too. Countries are left to the actors."""
    named = {
        m.text: place for place in places if place.feature not in ("country", "other") for m in place.mentions
    }
    taken = {(m.start, m.end) for place in places for m in place.mentions}
    for ent in doc.ents:
        place = named.get(ent.text)
        if (
            place is not None
            and ent.label_ in ("PERSON", "ORG")
            and (ent.start_char, ent.end_char) not in taken
        ):
            place.mentions.append(Mention(ent.start_char, ent.end_char, ent.text))
    for place in places:
        place.mentions.sort(key=lambda m: m.start)


def _unlisted_places(doc: Doc, toponyms: list[Toponym], known: list[Place]) -> list[Place]:
    """Places for names the gazetteer lacks, placed at their sentence's nearest known place."""
    by_name: dict[str, Place] = {}
    home = _home_country(known)
    for toponym in toponyms:
        sent = doc.char_span(toponym.start, toponym.end, alignment_mode="expand")
        if sent is None:
            continue
        first, last = sent.sent.start_char, sent.sent.end_char
        near = [
            (abs(m.start - toponym.start), p) for p in known for m in p.mentions if first <= m.start < last
        ]
        # The nearest town of the sentence; else the country the article's places are in
        # ("the UK-based monitor said ... in Bustan al-Qasr" is not in Britain); else the
        # sentence's nearest country.
        towns = [(d, p) for d, p in near if p.feature != "country"]
        anchor = min(towns, key=lambda item: item[0], default=(0, None))[1]
        resolved_by = "sentence"
        if anchor is None and home is not None:
            anchor, resolved_by = home, "article"
        elif anchor is None:
            anchor = min(near, key=lambda item: item[0], default=(0, None))[1]
        key = name_key(toponym.text)
        mention = Mention(toponym.start, toponym.end, toponym.text)
        if key in by_name:
            by_name[key].mentions.append(mention)
        else:
            located = anchor is not None and anchor.feature != "country"
            by_name[key] = Place(
                id="",
                name=toponym.text,
                geonames_id=None,
                lat=anchor.lat if located and anchor else None,
                lon=anchor.lon if located and anchor else None,
                country=anchor.country if anchor else None,
                admin1=anchor.admin1 if located and anchor else None,
                feature="other",
                mentions=[mention],
                precision=anchor.precision if located and anchor else None,
                resolved_by=resolved_by if anchor else None,
            )
    return list(by_name.values())


def _home_country(places: list[Place]) -> Place | None:
    """The country most of the article's towns lie in (its countries when it names no town),
    when one clearly leads (at least half of the mentions): a village the gazetteer lacks, in
    a sentence with no known town, is most likely there."""
    towns = [p for p in places if p.feature != "country"] or places
    counts = Counter(p.country for p in towns for _ in p.mentions if p.country)
    if not counts:
        return None
    country, count = counts.most_common(1)[0]
    if 2 * count < counts.total():
        return None
    return next((p for p in places if p.feature == "country" and p.country == country), None) or Place(
        "", country, None, None, None, country, None, "country", precision=None
    )


def _display_name(entry: Candidate, surface: str) -> str:
    """GeoNames' name when it is plain ASCII ("Idlib"), else the text's own spelling
    ("Azaz", not "I‘zāz"), which is what an English reader searches for."""
    return entry.name if entry.name.isascii() else surface
