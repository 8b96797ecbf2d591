"""The per-Doc state find_actors builds up: dictionary matches and the actors assembled."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ceasefire.actors.phrase import GEO_KINDS
from ceasefire.actors.scan import Match, dictionary_matches
from ceasefire.actors.tables import Tables
from ceasefire.model import ActorCode
from ceasefire.text import doc_tokens, name_pieces


@dataclass
class Found:
    """One actor being assembled: its code, merge key and mentions (token spans)."""

    code: ActorCode
    key: tuple[str, ...]
    spans: list[tuple[int, int]] = field(default_factory=list)


class DocState:
    """The per-Doc state: dictionary matches, which token belongs to which, results."""

    def __init__(
        self, doc: Doc, tables: Tables, place_spans: frozenset[tuple[int, int]] = frozenset()
    ) -> None:
        self.doc = doc
        self.tokens = doc_tokens(doc)
        self.words = [name_pieces(token.text) for token in self.tokens]  # folded, for role lookups
        self.tables = tables
        self.matches = dictionary_matches(doc, tables)
        self.match_at: dict[int, Match] = {i: m for m in self.matches for i in range(m.start, m.end)}
        self.persons: dict[int, Found] = {}  # token index -> person being assembled
        self.consumed: set[int] = set()  # match starts used to code another actor
        self.found: dict[tuple[str, ...], Found] = {}
        self.dominant = self._dominant_country()
        self.place_spans = place_spans  # character spans the places stage read as places

    def add(self, code: ActorCode, merge_key: tuple[str, ...], start: int, end: int) -> Found:
        found = self.found.setdefault(merge_key, Found(code, merge_key))
        found.spans.append((start, end))
        return found

    def _dominant_country(self) -> str | None:
        counts = Counter(
            m.entry.country for m in self.matches if m.entry.kind in GEO_KINDS and m.entry.country
        )
        return counts.most_common(1)[0][0] if counts else None

    def entries_in(self, start: int, end: int) -> list[Match]:
        return [m for m in self.matches if start <= m.start and m.end <= end]
