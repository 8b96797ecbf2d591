"""Casualty counts in a sentence: "killed at least five", "12 dead and 30 wounded", "dozens".

A count is (value, low, high): value is exact where the text gives a number ("at least five"
gives 5, as the monitors report it); vague plurals ("dozens", "hundreds") give only a range.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ceasefire.resources import table, tagged, word_list

_BE = r"(?:(?:were|was|are|have been|had been|has been|being)\s+)?"


def _alternation(entries: Iterable[str]) -> str:
    return "|".join(re.escape(e) for e in entries)


def _patterns(verb: str, number: str, qualifier: str) -> list[re.Pattern[str]]:
    return [
        # "killed at least five people", "wounding dozens"
        re.compile(rf"\b{verb}\s+{qualifier}{number}\b", re.I),
        # "five people were killed", "12 dead", "43 soldiers and civilians died"
        re.compile(rf"\b{qualifier}{number}\s+(?:[a-z-]+\s+){{0,3}}?{_BE}{verb}\b", re.I),
    ]


@dataclass(frozen=True)
class _Grammar:
    """The casualty patterns, built once from the lexicons on first use."""

    numbers: dict[str, int]  # number words: "five" -> 5, "a dozen" -> 12
    vague: dict[str, tuple[int, int]]  # "dozens" -> (24, 99)
    lower_bound: frozenset[str]  # qualifiers that make a count a minimum: "at least"
    fatal: list[re.Pattern[str]]
    injured: list[re.Pattern[str]]
    cue: re.Pattern[str]  # any word the patterns need: most sentences have none


@cache
def _grammar() -> _Grammar:
    numbers = {word: int(value) for word, value in table("number_words").items()}
    ranges = {word: value.split() for word, value in table("vague_counts").items()}
    vague = {word: (int(low), int(high)) for word, (low, high) in ranges.items()}
    tens = [w for w, v in numbers.items() if v >= 20 and v % 10 == 0 and " " not in w]
    units = [w for w, v in numbers.items() if v < 20 and " " not in w]
    digits = [w for w in units if numbers[w] < 10]  # "twenty-three"
    phrases = [w for w in numbers if " " in w]  # "a dozen"
    number = (
        rf"(?P<num>\d[\d,]*|{_alternation([*phrases, *vague])}|"
        rf"(?:{_alternation(tens)})(?:-(?:{_alternation(digits)}))?|{_alternation(units)})"
    )
    qualifier = rf"(?P<qual>(?:{_alternation(table('count_qualifiers'))})\s+)?"
    dead, hurt = word_list("fatality_words"), word_list("injury_words")
    fatal = [
        re.compile(rf"\bdeath toll\s+(?:\w+\s+){{0,2}}?(?:to|at|of|is|was)\s+{qualifier}{number}\b", re.I),
        *_patterns(f"(?:{_alternation(dead)})", number, qualifier),
    ]
    return _Grammar(
        numbers,
        vague,
        tagged("count_qualifiers", "lower-bound"),
        fatal,
        _patterns(f"(?:{_alternation(hurt)})", number, qualifier),
        re.compile(_alternation(["death toll", *dead, *hurt]), re.I),
    )


@dataclass(frozen=True)
class Count:
    value: int | None
    low: int
    high: int | None
    at: int  # char offset (in the sentence) of the matched phrase, to pick the nearest event


def _count(match: re.Match[str], grammar: _Grammar) -> Count | None:
    num = match.group("num").lower()
    qual = match.group("qual")
    lower_bound = bool(qual) and qual.rstrip().lower() in grammar.lower_bound
    if num in grammar.vague:
        low, high = grammar.vague[num]
        return Count(None, low, None if lower_bound else high, match.start())
    if num[0].isdigit():
        value = int(num.replace(",", ""))
    else:
        parts = num.split("-")
        value = grammar.numbers[parts[0]] + (grammar.numbers[parts[1]] if len(parts) > 1 else 0)
    if value > 100_000 or (1900 <= value <= 2100 and "," not in num):  # a year or a sum
        return None
    return Count(value, value, None if lower_bound else value, match.start())


def _first(patterns: list[re.Pattern[str]], text: str, grammar: _Grammar) -> Count | None:
    for pattern in patterns:
        for match in pattern.finditer(text):
            count = _count(match, grammar)
            if count is not None:
                return count
    return None


def casualties(sentence: str) -> tuple[Count | None, Count | None]:
    """(fatalities, injured) stated in one sentence; None where the sentence gives none."""
    grammar = _grammar()
    if not grammar.cue.search(sentence):  # one cheap scan spares most sentences the full patterns
        return None, None
    return _first(grammar.fatal, sentence, grammar), _first(grammar.injured, sentence, grammar)
