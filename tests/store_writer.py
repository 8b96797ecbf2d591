"""An ingest-like writer for the crash test: `python -m tests.store_writer DB`.

It saves a fixed stream of synthetic articles in small batches (with repeats, a URL that
comes back with new text, and failures) and prints a line after every commit, so that the
test can kill it with SIGKILL at different moments and run it again.
"""

from __future__ import annotations

import re
import sys

from ceasefire.model import Actor, Article, Event, Mention, Place, Quote
from ceasefire.store import open_store

N_ARTICLES = 400
BATCH = 4


def _mention(text: str, phrase: str) -> Mention:
    start = text.index(phrase)
    return Mention(start, start + len(phrase), phrase)


def _every(text: str, phrase: str) -> list[Mention]:
    starts = [m.start() for m in re.finditer(re.escape(phrase), text)]
    return [Mention(start, start + len(phrase), phrase) for start in starts]


def synthetic(i: int, version: int = 1) -> Article:
    """Article i (its URL stays, its text changes with the version)."""
    town = f"Town{i}"
    text = (
        f"Rebels attacked {town} on Monday, killing {i} people in report {version}. "
        f'"We will rebuild {town}," the governor said. ' * 20
    )
    return Article(
        id=f"art{i}v{version}",
        url=f"https://example.org/{i}" if i % 3 else None,  # some are keyed by content
        source="synthetic",
        title=f"Attack on {town}",
        published=f"2017-05-{1 + i % 28:02d}",
        language="en",
        text=text,
        actors=[
            Actor("a1", "Rebels", "group", "SYR", "REB", [_mention(text, "Rebels")]),
            Actor("a2", "the governor", "person", "SYR", "GOV", _every(text, "the governor")),
        ],
        places=[
            Place("p1", town, None, 35.0 + i / 100, 36.0, "SYR", None, "city", [_mention(text, town)]),
        ],
        quotes=[
            Quote(
                "q1",
                f"We will rebuild {town}",
                "direct",
                "said",
                text.index("We"),
                text.index("We") + len(f"We will rebuild {town}"),
                "a2",
            )
        ],
        events=[
            Event(
                "e1",
                "ASSAULT",
                None,
                "190",
                ["a1"],
                [],
                "p1",
                "2017-05-01",
                i,
                None,
                "attacked",
                0,
                text.index(".") + 1,
                0.9,
            )
        ],
        countries=["SYR"],
        origin=f"feed.jsonl:{i}",
    )


def stream() -> list[Article]:
    """The input: every article, a few twice, and article 7 coming back with new text."""
    items = [synthetic(i) for i in range(N_ARTICLES)]
    items[20:20] = [synthetic(3), synthetic(5)]  # repeats
    items.append(synthetic(7, version=2))  # same URL, new text: replaces
    return items


def main(path: str) -> None:
    store = open_store(path)
    for failed in range(5):
        store.record_failure(f"broken{failed}.html", "no text found")
    store.record_failure("feed.jsonl:10", "timed out")  # cleared when article 10 goes in
    items = stream()
    for start in range(0, len(items), BATCH):
        store.save_articles(items[start : start + BATCH])
        print(start, flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1])
