"""The trigger lexicon: verb and noun lemmas -> CAMEO code, PLOVER type and mode.

Built by scripts/build_triggers.py into data/triggers.tsv; loaded once per process, with the
word lists the triggers are read with (light, reversal and demand-cue verbs, data/lexicons).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ceasefire.resources import tagged, words

TABLE = Path(__file__).resolve().parents[1] / "data" / "triggers.tsv"


@dataclass(frozen=True)
class Entry:
    lemma: str
    pos: str  # "verb" or "noun"
    needs: tuple[str, ...]  # lemmas that must depend on the trigger ("call" + "on")
    cameo: str | None
    type: str  # a PLOVER type, or NONE: a phrase that is no event ("take place")
    mode: str | None
    source: str  # hand, cameo-verb, cameo-pattern


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    light: frozenset[str]  # light verbs: "hold talks", "carry out an attack"
    reverse: frozenset[str]  # verbs that undo their object: "lifted the curfew"
    defy: frozenset[str]  # verbs that defy their object: "violated the curfew"
    speech: frozenset[str]  # cue verbs of speech that frame a demand: "X said Y must Z"


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    text = TABLE.read_text(encoding="utf-8")
    verbs: dict[str, list[Entry]] = {}
    nouns: dict[str, list[Entry]] = {}
    for line in text.splitlines()[1:]:
        lemma, pos, needs, cameo, type_, mode, source = line.split("\t")
        entry = Entry(lemma, pos, tuple(needs.split()), cameo or None, type_, mode or None, source)
        (verbs if pos == "verb" else nouns).setdefault(lemma, []).append(entry)

    def ordered(index: dict[str, list[Entry]]) -> dict[str, tuple[Entry, ...]]:
        # Most specific first, so that "call on" is tried before "call".
        return {k: tuple(sorted(v, key=lambda e: -len(e.needs))) for k, v in index.items()}

    return Lexicon(
        ordered(verbs),
        ordered(nouns),
        words("light_verbs"),
        words("reversal_verbs"),
        words("defiance_verbs"),
        tagged("speech_cues", "demand"),
    )
