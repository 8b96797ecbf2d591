"""find_actors: every actor an article names, coded, with all its mentions.

Sources, in order of trust: dictionary names (Phoenix tables plus hand-curated rows),
role-word noun phrases ("the rebels", "a Kremlin spokesman"), then names only the
tagger found (PERSON, ORG, NORP). Titles and appositions code the person they belong
to; demonyms and place names only say where an actor is from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from ceasefire.actors.context import (
    is_ethnic,
    modifier_country,
    nearest_country,
    officials_in_context,
    prepositional,
    residence,
    sentence_country,
    with_country,
)
from ceasefire.actors.phrase import GEO_KINDS, NAMED_KINDS, combine, from_entry, nominal_kind
from ceasefire.actors.scan import Match, agent_at
from ceasefire.actors.state import DocState, Found
from ceasefire.actors.tables import Agent, Entry, load_tables
from ceasefire.model import Actor, ActorCode, Mention, Place
from ceasefire.resources import table, words
from ceasefire.text import name_key

#: Roles in which a capital stands for its government ("Moscow retaliated against Ankara").
AGENTIVE_DEPS = {"nsubj", "nsubjpass", "dobj", "poss", "appos"}
NOUNS = ("NOUN", "PROPN")
#: Table kinds that may sit inside an unknown organisation's name ("Syrian ... Council").
NAME_PARTS = ("country", "demonym", "people")
_POSSESSIVE = ("'s", "’s", "'", "’")
HYPHENS = ("-", "–", "‐")
#: Dependents that belong to a noun phrase before its head.
NP_DEPS = {"det", "amod", "compound", "nmod", "nummod", "poss", "quantmod", "punct"}


def find_actors(doc: Doc, places: Sequence[Place] = ()) -> list[Actor]:
    """Every actor the article names, ids a1, a2, ... in order of first mention. A name the
    places stage read as a place ("Douma" tagged ORG) is not made an organisation."""
    spans = frozenset((m.start, m.end) for place in places for m in place.mentions)
    art = DocState(doc, load_tables(), spans)
    _named(art, ("person",))
    _unknown_persons(art)
    _titled_names(art)
    _role_phrases(art)
    _named(art, ("organization", "group"))
    _countries(art)
    _other_entities(art)
    _merge_surnames(art)
    officials_in_context(art)
    return _records(art)


def _named(art: DocState, kinds: tuple[str, ...]) -> None:
    """Dictionary people, organisations and groups: actors wherever they appear, unless
    only part of a person's title ("the UN Syria envoy, Staffan de Mistura")."""
    for m in art.matches:
        entry = m.entry
        if entry.kind not in kinds or m.start in art.consumed:
            continue
        found = art.add(from_entry(entry), ("named", entry.name, entry.code), m.start, m.end)
        if entry.kind == "person":
            art.persons.update({i: found for i in range(m.start, m.end)})
            _title(art, found, m.start, m.end)


def _unknown_persons(art: DocState) -> None:
    """PERSON entities the tables do not know, coded from their titles."""
    for ent in art.doc.ents:
        if ent.label_ != "PERSON" or any(i in art.match_at for i in range(ent.start, ent.end)):
            continue
        span = _name_span(ent)
        if (
            not span.text.strip()
            or not any(t.is_title or t.is_upper for t in span)
            or _read_as_place(art, span)
        ):
            continue
        unit = _armed_unit_name(span)
        if unit is not None:
            code = _organization(art, unit, [m.entry for m in art.entries_in(unit.start, unit.end)])
            art.add(
                ActorCode(unit.text, "group", code.country, code.sector, code.code),
                ("other", name_key(unit.text)),
                unit.start,
                unit.end,
            )
            continue
        _add_person(art, span)


def _titled_names(art: DocState) -> None:
    """A name the tagger missed after a title only a person bears: "Lawmaker Karim Nassif told
    reporters"; two or three capitalised words opening with a given name."""
    doc = art.doc
    for title in art.tokens:
        if not _person_title(art, title) or title.ent_type_:
            continue
        end = title.i + 1
        while end < len(doc) and end - title.i <= 3 and doc[end].pos_ == "PROPN" and doc[end].is_title:
            end += 1
        span = doc[title.i + 1 : end]
        if len(span) < 2 or (end < len(doc) and doc[end].pos_ == "PROPN"):
            continue
        taken = any(t.ent_type_ or t.i in art.match_at or t.i in art.persons for t in span)
        if not taken and name_key(span[0].text) in table("given_names"):
            _add_person(art, span)


def _armed_unit_name(span: Span) -> Span | None:
    """The name of an armed group the tagger took for a person: it opens with a word for a kind
    of unit ("Faylaq al-Rahman"), inside the entity or just before it ("Liwa" + "Shuhada al-X")."""
    units = words("armed_unit_words")
    if name_key(span[0].text) in units:
        return span
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.is_title and name_key(before.text) in units:
        return span.doc[before.i : span.end]
    return None


def _read_as_place(art: DocState, span: Span) -> bool:
    """Did the places stage read this name, tagged a person or an organisation, as a
    place ("shelled Douma")? Then it is where something happened, not who did it."""
    return (span.start_char, span.end_char) in art.place_spans


def _name_span(ent: Span) -> Span:
    """The entity without a trailing possessive, nor a date in figures the tagger ran into it
    ("03.10.2017 Syrian Arab Army", a scraped dateline)."""
    start, end = ent.start, ent.end
    while end > start and ent.doc[end - 1].text in _POSSESSIVE:
        end -= 1
    while start < end and _is_date(ent.doc[start]):
        start += 1
    return ent.doc[start:end]


def _title(art: DocState, person: Found, start: int, end: int) -> None:
    """Words just before a name inside its noun phrase ("Syrian Foreign Minister") code
    the person when the tables did not."""
    head = art.doc[end - 1]
    left = min(head.left_edge.i, start)
    while left < start and art.doc[left].pos_ in ("DET", "PUNCT"):
        left += 1
    if left == start:
        return
    matches = art.entries_in(left, start)
    art.consumed.update(m.start for m in matches)
    if person.code.sector is not None:
        return
    taken = {i for m in matches for i in range(m.start, m.end)}
    agent = agent_at(art.words, start - 1, art.tables, taken)
    coded = combine(person.code.name, "person", [m.entry for m in matches], agent)
    if coded is not None:
        person.code = ActorCode(person.code.name, "person", coded.country, coded.sector, coded.code)


def _role_phrases(art: DocState) -> None:
    """Noun phrases headed by a role word: "the rebels", "Russian friends", "a Kremlin
    spokesman", "the UN Syria envoy, Staffan de Mistura" (which names the envoy)."""
    doc, tokens = art.doc, art.tokens
    matched = set(art.match_at)
    for token in tokens:
        if token.pos_ not in NOUNS or token.i in art.match_at or token.i in art.persons:
            continue
        if token.dep_ == "compound" and token.head.pos_ in NOUNS:
            continue  # a modifier: "rebel positions", or a title ("President Putin")
        if token.i + 1 < len(tokens) and tokens[token.i + 1].text in HYPHENS:
            continue  # part of a compound word: "rebel-held"
        agent = agent_at(art.words, token.i, art.tables, matched)
        if agent is None or _names_a_place(token):
            continue
        start = _phrase_start(art, token)
        matches = art.entries_in(start, token.i) + prepositional(art, token)
        person = _apposed_person(art, token)
        if person is not None:
            art.consumed.update(m.start for m in matches)
            person.spans.append((start, token.i + 1))
            _code_from_role(person, [m.entry for m in matches], agent)
            continue
        speaker = next(
            (m for m in matches if m.entry.kind in NAMED_KINDS and m.entry.sector is not None), None
        )
        if speaker is not None:
            continue  # the named body is the actor: "a Kremlin spokesman" speaks for it
        art.consumed.update(m.start for m in matches)
        name = _common_case(art, start, token.i, doc[start : token.i + 1].text)
        kind = nominal_kind(token.text, token.tag_ in ("NNS", "NNPS"))
        code = combine(name, kind, [m.entry for m in matches], agent)
        if code is None:
            continue
        if is_ethnic(art.doc[start : token.i]):
            code = with_country(code, residence(art, token, code.country), replace=True)
        elif code.country is None and agent.sector in words("domestic_sectors"):
            # civilians are where they are; a bare "the army" is of the country the sentence is about
            near = nearest_country(art, token) if agent.sector == "CVL" else sentence_country(art, token)
            code = with_country(code, near or art.dominant)
        lemma = token.lemma_.lower()
        art.add(code, ("role", code.country or "", code.sector or "", lemma), start, token.i + 1)
        # "Hungarian and Romanian officials": officials of each country named.
        for other in _coordinated(art, matches, code.country):
            extra = combine(doc[other.start : token.i + 1].text, kind, [other.entry], agent)
            if extra is not None:
                art.add(
                    extra, ("role", extra.country or "", extra.sector or "", lemma), other.start, token.i + 1
                )


def _names_a_place(head: Token) -> bool:
    """ "the village of Tal Hamam": a place noun before a name is that place, not its people."""
    if head.lower_ not in words("place_nouns"):
        return False
    return any(
        prep.lower_ == "of" and any(obj.dep_ == "pobj" and obj.pos_ == "PROPN" for obj in prep.children)
        for prep in head.children
    )


def _common_case(art: DocState, start: int, head: int, name: str) -> str:
    """A role phrase capitalised only because it opens a sentence ("Rebels said ...") in the
    case it has elsewhere ("the rebels"), so one actor keeps one name across articles. The
    tagger's proper-noun tag is no evidence on a sentence's first word when it is the role
    word itself."""
    first = art.doc[start]
    if not first.is_sent_start or first.ent_type_ or start in art.match_at:
        return name
    if start != head and first.tag_ in ("NNP", "NNPS"):
        return name
    return name[:1].lower() + name[1:]


def _coordinated(art: DocState, matches: list[Match], country: str | None) -> list[Match]:
    """Places or demonyms joined to the phrase's first one ("US and British forces")."""
    return [
        m
        for m in matches
        if m.entry.kind in GEO_KINDS
        and m.entry.country
        and m.entry.country != country
        and art.doc[m.end - 1].dep_ == "conj"
    ]


def _code_from_role(person: Found, entries: list[Entry], agent: Agent) -> None:
    """A person with no country takes the one of the role beside it ("Niger's ambassador,
    Brah Mohamane")."""
    if person.code.country is not None:
        return
    role = combine(person.code.name, "person", entries, agent)
    if role is not None and role.country is not None:
        person.code = ActorCode(
            person.code.name, "person", role.country, person.code.sector or role.sector, role.code
        )


def _phrase_start(art: DocState, head: Token) -> int:
    """The first word of head's noun phrase (its modifiers, not determiners), widened to
    the start of a name it cuts into."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in NP_DEPS:
            start = min(start, child.left_edge.i)
    while start < head.i and (head.doc[start].pos_ in ("DET", "PUNCT", "CCONJ") or _is_date(head.doc[start])):
        start += 1
    match = art.match_at.get(start)
    return match.start if match is not None else start


#: A date in figures ("03.10.2017", "2016/05/21"), as scraped datelines open a story.
_NUMERIC_DATE = re.compile(r"\d{1,4}([./-])\d{1,2}\1\d{1,4}")


def _is_date(token: Token) -> bool:
    return token.ent_type_ in ("DATE", "TIME") or _NUMERIC_DATE.fullmatch(token.text) is not None


def _apposed_person(art: DocState, head: Token) -> Found | None:
    """The person a role phrase stands beside ("the envoy, Staffan de Mistura")."""
    if head.dep_ == "appos" and head.head.i in art.persons:
        return art.persons[head.head.i]
    for child in head.children:
        if child.dep_ == "appos" and child.i in art.persons:
            return art.persons[child.i]
    return None


def _countries(art: DocState) -> None:
    """Countries that act or are acted on, capitals standing for their governments, and
    peoples ("Turks"). A demonym alone ("the Turkish border") is no actor."""
    for m in art.matches:
        entry, token = m.entry, art.doc[m.end - 1]
        if m.start in art.consumed or entry.kind not in ("country", "capital", "people", "demonym"):
            continue
        if entry.kind in ("people", "demonym"):
            if token.pos_ not in NOUNS or token.dep_ in ("amod", "compound"):
                continue  # an adjective: "the Turkish border"
            _add_people(art, token, m.start, entry.country)
            continue
        if entry.kind == "capital" and not _agentive(token):
            continue
        if entry.kind == "country" and _locative(token):
            continue
        art.add(from_entry(entry), (entry.kind, entry.name), m.start, m.end)


def _add_people(art: DocState, head: Token, start: int, country: str | None) -> None:
    """A people ("Serbs", "Kurds"): of the country an adjective before it names
    ("Bosnian Serbs"); an ethnic minority ("ethnic Albanians") of where it lives."""
    modifier = modifier_country(art, head)
    if modifier is not None:
        start, country = min(start, modifier.start), modifier.entry.country
    elif is_ethnic(art.doc[head.left_edge.i : head.i]):
        country = residence(art, head, country)
    code = ActorCode(art.doc[start : head.i + 1].text, "group", country, None, country)
    art.add(code, ("people", country or "", head.lemma_.lower()), start, head.i + 1)


def _agentive(token: Token) -> bool:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    if token.dep_ in AGENTIVE_DEPS:
        return True
    return token.dep_ in ("pobj", "agent") and token.head.lower_ in words("agentive_prepositions")


def _locative(token: Token) -> bool:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in words("actor_locatives")


def _other_entities(art: DocState) -> None:
    """Organisations and peoples only the tagger found ("Azaz Media Center", "Kurds")."""
    for ent in art.doc.ents:
        if ent.label_ not in ("ORG", "NORP"):
            continue
        span = _name_span(ent)
        while len(span) > 1 and span[0].pos_ == "DET":
            span = span[1:]
        inside = [art.match_at.get(i) for i in range(span.start, span.end)]
        if all(m is not None for m in inside):
            continue  # a demonym or people the tables know: coded in _countries
        if any(i in art.persons for i in range(span.start, span.end)) or any(
            m is not None and (m.entry.kind not in NAME_PARTS or m.start < span.start or m.end > span.end)
            for m in inside
        ):
            continue  # the tables know it, or it is a place the tagger took for an ORG
        if not any(t.is_title or t.is_upper for t in span):
            continue
        if _read_as_place(art, span):
            continue
        if ent.label_ == "NORP":
            head = span.root
            if head.dep_ in ("amod", "compound") or head.pos_ not in NOUNS:
                continue  # an adjective: "Kurdish forces" is coded by its noun
            _add_people(art, head, span.start, None)
            continue
        parts = [m for m in art.entries_in(span.start, span.end)]
        if not parts and (_person_like(art, span) or _surname_of_one(art, span)):
            _add_person(art, span)  # "Riad Hijab coordinator of ...", "Hijab said": a person
            continue
        art.consumed.update(m.start for m in parts)
        code = _organization(art, span, [m.entry for m in parts])
        art.add(code, ("other", name_key(span.text)), span.start, span.end)


def _add_person(art: DocState, span: Span) -> None:
    """A person the tables do not know, coded from its title."""
    code = ActorCode(span.text, "person", None, None, None)
    found = art.add(code, ("person", name_key(span.text)), span.start, span.end)
    art.persons.update({i: found for i in range(span.start, span.end)})
    _title(art, found, span.start, span.end)


def _person_like(art: DocState, span: Span) -> bool:
    """A name the tagger took for an organisation that the text sets as a person's: two to
    four capitalised words opening with a given name (lexicon ``given_names``), with no article
    before them, and a title before them ("MP", "lawmaker", "Mrs") or the office they hold
    beside them ("Riad Hijab coordinator of the HNC", "Riad Hijab, a lawmaker")."""
    names = [t for t in span if t.text not in HYPHENS]
    if not 2 <= len(names) <= 4 or not all(t.is_title or t.lower_ in words("arabic_articles") for t in names):
        return False
    before = art.doc[span.start - 1] if span.start > 0 else None
    if name_key(span[0].text) not in table("given_names") or (before is not None and before.pos_ == "DET"):
        return False
    if before is not None and _person_title(art, before):
        return True
    if _surname_alone(art, span):
        return True
    root = span.root
    offices = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos" or (
        root.dep_ == "compound" and any(c.lower_ == "of" for c in root.head.children)
    ):
        offices.append(root.head)  # "X coordinator of the HNC": the office, not a firm's staff
    return any(o.pos_ == "NOUN" and nominal_kind(o.text, o.tag_ == "NNS") == "person" for o in offices)


def _surname_alone(art: DocState, span: Span) -> bool:
    """Whether the text names the span by its last word alone elsewhere ("Karim Nassif met the
    envoy. Nassif said ..."): people are, organisations are not."""
    last = name_key(span[-1].text)
    return any(
        len(ent) == 1 and ent.start != span.end - 1 and name_key(ent.text) == last
        for ent in art.doc.ents
        if ent.label_ in ("ORG", "PERSON")
    )


def _person_title(art: DocState, token: Token) -> bool:
    """A title only a person bears, right before a name: "MP", "Dr", "lawmaker", "Mrs"."""
    word = token.lower_.rstrip(".")
    if word in words("person_titles") or word in table("gendered_words"):
        return True
    agent = agent_at(art.words, token.i, art.tables, set())
    return agent is not None and token.pos_ in NOUNS and nominal_kind(token.text, False) == "person"


def _surname_of_one(art: DocState, span: Span) -> bool:
    """One word the tagger took for an organisation that is the surname of exactly one person
    named in full ("Hijab said" after "Riad Hijab"): that person (merged by _merge_surnames)."""
    if len(span) != 1 or not span[0].is_title:
        return False
    key = name_key(span.text)
    people = [f for f in art.found.values() if f.code.kind == "person" and len(f.code.name.split()) > 1]
    return sum(name_key(f.code.name.split()[-1]) == key for f in people) == 1


def _organization(art: DocState, span: Span, entries: list[Entry]) -> ActorCode:
    """An unknown organisation, coded from the words in its name ("Syrian ... Council")."""
    agent: Agent | None = None
    for token in reversed(span):
        agent = agent_at(art.words, token.i, art.tables, set())
        if agent is not None:
            break
    coded = combine(span.text, "organization", entries, agent)
    country = coded.country if coded else None
    sector = coded.sector if coded else None
    return ActorCode(span.text, "organization", country, sector, coded.code if coded else None)


def _merge_surnames(art: DocState) -> None:
    """ "Erdogan" after "Recep Tayyip Erdogan": a one-word person that is the last word of
    exactly one longer person's name is that person."""
    persons = [f for f in art.found.values() if f.code.kind == "person"]
    for short in persons:
        words = short.code.name.split()
        if len(words) != 1:
            continue
        folded = name_key(words[0])
        longer = [
            f
            for f in persons
            if f is not short and len(f.code.name.split()) > 1 and name_key(f.code.name.split()[-1]) == folded
        ]
        if len(longer) == 1:
            longer[0].spans.extend(short.spans)
            if longer[0].code.sector is None and short.code.sector is not None:
                longer[0].code = ActorCode(
                    longer[0].code.name, "person", short.code.country, short.code.sector, short.code.code
                )
            del art.found[short.key]


def _records(art: DocState) -> list[Actor]:
    doc = art.doc
    ordered = sorted(art.found.values(), key=lambda f: min(f.spans))
    actors = []
    for n, found in enumerate(ordered, start=1):
        spans = sorted(set(found.spans))
        mentions = [
            Mention(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), doc[s:e].text) for s, e in spans
        ]
        code = found.code
        actors.append(
            Actor(
                id=f"a{n}",
                name=code.name,
                kind=code.kind,
                country=code.country,
                sector=code.sector,
                mentions=mentions,
                code=code.code,
            )
        )
    return actors
