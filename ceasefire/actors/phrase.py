"""Coding a short phrase: names, places and role words combined into one actor code.

Shared by find_actors (titles, noun phrases) and by other stages through code_phrase
("the Turkish leader", "Moscow", "a Kremlin spokesman").
"""

from __future__ import annotations

import re

from ceasefire.actors.scan import AGENT_SPAN, Match, flatten, longest_matches
from ceasefire.actors.tables import Agent, Entry, Tables, load_tables
from ceasefire.model import ActorCode, ActorKind
from ceasefire.resources import word_list
from ceasefire.text import name_pieces

NAMED_KINDS = ("person", "organization", "group")
#: Table kinds that only say where someone is from.
GEO_KINDS = ("country", "capital", "demonym", "people", "place")
_DETERMINERS = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def entry_kind(entry: Entry) -> ActorKind:
    """The contract's kind for a table entry (a capital acting is its country)."""
    if entry.kind == "person":
        return "person"
    if entry.kind == "organization":
        return "organization"
    if entry.kind in ("group", "people"):
        return "group"
    return "country"


def nominal_kind(head: str, plural: bool) -> ActorKind:
    """ "the rebels" is a group, "the minister" a person, "the army" an organization."""
    if plural:
        return "group"
    word = head.lower()
    if word.endswith(word_list("body_role_endings")):
        return "organization"
    return "person" if word.endswith(word_list("person_role_endings")) else "organization"


def from_entry(entry: Entry) -> ActorCode:
    return ActorCode(entry.name, entry_kind(entry), entry.country, entry.sector, entry.code)


def combine(name: str, kind: ActorKind, entries: list[Entry], agent: Agent | None) -> ActorCode | None:
    """One code from the names and the role word of a phrase. A named body with a sector
    decides alone ("UN envoy" is the UN's); otherwise the country comes from the names
    ("Syrian", "Idlib") and the sector from the role word ("rebels")."""
    named = next((e for e in entries if e.kind in NAMED_KINDS), None)
    if named is not None and (agent is None or named.sector is not None):
        return from_entry(named)
    geo = next((e for e in entries if e.kind in GEO_KINDS), None)
    if agent is None:
        return from_entry(geo) if geo is not None else None
    country = next((e.country for e in (named, geo) if e is not None and e.country), None)
    country = country or agent.country
    code = (country or "") + (agent.code.replace("~", "") if agent.sector else "")
    return ActorCode(name, kind, country, agent.sector, code or None)


def code_phrase(text: str) -> ActorCode | None:
    """The actor code of a short phrase, or None when nothing in it is known.

    "Moscow" -> RUS GOV; "the Turkish leader" -> TUR GOV; "the UN Syria envoy" -> UNO IGO;
    "a Russian warplane" -> RUS with no sector.
    """
    tables = load_tables()
    words = _DETERMINERS.sub("", text.strip()).split()
    flat, starts = flatten(words)
    has_upper = [w != w.lower() for w in words]
    matches = longest_matches(flat, starts, tables, lambda i, j: any(has_upper[i:j]))
    if len(matches) == 1 and (matches[0].start, matches[0].end) == (0, len(words)):
        return from_entry(matches[0].entry)
    head, agent = _last_agent(words, matches, tables)
    plural = head is not None and head.lower().endswith("s")
    kind = nominal_kind(head or "", plural) if agent else "group"
    return combine(" ".join(words), kind, [m.entry for m in matches], agent)


def _last_agent(words: list[str], matches: list[Match], tables: Tables) -> tuple[str | None, Agent | None]:
    """The role word nearest the end of the phrase, outside any matched name."""
    taken = {i for m in matches for i in range(m.start, m.end)}
    for end in range(len(words) - 1, -1, -1):
        for size in range(AGENT_SPAN, 0, -1):
            span = range(end - size + 1, end + 1)
            if span.start < 0 or taken.intersection(span):
                continue
            key = tuple(p for i in span for p in name_pieces(words[i]))
            if key in tables.agents:
                return words[end], tables.agents[key]
    return None, None
