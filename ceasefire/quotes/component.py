"""The ``quotes`` component."""

from __future__ import annotations

from ceasefire.quotes.find import find_quotes
from ceasefire.registry import Analysis, component


@component(
    "quotes",
    requires=("doc", "actors"),
    assigns=("quotes",),
    lexicons=(
        "attribution_nouns",
        "attribution_verbs",
        "gendered_words",
        "given_names",
        "organisation_nouns",
        "pair_heads",
        "pair_joiners",
        "pronouns",
        "speaker_titles",
        "speech_cues",
    ),
)
def quotes_component(analysis: Analysis) -> None:
    """Every quote, direct or reported, with its cue and its speaker resolved to an actor."""
    analysis.quotes = find_quotes(analysis.doc, analysis.actors)
