"""Written sentences, one phenomenon each: dates and places from an event's context, places
the gazetteer lacks, "the two leaders", a government's measures told by its leader, and
figurative uses of event verbs."""

from __future__ import annotations

import datetime as dt

from ceasefire.model import Article, Event, Place, RawArticle
from ceasefire.nlp import parse
from ceasefire.pipeline import extract
from ceasefire.timex import find_times


def article(text: str, published: str | None = "2017-05-04") -> Article:
    result = next(extract([RawArticle(origin="test", text=text, published=published)]))
    assert isinstance(result, Article), result
    return result


def on(found: Article, trigger: str) -> Event:
    events = [e for e in found.events if e.trigger == trigger]
    assert events, f"no event on {trigger!r}: {[(e.type, e.trigger) for e in found.events]}"
    return events[0]


def place_of(found: Article, event: Event) -> Place | None:
    return next((p for p in found.places if p.id == event.place), None)


def countries(found: Article, ids: list[str]) -> set[str | None]:
    by_id = {a.id: a for a in found.actors}
    return {by_id[i].country for i in ids}


def test_dates_from_the_paragraph_the_lead_and_the_publication() -> None:
    found = article(
        "Government forces shelled the town of Saraqeb on Monday. Two children were among "
        "the dead, and the shelling destroyed a bakery.\n\n"
        "In a separate incident, a roadside bomb wounded four soldiers near Homs."
    )
    shelled = on(found, "shelled")
    assert (shelled.date, shelled.date_source) == ("2017-05-01", "sentence")
    destroyed = on(found, "destroyed")  # same paragraph: the nearest day named there
    assert (destroyed.date, destroyed.date_source) == ("2017-05-01", "context")
    wounded = on(found, "wounded")  # another paragraph: the story's lead date
    assert (wounded.date, wounded.date_source) == ("2017-05-01", "context")

    lead = article(
        "Air strikes killed 25 civilians in Raqqa, a monitoring group said.", published="2016-06-22"
    )
    killed = on(lead, "killed")  # a material event in the past tense of a news lead
    assert (killed.date, killed.date_source) == ("2016-06-22", "published")

    plans = article("Rebels will attack the airport in Idlib, their commander said.")
    assert on(plans, "attack").date is None  # what has not happened borrows no date
    undated = article("Air strikes killed 25 civilians in Raqqa.", published=None)
    assert on(undated, "killed").date is None


def test_repeated_events_borrow_no_date_or_place() -> None:
    found = article(
        "A car bomb killed seven people in Jableh on Monday. The town has seen several attacks, "
        "and a series of raids hit its port. Rebels have repeatedly shelled its "
        "outskirts, and the army bombed a rebel depot."
    )
    assert on(found, "killed").date == "2017-05-01"
    assert on(found, "attacks").date is None
    assert on(found, "hit").date is None  # "a series of raids hit ...": one event, on the verb
    assert on(found, "shelled").date is None
    assert (on(found, "bombed").date, on(found, "bombed").date_source) == ("2017-05-01", "context")

    toll = article(
        "Government shelling killed 12 people in the town of Saraqeb on Monday. More "
        "than 400,000 people have been killed since the war in Syria broke out in 2011."
    )
    since = [e for e in toll.events if e.trigger == "killed"][1]
    # a toll over years: neither 2011 (the war's date) nor Monday, nor Saraqeb
    assert (since.date, since.place) == (None, None)
    assert not [e for e in toll.events if e.date == "2011"]  # "the war broke out" is no news event


def test_a_four_digit_clock_time_is_no_year() -> None:
    doc = next(iter(parse(["1849 UTC+3 A total of 1500 people have died, he said on Thursday."])))
    values = [t.value for t in find_times(doc, dt.date(2013, 8, 15))]
    assert "1849" not in values
    assert "2013-08-15" in values


def test_the_two_leaders_are_the_pair_named_nearest() -> None:
    found = article(
        "The two leaders spoke by phone on Tuesday. Trump and Putin discussed "
        "the de-escalation zones in Syria."
    )
    assert countries(found, on(found, "spoke").actor) == {"USA", "RUS"}


def test_a_measure_told_by_a_leader_is_his_governments() -> None:
    found = article(
        'The ban on visa-free travel of Turks will also continue, due to "the terrorist threat", Putin added.'
    )
    ban = on(found, "ban")
    assert countries(found, ban.actor) == {"RUS"}
    assert countries(found, ban.recipient) == {"TUR"}


def test_places_the_gazetteer_lacks() -> None:
    found = article("Gunmen stormed the village of Mainok on Sunday, killing 39 people.")
    place = place_of(found, on(found, "stormed"))  # one act: the storming that killed 39
    assert place is not None and place.name == "Mainok" and place.geonames_id is None

    # located by the text in a known town: that town's coordinates, approximately
    found = article("Seven civilians were killed in the village of Sousan in northern Aleppo.")
    place = place_of(found, on(found, "killed"))
    aleppo = next(p for p in found.places if p.name == "Aleppo")
    assert place is not None and place.name == "Sousan"
    assert (place.lat, place.lon, place.country) == (aleppo.lat, aleppo.lon, "SYR")


def test_a_locative_the_parser_hangs_elsewhere_still_places_the_event() -> None:
    found = article(
        "Shelling hit a trolleybus in Donetsk on Thursday killing 8 people and "
        "wounding about 20, an official said."
    )
    place = place_of(found, on(found, "hit"))  # one act: the shelling that killed 8
    assert place is not None and place.name == "Donetsk"


def test_origins_and_actor_names_are_not_where_it_happened() -> None:
    found = article(
        "Several hundred refugees from southern Sudan demonstrated on Thursday in the Kenyan capital."
    )
    place = place_of(found, on(found, "demonstrated"))
    assert place is None or place.country != "SDN"
    found = article("He was later captured by the Northern Alliance and handed over to U.S. forces.")
    assert place_of(found, on(found, "captured")) is None


def test_figurative_uses_are_no_events() -> None:
    assert not article("Oil prices shot up in London on Monday.").events
    found = article("Nadal captured the title in Madrid on Sunday.")
    assert not [e for e in found.events if e.type == "COERCE"]


def test_a_town_the_tagger_calls_a_person_is_a_place_throughout() -> None:
    # The small model tags the first "Douma" PERSON and the second GPE.
    found = article(
        "Government artillery shelled Douma on Tuesday, killing nine fighters of "
        "Jaish al-Islam. Rebels in Douma accused the army of breaking the truce."
    )
    (douma,) = [p for p in found.places if p.name == "Douma"]
    assert [m.start for m in douma.mentions] == [29, 98]
    assert "Douma" not in {a.name for a in found.actors}
    assert place_of(found, on(found, "shelled")) is douma
