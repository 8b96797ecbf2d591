"""A readable summary of an Article for a terminal (the `--format table` view)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ceasefire.model import Article

#: Sentences longer than this are shortened in the table.
SNIPPET_CHARS = 110
#: The narrowest a wrapped text column gets before optional columns are left out for it.
TEXT_WIDTH = 24


def snippet(text: str) -> str:
    """One line of at most SNIPPET_CHARS characters."""
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def fit_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    wrapped: Collection[str],
    drops: Sequence[str],
) -> Table:
    """A table that fits `width` (80 columns in a pipe or a file): every column but the
    `wrapped` ones on one line and never cut (dates, types, places, tolls), the wrapped ones
    cut to a snippet and wrapped, at least TEXT_WIDTH wide; when that does not fit, the
    `drops` columns are left out, in their order, until the rest fit."""
    widest = {h: max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headers)}
    needed = {h: min(TEXT_WIDTH, n) if h in wrapped else n for h, n in widest.items()}
    kept = list(headers)
    for header in drops:
        # each column costs its padding and a rule beside its text
        if sum(needed[h] + 3 for h in kept) + 1 <= width:
            break
        if header in kept:
            kept.remove(header)
    table = Table(*kept)
    for column in table.columns:
        if column.header not in wrapped:
            column.no_wrap, column.min_width = True, widest[str(column.header)]
    index = [headers.index(h) for h in kept]
    for row in rows:
        table.add_row(*(Text(snippet(row[i]) if headers[i] in wrapped else row[i]) for i in index))
    return table


def render_article(console: Console, article: Article) -> None:
    """Print one article: header, actors, places, quotes and events."""
    names = {actor.id: actor.name for actor in article.actors}
    places = {place.id: place.name for place in article.places}
    header = Text(article.title or "(untitled)", style="bold")
    header.append(f"\n{article.origin or ''}  published {article.published or 'unknown'}", style="dim")
    header.append(f"  · removed {len(article.removed)} pieces of junk", style="dim")
    console.print(header)

    actors = Table("actor", "kind", "country", "sector", "mentions", title="Actors")
    for actor in article.actors:
        actors.add_row(
            actor.name, actor.kind, actor.country or "–", actor.sector or "–", str(len(actor.mentions))
        )
    console.print(actors)

    place_table = Table("place", "feature", "country", "admin1", "lat, lon", title="Places")
    for place in article.places:
        located = place.lat is not None and place.lon is not None
        where = f"{place.lat:.3f}, {place.lon:.3f}" if located else "–"
        place_table.add_row(place.name, place.feature, place.country or "–", place.admin1 or "–", where)
    console.print(place_table)

    quotes = Table("speaker", "kind", "quote", title="Quotes")
    for quote in article.quotes:
        quotes.add_row(names.get(quote.speaker or "", "?"), quote.kind, snippet(quote.text))
    console.print(quotes)

    rows = []
    for event in article.events:
        who = ", ".join(names[a] for a in event.actor if a in names) or "?"
        whom = ", ".join(names[a] for a in event.recipient if a in names)
        type_label = event.type if event.status == "asserted" else f"{event.type} ({event.status})"
        rows.append(
            [
                event.date or "–",
                type_label,
                places.get(event.place or "", "–"),
                "–" if event.fatalities is None else str(event.fatalities),
                event.mode or "–",
                f"{who} → {whom}" if whom else who,
                " ".join(article.text[event.start : event.end].split()),
            ]
        )
    headers = ("date", "type", "place", "killed", "mode", "actor → recipient", "sentence")
    events = fit_table(
        headers, rows, console.width, wrapped={"sentence"}, drops=("mode", "actor → recipient")
    )
    events.title = "Events"
    console.print(events)
    console.print()
