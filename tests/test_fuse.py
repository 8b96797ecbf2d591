"""Event fusion: the seed's two reports of the Azaz bombing, FA-KES articles reporting the same
incident (both stored and fused as ingest fuses them), and hand-made reports for the rules
(figures, chains, order, unknowns)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path

import pytest

from ceasefire.corpus import fuse, fuse_pending
from ceasefire.model import (
    Article,
    EventReport,
    FusedEvent,
    FusionChange,
    Period,
    RawArticle,
    ReportSource,
    distance_km,
)
from ceasefire.pipeline import extract
from ceasefire.store import open_store
from tests.conftest import shared_path
from tests.statuses import ASSERTED_IDS, status_articles


def report(event_id: str, article_id: str = "a", **fields: object) -> EventReport:
    """An ASSAULT in Azaz on 2017-05-03 unless the test says otherwise."""
    base = EventReport(
        event_id=event_id,
        article_id=article_id,
        type="ASSAULT",
        date="2017-05-03",
        place="Azaz",
        lat=36.5866,
        lon=37.0463,
        admin1="Aleppo",
        country="SYR",
        feature="city",
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def groups(reports: list[EventReport]) -> list[list[str]]:
    return sorted(sorted(event.members) for event in fuse(reports))


Fusion = tuple[list[EventReport], list[FusedEvent]]


def stored_and_fused(articles: list[Article], db: Path) -> Fusion:
    """The articles stored and fused as ingest fuses them (``Store.fuse``): the reports the
    store gave fusion, and the fused events it stored."""
    reports: list[EventReport] = []

    def fusing(source: ReportSource) -> FusionChange:
        reports.extend(source.pending())
        return fuse_pending(source)

    with open_store(str(db)) as store:
        store.save_articles(articles)
        store.fuse(fusing)
        return reports, store.load_fused()


# --- the seed, through the real pipeline ---------------------------------------------------


@pytest.fixture(scope="module")
def seed_fusion(seed_text: str, tmp_path_factory: pytest.TempPathFactory) -> Fusion:
    [article] = extract([RawArticle(origin="seed", text=seed_text, published="2017-05-04")])
    assert isinstance(article, Article)
    return stored_and_fused([article], tmp_path_factory.mktemp("seed") / "seed.db")


def the_report(reports: list[EventReport], type_: str, phrase: str) -> EventReport:
    [found] = [r for r in reports if r.type == type_ and phrase in r.sentence]
    return found


def test_seed_azaz_bombing_reports_fuse(seed_fusion: Fusion) -> None:
    seed_reports, fused = seed_fusion
    yesterday = the_report(seed_reports, "ASSAULT", "Yesterday's bomb attack")
    car_bomb = the_report(seed_reports, "ASSAULT", "bomb on Wednesday killed at least five")
    [azaz] = [e for e in fused if car_bomb.event_id in e.members]
    assert yesterday.event_id in azaz.members
    assert (azaz.date, azaz.place, azaz.admin1) == ("2017-05-03", "Azaz", "Aleppo")
    assert azaz.fatalities_mode == 5
    assert len(azaz.sentences) == len(azaz.members)
    # The US strike on the airfield is another event; the 2015 sanctions are history, told as
    # background, and make no incident at all.
    outsiders = {r.event_id for r in seed_reports if "airfield" in r.sentence}
    assert outsiders and outsiders.isdisjoint(azaz.members)
    assert not [r for r in seed_reports if "2015" in (r.date or "")]


# --- FA-KES: articles on the same incident --------------------------------------------------

# The CSV's location vocabulary, as GeoNames first-level divisions (Damascus reports include
# its countryside).
DIVISIONS = {
    "aleppo": {"Aleppo"},
    "damascus": {"Dimashq", "Rif-dimashq"},
    "idlib": {"Idlib"},
    "deir ezzor": {"Deir ez-Zor"},
    "hasakeh": {"Al-Hasakah"},
    "homs": {"Homs"},
    "daraa": {"Daraa"},
    "hama": {"Hama"},
    "raqqa": {"Ar-Raqqah"},
    "lattakia": {"Latakia"},
    "tartous": {"Tartus"},
}
Incident = tuple[dt.date, str]


@pytest.fixture(scope="module")
def fakes(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Incident], Fusion]:
    path = shared_path("corpora/fakes-syria-dev.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    incident = {}
    for row in rows:
        month, day, year = (int(part) for part in row["date"].split("/"))
        incident[row["unit_id"]] = (dt.date(2000 + year, month, day), row["location"])
    raws = [
        RawArticle(
            origin=f"fakes:{row['unit_id']}",
            id=row["unit_id"],
            title=row["article_title"],
            text=row["article_content"],
        )
        for row in rows
    ]
    articles = [a for a in extract(raws) if isinstance(a, Article)]
    return incident, stored_and_fused(articles, tmp_path_factory.mktemp("fakes") / "fakes.db")


def incident_reports(incident: dict[str, Incident], reports: list[EventReport]) -> dict[str, Incident]:
    """Reports of the article's own incident: an ASSAULT on its day, in its division."""
    found = {}
    for r in reports:
        day, location = incident[r.article_id]
        if r.type == "ASSAULT" and r.date == day.isoformat() and r.admin1 in DIVISIONS[location]:
            found[r.event_id] = incident[r.article_id]
    return found


def test_fakes_reports_of_one_incident_fuse(fakes: tuple[dict[str, Incident], Fusion]) -> None:
    incident, (reports, fused) = fakes
    own = incident_reports(incident, reports)
    articles_per_event: dict[tuple[str, Incident], set[str]] = defaultdict(set)
    reporting: dict[Incident, set[str]] = defaultdict(set)
    for event in fused:
        for member in event.members:
            if member in own:
                article = next(r.article_id for r in reports if r.event_id == member)
                articles_per_event[event.id, own[member]].add(article)
                reporting[own[member]].add(article)
    shared = {key: arts for key, arts in reporting.items() if len(arts) >= 2}
    fully = [
        key
        for key, arts in shared.items()
        if any(found == arts for (_, k), found in articles_per_event.items() if k == key)
    ]
    assert len(shared) >= 5
    assert len(fully) / len(shared) >= 0.8


def test_fakes_incidents_apart_in_time_or_space_stay_apart(
    fakes: tuple[dict[str, Incident], Fusion],
) -> None:
    incident, (reports, fused) = fakes
    own = incident_reports(incident, reports)
    for event in fused:
        incidents = {own[m] for m in event.members if m in own}
        if len(incidents) > 1:
            # Members lie within a day of the group's anchor, so at most two days apart.
            days = sorted(day for day, _ in incidents)
            assert len({place for _, place in incidents}) == 1, event
            assert (days[-1] - days[0]).days <= 2, event


def test_fakes_incidents_hold_together(fakes: tuple[dict[str, Incident], Fusion]) -> None:
    """No incident whose reports lie more than 25 km or two days apart, unless both are known
    only to the same division."""
    _, (reports, fused) = fakes
    by_id = {r.event_id: r for r in reports}
    for event in fused:
        members = [by_id[m] for m in event.members]
        for n, a in enumerate(members):
            for b in members[n + 1 :]:
                assert a.type == b.type
                if a.feature != "admin1" != b.feature and None not in (a.lat, a.lon, b.lat, b.lon):
                    assert distance_km(a.lat, a.lon, b.lat, b.lon) <= 25, (a.sentence, b.sentence)
                elif a.admin1 and b.admin1:
                    assert (a.country, a.admin1) == (b.country, b.admin1), (a.sentence, b.sentence)
                da, db = Period.parse(a.date), Period.parse(b.date)
                if da and db and da.precision == db.precision == "day":
                    assert abs((da.start - db.start).days) <= 1, (a.sentence, b.sentence)
    several = sum(len(set(e.articles)) >= 2 for e in fused)
    print(f"{len(fused)} incidents from {len(reports)} reports; {several} with two or more sources")
    assert several >= 5


# --- hand-made reports -----------------------------------------------------------------------


def test_figures_keep_range_and_most_reported() -> None:
    [event] = fuse(
        [
            report("x", "a", fatalities=5, injured=None),
            report("y", "b", fatalities=5, injured=12),
            report("z", "c", fatalities=7, date="2017-05-04", injured=30),
        ]
    )
    assert (event.fatalities_min, event.fatalities_max, event.fatalities_mode) == (5, 7, 5)
    assert (event.injured_min, event.injured_max, event.injured_mode) == (12, 30, 12)
    assert event.articles == ["a", "b", "c"] and event.date == "2017-05-03"


def test_no_chain_of_days_or_distances() -> None:
    # Each neighbour within a day of the next, but the ends three days apart.
    days = [report(f"d{i}", f"a{i}", date=f"2017-05-0{i}") for i in range(1, 5)]
    assert all(len(group) <= 2 for group in groups(days))
    # Towns 20 km apart in a line across divisions: no group spans 40 km.
    line = [report(f"p{i}", f"b{i}", lon=37.0 + 0.2237 * i, admin1=f"div{i}") for i in range(4)]
    assert all(len(group) <= 2 for group in groups(line))


def test_same_division_or_25_km() -> None:
    kilis = report("k", "b", place="Kilis", lat=36.7164, lon=37.1147, admin1="Kilis", country="TUR")
    assert groups([report("z", "a"), kilis]) == [["k", "z"]]  # 16 km across the border
    idlib = report("i", "b", place="Idlib", lat=35.93, lon=36.63, admin1="Idlib")
    assert groups([report("z", "a"), idlib]) == [["i"], ["z"]]
    afrin = report("f", "b", place="Afrin", lat=36.51, lon=36.87)  # 18 km
    assert groups([report("z", "a"), afrin]) == [["f", "z"]]


def test_towns_of_one_division_far_apart_stay_apart() -> None:
    # Two towns 81 km apart in the Aleppo division are two places, not one at its precision.
    manbij = report("m", "b", place="Manbij", lat=36.53, lon=37.95)
    assert groups([report("z", "a"), manbij]) == [["m"], ["z"]]


def test_a_report_known_only_to_its_division_joins_a_town_in_it() -> None:
    province = report("p", "b", place="Aleppo Governorate", lat=36.2, lon=37.6, feature="admin1")
    assert groups([report("z", "a"), province]) == [["p", "z"]]
    elsewhere = report(
        "q", "c", place="Idlib Governorate", lat=35.8, lon=36.6, admin1="Idlib", feature="admin1"
    )
    assert groups([report("z", "a"), elsewhere]) == [["q"], ["z"]]


def test_a_country_point_never_joins_a_town_even_in_one_article() -> None:
    # "In the east of Syria air strikes killed 34" is no report of a bombing in Azaz.
    country = report("c", "a", place="Syria", lat=35.0, lon=38.0, admin1=None, feature="country")
    assert groups([report("z", "a"), country]) == [["c"], ["z"]]
    # A report with no place at all still joins its article's story.
    unplaced = report("n", "a", place=None, lat=None, lon=None, admin1=None, feature=None)
    assert groups([report("z", "a"), unplaced]) == [["n", "z"]]


def test_unknown_date_or_place_fuse_only_within_one_article() -> None:
    undated = report("u", "b", date=None)
    unplaced = report("n", "b", place=None, lat=None, lon=None, admin1=None, feature=None)
    assert groups([report("z", "a"), undated, unplaced]) == [["n"], ["u"], ["z"]]
    assert groups([report("z", "b"), undated, unplaced]) == [["n", "u", "z"]]
    # Neither date nor place: background ("the town has seen several attacks"), alone.
    vague = report("v", "b", date=None, place=None, lat=None, lon=None, admin1=None)
    assert ["v"] in groups([report("z", "b"), vague])


def test_coarse_dates_only_within_one_article_and_when_contained() -> None:
    assert groups([report("z", "a"), report("m", "a", date="2017-05")]) == [["m", "z"]]
    assert groups([report("z", "a"), report("m", "a", date="2017-06")]) == [["m"], ["z"]]
    assert groups([report("z", "a"), report("w", "a", date="2017-W18")]) == [["w", "z"]]
    assert groups([report("z", "a"), report("m", "b", date="2017-05")]) == [["m"], ["z"]]


def test_actors_must_not_contradict() -> None:
    russia = report("r", "a", actor_countries=frozenset({"RUS"}))
    usa = report("u", "b", actor_countries=frozenset({"USA"}))
    unknown = report("n", "c")
    assert groups([russia, usa]) == [["r"], ["u"]]
    assert groups([russia, unknown]) == [["n", "r"]]
    # Roles swapped by the extractor still match.
    swapped = report("s", "d", recipient_countries=frozenset({"RUS"}), actor_countries=frozenset({"SYR"}))
    straight = report("t", "e", actor_countries=frozenset({"RUS"}), recipient_countries=frozenset({"SYR"}))
    assert groups([swapped, straight]) == [["s", "t"]]
    assert groups([report("c", "f", type="CONSULT"), unknown]) == [["c"], ["n"]]


def test_result_is_independent_of_input_order() -> None:
    reports = [
        report(
            f"e{i}",
            f"a{i % 5}",
            date=f"2017-05-{1 + i % 6:02d}",
            fatalities=i % 3,
            lon=37.0 + (i % 4) * 0.15,
            actor_countries=frozenset(("SYR", "RUS", "TUR")[i % 3 : i % 3 + 1]),
        )
        for i in range(40)
    ]
    expected = [(e.id, e.members, e.date, e.fatalities_mode) for e in fuse(reports)]
    shuffled = reports[:]
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert [(e.id, e.members, e.date, e.fatalities_mode) for e in fuse(shuffled)] == expected


def test_only_asserted_reports_make_incidents(tmp_path: Path) -> None:
    # the shelling of Idlib is one incident of its two asserted reports; the denials, the plan,
    # the warning and the toll since 2011, of the same type, day and place, are in none
    reports, fused = stored_and_fused(status_articles(), tmp_path / "statuses.db")
    assert {r.event_id for r in reports} == ASSERTED_IDS
    (incident,) = fused
    assert set(incident.members) == ASSERTED_IDS
    assert (incident.fatalities_min, incident.fatalities_max) == (5, 6)


# --- incremental fusion: the same incidents as fusing everything afresh --------------------


class HeldIncidents:
    """Reports and incidents held in memory as a store holds them (ceasefire.model's
    ReportSource): a queue of reports in no incident, and incidents that dissolve into it
    when one of their articles is removed."""

    def __init__(self) -> None:
        self.reports: dict[str, EventReport] = {}
        self.incident_of: dict[str, str] = {}
        self.members_of: dict[str, list[str]] = {}
        self.queue: set[str] = set()

    def add(self, reports: list[EventReport]) -> None:
        self.reports.update((r.event_id, r) for r in reports)
        self.queue.update(r.event_id for r in reports)

    def remove_article(self, article_id: str) -> None:
        gone = {e for e, r in self.reports.items() if r.article_id == article_id}
        for incident in {self.incident_of[e] for e in gone if e in self.incident_of}:
            for event in self.members_of.pop(incident):
                del self.incident_of[event]
                self.queue.add(event)
        for event in gone:
            del self.reports[event]
            self.queue.discard(event)

    def pending(self) -> list[EventReport]:
        return [self.reports[e] for e in sorted(self.queue)]

    def on_day(self, day: dt.date) -> list[EventReport]:
        return [r for r in self.reports.values() if r.date == day.isoformat()]

    def of_articles(self, article_ids: Collection[str]) -> list[EventReport]:
        return [r for r in self.reports.values() if r.article_id in article_ids]

    def incidents_of(self, event_ids: Collection[str]) -> dict[str, str]:
        return {e: self.incident_of[e] for e in event_ids if e in self.incident_of}

    def members(self, incident_ids: Collection[str]) -> dict[str, list[EventReport]]:
        return {i: [self.reports[e] for e in self.members_of[i]] for i in incident_ids}

    def fuse(self) -> None:
        change = fuse_pending(self)
        for incident in change.removed:
            for event in self.members_of.pop(incident):
                del self.incident_of[event]
        for fused in change.added:
            self.members_of[fused.id] = fused.members
            self.incident_of.update((e, fused.id) for e in fused.members)
        self.queue.clear()

    def incidents(self) -> list[list[str]]:
        return sorted(sorted(m) for m in self.members_of.values())


def crowded_reports(seed: int) -> list[EventReport]:
    """Reports crowded into a fortnight and two divisions, so that days chain into each other:
    loose ones (a month, a week, no date, no place), two types, some actors."""
    pick = random.Random(seed)
    reports = []
    for n in range(200):
        article = f"a{pick.randrange(40):02d}"
        loose_place = pick.random() < 0.15
        reports.append(
            report(
                f"{article}:e{n}",
                article,
                type=pick.choice(["ASSAULT", "ASSAULT", "COERCE"]),
                date=f"2017-05-{pick.randrange(1, 15):02d}"
                if pick.random() > 0.15
                else pick.choice([None, "2017-05", "2017-W19"]),
                lat=None if loose_place else 36.5 + pick.random() * 0.5,
                lon=None if loose_place else 37.0 + pick.random() * 0.5,
                admin1=None if loose_place else pick.choice(["Aleppo", "Idlib"]),
                feature=None if loose_place else pick.choice(["city", "city", "admin1"]),
                actor_countries=frozenset(pick.sample(["SYR", "RUS", "TUR"], pick.randrange(0, 2))),
                fatalities=pick.randrange(0, 9),
            )
        )
    return reports


@pytest.mark.parametrize("seed", range(6))
def test_incremental_fusion_equals_fusing_afresh(seed: int) -> None:
    """Articles added, replaced by a version a day later, and removed, one by one in random
    order: after each step the incidents are those of fusing what is there afresh."""
    pick = random.Random(seed)
    by_article: defaultdict[str, list[EventReport]] = defaultdict(list)
    for r in crowded_reports(seed):
        by_article[r.article_id].append(r)
    held, current = HeldIncidents(), {}
    for _ in range(60):
        article = pick.choice(sorted(by_article))
        if article in current:
            held.remove_article(article)
            if pick.random() < 0.5:
                del current[article]
                held.fuse()
                continue
            later = [
                replace(r, date=(dt.date.fromisoformat(r.date) + dt.timedelta(days=1)).isoformat())
                if r.date and len(r.date) == 10
                else r
                for r in current[article]
            ]
            current[article] = later
        else:
            current[article] = by_article[article]
        held.add(current[article])
        held.fuse()
        assert held.incidents() == groups([r for reports in current.values() for r in reports])
