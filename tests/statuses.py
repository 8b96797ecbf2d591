"""A store where only the status tells events apart: ASSAULT events in Idlib on one day, some
asserted and some not (negated, planned, hypothetical, background), written for the status
tests of the store, zones, fusion, API, CLI and dashboard.

Two articles report the same shelling (asserted, five and six killed: one real event once
fused). Beside it, on the same day and place, the first article says the rebels did not shell
the town (negated), that the army plans to storm it (planned), that an assault would kill
thousands (hypothetical) and that the war has killed 300,000 there since 2011 (background);
the second says no air strike hit the town that night (negated). Counted wrongly, the
300,000 would swamp every figure.
"""

from __future__ import annotations

from typing import Any

from ceasefire.corpus import fuse_pending
from ceasefire.model import Actor, Article, Event, Mention, Place
from ceasefire.store import Store
from ceasefire.zones import add_zones

IDLIB = (35.9306, 36.6339)
DAY = "2017-05-10"
ASSERTED_IDS = {"status-a:e1", "status-b:e1"}
OTHER_STATUSES = {"negated", "planned", "hypothetical", "background"}

# The zone around Idlib, in force four days before the events.
ZONE = {
    "type": "Feature",
    "properties": {"id": "idlib-test", "name": "Idlib (test)", "start": "2017-05-06"},
    "geometry": {
        "type": "Polygon",
        "coordinates": [[[36.4, 35.7], [36.9, 35.7], [36.9, 36.1], [36.4, 36.1], [36.4, 35.7]]],
    },
}

_A = [
    ("asserted", "Government forces shelled Idlib on Wednesday, killing five people.", "shelled", 5),
    ("negated", "Rebels said they did not shell Idlib on Wednesday.", "shell", None),
    ("planned", "The army plans to storm Idlib after Wednesday's shelling.", "storm", None),
    (
        "hypothetical",
        "An assault on Idlib would kill thousands, aid groups warned on Wednesday.",
        "assault",
        None,
    ),
    ("background", "The war has killed 300,000 people in Idlib since 2011.", "killed", 300_000),
]
_B = [
    ("asserted", "Warplanes bombed Idlib on Wednesday, killing six people.", "bombed", 6),
    ("negated", "No air strike hit Idlib on Wednesday night, residents said.", "strike", None),
]


def _article(article_id: str, said: list[tuple[str, str, str, int | None]]) -> Article:
    text = " ".join(sentence for _, sentence, _, _ in said)
    mentions = []
    events = []
    for n, (status, sentence, trigger, killed) in enumerate(said, start=1):
        start = text.index(sentence)
        at = text.index("Idlib", start)
        mentions.append(Mention(at, at + len("Idlib"), "Idlib"))
        asserted = status == "asserted"
        events.append(
            Event(
                id=f"e{n}",
                type="ASSAULT",
                mode="heavy-weapons" if asserted else None,
                cameo="195" if asserted else None,
                actor=["a1"] if n == 1 else [],
                recipient=[],
                place="p1",
                date=DAY,
                fatalities=killed,
                injured=None,
                trigger=trigger,
                start=start,
                end=start + len(sentence),
                confidence=0.8,
                trigger_start=text.index(trigger, start),
                trigger_end=text.index(trigger, start) + len(trigger),
                status=status,
                acled_event_type="Explosions/Remote violence" if asserted else None,
                acled_sub_event_type="Shelling/artillery/missile attack" if asserted else None,
                civilian_targeting=True if asserted else None,
            )
        )
    subject = said[0][1].split(" shelled")[0].split(" bombed")[0]
    return Article(
        id=article_id,
        url=f"https://example.org/{article_id}",
        source="written for the test",
        title=f"Idlib ({article_id})",
        published="2017-05-11",
        language="en",
        text=text,
        actors=[Actor("a1", subject, "group", "SYR", "GOV", [Mention(0, len(subject), subject)])],
        places=[Place("p1", "Idlib", 169389, *IDLIB, "SYR", "Idlib", "city", mentions)],
        events=events,
        countries=["SYR"],
        origin=f"test:{article_id}",
    )


def status_articles() -> list[Article]:
    return [_article("status-a", _A), _article("status-b", _B)]


def fill(store: Store) -> None:
    """Save the articles, fuse as ingest does, and add the zone (which links the events)."""
    store.save_articles(status_articles())
    store.fuse(fuse_pending)
    add_zones(store, ZONE)


def statuses_of(rows: list[dict[str, Any]]) -> dict[str, str]:
    """Event id → status of listed rows."""
    return {row["id"]: row["status"] for row in rows}
