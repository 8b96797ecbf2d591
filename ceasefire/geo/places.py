"""The places stage: toponyms of the Doc resolved to gazetteer entries."""

from __future__ import annotations

from spacy.tokens import Doc

from ceasefire.geo.gazetteer import Candidate, get_gazetteer
from ceasefire.geo.recognize import find_toponyms
from ceasefire.geo.resolve import resolve
from ceasefire.model import Mention, Place


def find_places(doc: Doc) -> list[Place]:
    """Every toponym of the article resolved to a gazetteer entry, ids p1, p2, ... in order
    of first mention. Names that no entry matches are left out: a place without
    coordinates would give later stages nothing to locate events with."""
    gazetteer = get_gazetteer()
    toponyms, demonyms = find_toponyms(doc, gazetteer)
    places = []
    for number, (entry, mentions) in enumerate(
        resolve(doc.text, toponyms, demonyms, gazetteer), start=1
    ):
        places.append(Place(
            id=f"p{number}",
            name=_display_name(entry, mentions[0].text),
            geonames_id=entry.geonames_id,
            lat=entry.lat,
            lon=entry.lon,
            country=entry.country,
            admin1=entry.admin1,
            feature=entry.feature,
            mentions=[Mention(t.start, t.end, t.text) for t in mentions],
        ))
    return places


def _display_name(entry: Candidate, surface: str) -> str:
    """GeoNames' name when it is plain ASCII ("Idlib"), else the text's own spelling
    ("Azaz", not "I‘zāz"), which is what an English reader searches for."""
    return entry.name if entry.name.isascii() else surface
