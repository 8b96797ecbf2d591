"""Shared fixtures: the ../shared folder beside the checkout, and the parsed seed; what a test does
when something it needs is absent."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from ceasefire.clean import clean
from ceasefire.model import Actor, Place, RawArticle
from ceasefire.nlp import load_nlp
from ceasefire.read import read_paths

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLES = Path(__file__).resolve().parents[1] / "ceasefire" / "examples"


def unavailable(reason: str) -> NoReturn:
    """Skip a test that lacks what it needs (../shared, a server, a browser), saying why; under
    CI (CI=true), where .ci/run provides all of them, fail instead: CI must not go green by
    skipping."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; under CI (CI=true) a test that cannot run fails instead of skipping")
    pytest.skip(reason)


def shared_path(relative: str) -> Path:
    """A file under ../shared, or skip the test when it is absent (fail under CI)."""
    path = SHARED / relative
    if not path.exists():
        unavailable(f"{path} is absent (../shared is not beside the checkout)")
    return path


def scorer() -> ModuleType:
    """The project's scorer, ../shared/tools/score.py, as a module: tests assert its figures."""
    spec = importlib.util.spec_from_file_location("score", shared_path("tools/score.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def first_examples(folder: Path) -> Path:
    """The sample's first five articles, which these tests were written over; the whole
    demo sample has tests of its own (tests/test_examples.py)."""
    lines = (EXAMPLES / "sample.jsonl").read_text(encoding="utf-8").splitlines()
    keep = [line for line in lines if json.loads(line)["id"] in {f"example-{n}" for n in range(1, 6)}]
    path = folder / "first-examples.jsonl"
    path.write_text("\n".join(keep) + "\n", encoding="utf-8")
    return path


def build_example_store(db: Path, examples: Path, *, statuses: bool = True) -> None:
    """The store the store, API and browser tests read: the example zones, the seed (published
    2017-05-04), the example articles at `examples` and, with `statuses`, the articles of
    tests/statuses.py; fused and assigned to the zones as ingest leaves them."""
    from ceasefire.corpus import fuse_pending
    from ceasefire.ingest import ingest
    from ceasefire.store import open_store
    from ceasefire.zones import add_zones, assign_events
    from tests.statuses import status_articles

    with open_store(str(db)) as store:
        add_zones(store, json.loads((EXAMPLES / "zones.geojson").read_text(encoding="utf-8")))
        ingest(read_paths([str(shared_path("seed/deescalation-zones.txt"))]), store, published="2017-05-04")
        ingest(read_paths([str(examples)]), store)
        if statuses:
            store.save_articles(status_articles())
        store.fuse(fuse_pending)
        assign_events(store)


def assert_mentions_in_text_order(records: list[Actor] | list[Place], text: str, prefix: str) -> None:
    """Each mention is its text at its offsets; ids run prefix1, prefix2, ... in the order
    of first mention."""
    for record in records:
        for mention in record.mentions:
            assert text[mention.start : mention.end] == mention.text
    assert [r.id for r in records] == [f"{prefix}{n}" for n in range(1, len(records) + 1)]
    firsts = [r.mentions[0].start for r in records]
    assert firsts == sorted(firsts)


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_path("seed/deescalation-zones.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(shared_path("gold/seed.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def seed_doc(nlp: Language, seed_text: str) -> Doc:
    """The seed parsed as-is (before cleaning), for stage tests that need a Doc."""
    return nlp(seed_text)


@pytest.fixture(scope="session")
def seed_clean_text() -> str:
    """The seed's body as the cleaning stage leaves it (what every later stage reads)."""
    (raw,) = read_paths([str(shared_path("seed/deescalation-zones.txt"))])
    assert isinstance(raw, RawArticle)
    return clean(raw).text
