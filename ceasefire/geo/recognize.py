"""Toponym recognition: which spans of the Doc name places.

Two sources: the NER's GPE/LOC/FAC entities, and gazetteer matches on capitalised token
runs the NER missed or mislabelled (the small model tags "Idlib" as ORG, and the town that
starts "the Azaz Media Center" is still a place: the name tells where the centre is, so it
counts as a mention of the town). Demonyms ("Syrian", "Turks") are never places; they are
returned as country evidence for the resolver instead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from ceasefire.geo.gazetteer import ALTERNATE, Gazetteer, get_gazetteer
from ceasefire.resources import words
from ceasefire.text import doc_text, name_key

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Tokens inside these entities are not scanned: a person's name or a date that happens to
# be a town somewhere ("Clinton", "May") is not a mention of it.
# NORP is not blocked: the small model tags "Aleppo" or "Kisangani" NORP; true demonyms are
# caught first by the demonym table.
BLOCKED_LABELS = frozenset(
    {
        "PERSON",
        "DATE",
        "TIME",
        "PERCENT",
        "MONEY",
        "QUANTITY",
        "ORDINAL",
        "CARDINAL",
        "LANGUAGE",
        "LAW",
        "WORK_OF_ART",
        "PRODUCT",
    }
)
MAX_TOKENS = 5
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_DETERMINERS = frozenset({"the", "The"})


@dataclass(frozen=True)
class Toponym:
    """A span that names a place, before resolution."""

    start: int
    end: int
    text: str
    from_ner: bool  # the NER called it a place; scan-only matches need more evidence
    admin: bool  # "X province": prefer the first-level division
    located: bool  # after a locative ("in X", "the town of X"): syntax says it is a place
    listed: bool = True  # False: a name the gazetteer lacks that the syntax says is a place
    part: bool = False  # before a word for a part of a town ("the Sana neighborhood")


@cache
def name_particles() -> frozenset[str]:
    """Lower-case words that may sit inside a name: "Deir ez-Zor", "Jisr al-Shughur", "Rio de Janeiro"."""
    return words("name_particles") | words("arabic_articles")


@cache
def not_places() -> frozenset[str]:
    """Folded capitalised words and phrases that are gazetteer names but rarely places in
    news ("President", "Mobile", "White House"): a reviewed hand list."""
    return frozenset(name_key(line) for line in words("geo_not_places"))


def find_toponyms(doc: Doc, gazetteer: Gazetteer) -> tuple[list[Toponym], Counter[str]]:
    """Toponyms in text order, and ISO3 counts of the demonyms that the text uses."""
    stop = not_places()
    demonyms: Counter[str] = Counter()
    toponyms: list[Toponym] = []
    covered = bytearray(len(doc))  # tokens already taken by a toponym or blocked
    for ent in doc.ents:
        iso3 = gazetteer.demonym(ent.text)
        if iso3 and not gazetteer.lookup(ent.text):
            demonyms[iso3] += 1
            covered[ent.start : ent.end] = b"\1" * len(ent)
        elif ent.label_ in PLACE_LABELS:
            span = _trim(ent)
            if (
                span is not None
                and name_key(span.text) not in stop
                and gazetteer.lookup(span.text)
                and not _loose_abbreviation(span, gazetteer)
            ):
                span = _longer_name(span, covered, gazetteer)
                toponyms.append(_toponym(span, from_ner=True))
                covered[span.start : max(ent.end, span.end)] = b"\1" * (max(ent.end, span.end) - span.start)
        elif ent.label_ in BLOCKED_LABELS and not _located_name(ent):
            covered[ent.start : ent.end] = b"\1" * len(ent)
        elif ent.label_ == "ORG" and (state := _state_of_body(ent, gazetteer)) is not None:
            toponyms.append(state)
            span = doc.char_span(state.start, state.end, alignment_mode="expand")
            if span is not None:
                covered[span.start : span.end] = b"\1" * len(span)
    toponyms.extend(_scan(doc, covered, gazetteer, stop))
    toponyms.extend(_unlisted(doc, toponyms, gazetteer, stop))
    toponyms.extend(_named_divisions(doc, toponyms, gazetteer, stop))
    toponyms = [_town_part(doc, t, gazetteer) for t in toponyms]
    toponyms.sort(key=lambda t: t.start)
    return _without_pathogens(doc_text(doc), toponyms), demonyms


def _without_pathogens(text: str, toponyms: list[Toponym]) -> list[Toponym]:
    """The toponyms less the names the article gives a pathogen ("the Marburg virus", "the
    Reston ebolavirus"): the mention before the pathogen word, and the name's other mentions
    that the text neither locates nor qualifies ("Marburg kills slowly"), which mean the
    pathogen too. "A laboratory in Reston, Virginia" is still the town."""
    pathogen_words = words("pathogen_words")

    def before_pathogen(toponym: Toponym) -> bool:
        after = _NEXT_WORD.match(text, toponym.end)
        return after is not None and after.group(1).lower() in pathogen_words

    pathogens = {name_key(t.text) for t in toponyms if before_pathogen(t)}
    if not pathogens:
        return toponyms
    qualified = {
        first.start for first, second in pairwise(toponyms) if text[first.end : second.start].strip() == ","
    }
    return [
        t
        for t in toponyms
        if name_key(t.text) not in pathogens
        or (not before_pathogen(t) and (t.located or t.start in qualified))
    ]


_NEXT_WORD = re.compile(r"\s+(\w+)")


def _town_part(doc: Doc, toponym: Toponym, gazetteer: Gazetteer) -> Toponym:
    """A name before a word for a part of a town ("the Sana neighborhood") may be that part,
    not a town of the same name elsewhere: the resolver keeps it only in the article's own
    country, or where the gazetteer lists it as a part of a town."""
    after = _NEXT_WORD.match(doc_text(doc), toponym.end)
    if not toponym.listed or after is None or after.group(1).lower() not in words("town_parts"):
        return toponym
    if any(c.precision == "site" for c in gazetteer.lookup(toponym.text)):
        return toponym
    return replace(toponym, part=True, located=True)


#: Entity labels that are never places, whatever precedes them.
_NEVER_PLACES = BLOCKED_LABELS - {"PERSON"}


def _unlisted(doc: Doc, toponyms: list[Toponym], gazetteer: Gazetteer, stop: frozenset[str]) -> list[Toponym]:
    """Names the gazetteer lacks that the syntax marks as places: a capitalised run after
    "the village of" or before "district" ("Mainok", "Nabi Yunis area"), and NER places after
    a locative preposition ("in Hadramawt"). Small towns, neighbourhoods and valleys are
    where many events happen; they are kept, without a gazetteer entry. A typed name the
    gazetteer does list but the NER blocked ("the town of Khan Sheikhun" tagged PERSON) is
    returned as a listed toponym, for the resolver."""
    taken = bytearray(len(doc))
    for t in toponyms:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is not None:
            taken[span.start : span.end] = b"\1" * len(span)
    place_types, admin_words = words("place_types"), words("admin_words")
    found = []
    i = 0
    while i < len(doc):
        end = _capitalised_run(doc, i, taken)
        if end == i:
            i += 1
            continue
        whole = span = doc[i:end]
        if len(span) > 1 and _lost_apostrophe(span[0], gazetteer):
            span = span[1:]  # "Syrias Idlib": the owner's "'s" lost its apostrophe
        after = doc[end].lower_ if end < len(doc) else ""
        by_type = (
            after in place_types
            or span[-1].lower_ in place_types
            or (i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in place_types)
        )
        by_ner = whole[0].ent_type_ in PLACE_LABELS and _after_locative(whole)
        name = name_key(span.text)
        # A name the syntax types ("the town of Khan Sheikhun") is a place even when the NER
        # blocked it; a type word alone ("Province" after a resolved "Quang Tri") names
        # nothing.
        if by_type and len(span) == 1 and span[0].lower_ in place_types:
            by_type = False
        listed = bool(gazetteer.lookup(span.text))
        if listed and span[0].ent_type_ == "NORP":  # "a Shia neighbourhood": a community
            by_type = False
        if (by_type or (by_ner and not listed)) and name not in stop and not gazetteer.demonym(span.text):
            found.append(
                Toponym(
                    span.start_char,
                    span.end_char,
                    span.text,
                    by_ner,
                    after in admin_words,
                    True,
                    listed=listed,
                )
            )
        i = end
    return found


def _named_divisions(
    doc: Doc, toponyms: list[Toponym], gazetteer: Gazetteer, stop: frozenset[str]
) -> list[Toponym]:
    """Capitalised names before a word for a division that name a division ("Masvingo
    province", "the Punjab province"), whatever the tagger made of them (a product, a
    nationality, an adjective), that no toponym holds yet."""
    taken = bytearray(len(doc))
    for t in toponyms:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is not None:
            taken[span.start : span.end] = b"\1" * len(span)
    admin_words = words("admin_words")
    found = []
    for word in doc:
        if word.lower_ not in admin_words:
            continue
        for start in range(max(0, word.i - 3), word.i):  # the longest name first
            name = doc[start : word.i]
            if any(taken[start : word.i]) or not all(t.is_alpha and t.text[:1].isupper() for t in name):
                continue
            divisions = [
                c for c in gazetteer.lookup(name.text) if c.feature == "admin1" and c.match <= ALTERNATE
            ]
            if divisions and name_key(name.text) not in stop:
                found.append(Toponym(name.start_char, name.end_char, name.text, False, True, True))
                taken[start : word.i] = b"\1" * len(name)
                break
    return found


def _state_of_body(ent: Span, gazetteer: Gazetteer) -> Toponym | None:
    """The country or first-level division whose name opens the name of one of its bodies
    ("the U.S. Food and Drug Administration", "the California Department of Public Health"):
    the state is named there (an embedded mention). A paper or a brand named after a place
    ("The New York Times") names none."""
    start = ent.start + (ent.doc[ent.start].text in _DETERMINERS)
    for end in range(min(ent.end - 1, start + 3), start, -1):
        name = ent.doc[start:end]
        if ent.doc[end].lower_ not in words("state_body_words"):
            continue
        states = [
            c
            for c in gazetteer.lookup(name.text)
            if c.feature in ("country", "admin1") and c.match <= ALTERNATE
        ]
        if states and name_key(name.text) not in not_places():
            admin = not any(c.feature == "country" for c in states)
            return Toponym(name.start_char, name.end_char, name.text, False, admin, False)
    return None


def _longer_name(span: Span, covered: bytearray, gazetteer: Gazetteer) -> Span:
    """The NER place, or a longer gazetteer name it opens that the NER cut short ("Deir"
    tagged alone in "Deir ez-Zor")."""
    for end in _ends(span.doc, span.start, covered):
        if end <= span.end:
            break
        longer = span.doc[span.start : end]
        if gazetteer.lookup(longer.text):
            return longer
    return span


def _lost_apostrophe(word: Token, gazetteer: Gazetteer) -> bool:
    """A possessive place name written without its apostrophe ("Syrias", "Daraas")."""
    text = word.text
    return (
        len(text) > 3
        and text.endswith("s")
        and not gazetteer.lookup(text)
        and bool(gazetteer.lookup(text[:-1]))
    )


def _capitalised_run(doc: Doc, start: int, taken: bytearray) -> int:
    """The end of the run of capitalised proper nouns (and name particles) from start."""
    end = last = start  # last: just after the run's last capitalised word
    particles = name_particles()
    while end < min(len(doc), start + MAX_TOKENS) and not taken[end]:
        tok = doc[end]
        if tok.ent_type_ in _NEVER_PLACES:
            break
        name_word = tok.text[:1].isupper() and tok.pos_ == "PROPN" and tok.is_alpha
        if not (name_word or (end > start and tok.lower_ in particles)):
            break
        end += 1
        last = end if name_word else last
    return last


#: Labels the small model puts on bare town names ("shelled Harasta" PERSON, "of Aleppo"
#: LANGUAGE): where the syntax makes them a place, the scan may still take them.
_MISTAKEN_LABELS = frozenset({"PERSON", "LANGUAGE"})


def _located_name(ent: Span) -> bool:
    """A short "person" where a place goes: right after a locative preposition ("in Hasakeh",
    "the town of Palmyra"), the object of a verb ("bombed Douma", "shelled Zamalka and
    Jobar"), or listed with places, and not the surname of a person the article names in
    full. The scan may still take it, with backing from the article (its country named
    elsewhere)."""
    if ent.label_ not in _MISTAKEN_LABELS or len(ent) > 3:
        return False
    root = ent.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    located = (
        _after_locative(ent)
        or (ent.label_ == "PERSON" and root.dep_ == "dobj" and root.head.pos_ == "VERB")
        or _listed_with_places(ent)
        or _before_its_area(ent)
    )
    return located and not _surname(ent)


def _before_its_area(ent: Span) -> bool:
    """The name is followed by a comma and a country or division that holds a place of that
    name ("Binh Phuoc, Vietnam")."""
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
        return False
    gazetteer = get_gazetteer()
    areas = [
        c
        for area in doc.ents
        if area.start == ent.end + 1 and area.label_ in PLACE_LABELS
        for c in gazetteer.lookup(area.text)
        if c.feature in ("country", "admin1")
    ]
    return any(c.country == area.country for c in gazetteer.lookup(ent.text) for area in areas)


def _listed_with_places(ent: Span) -> bool:
    """The name is coordinated with a place the NER found ("Zambia, Malawi and Tanzania",
    "Cairo, Giza and Luxor"): one item of a list of places."""
    return any(t.ent_type_ in PLACE_LABELS for t in ent.root.conjuncts)


def _surname(ent: Span) -> bool:
    """The name ends a longer PERSON entity of the same article ("Clinton", "Bill Clinton"):
    the article calls that person by it."""
    return any(
        other.label_ == "PERSON" and len(other) > len(ent) and other[-len(ent) :].text == ent.text
        for other in ent.doc.ents
    )


def _after_locative(span: Span) -> bool:
    doc, start = span.doc, span.start
    if start == 0:
        return False
    before = doc[start - 1].lower_
    if before == "of":
        return start > 1 and doc[start - 2].lower_ in words("place_nouns")
    return before in words("place_locatives")


def _trim(ent: Span) -> Span | None:
    """The entity without a leading "the" and a trailing possessive, and without a leading
    compass word when only the rest is a listed name ("northern Syria")."""
    start, end = ent.start, ent.end
    if ent.doc[start].text in _DETERMINERS:
        start += 1
    if end - start > 1 and _POSSESSIVE.fullmatch(ent.doc[end - 1].text):
        end -= 1
    if end - start > 1 and ent.doc[start].lower_ in words("compass_words"):
        gazetteer = get_gazetteer()
        if not gazetteer.lookup(ent.doc[start:end].text) and gazetteer.lookup(ent.doc[start + 1 : end].text):
            start += 1
    return ent.doc[start:end] if end > start else None


def _toponym(span: Span, from_ner: bool) -> Toponym:
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    before = doc[span.start - 2].lower_ if span.start >= 2 and doc[span.start - 1].lower_ == "of" else ""
    admin_words = words("admin_words")
    admin = after in admin_words or (before in admin_words and _whole_division(doc, span.start - 2))
    return Toponym(span.start_char, span.end_char, span.text, from_ner, admin, _after_locative(span))


def _whole_division(doc: Doc, word: int) -> bool:
    """ "the province of Aleppo", "the western countryside of Aleppo": the division; "a district
    of Aleppo", "the Sheikh Maqsoud district of Aleppo" name a quarter of the city."""
    if word == 0:
        return False
    before = doc[word - 1].lower_
    return before == "the" or before in words("compass_words")


def _scan(doc: Doc, covered: bytearray, gazetteer: Gazetteer, stop: frozenset[str]) -> list[Toponym]:
    """Longest gazetteer matches over runs of capitalised proper nouns not yet covered."""
    found = []
    i = 0
    while i < len(doc):
        if not _opens_name(doc[i], covered):
            i += 1
            continue
        match = None
        ends = _ends(doc, i, covered)
        for end in ends:
            span = doc[i:end]
            if name_key(span.text) not in stop and gazetteer.lookup(span.text):
                match = span
                break
        if match is None or not _whole_name(match, ends[0], covered):
            i += 1
            continue
        if _surname(match) and not _after_locative(match):
            i = match.end  # "said Lennox": the singer Annie Lennox, not Lennox, California
            continue
        if _loose_abbreviation(match, gazetteer):
            i = match.end  # "Miss Smith": no state
            continue
        # Inside a NER place entity that did not resolve whole ("Aleppo province").
        found.append(_toponym(match, from_ner=match[0].ent_type_ in PLACE_LABELS))
        i = match.end
    return found


#: Letters at most in a division's abbreviation ("Fla.", "Calif.", "NSW").
_ABBREVIATION_LETTERS = 6


def _abbreviates(letters: str, name: str) -> bool:
    """The letters shorten the name: its first letter, then others of it in order, fewer
    than its first word has ("calif" California, "nsw" New South Wales; not "mexico" of
    Mexico City)."""
    rest = iter(name.replace(" ", ""))
    return (
        bool(letters)
        and letters[0] == name[:1]
        and len(letters) < len(name.split()[0])
        and all(letter in rest for letter in letters)
    )


def _loose_abbreviation(span: Span, gazetteer: Gazetteer) -> bool:
    """A short other name of a division ("Fla.", "Mass.", "Calif.") that is not written in
    capitals (as "NSW", "N.Y." and "D.C." are) nor right after a town and its comma ("Tampa,
    Fla."): the folded key drops the periods, so the word "Mass" or "Miss" meets it too, and
    even the tagger takes "attended Mass." for the state."""
    letters = name_key(span.text).replace(" ", "")
    if len(letters) > _ABBREVIATION_LETTERS or not any(
        c.feature == "admin1" and _abbreviates(letters, name_key(c.name)) for c in gazetteer.lookup(span.text)
    ):
        return False
    doc = span.doc
    capitals = span.text.replace(".", "").isupper()
    period = span.text.endswith(".") or (
        span.end < len(doc) and doc[span.end].text == "." and not span[-1].whitespace_
    )
    after_town = (
        span.start >= 2 and doc[span.start - 1].text == "," and doc[span.start - 2].text[:1].isupper()
    )
    return not capitals and not (period and after_town)


def _whole_name(span: Span, run_end: int, covered: bytearray) -> bool:
    """The match is the whole capitalised run, not the head or tail of a longer name
    ("San Andreas", "Abu Sayyaf", "Tahrir al-Sham", "the Azaz Media Center"), unless a
    division or facility word follows ("Aleppo Governorate", "Minya University": the town
    locates it). So a town that opens an organisation's name is not counted as a mention
    of the town: such names are too often not places at all."""
    doc = span.doc
    if span.end < run_end and doc[span.end].lower_ not in words("admin_words") | words("facility_words"):
        return False
    particles = name_particles()
    i = span.start - 1
    while i >= 0 and not covered[i] and doc[i].lower_ in particles:
        i -= 1
    return i < 0 or bool(covered[i]) or not (doc[i].text[:1].isupper() and doc[i].pos_ == "PROPN")


def _opens_name(token: Token, covered: bytearray) -> bool:
    return (
        not covered[token.i]
        and token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and token.is_alpha
        and not token.is_stop
    )


def _ends(doc: Doc, start: int, covered: bytearray) -> list[int]:
    """Possible ends of a name starting at `start`, longest first: it may run on over
    capitalised proper nouns and particles, within the sentence, and ends on a capital."""
    particles = name_particles()
    ends = []
    sentence_end = doc[start].sent.end
    i = start
    while i < min(sentence_end, start + MAX_TOKENS) and not covered[i]:
        token = doc[i]
        if token.text[:1].isupper() and token.pos_ == "PROPN":
            ends.append(i + 1)
        elif token.lower_ not in particles:
            break
        i += 1
    return ends[::-1]
