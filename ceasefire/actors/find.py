"""find_actors: every actor an article names, coded, with all its mentions.

Sources, in order of trust: dictionary names (Phoenix tables plus hand-curated rows),
role-word noun phrases ("the rebels", "a Kremlin spokesman"), then names only the
tagger found (PERSON, ORG, NORP). Titles and appositions code the person they belong
to; demonyms and place names only say where an actor is from.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ceasefire.actors.codes import ActorCode
from ceasefire.actors.fold import key, pieces
from ceasefire.actors.phrase import GEO_KINDS, NAMED_KINDS, combine, from_entry, nominal_kind
from ceasefire.actors.scan import Match, agent_at, dictionary_matches
from ceasefire.actors.tables import Agent, Entry, Tables, load_tables
from ceasefire.model import Actor, Mention
from ceasefire.nlp import doc_tokens

#: A country that is the object of these prepositions is where things happen, not who acts.
LOCATIVE = {"in", "at", "into", "inside", "within", "near", "across", "throughout", "around",
            "outside", "via", "through", "towards", "toward", "over", "along"}
#: Roles in which a capital stands for its government ("Moscow retaliated against Ankara").
AGENTIVE_DEPS = {"nsubj", "nsubjpass", "dobj", "poss", "appos"}
AGENTIVE_PREPS = {"against", "with", "by", "on", "between"}
#: Sectors whose bare role word ("the rebels", "the army") belongs to the country the
#: sentence or the article is about; a bare "leaders" or "diplomats" does not.
DOMESTIC_SECTORS = {"REB", "OPP", "UAF", "MIL", "PRM", "CVL", "COP"}
NOUNS = ("NOUN", "PROPN")
#: Table kinds that may sit inside an unknown organisation's name ("Syrian ... Council").
NAME_PARTS = ("country", "demonym", "people")
_POSSESSIVE = ("'s", "’s", "'", "’")
HYPHENS = ("-", "–", "‐")
#: Dependents that belong to a noun phrase before its head.
NP_DEPS = {"det", "amod", "compound", "nmod", "nummod", "poss", "quantmod", "punct"}


@dataclass
class _Found:
    """One actor being assembled: its code, merge key and mentions (token spans)."""

    code: ActorCode
    key: tuple[str, ...]
    spans: list[tuple[int, int]] = field(default_factory=list)


class _Article:
    """The per-Doc state: dictionary matches, which token belongs to which, results."""

    def __init__(self, doc: Doc, tables: Tables) -> None:
        self.doc = doc
        self.tokens = doc_tokens(doc)
        self.words = [pieces(token.text) for token in self.tokens]  # folded, for role lookups
        self.tables = tables
        self.matches = dictionary_matches(doc, tables)
        self.match_at: dict[int, Match] = {
            i: m for m in self.matches for i in range(m.start, m.end)
        }
        self.persons: dict[int, _Found] = {}  # token index -> person being assembled
        self.consumed: set[int] = set()  # match starts used to code another actor
        self.found: dict[tuple[str, ...], _Found] = {}
        self.dominant = self._dominant_country()

    def add(self, code: ActorCode, merge_key: tuple[str, ...], start: int, end: int) -> _Found:
        found = self.found.setdefault(merge_key, _Found(code, merge_key))
        found.spans.append((start, end))
        return found

    def _dominant_country(self) -> str | None:
        counts = Counter(m.entry.country for m in self.matches
                         if m.entry.kind in GEO_KINDS and m.entry.country)
        return counts.most_common(1)[0][0] if counts else None

    def entries_in(self, start: int, end: int) -> list[Match]:
        return [m for m in self.matches if start <= m.start and m.end <= end]


def find_actors(doc: Doc) -> list[Actor]:
    """Every actor the article names, ids a1, a2, ... in order of first mention."""
    art = _Article(doc, load_tables())
    _named(art, ("person",))
    _unknown_persons(art)
    _role_phrases(art)
    _named(art, ("organization", "group"))
    _countries(art)
    _other_entities(art)
    _merge_surnames(art)
    return _records(art)


def _named(art: _Article, kinds: tuple[str, ...]) -> None:
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


def _unknown_persons(art: _Article) -> None:
    """PERSON entities the tables do not know, coded from their titles."""
    for ent in art.doc.ents:
        if ent.label_ != "PERSON" or any(i in art.match_at for i in range(ent.start, ent.end)):
            continue
        span = _strip_possessive(ent)
        if not span.text.strip() or not any(t.is_title or t.is_upper for t in span):
            continue
        code = ActorCode(span.text, "person", None, None, None)
        found = art.add(code, ("person", key(span.text)), span.start, span.end)
        art.persons.update({i: found for i in range(span.start, span.end)})
        _title(art, found, span.start, span.end)


def _strip_possessive(ent: Span) -> Span:
    end = ent.end
    while end > ent.start and ent.doc[end - 1].text in _POSSESSIVE:
        end -= 1
    return ent.doc[ent.start:end]


def _title(art: _Article, person: _Found, start: int, end: int) -> None:
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
        person.code = ActorCode(person.code.name, "person", coded.country, coded.sector,
                                coded.code)


def _role_phrases(art: _Article) -> None:
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
        if agent is None:
            continue
        start = _phrase_start(art, token)
        matches = art.entries_in(start, token.i) + _prepositional(art, token)
        person = _apposed_person(art, token)
        if person is not None:
            art.consumed.update(m.start for m in matches)
            person.spans.append((start, token.i + 1))
            continue
        speaker = next((m for m in matches
                        if m.entry.kind in NAMED_KINDS and m.entry.sector is not None), None)
        if speaker is not None:
            continue  # the named body is the actor: "a Kremlin spokesman" speaks for it
        art.consumed.update(m.start for m in matches)
        name = doc[start:token.i + 1].text
        kind = nominal_kind(token.text, token.tag_ in ("NNS", "NNPS"))
        code = combine(name, kind, [m.entry for m in matches], agent)
        if code is None:
            continue
        if code.country is None and agent.sector in DOMESTIC_SECTORS:
            code = _with_country(code, _sentence_country(art, token) or art.dominant)
        art.add(code, ("role", code.country or "", code.sector or "", token.lemma_.lower()),
                start, token.i + 1)


def _phrase_start(art: _Article, head: Token) -> int:
    """The first word of head's noun phrase (its modifiers, not determiners), widened to
    the start of a name it cuts into."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in NP_DEPS:
            start = min(start, child.left_edge.i)
    while start < head.i and head.doc[start].pos_ in ("DET", "PUNCT", "CCONJ"):
        start += 1
    match = art.match_at.get(start)
    return match.start if match is not None else start


def _prepositional(art: _Article, head: Token) -> list[Match]:
    """Names in "of/in/from X" after a role word: "rebels in Idlib", "army of Syria"."""
    out = []
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "in", "from"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.i in art.match_at:
                    out.append(art.match_at[obj.i])
    return out


def _apposed_person(art: _Article, head: Token) -> _Found | None:
    """The person a role phrase stands beside ("the envoy, Staffan de Mistura")."""
    if head.dep_ == "appos" and head.head.i in art.persons:
        return art.persons[head.head.i]
    for child in head.children:
        if child.dep_ == "appos" and child.i in art.persons:
            return art.persons[child.i]
    return None


def _sentence_country(art: _Article, head: Token) -> str | None:
    """A demonym or country named in the sentence and not already another actor's."""
    sent = head.sent
    for m in art.entries_in(sent.start, sent.end):
        if m.entry.kind in ("country", "demonym", "people") and m.start not in art.consumed:
            return m.entry.country
    return None


def _with_country(code: ActorCode, country: str | None) -> ActorCode:
    if country is None:
        return code
    return ActorCode(code.name, code.kind, country, code.sector, country + (code.code or ""))


def _countries(art: _Article) -> None:
    """Countries that act or are acted on, capitals standing for their governments, and
    peoples ("Turks"). A demonym alone ("the Turkish border") is no actor."""
    for m in art.matches:
        entry, token = m.entry, art.doc[m.end - 1]
        if m.start in art.consumed or entry.kind not in ("country", "capital", "people",
                                                          "demonym"):
            continue
        if entry.kind in ("people", "demonym"):
            if token.pos_ not in NOUNS or token.dep_ in ("amod", "compound"):
                continue  # an adjective: "the Turkish border"
            people = ActorCode(art.doc[m.start:m.end].text, "group", entry.country, None,
                               entry.code)
            art.add(people, ("people", entry.country or ""), m.start, m.end)
            continue
        if entry.kind == "capital" and not _agentive(token):
            continue
        if entry.kind == "country" and _locative(token):
            continue
        art.add(from_entry(entry), (entry.kind, entry.name), m.start, m.end)


def _agentive(token: Token) -> bool:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    if token.dep_ in AGENTIVE_DEPS:
        return True
    return token.dep_ in ("pobj", "agent") and token.head.lower_ in AGENTIVE_PREPS


def _locative(token: Token) -> bool:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE


def _other_entities(art: _Article) -> None:
    """Organisations and peoples only the tagger found ("Azaz Media Center", "Kurds")."""
    for ent in art.doc.ents:
        if ent.label_ not in ("ORG", "NORP"):
            continue
        span = _strip_possessive(ent)
        while len(span) > 1 and span[0].pos_ == "DET":
            span = span[1:]
        inside = [art.match_at.get(i) for i in range(span.start, span.end)]
        if all(m is not None for m in inside):
            continue  # a demonym or people the tables know: coded in _countries
        if any(i in art.persons for i in range(span.start, span.end)) or any(
            m is not None and (m.entry.kind not in NAME_PARTS or m.start < span.start
                               or m.end > span.end) for m in inside):
            continue  # the tables know it, or it is a place the tagger took for an ORG
        if not any(t.is_title or t.is_upper for t in span):
            continue
        if ent.label_ == "NORP":
            head = span.root
            if head.dep_ in ("amod", "compound") or head.pos_ not in NOUNS:
                continue  # an adjective: "Kurdish forces" is coded by its noun
            code = ActorCode(span.text, "group", None, None, None)
        else:
            parts = [m for m in art.entries_in(span.start, span.end)]
            art.consumed.update(m.start for m in parts)
            code = _organization(art, span, [m.entry for m in parts])
        art.add(code, ("other", key(span.text)), span.start, span.end)


def _organization(art: _Article, span: Span, entries: list[Entry]) -> ActorCode:
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


def _merge_surnames(art: _Article) -> None:
    """"Erdogan" after "Recep Tayyip Erdogan": a one-word person that is the last word of
    exactly one longer person's name is that person."""
    persons = [f for f in art.found.values() if f.code.kind == "person"]
    for short in persons:
        words = short.code.name.split()
        if len(words) != 1:
            continue
        folded = key(words[0])
        longer = [f for f in persons if f is not short and len(f.code.name.split()) > 1
                  and key(f.code.name.split()[-1]) == folded]
        if len(longer) == 1:
            longer[0].spans.extend(short.spans)
            if longer[0].code.sector is None and short.code.sector is not None:
                longer[0].code = ActorCode(longer[0].code.name, "person", short.code.country,
                                           short.code.sector, short.code.code)
            del art.found[short.key]


def _records(art: _Article) -> list[Actor]:
    doc = art.doc
    ordered = sorted(art.found.values(), key=lambda f: min(f.spans))
    actors = []
    for n, found in enumerate(ordered, start=1):
        spans = sorted(set(found.spans))
        mentions = [Mention(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text),
                            doc[s:e].text) for s, e in spans]
        code = found.code
        actors.append(Actor(id=f"a{n}", name=code.name, kind=code.kind, country=code.country,
                            sector=code.sector, mentions=mentions, code=code.code))
    return actors
