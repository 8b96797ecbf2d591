"""Casualty counts in a sentence: "killed at least five", "12 dead and 30 wounded", "dozens".

A count is (value, low, high): value is exact where the text gives a number ("at least five"
gives 5, as the monitors report it); vague plurals ("dozens", "hundreds") give only a range.

Every number next to a casualty word is a claim; news copy stripped of its commas runs the
claims together ("killed 58 others injured", "14 were killed 25 were wounded"), so a number
followed by its own word belongs to that word, not to the one before it. A count that opens a
part ("20 people including 13 civilians were killed") stands for the whole; coordinated counts
("30 soldiers and 39 rebels were killed") add up; a death toll ("bringing the death toll to
25") is the total and wins over the counts beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span

from ceasefire.events.factuality import is_background, since
from ceasefire.resources import table, tagged, word_list, words

#: Digits of a number that can be a count of people: a longer run of digits is no count, and
#: Python refuses int() on more than 4,300 of them (docs/limits.md).
MAX_COUNT_DIGITS = 9

_BE = r"(?:(?:were|was|are|have been|had been|has been|being)\s+)?"
# A word between a count and its casualty word, quoted names too: 'members of the "Black Banner" group'.
_WORD = r"[\"'\u201c\u201d]?[a-z-]+[\"'\u201c\u201d]?"
_QUOTES = "\"'\u201c\u201d"
# Words between a count and its casualty word: "16 civilians including women and children were killed".
_GAP = rf"(?P<gap>(?:{_WORD}\s+){{0,6}}?)"


def _alternation(entries: Iterable[str]) -> str:
    return "|".join(re.escape(e) for e in sorted(entries, key=len, reverse=True))


@dataclass(frozen=True)
class _Grammar:
    """The casualty patterns, built once from the lexicons on first use."""

    numbers: dict[str, int]  # number words: "five" -> 5, "a dozen" -> 12
    vague: dict[str, tuple[int, int]]  # "dozens" -> (24, 99)
    lower_bound: frozenset[str]  # qualifiers that make a count a minimum: "at least"
    gap_stops: frozenset[str]  # "five years has killed": the number counts something else
    articles: frozenset[str]  # a gap that opens with one starts a new phrase
    number: str  # the pattern of one count, with its qualifier
    count: re.Pattern[str]  # a count anywhere: "a shepherd and an old woman" holds two
    # per kind ("dead", "hurt"): (pattern, the number comes first)
    patterns: dict[str, list[tuple[re.Pattern[str], bool]]]
    whole: re.Pattern[str]  # a count that a part follows: "20 people including "
    plus: re.Pattern[str]  # "30 soldiers and ", before a coordinated count
    plus_after: re.Pattern[str]  # " civilians and 6 fighters", after a verb's count
    day: tuple[re.Pattern[str], re.Pattern[str]]  # a month before or after a number: its day
    hurt_after: re.Pattern[str]  # " and injured": "12 killed and injured" counts both
    cue: re.Pattern[str]  # any word the patterns need: most sentences have none


def _number(name: str, numbers: dict[str, int], vague: Iterable[str]) -> str:
    # an article before a noun for one person is a count of one: "killing the imam",
    # "a woman and a child were killed"
    victim = _alternation(words("victim_nouns"))
    one = rf"(?:{_alternation(words('articles'))})(?=\s+(?:[a-z-]+\s+)?(?:{victim})\b)"
    tens = [w for w, v in numbers.items() if v >= 20 and v % 10 == 0 and " " not in w]
    units = [w for w, v in numbers.items() if v < 20 and " " not in w]
    digits = [w for w in units if numbers[w] < 10]  # "twenty-three"
    phrases = [w for w in numbers if " " in w]  # "a dozen"
    qualifier = rf"(?P<{name}qual>(?:{_alternation(table('count_qualifiers'))})\s+)?"
    return (
        rf"{qualifier}(?P<{name}>\d[\d,]*|{_alternation([*phrases, *vague])}|"
        rf"(?:{_alternation(tens)})(?:-(?:{_alternation(digits)}))?|{_alternation(units)}|{one})\b"
    )


def _kind(lexicon: str, number: str) -> list[tuple[re.Pattern[str], bool]]:
    before = _alternation(tagged(lexicon, "before"))
    after = _alternation(tagged(lexicon, "after"))
    return [
        # "killed at least five people", "wounding dozens"
        (re.compile(rf"\b(?P<word>{before})\s+{number}", re.I), False),
        # "five people were killed", "12 dead", "43 soldiers and civilians died"
        (re.compile(rf"\b{number}\s+{_GAP}{_BE}(?P<word>{after})\b", re.I), True),
    ]


@cache
def _grammar() -> _Grammar:
    numbers = {word: int(value) for word, value in table("number_words").items()}
    ranges = {word: value.split() for word, value in table("vague_counts").items()}
    vague = {word: (int(low), int(high)) for word, (low, high) in ranges.items()}
    number = _number("num", numbers, vague)
    toll = re.compile(
        rf"\b(?:death\s+)?toll\s+(?:[a-z-]+\s+){{0,12}}?(?:{_alternation(word_list('toll_verbs'))})\s+{number}",
        re.I,
    )
    inclusions = _alternation(word_list("count_inclusions"))
    dead, hurt = table("fatality_words"), table("injury_words")
    # The times stage reads month names capitalised only ("may", "march" are words too).
    months = _alternation(m.capitalize() for m in table("months"))
    return _Grammar(
        numbers,
        vague,
        tagged("count_qualifiers", "lower-bound"),
        words("casualty_gap_stops"),
        words("articles"),
        number,
        re.compile(rf"\b{number}", re.I),
        {
            "toll": [(toll, False)],
            "dead": _kind("fatality_words", number),
            "hurt": _kind("injury_words", number),
        },
        # the part may open after other parts: "nine civilians including a boy and two women"
        re.compile(
            rf"\b{number}\s+(?:[a-z-]+\s+){{0,2}}?(?:{inclusions})\s+(?P<part>(?:[a-z-]+\s+){{0,4}}?)$", re.I
        ),
        re.compile(rf"\b{number}\s+(?:[a-z-]+\s+){{0,3}}?and\s+$", re.I),
        re.compile(rf"^\s+(?P<between>(?:[a-z-]+\s+){{0,3}}?)and\s+{number}\s+(?P<noun>[a-z-]+)", re.I),
        (re.compile(rf"\b(?:{months})\.?\s+$"), re.compile(rf"^(?:st|nd|rd|th)?\s+(?:{months})\b")),
        re.compile(rf"^\s+(?:and|or|&)\s+(?:{_alternation(tagged('injury_words', 'after'))})\b", re.I),
        re.compile(_alternation(["toll", *dead, *hurt]), re.I),
    )


@dataclass(frozen=True)
class Count:
    value: int | None
    low: int
    high: int | None
    at: int  # char offset (in the sentence) of the matched phrase, to pick the nearest event


@dataclass(frozen=True)
class _Claim:
    kind: str  # "toll", "dead" or "hurt"
    count: Count
    span: tuple[int, int]  # the number's characters
    opens: int  # where its phrase starts: the qualifier, or the number
    word: int  # where its casualty word (or "toll") starts
    number_first: bool  # "58 injured" rather than "killed 58"


def _count(match: re.Match[str], grammar: _Grammar, at: int, name: str = "num") -> Count | None:
    num = match.group(name).lower()
    qual = match.group(f"{name}qual")
    lower_bound = bool(qual) and qual.rstrip().lower() in grammar.lower_bound
    if num in grammar.articles:  # "a woman", "the imam"
        return Count(1, 1, 1, at)
    if num in grammar.vague:
        low, high = grammar.vague[num]
        return Count(None, low, None if lower_bound else high, at)
    if num[0].isdigit():
        digits = num.replace(",", "")
        if len(digits) > MAX_COUNT_DIGITS:  # no count of people; int() refuses 4,300 digits
            return None
        value = int(digits)
    else:
        parts = num.split("-")
        value = grammar.numbers[parts[0]] + (grammar.numbers[parts[1]] if len(parts) > 1 else 0)
    if value > 100_000 or (1900 <= value <= 2100 and "," not in num):  # a year or a sum
        return None
    return Count(value, value, None if lower_bound else value, at)


def _clear(gap: str, grammar: _Grammar) -> bool:
    """May these words stand between a count and its casualty word? Not when they hold a
    word that shows the number counts something else ("five years has killed"), another
    casualty word or count ("three were killed and a dozen injured"), open with an article (a
    new phrase: "URL 1285 The army's units eliminated 75"), or end in "and" (the word is
    another verb's: "killed five people and wounded 20")."""
    gap_words = [w.strip(_QUOTES) for w in gap.lower().split()]
    return not (
        (gap_words and (gap_words[-1] == "and" or gap_words[0] in grammar.articles))
        or any(w in grammar.gap_stops or w in grammar.numbers or grammar.cue.fullmatch(w) for w in gap_words)
        or grammar.count.search(gap) is not None
    )


def _matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches starting at every word, overlapping: a match the gap rule refuses must not hide
    a shorter one inside it ("three were killed and a dozen injured")."""
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        yield match
        pos = match.start() + 1


def _is_day(sentence: str, span: tuple[int, int], grammar: _Grammar) -> bool:
    """Is the number the day of a date ("on April 25 killed", "on 3 June")?"""
    before, after = grammar.day
    if not sentence[span[0]].isdigit():  # "on 3 June two nurses were killed": two is a count
        return False
    return bool(before.search(sentence[: span[0]]) or after.match(sentence[span[1] :]))


def _both_kinds(match: re.Match[str], sentence: str, grammar: _Grammar) -> bool:
    """Does one count stand for the dead and the hurt ("19 killed and injured")? It is no death toll."""
    return grammar.hurt_after.match(sentence[match.end() :]) is not None


def _claims(sentence: str, grammar: _Grammar) -> list[_Claim]:
    found = []
    for kind, patterns in grammar.patterns.items():
        for pattern, number_first in patterns:
            for match in _matches(pattern, sentence):
                if not _clear(match.groupdict().get("gap") or "", grammar):
                    continue
                if _is_day(sentence, match.span("num"), grammar):
                    continue
                if kind == "dead" and number_first and _both_kinds(match, sentence, grammar):
                    continue
                count = _count(match, grammar, match.start())
                if count is not None:
                    opens = match.start("numqual") if match.group("numqual") else match.start("num")
                    word = match.start("word") if "word" in match.re.groupindex else match.start()
                    found.append(_Claim(kind, count, match.span("num"), opens, word, number_first))
    return found


def _followed(claims: list[_Claim]) -> list[_Claim]:
    """A casualty word with a count of its own after it ("killed at least five", "killed 17
    people injured 60": injured 60) takes that count; a count before it counts something else
    ("a dozen shells ... killed") or is the earlier verb's ("killed 17")."""
    before_a_word = {c.span for c in claims if c.number_first}
    own = {c.word for c in claims if not c.number_first and c.span not in before_a_word}
    return [c for c in claims if not (c.number_first and c.word in own)]


def _whole(claim: _Claim, sentence: str, grammar: _Grammar, claimed: set[int]) -> Count:
    """The count a claim stands for: the whole it is part of ("20 people including 13
    civilians"), or the sum with a count coordinated before it ("30 soldiers and 39 rebels"),
    unless that count is another word's ("killed 5 and 20 wounded")."""
    count, before = claim.count, sentence[: claim.opens]
    whole = grammar.whole.search(before)
    if (
        whole is not None
        and _plain(whole.group("part"), grammar)
        and (bigger := _count(whole, grammar, whole.start())) is not None
    ):
        return bigger
    if not claim.number_first:
        return _with_victims_after(claim, sentence, grammar, claimed)
    plus = grammar.plus.search(before)
    if plus is None or plus.start("num") in claimed:
        return count
    first = _count(plus, grammar, plus.start())
    if count.value is not None and first is not None and first.value is not None:
        high = None if count.high is None or first.high is None else count.high + first.high
        return Count(count.value + first.value, count.low + first.low, high, plus.start())
    return count


def _plain(words_: str, grammar: _Grammar) -> bool:
    """Words with no count and no casualty word in them."""
    return not any(w in grammar.numbers or grammar.cue.fullmatch(w) for w in words_.lower().split())


def _with_victims_after(claim: _Claim, sentence: str, grammar: _Grammar, claimed: set[int]) -> Count:
    """A verb's count with the victims coordinated after it: "killed 14 civilians and 6
    fighters" is 20; not "killed 14 civilians and 6 were wounded" (6 is another word's) nor
    "and 2 days later"."""
    count = claim.count
    more = grammar.plus_after.match(sentence[claim.span[1] :])
    if more is None or count.value is None or not _plain(more.group("between"), grammar):
        return count
    noun = more.group("noun").lower()
    if claim.span[1] + more.start("num") in claimed or noun in grammar.gap_stops or noun == "of":
        return count
    second = _count(more, grammar, claim.count.at)
    if second is None or second.value is None:
        return count
    high = None if count.high is None or second.high is None else count.high + second.high
    return Count(count.value + second.value, count.low + second.low, high, count.at)


def _cumulative(claim: _Claim, span: Span) -> bool:
    """Is the claim's casualty word in a clause of background ("a conflict that has killed
    more than 100,000", "have been killed since 2011")? That toll is no act's count."""
    at = span.start_char + claim.word
    tok = next((t for t in span if t.idx <= at < t.idx + len(t.text)), None)
    if tok is None:
        return False
    path = [tok]  # up to the verb: "verify the deaths of"
    while path[-1].pos_ not in ("VERB", "AUX") and path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    # a count that runs since a time is a sum, in any tense: "verified the deaths of 14,000 since 2011"
    return is_background(tok, tok if tok.pos_ in ("VERB", "AUX") else tok.head) or any(since(t) for t in path)


def casualties(sentence: str, span: Span | None = None) -> tuple[Count | None, Count | None]:
    """(fatalities, injured) stated in one sentence; None where the sentence gives none.
    With the sentence's parse (``span``), tolls of background clauses are left out."""
    grammar = _grammar()
    if not grammar.cue.search(sentence):  # one cheap scan spares most sentences the full patterns
        return None, None
    claims = _claims(sentence, grammar)
    claimed = {c.span[0] for c in claims}  # a background count is still no victim of the next verb
    if span is not None:
        claims = [c for c in claims if not _cumulative(c, span)]
    claims = _followed(claims)
    # a number followed by its own word is that word's: "killed 58 others injured" wounded 58
    tight = {c.span for c in claims if c.number_first}
    claims = [c for c in claims if c.number_first or c.span not in tight]
    claims.sort(key=lambda c: c.span)
    toll = next((c for c in claims if c.kind == "toll"), None)
    dead = toll or next((c for c in claims if c.kind == "dead"), None)
    hurt = next((c for c in claims if c.kind == "hurt"), None)
    return (
        _whole(dead, sentence, grammar, claimed) if dead else None,
        _whole(hurt, sentence, grammar, claimed) if hurt else None,
    )
