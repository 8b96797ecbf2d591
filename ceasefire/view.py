"""A readable summary of an Article for a terminal (the `--format table` view)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ceasefire.model import Article

#: Sentences longer than this are shortened in the table.
SNIPPET_CHARS = 110


def snippet(text: str) -> str:
    """One line of at most SNIPPET_CHARS characters."""
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


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

    events = Table(
        "type",
        "mode",
        "actor → recipient",
        "place",
        "date",
        "killed",
        "sentence",
        title="Events",
    )
    for event in article.events:
        who = ", ".join(names[a] for a in event.actor if a in names) or "?"
        whom = ", ".join(names[a] for a in event.recipient if a in names)
        type_label = event.type if event.status == "asserted" else f"{event.type} ({event.status})"
        events.add_row(
            type_label,
            event.mode or "–",
            f"{who} → {whom}" if whom else who,
            places.get(event.place or "", "–"),
            event.date or "–",
            "–" if event.fatalities is None else str(event.fatalities),
            snippet(article.text[event.start : event.end]),
        )
    console.print(events)
    console.print()
