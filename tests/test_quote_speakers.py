"""Issue 13's speakers: shared surnames, unnamed sources, descriptions the actors stage makes
actors of, one actor across quotes, and names in marks; each on sentences written here."""

from __future__ import annotations

import pytest
from spacy.language import Language

from ceasefire.model import Article, Failure, Quote, RawArticle
from ceasefire.pipeline import analyse, prepare
from ceasefire.quotes import find_quotes
from tests.test_quotes import _only, _quotes

BASHAR = ("bashar", "Bashar al-Assad", "person", "SYR", "GOV", ["Bashar al-Assad", "Assad"])
AMMAR = ("ammar", "Ammar al-Assad", "person", "SYR", "GOV", ["Ammar al-Assad"])


def _staged(nlp: Language, text: str) -> tuple[list[Quote], dict[str, str]]:
    """Quotes with the real actors stage's actors, and those actors' names by id."""
    find_actors = pytest.importorskip("ceasefire.actors").find_actors
    doc = nlp(text)
    actors = find_actors(doc)
    return find_quotes(doc, actors), {a.id: a.name for a in actors}


def test_a_shared_surname_is_the_one_named_last(nlp: Language) -> None:
    text = (
        "President Bashar al-Assad spoke in Damascus on Monday. Later, the lawmaker Ammar "
        'al-Assad flew to Moscow. "We will not give up the city," Assad said.'
    )
    assert _only(_quotes(nlp, text, BASHAR, AMMAR)).speaker == "ammar"


def test_a_shared_surname_with_a_title_is_the_one_named_in_that_role(nlp: Language) -> None:
    text = (
        "President Bashar al-Assad spoke in Damascus on Monday. Later, the lawmaker Ammar "
        "al-Assad flew to Moscow. President Assad said the army would retake the city."
    )
    assert _only(_quotes(nlp, text, BASHAR, AMMAR)).speaker == "bashar"


@pytest.mark.parametrize("who", ["A source", "An official", "A diplomat"])
def test_a_speaker_the_text_does_not_name_is_unnamed(nlp: Language, who: str) -> None:
    text = f"Vladimir Putin met Recep Tayyip Erdogan in Sochi. {who} said the convoy was hit twice."
    q = _only(_staged(nlp, text)[0])
    assert q.speaker is None and q.speakers == []
    assert q.speaker_mention is not None and q.speaker_mention.text == who


def test_a_title_is_the_nearest_named_person_of_its_country(nlp: Language) -> None:
    text = (
        "Turkish President Recep Tayyip Erdogan met Vladimir Putin in Sochi. "
        "The Turkish leader said the zone would be demilitarised."
    )
    quotes, names = _staged(nlp, text)
    q = _only(quotes)
    assert names[q.speaker or ""] == "Recep Tayyip Erdoğan"
    assert q.speaker_mention is not None and q.speaker_mention.text == "The Turkish leader"


def test_the_minister_is_the_minister_named_before(nlp: Language) -> None:
    text = (
        "Foreign Minister Sergei Lavrov arrived in Ankara on Monday. "
        "The minister said the talks had been useful."
    )
    quotes, names = _staged(nlp, text)
    assert names[_only(quotes).speaker or ""] == "Sergei Lavrov"


def test_the_two_leaders_are_the_two_named_before(nlp: Language) -> None:
    text = "Vladimir Putin met Recep Tayyip Erdogan in Sochi. The two leaders said the truce would hold."
    quotes, names = _staged(nlp, text)
    q = _only(quotes)
    assert {names[i] for i in q.speakers} == {"Vladimir Putin", "Recep Tayyip Erdoğan"}


def test_a_spokesman_for_an_organisation_speaks_for_it(nlp: Language) -> None:
    text = (
        "The Syrian Ministry of Defence announced a truce. "
        "A spokesman for the ministry said the army would hold."
    )
    quotes, names = _staged(nlp, text)
    q = next(q for q in quotes if q.text == "the army would hold")
    assert "Ministry" in names[q.speaker or ""]


def test_a_speaker_named_once_is_one_actor_in_all_quotes(nlp: Language) -> None:
    text = (
        'Russian President Vladimir Putin spoke on Monday. "We are ready," Putin said. "The talks '
        'are serious," he told reporters later. "We will meet again," the president added.'
    )
    quotes, names = _staged(nlp, text)
    assert len(quotes) == 3 and {names[q.speaker or ""] for q in quotes} == {"Vladimir Putin"}


def test_a_name_in_marks_in_the_speakers_phrase_is_not_a_quote(nlp: Language) -> None:
    text = 'Fighters of the "al-Nusra Front" said they had taken the town.'
    quotes, _ = _staged(nlp, text)
    assert "al-Nusra Front" not in [q.text for q in quotes]


def test_a_pronoun_for_an_unnamed_speaker_is_unnamed_too(nlp: Language) -> None:
    text = (
        "Vladimir Putin arrived in Sochi on Monday. An official said the convoy was hit twice. "
        "He added that the road was closed."
    )
    quotes, _ = _staged(nlp, text)
    assert len(quotes) == 2 and [q.speaker for q in quotes] == [None, None]


def test_reported_words_end_at_the_paragraph(nlp: Language) -> None:
    # lines of headlines (a footer the cleaner left) parse as one sentence across the breaks
    text = "Aid groups say food is urgently needed in Idlib\n\nUN envoy says talks must resume soon"
    assert "\n" not in "".join(q.text for q in _staged(nlp, text)[0])


def _analysed(body: str) -> Article:
    """An article of `body` through the whole product: cleaned, then analysed."""
    raw = RawArticle(origin="probe", id="probe", title="Probe", text=body, published="2026-01-01")
    cleaned = prepare(raw)
    assert not isinstance(cleaned, Failure)
    return analyse([(raw, cleaned)])[0]


def test_quotes_never_come_from_removed_boilerplate() -> None:
    body = (
        'Vladimir Putin met Recep Tayyip Erdogan in Sochi on Monday. "The truce will hold," Putin said.'
        '\n\nRelated News: Aid is "urgently needed" in Idlib, the UN says'
    )
    article = _analysed(body)
    assert article.removed and "urgently needed" in article.removed[0].text
    assert [q.text for q in article.quotes] == ["The truce will hold"]


def test_a_colon_takes_the_next_paragraph(nlp: Language) -> None:
    text = (
        "Vladimir Putin spoke in Sochi. The president added:\n\nThe truce will hold and the road will open."
    )
    assert [q.text for q in _staged(nlp, text)[0]] == ["The truce will hold and the road will open"]


def test_he_after_a_quote_is_its_speaker_not_the_one_written_to(nlp: Language) -> None:
    text = (
        '"The city is under siege," Sergei Lavrov wrote to Ban Ki-moon. '
        '"They have broken the truce," he wrote.'
    )
    quotes, names = _staged(nlp, text)
    assert [names.get(q.speaker or "") for q in quotes] == ["Sergei Lavrov", "Sergei Lavrov"]


def test_a_surname_the_actors_stage_missed_is_the_person_named_in_full(nlp: Language) -> None:
    text = (
        "Russian general Sergei Rudskoi spoke to reporters on Friday. "
        '"We have asked to resume the strikes," Rudskoi said.'
    )
    quotes, names = _staged(nlp, text)
    assert names.get(_only(quotes).speaker or "") == "Sergei Rudskoi"


@pytest.mark.parametrize(
    "text",
    [
        "Reuters reported that the Syrian army had shelled the town. The army said it hit fighters.",
        "Reuters reported heavy clashes in the north. The army said it hit fighters.",
    ],
)
def test_the_army_is_no_news_agency_named_before(nlp: Language, text: str) -> None:
    quotes, names = _staged(nlp, text)
    q = next(q for q in quotes if q.text == "it hit fighters")
    assert "army" in names.get(q.speaker or "", "").lower()


def test_an_indefinite_group_is_not_one_named_before(nlp: Language) -> None:
    text = (
        "Opposition groups left the town on Monday. "
        "A human rights group said that more than ten people were killed."
    )
    quotes, names = _staged(nlp, text)
    q = next(q for q in quotes if q.text.startswith("more than ten"))
    assert "Opposition" not in names.get(q.speaker or "", "")


def test_a_description_in_apposition_is_the_name_beside_it(nlp: Language) -> None:
    text = (
        "The Syrian Observatory for Human Rights, a Britain-based monitor, counted the dead. "
        "The monitor said that ten people were killed."
    )
    quotes, names = _staged(nlp, text)
    q = next(q for q in quotes if q.text == "ten people were killed")
    assert names.get(q.speaker or "") == "Syrian Observatory for Human Rights"


def test_a_surname_in_a_different_full_name_is_not_that_actor(nlp: Language) -> None:
    # the actors stage may give "al-Assad" of "Ammar al-Assad" to the president it knows
    bashar = ("bashar", "Bashar al-Assad", "person", "SYR", "GOV", ["Bashar al-Assad", "al-Assad"])
    text = (
        "President Bashar al-Assad visited Latakia. "
        '"The villages are empty," said Dr Ammar al-Assad, a member of parliament.'
    )
    q = _only(_quotes(nlp, text, bashar))
    assert q.speaker is None
    assert q.speaker_mention is not None and q.speaker_mention.text == "Ammar al-Assad"


@pytest.mark.parametrize(
    "text",
    [
        # the given name says she is a woman
        'Donald Trump attacked Hillary Clinton on Monday. "The debate was rigged," she said.',
        # an honorific does, for names the given-name list does not know
        'Mrs Pat Sabbagh arrived in Beirut. Mr Robin Haddad met her there. "The border is closed," she said.',
        # a noun before the name or in apposition does
        "Congresswoman Jo Brack spoke after Senator Sam Ellis. Ellis praised Brack. "
        "She said the vote was close.",
    ],
)
def test_she_is_the_last_woman_named_not_the_last_man(nlp: Language, text: str) -> None:
    quotes, names = _staged(nlp, text)
    name = names.get(quotes[-1].speaker or "", "")
    assert name.endswith(("Hillary Clinton", "Pat Sabbagh", "Jo Brack"))


def test_he_is_the_last_man_named_not_the_last_woman(nlp: Language) -> None:
    text = 'Vladimir Putin spoke in Berlin. Angela Merkel thanked him. "The sanctions must end," he said.'
    quotes, names = _staged(nlp, text)
    assert names.get(_only(quotes).speaker or "") == "Vladimir Putin"


def test_a_pronoun_after_a_name_tells_its_gender(nlp: Language) -> None:
    # neither given name is on the list: "Moran said she" makes Moran a woman
    text = (
        "Robin Hale met Pat Moran in Geneva. Moran said she had seen the camps. "
        '"The camps are full," he said.'
    )
    quotes, names = _staged(nlp, text)
    assert names.get(quotes[-1].speaker or "") == "Robin Hale"


def test_they_after_a_pair_is_the_pair(nlp: Language) -> None:
    text = (
        "The Syrian army shelled the town. Vladimir Putin and Recep Tayyip Erdogan met in Sochi on "
        "Monday. They said the truce would hold."
    )
    quotes, names = _staged(nlp, text)
    q = _only(quotes)
    assert {names[i] for i in q.speakers} == {"Vladimir Putin", "Recep Tayyip Erdoğan"}


def test_no_quote_comes_from_a_link_list_run_on_at_a_one_line_storys_end() -> None:
    body = (
        'Vladimir Putin met Recep Tayyip Erdogan in Sochi on Monday. "The truce will hold," Putin said. '
        'Source: agencies Related News Aid is "urgently needed" in Idlib, the UN says | Talks resume'
    )
    article = _analysed(body)
    assert [q.text for q in article.quotes] == ["The truce will hold"]
    assert not any("Idlib" in p.name for p in article.places)


def test_he_is_a_person_the_tagger_took_for_an_organisation(nlp: Language) -> None:
    # no commas (as in scraped one-line texts): the name is the subject's head's modifier
    text = (
        '"The wells are dry" Karim Nassif coordinator of the opposition council wrote to Ban Ki-moon. '
        '"They have broken the truce" he wrote.'
    )
    quotes, names = _staged(nlp, text)
    assert [names.get(q.speaker or "") for q in quotes] == ["Karim Nassif", "Karim Nassif"]
