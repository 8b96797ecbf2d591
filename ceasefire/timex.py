"""The time stage: find time expressions and resolve them against the publication date.

Two sources of candidates: one compiled regex pass over the text (absolute dates, weekdays
and the relative words NER misses or cuts short, e.g. "Later Wednesday") and spaCy's DATE
entities not already covered. Values are ISO strings at the precision the text allows:
``2017-05-03`` (day), ``2017-W18`` (ISO week), ``2017-05`` (month), ``2017`` (year).

Choices, documented because they are judgement calls:
- Prepositions ("on", "in", "at") are not part of a span; modifiers are ("later Wednesday",
  "early on Tuesday", "earlier this month").
- A bare weekday or month resolves to the latest one on or before publication (news reports
  the past) unless its clause is future ("will meet on Friday"), then to the next one.
- Durations ("six years", "for two weeks", "the past week") are kept with value None: they
  are not points in time. Ages ("35-year-old") and bare clock times are skipped.
- Without a publication date only absolute expressions get a value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ceasefire.model import Precision, TimeExpression
from ceasefire.registry import Analysis, component
from ceasefire.resources import table, word_list, words
from ceasefire.text import doc_text, embedded_posts

if TYPE_CHECKING:  # type names only: `ceasefire --help` and the store commands never load spaCy
    from spacy.tokens import Doc, Span

_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"


def alternation(entries: Iterable[str]) -> str:
    """A regex alternation of lexicon entries, longest first so that "Sept" is tried before
    "Sep" and "this past" before "this"; the words of an entry are joined by any whitespace."""
    ordered = sorted(entries, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(word) for word in entry.split()) for entry in ordered)


def _full_names(names: Mapping[str, int]) -> list[str]:
    """The first name of each number in a names table: the full name; the rest abbreviate it."""
    first: dict[int, str] = {}
    for name, number in names.items():
        first.setdefault(number, name)
    return list(first.values())


@dataclass(frozen=True)
class _Tables:
    """The word tables the rules resolve with, read on first use."""

    months: dict[str, int]  # "aug" -> 8
    weekdays: dict[str, int]  # "wednesday" -> 2, Monday is 0
    counts: dict[str, int]  # "three" -> 3, "a" -> 1
    day_offsets: dict[str, int]  # "yesterday" -> -1
    relations: dict[str, tuple[int, frozenset[str]]]  # "last" -> (-1, rules that take it)


@cache
def _tables() -> _Tables:
    relations = {name: value.split() for name, value in table("time_relations").items()}
    # "ago" takes number words up to twelve, as it always has: a larger count in words is left
    # to NER ("twenty years ago" is kept, with no value).
    numbers = {word: int(value) for word, value in table("number_words").items()}
    counts = {word: value for word, value in numbers.items() if value <= 12 and " " not in word}
    return _Tables(
        months={name: int(number) for name, number in table("months").items()},
        weekdays={name: int(number) for name, number in table("weekdays").items()},
        counts={**dict.fromkeys(word_list("indefinite_articles"), 1), **counts},
        day_offsets={name: int(days) for name, days in table("day_offsets").items()},
        relations={name: (int(step), frozenset(rules)) for name, (step, *rules) in relations.items()},
    )


@cache
def _month_pattern() -> str:
    """A month name, capitalised only so that the modal "may" and the verb "march" stay out;
    the period of an abbreviation ("Aug.") is matched but is not part of the name."""
    months = _tables().months
    full = _full_names(months)
    after_abbreviation = "|".join(
        rf"(?<=\b{re.escape(name.capitalize())})" for name in months if name not in full
    )
    return rf"(?P<month>{alternation(name.capitalize() for name in months)})(?:(?:{after_abbreviation})\.)?"


@cache
def _weekday_pattern() -> str:
    return rf"(?P<weekday>{alternation(name.capitalize() for name in _full_names(_tables().weekdays))})"


@cache
def _absolute_patterns() -> dict[str, str]:
    """Absolute dates, in the order they are tried (longest forms first)."""
    month = _month_pattern()
    return {
        "iso": rf"{_YEAR}-(?P<nmonth>[01]\d)-(?P<day>[0-3]\d)\b",
        "dmy": rf"{_DAY}\s+(?:of\s+)?{month},?\s+{_YEAR}\b",
        # \s* because scraped datelines lose their punctuation: "Aug 012016" is Aug 01, 2016.
        "mdy": rf"{month}\s+{_DAY},?\s*{_YEAR}\b",
        # Month first, unless the first number cannot be a month ("20/09/2019"; see _absolute_date).
        "us": r"(?P<nmonth>[0-3]?\d)/(?P<day>[0-3]?\d)/(?P<year>\d{4}|\d\d)\b",
        # Dots and dashes with the year last are day-first (European and Middle East outlets).
        "dotted": r"(?P<day>[0-3]?\d)[.-](?P<nmonth>[01]?\d)[.-](?P<year>\d{4})(?!\d)",
    }


@cache
def _date_start() -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]:
    """What parse_date reads: the dateline lead and the absolute dates, compiled."""
    weekdays = _tables().weekdays
    full = _full_names(weekdays)
    abbreviations = alternation(name.capitalize() for name in weekdays if name not in full)
    # Datelines abbreviate weekdays ("Wed 05 Apr 2017"); the name is dropped, the date decides.
    weekday = rf"(?:(?:{abbreviations})\.?|{alternation(name.capitalize() for name in full)}),?\s+"
    # Words that open a dateline in scraped text ("Posted on April 4 2017 by ...").
    lead = re.compile(
        r"\s*(?:(?i:posted|published|(?:last\s+)?updated|date\s+of\s+publication)(?i:\s+(?:on|at))?"
        r"[:\s]+)?(?:" + weekday + r")?"
    )
    return lead, tuple(re.compile(pattern) for pattern in _absolute_patterns().values())


def _make_date(year: str, month: int, day: str) -> dt.date | None:
    number = int(year)
    if number < 100:  # two-digit years in US numeric dates: 16 -> 2016
        number += 2000 if number < 70 else 1900
    try:
        return dt.date(number, month, int(day))
    except ValueError:
        return None


Groups = Mapping[str, str | None]


def _month_number(g: Groups) -> int:
    numeric = g.get("nmonth")
    return int(numeric) if numeric else _tables().months[str(g["month"]).lower()]


def _absolute_date(g: Groups) -> dt.date | None:
    day = _make_date(str(g["year"]), _month_number(g), str(g["day"]))
    if day is None and g.get("nmonth") and int(str(g["day"])) <= 12:
        # a numeric date whose month reading is no day has only the other one: 20/09/2019
        day = _make_date(str(g["year"]), int(str(g["day"])), str(g["nmonth"]))
    return day


def parse_date(text: str) -> dt.date | None:
    """The absolute date that ``text`` starts with, or None.

    Accepts "2017-05-04", "Wed 05 Apr 2017", "5 April 2017", "April 5, 2017" and US
    month-first "7/5/16", optionally after a dateline lead ("Published", "Posted on", "Date of
    publication"). Text after the date is ignored, so a dateline glued to the body parses.
    """
    dateline_lead, absolute_dates = _date_start()
    lead = dateline_lead.match(text)
    position = lead.end() if lead else 0
    for pattern in absolute_dates:
        m = pattern.match(text, position)
        if m:
            return _absolute_date(m.groupdict())
    return None


@dataclass(frozen=True)
class _Context:
    published: dt.date | None
    future: bool


Resolved = tuple[str | None, Precision | None]
_Handler = Callable[[Groups, _Context], Resolved]
_NONE: Resolved = (None, None)


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_month(day: dt.date, months: int) -> str:
    index = day.year * 12 + day.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _nearest_weekday(published: dt.date, weekday: int, future: bool, strict: bool) -> dt.date:
    """The weekday on or before publication (on or after when future); strict skips today."""
    if future:
        delta = (weekday - published.weekday()) % 7 or (7 if strict else 0)
        return published + dt.timedelta(days=delta)
    delta = (published.weekday() - weekday) % 7 or (7 if strict else 0)
    return published - dt.timedelta(days=delta)


def _direction(g: Groups, ctx: _Context) -> tuple[bool, bool]:
    """(future, strict) from an explicit "last"/"next" or else from the clause's tense."""
    relation = g.get("relation")
    step = _tables().relations[" ".join(relation.lower().split())][0] if relation else 0
    return (step > 0, True) if step else (ctx.future, False)


def _absolute(g: Groups, _: _Context) -> Resolved:
    day = _absolute_date(g)
    return (day.isoformat(), "day") if day else _NONE


def _day_month(g: Groups, ctx: _Context) -> Resolved:
    """ "May 3" / "3 May": the year that keeps it on the right side of publication."""
    if ctx.published is None:
        return _NONE
    month, year = _month_number(g), ctx.published.year
    day = _make_date(str(year), month, str(g["day"]))
    if day is not None and not ctx.future and day > ctx.published:
        day = _make_date(str(year - 1), month, str(g["day"]))
    elif day is not None and ctx.future and day < ctx.published:
        day = _make_date(str(year + 1), month, str(g["day"]))
    return (day.isoformat(), "day") if day else _NONE


def _month_year(g: Groups, _: _Context) -> Resolved:
    return f"{g['year']}-{_month_number(g):02d}", "month"


def _month(g: Groups, ctx: _Context) -> Resolved:
    if ctx.published is None:
        return _NONE
    month, year = _month_number(g), ctx.published.year
    if not ctx.future and month > ctx.published.month:
        year -= 1
    elif ctx.future and month < ctx.published.month:
        year += 1
    return f"{year:04d}-{month:02d}", "month"


def _year(g: Groups, _: _Context) -> Resolved:
    return str(g["year"]), "year"


def _weekday(g: Groups, ctx: _Context) -> Resolved:
    if ctx.published is None:
        return _NONE
    future, strict = _direction(g, ctx)
    weekday = _tables().weekdays[str(g["weekday"]).lower()]
    return _nearest_weekday(ctx.published, weekday, future, strict).isoformat(), "day"


def _deictic_day(g: Groups, ctx: _Context) -> Resolved:
    if ctx.published is None:
        return _NONE
    offset = _tables().day_offsets[" ".join(str(g["deictic"]).lower().split())]
    return (ctx.published + dt.timedelta(days=offset)).isoformat(), "day"


def _relative_unit(g: Groups, ctx: _Context) -> Resolved:
    """ "this week", "last month", "earlier this year", "next year"."""
    if ctx.published is None:
        return _NONE
    step = _tables().relations[str(g["relation"]).lower()][0]
    unit = str(g["unit"]).lower()
    if unit == "week":
        return _iso_week(ctx.published + dt.timedelta(weeks=step)), "week"
    if unit == "month":
        return _shift_month(ctx.published, step), "month"
    return str(ctx.published.year + step), "year"


def _weekend(g: Groups, ctx: _Context) -> Resolved:
    """A weekend is dated by its ISO week: the last one in past clauses, the next otherwise."""
    if ctx.published is None:
        return _NONE
    future, _ = _direction(g, ctx)
    return _iso_week(_nearest_weekday(ctx.published, 5, future, strict=False)), "week"


def _ago(g: Groups, ctx: _Context) -> Resolved:
    if ctx.published is None:
        return _NONE
    count_text = str(g["count"]).lower()
    count = int(count_text) if count_text.isdigit() else _tables().counts[count_text]
    unit = str(g["unit"]).lower()
    if unit == "day":
        return (ctx.published - dt.timedelta(days=count)).isoformat(), "day"
    if unit == "week":
        return _iso_week(ctx.published - dt.timedelta(weeks=count)), "week"
    if unit == "month":
        return _shift_month(ctx.published, -count), "month"
    return str(ctx.published.year - count), "year"


@dataclass(frozen=True)
class _Grammar:
    """The rules compiled, built once from the lexicons on first use."""

    finder: re.Pattern[str]  # every rule in one alternation
    rule_patterns: tuple[tuple[re.Pattern[str], _Handler], ...]
    handlers: dict[str, _Handler]
    # NER DATE spans that no rule matches: ages are dropped; one year among words ("the end of
    # 2015", "the summer of 2015") is that year; the rest are durations or vague and get None.
    age: re.Pattern[str]
    # A number before a time zone is a clock time ("1849 UTC+3", "0700 GMT"), not a year.
    clock: re.Pattern[str]


def _unique_groups(name: str, pattern: str) -> str:
    """Prefix the named groups of one rule so that the rules can share one alternation."""
    return re.sub(r"\(\?P<(\w+)>", rf"(?P<{name}__\1>", pattern)


@cache
def _grammar() -> _Grammar:
    month, weekday, relations = _month_pattern(), _weekday_pattern(), _tables().relations
    relation = {
        rule: alternation(name for name, (_, rules) in relations.items() if rule in rules)
        for rule in ("weekday", "weekend", "unit")
    }
    part_of_day = rf"(?:\s+(?i:{alternation(word_list('parts_of_day'))}))?"
    modifier = rf"(?:(?i:{alternation(word_list('timex_modifiers'))})\s+(?:(?i:on|in)\s+)?)?"
    count = rf"(?P<count>\d{{1,3}}|(?i:{alternation(_tables().counts)}))"
    # "Tuesdays attack": a possessive whose apostrophe scraping dropped, before a noun (not
    # "on Tuesdays and Fridays", a habit)
    possessive = rf"(?:s(?=\s+(?!(?:{alternation(word_list('coordinating_conjunctions'))})\b)[a-z]))?"
    anchors, edges = word_list("timex_anchors"), word_list("timex_edges")
    # A bare month or year counts only after one of these; the preposition stays out of the span.
    anchor = rf"(?=(?i:{alternation([*anchors, *edges])})[\s-])(?:(?i:{alternation(anchors)})\s+)?"
    edge = rf"(?:(?i:{alternation(edges)})[\s-]+)?"
    # (name, pattern, handler), most specific first: the combined regex takes the first alternative
    # that matches at a position, so "May 3, 2017" beats "May 3" and "last night" beats "night".
    # A group named "expr" marks the span when it is narrower than the match.
    rules: tuple[tuple[str, str, _Handler], ...] = (
        *(
            (name, rf"(?:{weekday},?\s+)?{pattern}", _absolute)
            for name, pattern in _absolute_patterns().items()
        ),
        ("month_year", rf"{month},?\s+{_YEAR}\b", _month_year),
        ("day_month", rf"{_DAY}\s+(?:of\s+)?{month}(?!\w)", _day_month),
        ("month_day", rf"{month}\s+{_DAY}\b(?!,?\s*\d)", _day_month),
        (
            "weekday",
            rf"{modifier}(?:(?P<relation>(?i:{relation['weekday']}))\s+)?{weekday}{possessive}{part_of_day}\b",
            _weekday,
        ),
        (
            "deictic",
            rf"(?P<deictic>(?i:{alternation(_tables().day_offsets)})){part_of_day}\b",
            _deictic_day,
        ),
        ("weekend", rf"(?:the|(?P<relation>(?i:{relation['weekend']})))\s+weekend\b", _weekend),
        (
            "relative",
            rf"{modifier}(?P<relation>(?i:{relation['unit']}))\s+(?P<unit>(?i:week|month|year))\b",
            _relative_unit,
        ),
        ("ago", rf"{count}\s+(?P<unit>(?i:day|week|month|year))s?\s+(?i:ago)\b", _ago),
        ("month", rf"{anchor}(?P<expr>{edge}{month})(?!\s*\d)", _month),
        ("year", rf"{anchor}(?P<expr>{edge}{_YEAR})\b(?![-/]\d)", _year),
    )
    return _Grammar(
        finder=re.compile(
            r"\b(?:"
            + "|".join(f"(?P<{name}>{_unique_groups(name, pattern)})" for name, pattern, _ in rules)
            + ")"
        ),
        rule_patterns=tuple((re.compile(pattern), handler) for _, pattern, handler in rules),
        handlers={name: handler for name, _, handler in rules},
        age=re.compile(r"(?i)\b(?:years?[- ]old|aged?|age of)\b"),
        clock=re.compile(r"\s*(?:UTC|GMT|hrs\b|local time)"),
    )


def _is_future(span: Span) -> bool:
    """Whether the clause that carries the span speaks of the future ("will meet on Friday")."""
    token = span.root
    for _ in range(4):  # the governing verb is a few arcs up: "Friday" <- "on" <- "meet"
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    if token.dep_ == "xcomp" and token.head.lower_ in words("future_heads"):
        return True
    verbs = (token, token.head) if token.dep_ == "xcomp" else (token,)
    return any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in words("future_auxiliaries")
        for verb in verbs
        for c in verb.children
    )


def _context(doc: Doc, start: int, end: int, published: dt.date | None) -> _Context:
    span = doc.char_span(start, end, alignment_mode="expand")
    return _Context(published, future=span is not None and _is_future(span))


def _trim_entity(ent: Span) -> tuple[int, int]:
    """Drop leading prepositions and "the" and a trailing possessive: not part of the value."""
    tokens = list(ent)
    leading = words("timex_leading_words")
    while tokens and tokens[0].lower_ in leading:
        tokens.pop(0)
    while tokens and tokens[-1].tag_ == "POS":
        tokens.pop()
    if not tokens:
        return ent.start_char, ent.start_char
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _entity_expression(doc: Doc, source: str, ent: Span, published: dt.date | None) -> TimeExpression | None:
    start, end = _trim_entity(ent)
    text = source[start:end]
    grammar = _grammar()
    if not text or grammar.age.search(text) or grammar.clock.match(source, end):
        return None
    ctx = _context(doc, start, end, published)
    for pattern, handler in grammar.rule_patterns:
        m = pattern.fullmatch(source, start, end)
        if m:
            value, precision = handler(m.groupdict(), ctx)
            return TimeExpression(start, end, text, value, precision)
    numbers = re.findall(r"\d+", text)
    if len(numbers) == 1 and re.fullmatch(_YEAR, numbers[0]) and "year" not in text.lower():
        return TimeExpression(start, end, text, numbers[0], "year")
    return TimeExpression(start, end, text, None, None)


def _rule_groups(m: re.Match[str], name: str) -> dict[str, str | None]:
    prefix = name + "__"
    return {k[len(prefix) :]: v for k, v in m.groupdict().items() if k.startswith(prefix)}


@cache
def _dates_anywhere() -> re.Pattern[str]:
    """The absolute dates in one alternation, months in any case: datelines write "20 SEP 2019"."""
    patterns = _absolute_patterns().items()
    return re.compile(
        r"\b(?:" + "|".join(f"(?P<{name}>{_unique_groups(name, p)})" for name, p in patterns) + ")",
        re.IGNORECASE,
    )


def absolute_dates(text: str) -> Iterator[tuple[int, int, dt.date]]:
    """(start, end, date) of every absolute date in ``text``, in text order: a dateline after a
    headline or an agency's name ("... AFP Sunday 1 Feb 2015 ..."), or one glued to the next
    word ("20.07.2016Get")."""
    for m in _dates_anywhere().finditer(text):
        day = _absolute_date(_rule_groups(m, str(m.lastgroup)))
        if day is not None:
            yield m.start(), m.end(), day


def find_times(doc: Doc, published: dt.date | None) -> list[TimeExpression]:
    """Every time expression in the Doc, resolved against ``published`` (or, inside an
    embedded post, against the post's date), in text order."""
    source = doc_text(doc)
    posts = [(first, last, parse_date(source[last:])) for first, last in embedded_posts(doc)]

    def reference(start: int) -> dt.date | None:
        return next((day for first, last, day in posts if first <= start < last and day), published)

    found: list[TimeExpression] = []
    grammar = _grammar()
    for m in grammar.finder.finditer(source):
        name = m.lastgroup
        assert name is not None  # the outer group of the rule that matched closes last
        start, end = m.span(f"{name}__expr") if f"{name}__expr" in m.groupdict() else m.span()
        ctx = _context(doc, start, end, reference(start))
        value, precision = grammar.handlers[name](_rule_groups(m, name), ctx)
        found.append(TimeExpression(start, end, source[start:end], value, precision))
    covered = [(t.start, t.end) for t in found]
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in covered):
            continue
        expression = _entity_expression(doc, source, ent, reference(ent.start_char))
        if expression is not None:
            found.append(expression)
    found.sort(key=lambda t: t.start)
    return found


@component(
    "times",
    requires=("doc", "published"),
    assigns=("times",),
    lexicons=(
        "coordinating_conjunctions",
        "day_offsets",
        "future_auxiliaries",
        "future_heads",
        "indefinite_articles",
        "months",
        "number_words",
        "parts_of_day",
        "time_relations",
        "timex_anchors",
        "timex_edges",
        "timex_leading_words",
        "timex_modifiers",
        "weekdays",
    ),
)
def times_component(analysis: Analysis) -> None:
    """Every time expression, resolved to a day, week, month or year against the publication day."""
    analysis.times = find_times(analysis.doc, analysis.published)
