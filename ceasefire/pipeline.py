"""The one place that knows the order of the stages, and the only one that runs them.

Before parsing: read (``ceasefire.read``) and clean (``ceasefire.clean``). Then one spaCy Doc
per article, parsed in batches, and the registered components (``ceasefire.registry``) over
one ``Analysis`` each, in the order of ``COMPONENTS``. ``docs/architecture.md`` lists them with
what each requires and assigns (``scripts/write_architecture.py`` writes it from the registry).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

# Importing the component packages registers their components.
import ceasefire.acled
import ceasefire.actors
import ceasefire.countries
import ceasefire.events
import ceasefire.geo
import ceasefire.quotes
import ceasefire.timex  # noqa: F401
from ceasefire.clean import clean
from ceasefire.model import Article, CleanText, Failure, RawArticle
from ceasefire.nlp import parse
from ceasefire.read import MAX_CLEAN_SECONDS, InputError, TimeLimit, time_limit
from ceasefire.registry import FIELDS, GIVEN, Analysis, ComponentError, ComponentSpec, get_component
from ceasefire.resources import table, word_list
from ceasefire.text import release
from ceasefire.timex import parse_date

#: The components after parsing, in order.
COMPONENTS: tuple[str, ...] = ("places", "actors", "times", "quotes", "events", "acled", "countries")

#: Articles parsed together; spaCy's throughput flattens out around this size.
BATCH_SIZE = 32
#: Characters parsed together: spaCy's memory grows with a batch's total length (four
#: articles of 100,000 characters: 1.5 GB), so a batch of long articles is parsed in runs of
#: at most this many (an article longer alone). 32 news articles of usual length fit in one.
BATCH_CHARS = 200_000

Item = TypeVar("Item")


def batches(items: Iterable[Item], size: int = BATCH_SIZE) -> Iterator[list[Item]]:
    """Consecutive lists of `size` items (the last may be shorter)."""
    stream = iter(items)
    while batch := list(islice(stream, size)):
        yield batch


def article_id(raw: RawArticle, text: str) -> str:
    """The input's own id, else a stable hash of the url and the cleaned text."""
    if raw.id:
        return raw.id
    digest = hashlib.sha256(f"{raw.url or ''}\n{text}".encode())
    return digest.hexdigest()[:16]


def unanalysed_article(raw: RawArticle, cleaned: CleanText) -> Article:
    """The record of a cleaned article before (or without) analysis: a near-duplicate's record."""
    published = parse_date(cleaned.published) if cleaned.published else None
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


def prepare(raw: RawArticle, published: str | None = None) -> CleanText | Failure:
    """The stages before parsing: cleaning (and its checks). `published` overrides the input's date."""
    if published:
        raw.published = published
    try:
        with time_limit(MAX_CLEAN_SECONDS):
            return clean(raw)
    except InputError as err:
        return Failure(raw.origin, str(err))
    except TimeLimit:
        return Failure(raw.origin, f"cleaning took over {MAX_CLEAN_SECONDS} s (the limit per article)")


def _load_lexicon(name: str) -> None:
    try:
        word_list(name)
    except LookupError:
        table(name)


class Pipeline:
    """The components named, in order, checked when built: each one's requirements are assigned
    before it runs, and every lexicon it declares is there. Raises ComponentError naming what
    is missing."""

    def __init__(self, names: Sequence[str] = COMPONENTS) -> None:
        self.components: list[ComponentSpec] = [get_component(name) for name in names]
        assigned = set(GIVEN)
        for spec in self.components:
            missing = [need for need in spec.requires if need not in assigned]
            if missing:
                raise ComponentError(
                    f"component {spec.name!r} requires {', '.join(map(repr, missing))}, "
                    "which no component before it assigns"
                )
            for name in spec.lexicons:
                _load_lexicon(name)
            assigned.update(spec.assigns)

    @property
    def names(self) -> list[str]:
        return [spec.name for spec in self.components]

    def run(self, analysis: Analysis) -> Analysis:
        """Every component over one analysis; a component that writes a field it does not
        declare is an error naming both."""
        for spec in self.components:
            before = _fingerprint(analysis)
            spec.function(analysis)
            after = _fingerprint(analysis)
            wrote = [name for name in FIELDS if before[name] != after[name] and name not in spec.assigns]
            if wrote:
                raise ComponentError(
                    f"component {spec.name!r} wrote {', '.join(wrote)}, which it does not assign"
                )
        return analysis

    def build_article(self, raw: RawArticle, cleaned: CleanText, analysis: Analysis) -> Article:
        """Run the components over one parsed article and assemble its record."""
        article = unanalysed_article(raw, cleaned)
        self.run(analysis)
        article.actors, article.places, article.times = analysis.actors, analysis.places, analysis.times
        article.quotes, article.events = analysis.quotes, analysis.events
        article.countries = analysis.countries
        release(analysis.doc)
        return article

    def analyse(
        self, prepared: list[tuple[RawArticle, CleanText]], batch_size: int = BATCH_SIZE
    ) -> list[Article]:
        """Parse cleaned articles in one batch (in runs within BATCH_CHARS) and run every
        component over each."""
        texts = [cleaned.text for _, cleaned in prepared]
        docs = (doc for run in _runs(texts, BATCH_CHARS) for doc in parse(run, batch_size=batch_size))
        articles = []
        for (raw, cleaned), doc in zip(prepared, docs, strict=True):
            published = parse_date(cleaned.published) if cleaned.published else None
            articles.append(self.build_article(raw, cleaned, Analysis(doc, published)))
        return articles

    def extract(
        self,
        inputs: Iterable[RawArticle | Failure],
        published: str | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> Iterator[Article | Failure]:
        """Articles (or Failures) in input order. `published` overrides every input's date."""
        for chunk in batches(inputs, batch_size):
            results: list[Article | Failure | None] = [None] * len(chunk)
            todo: list[tuple[int, RawArticle, CleanText]] = []
            for index, item in enumerate(chunk):
                cleaned = item if isinstance(item, Failure) else prepare(item, published)
                if isinstance(cleaned, Failure):
                    results[index] = cleaned
                elif isinstance(item, RawArticle):
                    todo.append((index, item, cleaned))
            articles = self.analyse([(raw, cleaned) for _, raw, cleaned in todo], batch_size)
            for (index, _, _), article in zip(todo, articles, strict=True):
                results[index] = article
            yield from (result for result in results if result is not None)


def _runs(texts: list[str], budget: int) -> Iterator[list[str]]:
    """Consecutive runs of texts of at most `budget` characters together (a longer text alone)."""
    run: list[str] = []
    size = 0
    for text in texts:
        if run and size + len(text) > budget:
            yield run
            run, size = [], 0
        run.append(text)
        size += len(text)
    if run:
        yield run


def _fingerprint(analysis: Analysis) -> dict[str, tuple[int, int]]:
    # A field's object and, for lists, its length: enough to see a component assign or extend
    # a field, at no cost per record.
    shape = {}
    for name in FIELDS:
        value = getattr(analysis, name)
        shape[name] = (id(value), len(value) if isinstance(value, list) else 0)
    return shape


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The pipeline of COMPONENTS, built and checked once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT


def analyse(prepared: list[tuple[RawArticle, CleanText]], batch_size: int = BATCH_SIZE) -> list[Article]:
    """Parse cleaned articles in one batch and run the default components over each."""
    return default_pipeline().analyse(prepared, batch_size)


def extract(
    inputs: Iterable[RawArticle | Failure],
    published: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Article | Failure]:
    """Articles (or Failures) in input order, through the default components."""
    return default_pipeline().extract(inputs, published, batch_size)
