"""Attributions as PolNeAR counts them (issue 13): one phenomenon a test, on sentences written here."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.test_quotes import ERDOGAN, PESKOV, PUTIN, TRUMP, _only, _quotes


def test_split_quote_is_one_attribution(nlp: Language) -> None:
    text = '"We are ready," Peskov said, "but the talks must be serious."'
    q = _only(_quotes(nlp, text, PESKOV))
    assert (q.kind, q.cue, q.speaker) == ("direct", "said", "peskov")
    assert q.text == "We are ready but the talks must be serious."
    assert text[q.start : q.end].startswith("We are ready") and text[q.start : q.end].endswith("serious.")


def test_quoted_sentence_after_an_attribution_continues_it(nlp: Language) -> None:
    text = '"The talks went well," Erdogan said. "We will meet again in May."\n\nThe army withdrew.'
    q = _only(_quotes(nlp, text, ERDOGAN))
    assert (q.speaker, q.text) == ("erdogan", "The talks went well We will meet again in May.")


def test_quoted_words_in_a_reported_clause_give_the_clause(nlp: Language) -> None:
    text = 'Donald Trump said the deal was "a total disaster" and "a bad joke".'
    q = _only(_quotes(nlp, text, TRUMP))
    assert (q.kind, q.speaker) == ("mixed", "trump")
    assert q.text == 'the deal was "a total disaster" and "a bad joke"'


def test_a_title_in_marks_is_not_a_quote(nlp: Language) -> None:
    text = 'In an interview with "Face The Nation", Vladimir Putin said the sanctions had failed.'
    q = _only(_quotes(nlp, text, PUTIN))
    assert (q.kind, q.text) == ("indirect", "the sanctions had failed")


def _texts(nlp: Language, text: str, *specs: object) -> list[tuple[str, str, str | None]]:
    return [(q.kind, q.text, q.speaker) for q in _quotes(nlp, text, *specs)]


def test_the_object_of_an_act_of_speech(nlp: Language) -> None:
    text = "Vladimir Putin cited the sanctions on Monday."
    assert _texts(nlp, text, PUTIN) == [("indirect", "the sanctions", "putin")]


def test_called_for(nlp: Language) -> None:
    text = "Recep Tayyip Erdogan called for an immediate ceasefire in Idlib."
    assert _texts(nlp, text, ERDOGAN) == [("indirect", "an immediate ceasefire in Idlib", "erdogan")]


def test_an_accusation(nlp: Language) -> None:
    text = "Vladimir Putin accused the rebels of breaking the truce."
    assert ("indirect", "breaking the truce", "putin") in _texts(nlp, text, PUTIN)


def test_a_pledge_to_act(nlp: Language) -> None:
    text = "Donald Trump vowed to withdraw the troops by May."
    assert _texts(nlp, text, TRUMP) == [("indirect", "to withdraw the troops by May", "trump")]


def test_an_attribution_inside_the_reported_sentence(nlp: Language) -> None:
    text = "The talks, Peskov said, would resume in Geneva next week."
    q = _only(_quotes(nlp, text, PESKOV))
    assert (q.kind, q.speaker, q.text) == ("indirect", "peskov", text.rstrip("."))


def test_a_second_act_of_the_speaker_is_not_reported(nlp: Language) -> None:
    text = "Vladimir Putin said the army would stay in Syria and warned the rebels."
    q = next(q for q in _quotes(nlp, text, PUTIN) if q.cue == "said")
    assert q.text == "the army would stay in Syria"


def test_a_colon_after_any_verb_introduces_the_quote(nlp: Language) -> None:
    text = 'Donald Trump met the press on Friday.\n\nTrump continued:\n\n"We will win this fight."'
    q = _only(_quotes(nlp, text, TRUMP))
    assert (q.kind, q.cue, q.speaker, q.text) == ("direct", "continued", "trump", "We will win this fight.")


def test_a_quote_signed_after_a_dash(nlp: Language) -> None:
    text = (
        "Readers wrote in.\n“The ceasefire must hold for the children.” ― Maria Lopez\n"
        "“Enough.” ― Omar Haddad"
    )
    quotes = _quotes(nlp, text)
    assert [(q.kind, q.text) for q in quotes] == [
        ("direct", "The ceasefire must hold for the children."),
        ("direct", "Enough."),
    ]
    assert [q.speaker_mention.text if q.speaker_mention else None for q in quotes] == [
        "Maria Lopez",
        "Omar Haddad",
    ]


def test_a_line_led_by_a_name_and_a_colon(nlp: Language) -> None:
    text = 'Erdogan: Turkey Will Not Leave Idlib.\n\n"PUTIN: We have agreed on the zones and the patrols.'
    quotes = _quotes(nlp, text, ERDOGAN, PUTIN)
    assert [(q.kind, q.text, q.speaker) for q in quotes] == [
        ("indirect", "Turkey Will Not Leave Idlib", "erdogan"),
        ("direct", "We have agreed on the zones and the patrols", "putin"),
    ]


def test_a_name_in_marks_leaves_the_reported_clause(nlp: Language) -> None:
    text = 'Vladimir Putin said the group known as "Free Army" had left the town.'
    q = _only(_quotes(nlp, text, PUTIN))
    assert (q.kind, q.speaker, q.text) == (
        "indirect",
        "putin",
        'the group known as "Free Army" had left the town',
    )


def test_two_apostrophes_mark_a_quote(nlp: Language) -> None:
    text = "''We will not leave Idlib,'' Erdogan said on Monday."
    q = _only(_quotes(nlp, text, ERDOGAN))
    assert (q.kind, q.text, q.speaker) == ("direct", "We will not leave Idlib", "erdogan")


def test_a_long_attribution_between_two_parts(nlp: Language) -> None:
    text = (
        '"The truce is holding," said Dmitry Peskov, a spokesman who has spoken for the Kremlin '
        'since the early years of the war. "Both sides keep to the lines."'
    )
    q = _only(_quotes(nlp, text, PESKOV))
    assert (q.speaker, q.text) == ("peskov", "The truce is holding Both sides keep to the lines.")


def test_who_said_is_the_person_the_clause_is_about(nlp: Language) -> None:
    text = "The talks were led by Vladimir Putin, who said the zones would be patrolled."
    q = next(q for q in _quotes(nlp, text, PUTIN) if q.cue == "said")
    assert (q.speaker, q.text) == ("putin", "the zones would be patrolled")
    assert q.speaker_mention is not None and q.speaker_mention.text == "who"


def test_the_name_by_the_cue_when_the_parse_finds_the_subject_in_the_quote(nlp: Language) -> None:
    text = (
        '"He would be a fine envoy. Not good, great. One of the ablest men in the whole team," '
        "Rep. Dmitry Peskov (D-Md.) said in a phone interview."
    )
    q = _only(_quotes(nlp, text, PESKOV))
    assert q.speaker == "peskov"


def test_any_verb_of_a_speaker_with_a_that_clause_reports_a_view(nlp: Language) -> None:
    text = "Recep Tayyip Erdogan hinted that the border would reopen in June."
    q = _only(_quotes(nlp, text, ERDOGAN))
    assert (q.kind, q.cue, q.speaker, q.text) == (
        "indirect",
        "hinted",
        "erdogan",
        "the border would reopen in June",
    )


def test_a_denial(nlp: Language) -> None:
    text = "Dmitry Peskov denied the reports of Russian troops near Idlib."
    q = _only(_quotes(nlp, text, PESKOV))
    assert (q.kind, q.speaker, q.text) == ("indirect", "peskov", "the reports of Russian troops near Idlib")


def test_the_next_paragraph_speaker_does_not_take_the_quote(nlp: Language) -> None:
    text = (
        'Donald Trump spoke in Ohio. "We will bring them home," he said. "All of them."\n\n'
        "But Erdogan and Putin say other steps are needed."
    )
    quotes = _quotes(nlp, text, TRUMP, ERDOGAN, PUTIN)
    assert len(quotes) == 2
    assert (quotes[0].kind, quotes[0].speaker) == ("direct", "trump")
    assert (quotes[1].kind, quotes[1].text) == ("indirect", "other steps are needed")
    assert set(quotes[1].speakers) == {"erdogan", "putin"}  # each of the speakers named together


def test_backticks_open_a_quote(nlp: Language) -> None:
    text = "``We will not leave Idlib,'' Erdogan said on Monday."
    q = _only(_quotes(nlp, text, ERDOGAN))
    assert (q.kind, q.text, q.speaker) == ("direct", "We will not leave Idlib", "erdogan")


def test_quoted_words_in_a_clause_inside_a_reported_clause(nlp: Language) -> None:
    text = 'Recep Tayyip Erdogan says he admired what Putin calls "a bold step" in Sochi.'
    q = _only(_quotes(nlp, text, ERDOGAN, PUTIN))
    assert (q.kind, q.cue, q.speaker) == ("mixed", "says", "erdogan")
    assert q.text == 'he admired what Putin calls "a bold step" in Sochi'


def test_a_passive_with_its_agent(nlp: Language) -> None:
    text = "The new border plan was criticized by Recep Tayyip Erdogan on Monday."
    q = _only(_quotes(nlp, text, ERDOGAN))
    assert (q.kind, q.speaker, q.text) == ("indirect", "erdogan", "The new border plan")


def test_a_claim_of_its_possessor(nlp: Language) -> None:
    text = "Reporters checked Vladimir Putin's claim that the troops had left Syria."
    q = _only(_quotes(nlp, text, PUTIN))
    assert (q.kind, q.cue, q.speaker, q.text) == ("indirect", "claim", "putin", "the troops had left Syria")


def test_a_quote_in_the_next_paragraph_is_a_new_attribution_by_the_same_speaker(nlp: Language) -> None:
    text = '"The truce is holding," Peskov said.\n\n"Both sides keep to the lines."'
    quotes = _quotes(nlp, text, PESKOV)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("The truce is holding", "peskov"),
        ("Both sides keep to the lines.", "peskov"),
    ]


def test_a_series_title_is_no_speaker_label(nlp: Language) -> None:
    text = "The Latest: Erdogan urges voters to stay calm.\n\nVoting began on Sunday."
    q = _only(_quotes(nlp, text, ERDOGAN))
    assert (q.cue, q.speaker) == ("urges", "erdogan")


def test_reported_words_with_nobody_to_report_them(nlp: Language) -> None:
    assert _quotes(nlp, "To announce that the border would reopen was a mistake.") == []


@pytest.mark.parametrize(
    ("text", "reported", "cue"),
    [
        ("Dmitry Peskov told reporters the talks had failed.", "the talks had failed", "told"),
        ("The talks had failed, Dmitry Peskov told reporters on Monday.", "The talks had failed", "told"),
        (
            "Dmitry Peskov denied that Russian troops were near Idlib.",
            "Russian troops were near Idlib",
            "denied",
        ),
    ],
)
def test_reported_speech_without_marks_before_or_after_its_cue(
    nlp: Language, text: str, reported: str, cue: str
) -> None:
    q = _only(_quotes(nlp, text, PESKOV))
    assert (q.kind, q.text, q.cue, q.speaker) == ("indirect", reported, cue, "peskov")
