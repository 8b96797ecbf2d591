"""Casualty counts in a sentence: "killed at least five", "12 dead and 30 wounded", "dozens".

A count is (value, low, high): value is exact where the text gives a number ("at least five"
gives 5, as the monitors report it); vague plurals ("dozens", "hundreds") give only a range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORDS = (
    {w: i for i, w in enumerate(_UNITS, start=1)}
    | {w: 10 * i for i, w in enumerate(_TENS, start=2)}
    | {"a dozen": 12, "a hundred": 100}
)
# Vague plurals: ranges as news uses them ("dozens" is more than two dozen).
_VAGUE = {"dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2000, 9999)}
_LOWER_BOUND = re.compile(r"at least|more than|over|as many as", re.I)

_NUM = (
    r"(?P<num>\d[\d,]*|a dozen|a hundred|dozens|scores|hundreds|thousands|"
    rf"(?:{'|'.join(_TENS)})(?:-(?:{'|'.join(_UNITS[:9])}))?|{'|'.join(_UNITS)})"
)
_QUAL = (
    r"(?P<qual>(?:at least|more than|over|about|around|nearly|almost|some|up to|as many as"
    r"|an estimated|a further|another)\s+)?"
)
_DEAD = r"(?:killed|killing|kills|kill|dead|died|die|deaths|lives|slain|massacred|executed)"
_HURT = r"(?:wounded|wounding|wounds|wound|injured|injuring|injures|injure|injuries|hurt)"
_BE = r"(?:(?:were|was|are|have been|had been|has been|being)\s+)?"


def _patterns(verb: str) -> list[re.Pattern[str]]:
    return [
        # "killed at least five people", "wounding dozens"
        re.compile(rf"\b{verb}\s+{_QUAL}{_NUM}\b", re.I),
        # "five people were killed", "12 dead", "43 soldiers and civilians died"
        re.compile(rf"\b{_QUAL}{_NUM}\s+(?:[a-z-]+\s+){{0,3}}?{_BE}{verb}\b", re.I),
    ]


_FATAL = [
    re.compile(rf"\bdeath toll\s+(?:\w+\s+){{0,2}}?(?:to|at|of|is|was)\s+{_QUAL}{_NUM}\b", re.I),
    *_patterns(_DEAD),
]
_INJURED = _patterns(_HURT)
_CUE = re.compile(r"kill|dead|die|death|lives|slain|massacr|execut|wound|injur|hurt", re.I)


@dataclass(frozen=True)
class Count:
    value: int | None
    low: int
    high: int | None
    at: int  # char offset (in the sentence) of the matched phrase, to pick the nearest event


def _count(match: re.Match[str]) -> Count | None:
    num = match.group("num").lower()
    lower_bound = bool(match.group("qual") and _LOWER_BOUND.match(match.group("qual")))
    if num in _VAGUE:
        low, high = _VAGUE[num]
        return Count(None, low, None if lower_bound else high, match.start())
    if num[0].isdigit():
        value = int(num.replace(",", ""))
    else:
        parts = num.split("-")
        value = _WORDS[parts[0]] + (_WORDS[parts[1]] if len(parts) > 1 else 0)
    if value > 100_000 or (1900 <= value <= 2100 and "," not in num):  # a year or a sum
        return None
    return Count(value, value, None if lower_bound else value, match.start())


def _first(patterns: list[re.Pattern[str]], text: str) -> Count | None:
    for pattern in patterns:
        for match in pattern.finditer(text):
            count = _count(match)
            if count is not None:
                return count
    return None


def casualties(sentence: str) -> tuple[Count | None, Count | None]:
    """(fatalities, injured) stated in one sentence; None where the sentence gives none."""
    if not _CUE.search(sentence):  # one cheap scan spares most sentences the full patterns
        return None, None
    return _first(_FATAL, sentence), _first(_INJURED, sentence)
