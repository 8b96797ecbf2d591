"""The one place that knows the order of the stages.

read → clean → one spaCy Doc per article (batched) → actors → places → times → quotes →
events → Article. Everything after parsing reads the same Doc; nothing parses twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc

from ceasefire.actors import find_actors
from ceasefire.clean import clean
from ceasefire.events import find_events
from ceasefire.geo import find_places
from ceasefire.model import Actor, Article, CleanText, Failure, Place, RawArticle
from ceasefire.nlp import parse
from ceasefire.quotes import find_quotes
from ceasefire.read import InputError
from ceasefire.text import release
from ceasefire.timex import find_times, parse_date

#: Articles parsed together; spaCy's throughput flattens out around this size.
BATCH_SIZE = 32


def article_id(raw: RawArticle, text: str) -> str:
    """The input's own id, else a stable hash of the url and the cleaned text."""
    if raw.id:
        return raw.id
    digest = hashlib.sha256(f"{raw.url or ''}\n{text}".encode())
    return digest.hexdigest()[:16]


def countries_named(actors: list[Actor], places: list[Place]) -> list[str]:
    """ISO codes of every country the article names, in order of first mention."""
    firsts: dict[str, int] = {}
    named = [(a.country, a.mentions) for a in actors] + [(p.country, p.mentions) for p in places]
    for country, mentions in named:
        # Non-state codes (UNO, IGO, NGO, ...) are not countries.
        if country and mentions and country not in {"UNO", "IGO", "NGO", "EUR", "ISM", "IMG", "MNC"}:
            start = min(m.start for m in mentions)
            firsts[country] = min(start, firsts.get(country, start))
    return sorted(firsts, key=lambda code: firsts[code])


def _publication_day(value: str | None) -> dt.date | None:
    return parse_date(value) if value else None


def unanalysed_article(raw: RawArticle, cleaned: CleanText) -> Article:
    """The record of a cleaned article before (or without) analysis: a near-duplicate's record."""
    published = _publication_day(cleaned.published)
    return Article(
        id=article_id(raw, cleaned.text),
        url=raw.url,
        source=raw.source,
        title=cleaned.title,
        published=published.isoformat() if published else cleaned.published,
        language=cleaned.language,
        text=cleaned.text,
        removed=cleaned.removed,
        segments=cleaned.segments,
        origin=raw.origin,
    )


def build_article(raw: RawArticle, cleaned: CleanText, doc: Doc) -> Article:
    """Run the stages after parsing over one Doc and assemble the record."""
    article = unanalysed_article(raw, cleaned)
    places = find_places(doc)
    actors = find_actors(doc, places)
    published = _publication_day(article.published)
    times = find_times(doc, published)
    quotes = find_quotes(doc, actors)
    events, coded = find_events(doc, actors, places, times, quotes, published)
    actors = actors + coded
    article.actors, article.places, article.times = actors, places, times
    article.quotes, article.events = quotes, events
    article.countries = countries_named(actors, places)
    release(doc)
    return article


def prepare(raw: RawArticle, published: str | None = None) -> CleanText | Failure:
    """The stages before parsing: cleaning (and its checks). `published` overrides the input's date."""
    if published:
        raw.published = published
    try:
        return clean(raw)
    except InputError as err:
        return Failure(raw.origin, str(err))


def analyse(prepared: list[tuple[RawArticle, CleanText]], batch_size: int = BATCH_SIZE) -> list[Article]:
    """Parse cleaned articles in one batch and run every stage after parsing."""
    docs = parse((cleaned.text for _, cleaned in prepared), batch_size=batch_size)
    return [build_article(raw, cleaned, doc) for (raw, cleaned), doc in zip(prepared, docs, strict=True)]


def extract(
    inputs: Iterable[RawArticle | Failure],
    published: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Article | Failure]:
    """Articles (or Failures) in input order. `published` overrides every input's date."""
    stream = iter(inputs)
    while chunk := list(islice(stream, batch_size)):
        results: list[Article | Failure | None] = [None] * len(chunk)
        todo: list[tuple[int, RawArticle, CleanText]] = []
        for index, item in enumerate(chunk):
            cleaned = item if isinstance(item, Failure) else prepare(item, published)
            if isinstance(cleaned, Failure):
                results[index] = cleaned
            elif isinstance(item, RawArticle):
                todo.append((index, item, cleaned))
        articles = analyse([(raw, cleaned) for _, raw, cleaned in todo], batch_size)
        for (index, _, _), article in zip(todo, articles, strict=True):
            results[index] = article
        yield from (result for result in results if result is not None)
