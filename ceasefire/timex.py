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
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ceasefire.model import Precision, TimeExpression
from ceasefire.registry import Analysis, component
from ceasefire.resources import words
from ceasefire.text import doc_text

_MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

# Names are matched capitalised only, so the modal "may" and the verb "march" stay out.
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
    r"(?:(?<=\b[A-Z][a-z]{2})(?<!May)\.|(?<=Sept)\.)?"  # the period of an abbreviation only
)
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Datelines abbreviate weekdays ("Wed 05 Apr 2017"); the name is dropped, the date decides.
_DATELINE_WEEKDAY = (
    r"(?:(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?|Monday|Tuesday|Wednesday|Thursday"
    r"|Friday|Saturday|Sunday),?\s+"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_PART_OF_DAY = r"(?:\s+(?i:morning|afternoon|evening|night))?"

# Absolute dates, in the order they are tried (longest forms first).
_ABSOLUTE: dict[str, str] = {
    "iso": rf"{_YEAR}-(?P<nmonth>[01]\d)-(?P<day>[0-3]\d)\b",
    "dmy": rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b",
    # \s* because scraped datelines lose their punctuation: "Aug 012016" is Aug 01, 2016.
    "mdy": rf"{_MONTH}\s+{_DAY},?\s*{_YEAR}\b",
    "us": r"(?P<nmonth>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>\d{4}|\d\d)\b",
    # Dots and dashes with the year last are day-first (European and Middle East outlets).
    "dotted": r"(?P<day>[0-3]?\d)[.-](?P<nmonth>[01]?\d)[.-](?P<year>\d{4})(?!\d)",
}

# Words that open a dateline in scraped text ("Posted on April 4 2017 by ...").
_DATELINE_LEAD = re.compile(
    r"\s*(?:(?i:posted|published|(?:last\s+)?updated|date\s+of\s+publication)(?i:\s+(?:on|at))?"
    r"[:\s]+)?(?:" + _DATELINE_WEEKDAY + r")?"
)
_ABSOLUTE_AT_START = tuple(re.compile(pattern) for pattern in _ABSOLUTE.values())


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
    return int(numeric) if numeric else _MONTHS[str(g["month"]).lower()]


def _absolute_date(g: Groups) -> dt.date | None:
    return _make_date(str(g["year"]), _month_number(g), str(g["day"]))


def parse_date(text: str) -> dt.date | None:
    """The absolute date that ``text`` starts with, or None.

    Accepts "2017-05-04", "Wed 05 Apr 2017", "5 April 2017", "April 5, 2017" and US
    month-first "7/5/16", optionally after a dateline lead ("Published", "Posted on", "Date of
    publication"). Text after the date is ignored, so a dateline glued to the body parses.
    """
    lead = _DATELINE_LEAD.match(text)
    position = lead.end() if lead else 0
    for pattern in _ABSOLUTE_AT_START:
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
    words = (g.get("relation") or "").lower().split()
    if words and words[-1] in ("last", "past", "previous"):
        return False, True
    if words and words[-1] in ("next", "coming"):
        return True, True
    return ctx.future, False


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
    weekday = _WEEKDAYS.index(str(g["weekday"]).lower())
    return _nearest_weekday(ctx.published, weekday, future, strict).isoformat(), "day"


_DAY_OFFSETS = {
    "yesterday": -1,
    "today": 0,
    "tonight": 0,
    "tomorrow": 1,
    "last night": -1,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
}


def _deictic_day(g: Groups, ctx: _Context) -> Resolved:
    if ctx.published is None:
        return _NONE
    offset = _DAY_OFFSETS[" ".join(str(g["deictic"]).lower().split())]
    return (ctx.published + dt.timedelta(days=offset)).isoformat(), "day"


_RELATION_STEP = {"this": 0, "last": -1, "previous": -1, "next": 1}


def _relative_unit(g: Groups, ctx: _Context) -> Resolved:
    """ "this week", "last month", "earlier this year", "next year"."""
    if ctx.published is None:
        return _NONE
    step = _RELATION_STEP[str(g["relation"]).lower()]
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
    count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS[count_text]
    unit = str(g["unit"]).lower()
    if unit == "day":
        return (ctx.published - dt.timedelta(days=count)).isoformat(), "day"
    if unit == "week":
        return _iso_week(ctx.published - dt.timedelta(weeks=count)), "week"
    if unit == "month":
        return _shift_month(ctx.published, -count), "month"
    return str(ctx.published.year - count), "year"


_MODIFIER = r"(?:(?i:later|earlier|early|late)\s+(?:(?i:on|in)\s+)?)?"
_COUNT = r"(?P<count>\d{1,3}|(?i:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))"
# A bare month or year counts only after one of these; the preposition stays out of the span.
_ANCHOR = r"(?=(?i:in|by|since|until|during|early|late|mid)[\s-])(?:(?i:in|by|since|until|during)\s+)?"
_EDGE = r"(?:(?i:early|late|mid)[\s-]+)?"

# (name, pattern, handler), most specific first: the combined regex takes the first alternative
# that matches at a position, so "May 3, 2017" beats "May 3" and "last night" beats "night".
# A group named "expr" marks the span when it is narrower than the match.
_RULES: tuple[tuple[str, str, _Handler], ...] = (
    *((name, rf"(?:{_WEEKDAY},?\s+)?{pattern}", _absolute) for name, pattern in _ABSOLUTE.items()),
    ("month_year", rf"{_MONTH},?\s+{_YEAR}\b", _month_year),
    ("day_month", rf"{_DAY}\s+(?:of\s+)?{_MONTH}(?!\w)", _day_month),
    ("month_day", rf"{_MONTH}\s+{_DAY}\b(?!,?\s*\d)", _day_month),
    (
        "weekday",
        rf"{_MODIFIER}(?:(?P<relation>(?i:last|next|this\s+past|this\s+coming|this))\s+)?"
        rf"{_WEEKDAY}{_PART_OF_DAY}\b",
        _weekday,
    ),
    (
        "deictic",
        r"(?P<deictic>(?i:yesterday|today|tonight|tomorrow|last\s+night|this\s+morning"
        r"|this\s+afternoon|this\s+evening))" + _PART_OF_DAY + r"\b",
        _deictic_day,
    ),
    ("weekend", r"(?:the|(?P<relation>(?i:this|last|next|past|coming)))\s+weekend\b", _weekend),
    (
        "relative",
        rf"{_MODIFIER}(?P<relation>(?i:this|last|next|previous))\s+(?P<unit>(?i:week|month|year))\b",
        _relative_unit,
    ),
    ("ago", rf"{_COUNT}\s+(?P<unit>(?i:day|week|month|year))s?\s+(?i:ago)\b", _ago),
    ("month", rf"{_ANCHOR}(?P<expr>{_EDGE}{_MONTH})(?!\s*\d)", _month),
    ("year", rf"{_ANCHOR}(?P<expr>{_EDGE}{_YEAR})\b(?![-/]\d)", _year),
)


def _unique_groups(name: str, pattern: str) -> str:
    """Prefix the named groups of one rule so that the rules can share one alternation."""
    return re.sub(r"\(\?P<(\w+)>", rf"(?P<{name}__\1>", pattern)


_FINDER = re.compile(
    r"\b(?:" + "|".join(f"(?P<{name}>{_unique_groups(name, pattern)})" for name, pattern, _ in _RULES) + ")"
)
_RULE_PATTERNS = tuple((re.compile(pattern), handler) for _, pattern, handler in _RULES)
_HANDLERS = {name: handler for name, _, handler in _RULES}

# NER DATE spans that no rule matches: ages are dropped; one year among words ("the end of
# 2015", "the summer of 2015") is that year; the rest are durations or vague and get None.
_AGE = re.compile(r"(?i)\b(?:years?[- ]old|aged?|age of)\b")
# A number before a time zone is a clock time ("1849 UTC+3", "0700 GMT"), not a year.
_CLOCK = re.compile(r"\s*(?:UTC|GMT|hrs\b|local time)")
_DIGITS = re.compile(r"\d+")


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
    if not text or _AGE.search(text) or _CLOCK.match(source, end):
        return None
    ctx = _context(doc, start, end, published)
    for pattern, handler in _RULE_PATTERNS:
        m = pattern.fullmatch(source, start, end)
        if m:
            value, precision = handler(m.groupdict(), ctx)
            return TimeExpression(start, end, text, value, precision)
    numbers = _DIGITS.findall(text)
    if len(numbers) == 1 and re.fullmatch(_YEAR, numbers[0]) and "year" not in text.lower():
        return TimeExpression(start, end, text, numbers[0], "year")
    return TimeExpression(start, end, text, None, None)


def _rule_groups(m: re.Match[str], name: str) -> dict[str, str | None]:
    prefix = name + "__"
    return {k[len(prefix) :]: v for k, v in m.groupdict().items() if k.startswith(prefix)}


def find_times(doc: Doc, published: dt.date | None) -> list[TimeExpression]:
    """Every time expression in the Doc, resolved against ``published``, in text order."""
    source = doc_text(doc)
    found: list[TimeExpression] = []
    for m in _FINDER.finditer(source):
        name = m.lastgroup
        assert name is not None  # the outer group of the rule that matched closes last
        start, end = m.span(f"{name}__expr") if f"{name}__expr" in m.groupdict() else m.span()
        ctx = _context(doc, start, end, published)
        value, precision = _HANDLERS[name](_rule_groups(m, name), ctx)
        found.append(TimeExpression(start, end, source[start:end], value, precision))
    covered = [(t.start, t.end) for t in found]
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in covered):
            continue
        expression = _entity_expression(doc, source, ent, published)
        if expression is not None:
            found.append(expression)
    found.sort(key=lambda t: t.start)
    return found


@component(
    "times",
    requires=("doc", "published"),
    assigns=("times",),
    lexicons=("future_auxiliaries", "future_heads", "timex_leading_words"),
)
def times_component(analysis: Analysis) -> None:
    """Every time expression, resolved to a day, week, month or year against the publication day."""
    analysis.times = find_times(analysis.doc, analysis.published)
