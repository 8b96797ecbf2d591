"""The quotes stage on the seed (with the real actors stage) and on sentences for each phenomenon."""

from __future__ import annotations

import re
from typing import Any

import pytest
from spacy.language import Language

from ceasefire.evaluate.match import options, same_person
from ceasefire.model import Actor, Mention, Quote
from ceasefire.quotes import find_quotes


def test_seed_gold_quotes(nlp: Language, seed_clean_text: str, seed_gold: dict[str, Any]) -> None:
    find_actors = getattr(pytest.importorskip("ceasefire.actors"), "find_actors", None)
    if find_actors is None:
        pytest.skip("the actors stage has no find_actors yet")
    doc = nlp(seed_clean_text)
    actors = find_actors(doc)
    names = {a.id: a.name for a in actors}
    quotes = find_quotes(doc, actors)
    right = 0
    for gold in seed_gold["quotes"]:
        quote = next((q for q in quotes if gold["text_contains"] in q.text), None)
        speaker = names.get(quote.speaker, "") if quote and quote.speaker else ""
        ok = (
            quote is not None
            and same_person(gold["speaker"], speaker)
            and quote.kind in options(gold["kind"])
        )
        right += ok
        print(
            f"{'ok ' if ok else 'BAD'} {gold['text_contains'][:40]!r}: "
            f"{quote.kind if quote else None} cue={quote.cue if quote else None} "
            f"speaker={speaker!r} (gold {gold['speaker']!r}, {gold['kind']})"
        )
    print(f"seed quotes right: {right}/{len(seed_gold['quotes'])}")
    assert right >= 7
    assert not any(q.text == "Syrian interim government" for q in quotes)  # a name, not a quote


def _actors(text: str, *specs: tuple[str, str, str, str | None, str | None, list[str]]) -> list[Actor]:
    """Actors as the actors stage would give them, with a mention at every surface form."""
    actors = []
    for actor_id, name, kind, country, sector, surfaces in specs:
        mentions: list[Mention] = []
        for surface in sorted(surfaces, key=len, reverse=True):  # "Vladimir Putin" before "Putin"
            for m in re.finditer(rf"\b{re.escape(surface)}\b", text):
                if not any(n.start < m.end() and m.start() < n.end for n in mentions):
                    mentions.append(Mention(m.start(), m.end(), m.group()))
        actors.append(Actor(actor_id, name, kind, country, sector, mentions))  # type: ignore[arg-type]
    return actors


PUTIN = ("putin", "Vladimir Putin", "person", "RUS", "GOV", ["Vladimir Putin", "Putin"])
ERDOGAN = ("erdogan", "Recep Tayyip Erdogan", "person", "TUR", "GOV", ["Recep Tayyip Erdogan", "Erdogan"])
TRUMP = ("trump", "Donald Trump", "person", "USA", "GOV", ["Donald Trump", "Trump"])
TURKEY = ("tur", "Turkey", "country", "TUR", None, ["Turkey", "Turkish"])
WHITE_HOUSE = ("wh", "White House", "organization", "USA", "GOV", ["White House"])
KREMLIN = ("kremlin", "Kremlin", "organization", "RUS", "GOV", ["Kremlin"])
PESKOV = ("peskov", "Dmitry Peskov", "person", "RUS", "GOV", ["Dmitry Peskov", "Peskov"])
SOHR = (
    "sohr",
    "Syrian Observatory for Human Rights",
    "organization",
    "NGO",
    "NGO",
    ["Syrian Observatory for Human Rights"],
)
UN = ("un", "United Nations", "organization", "UNO", "IGO", ["United Nations", "UN"])


def _quotes(nlp: Language, text: str, *specs: Any) -> list[Quote]:
    doc = nlp(text)
    return find_quotes(doc, _actors(doc.text, *specs))


def _only(quotes: list[Quote]) -> Quote:
    assert len(quotes) == 1, quotes
    return quotes[0]


def test_pronoun_he(nlp: Language) -> None:
    text = 'Vladimir Putin met reporters in Moscow. "We will not retreat," he said.'
    q = _only(_quotes(nlp, text, PUTIN))
    assert (q.text, q.kind, q.cue, q.speaker) == ("We will not retreat", "direct", "said", "putin")
    assert q.speaker_mention is not None and q.speaker_mention.text == "he"


def test_pronoun_it_is_an_organisation(nlp: Language) -> None:
    text = "Vladimir Putin met envoys of the United Nations. It said that aid convoys must be protected."
    q = _only(_quotes(nlp, text, PUTIN, UN))
    assert (q.kind, q.speaker, q.text) == ("indirect", "un", "aid convoys must be protected")


def test_title_with_nationality(nlp: Language) -> None:
    text = (
        "Recep Tayyip Erdogan met Vladimir Putin in Sochi. "
        "The Turkish leader said that the talks had been useful."
    )
    q = _only(_quotes(nlp, text, ERDOGAN, PUTIN, TURKEY))
    assert (q.kind, q.speaker) == ("indirect", "erdogan")
    assert q.speaker_mention is not None and q.speaker_mention.text == "The Turkish leader"


def test_the_two_leaders(nlp: Language) -> None:
    text = (
        "Vladimir Putin met Recep Tayyip Erdogan on Monday. Donald Trump and Vladimir Putin "
        "spoke by phone later. The two leaders said they would meet in July."
    )
    q = _only(_quotes(nlp, text, PUTIN, ERDOGAN, TRUMP))
    assert set(q.speakers) == {"trump", "putin"}
    assert q.speaker in q.speakers


def test_spokesman_for_an_organisation(nlp: Language) -> None:
    q = _only(_quotes(nlp, "A White House spokesman said the call was productive.", WHITE_HOUSE))
    assert (q.kind, q.speaker, q.text) == ("indirect", "wh", "the call was productive")


def test_named_spokesman_and_colon(nlp: Language) -> None:
    text = 'Kremlin spokesman Dmitry Peskov told reporters: "We are ready to talk."'
    q = _only(_quotes(nlp, text, KREMLIN, PESKOV))
    assert (q.text, q.kind, q.cue, q.speaker) == ("We are ready to talk.", "direct", "told", "peskov")


def test_dash_introduced(nlp: Language) -> None:
    q = _only(_quotes(nlp, 'Erdogan said – "We will not back down."', ERDOGAN))
    assert (q.text, q.kind, q.speaker) == ("We will not back down.", "direct", "erdogan")


def test_inverted_cue_and_curly_marks(nlp: Language) -> None:
    q = _only(_quotes(nlp, "“We stand by our friends,” said Erdogan.", ERDOGAN))
    assert (q.text, q.kind, q.cue, q.speaker) == ("We stand by our friends", "direct", "said", "erdogan")


def test_unbalanced_quote_runs_to_paragraph_end(nlp: Language) -> None:
    text = 'Vladimir Putin said: "We will respond to any attack\nTalks continue in Geneva.'
    q = _only(_quotes(nlp, text, PUTIN))
    assert (q.text, q.speaker) == ("We will respond to any attack", "putin")


def test_quote_across_paragraphs(nlp: Language) -> None:
    text = (
        'Vladimir Putin said: "The army is ready to defend the zones.\n\n'
        '"We will not leave our allies alone."\n\nTalks continue in Geneva.'
    )
    q = _only(_quotes(nlp, text, PUTIN))
    assert q.text.startswith("The army is ready") and q.text.endswith("alone.")
    assert '"' not in q.text and q.speaker == "putin"
    assert text.index("\n") < q.end


def test_according_to(nlp: Language) -> None:
    text = "According to the Syrian Observatory for Human Rights, 20 civilians died in Idlib."
    q = _only(_quotes(nlp, text, SOHR))
    assert (q.kind, q.cue, q.speaker, q.text) == (
        "indirect",
        "According",
        "sohr",
        "20 civilians died in Idlib",
    )


def test_the_monitor(nlp: Language) -> None:
    text = (
        "The Syrian Observatory for Human Rights counted 20 dead in Idlib. "
        "The monitor said most of them were civilians."
    )
    q = _only(_quotes(nlp, text, SOHR))
    assert (q.kind, q.speaker, q.text) == ("indirect", "sohr", "most of them were civilians")


def test_mixed_quote(nlp: Language) -> None:
    text = 'The White House described the call with Putin as "very good".'
    q = _only(_quotes(nlp, text, WHITE_HOUSE, PUTIN))
    assert (q.text, q.kind, q.cue, q.speaker) == ("very good", "mixed", "described", "wh")


def test_scare_quotes_and_names_are_not_quotes(nlp: Language) -> None:
    text = 'Rebels attacked the offices of the "interim government" in Azaz on Wednesday.'
    assert _quotes(nlp, text) == []
