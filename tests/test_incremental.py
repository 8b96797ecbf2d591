"""Incremental ingest equals a full one: FA-KES articles ingested in one run, or in six runs
in shuffled orders (near-duplicate copies after their originals), leave the same incidents,
zone links and near-duplicate links; a rebuild of every incident changes nothing."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ceasefire.corpus import fuse_pending
from ceasefire.ingest import ingest
from ceasefire.model import Article, FusionChange, RawArticle, ReportSource
from ceasefire.pipeline import extract
from ceasefire.read import parse_column_map, read_paths
from ceasefire.store import Store, open_store
from ceasefire.store.schema import articles as articles_table
from ceasefire.store.schema import event_zones
from ceasefire.zones import add_zones
from tests.conftest import EXAMPLES, shared_path
from tests.storedump import dump_engine

ARTICLES = 60
RUNS = 6


@pytest.fixture(scope="module")
def articles() -> list[RawArticle]:
    """Sixty FA-KES articles spread over the file (no publication date: FA-KES has none, the
    datelines are in the text), and near-duplicate copies of three of them: the same story
    under another URL with a share bar added."""
    path = shared_path("corpora/fakes-syria-dev.csv")
    read = [
        a
        for a in read_paths([str(path)], parse_column_map("text=article_content"))
        if isinstance(a, RawArticle)
    ]
    chosen = read[:: max(len(read) // ARTICLES, 1)][:ARTICLES]
    copies = [
        dataclasses.replace(
            a,
            origin=f"{a.origin}#copy",
            id=None,
            url=f"https://copies.example/{n}",
            text=a.text + "\n\nShare this: Facebook Twitter WhatsApp Email",
        )
        for n, a in enumerate(chosen[5:8])
    ]
    return chosen + copies


def contents(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    dump = dump_engine(store.engine)
    with store.engine.connect() as conn:
        dump["event_zones"] = sorted(tuple(row) for row in conn.execute(select(event_zones)))
        dump["duplicates"] = sorted(
            tuple(row)
            for row in conn.execute(
                select(articles_table.c.id, articles_table.c.duplicate_of).where(
                    articles_table.c.duplicate_of.is_not(None)
                )
            )
        )
    return dump


def new_store(path: Path) -> Store:
    store = open_store(str(path))
    add_zones(store, json.loads((EXAMPLES / "zones.geojson").read_text(encoding="utf-8")))
    return store


@pytest.fixture(scope="module")
def at_once(
    articles: list[RawArticle], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[tuple[Any, ...]]]:
    with new_store(tmp_path_factory.mktemp("once") / "store.db") as store:
        ingest(articles, store)
        return contents(store)


def runs(articles: list[RawArticle], seed: int) -> list[list[RawArticle]]:
    """The originals shuffled into six runs; each copy in a run after its original's."""
    originals, copies = articles[:ARTICLES], articles[ARTICLES:]
    order = originals[:]
    random.Random(seed).shuffle(order)
    size = -(-len(order) // RUNS)
    chunks = [order[n : n + size] for n in range(0, len(order), size)]
    pick = random.Random(seed)
    for copy in copies:
        home = next(n for n, chunk in enumerate(chunks) if any(a.text in copy.text for a in chunk))
        chunks[pick.randrange(home + 1, len(chunks)) if home + 1 < len(chunks) else home].append(copy)
    return chunks


@pytest.mark.parametrize("seed", [1, 2])
def test_six_shuffled_runs_store_what_one_run_stores(
    articles: list[RawArticle], at_once: dict[str, list[tuple[Any, ...]]], seed: int, tmp_path: Path
) -> None:
    with new_store(tmp_path / "store.db") as store:
        for chunk in runs(articles, seed):
            ingest(chunk, store)
        stepwise = contents(store)
    assert at_once["fused_events"] and at_once["event_zones"] and len(at_once["duplicates"]) == 3
    for table in at_once:
        assert stepwise[table] == at_once[table], table


def test_a_rebuild_of_every_incident_changes_nothing(articles: list[RawArticle], tmp_path: Path) -> None:
    with new_store(tmp_path / "store.db") as store:
        for chunk in runs(articles, 3):
            ingest(chunk, store)
        before = contents(store)
        change = store.rebuild_incidents(fuse_pending)
        assert change.added and contents(store) == before


class CountingSource:
    """A report source that counts the reports it hands fusion."""

    def __init__(self, source: ReportSource) -> None:
        self.source = source
        self.read = 0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.source, name)

        def counted(*args: Any) -> Any:
            found = method(*args)
            self.read += sum(len(v) for v in found.values()) if isinstance(found, dict) else len(found)
            return found

        return counted


def test_one_new_article_reads_and_rewrites_only_what_is_near_it(
    articles: list[RawArticle], tmp_path: Path
) -> None:
    """The cost of adding an article depends on the reports near it, not on the store: fusion
    reads a small part of the store's reports and rewrites a few incidents."""
    [new] = extract(articles[:1])
    assert isinstance(new, Article) and new.events
    with new_store(tmp_path / "store.db") as store:
        ingest(articles[1:ARTICLES], store)
        stored_reports, incidents = store.counts()["events"], store.count_incidents()
        counting: list[CountingSource] = []

        def fusing(source: ReportSource) -> FusionChange:
            counting.append(CountingSource(source))
            return fuse_pending(counting[0])

        store.save_articles([new])
        change = store.fuse(fusing)
    assert change.added
    assert counting[0].read < stored_reports / 4
    assert len(change.removed) + len(change.added) < incidents / 10
