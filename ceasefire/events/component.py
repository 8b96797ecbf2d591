"""The ``events`` component."""

from __future__ import annotations

from ceasefire.events.extract import find_events
from ceasefire.registry import Analysis, component


@component(
    "events",
    requires=("doc", "published", "places", "actors", "coder", "times", "quotes"),
    assigns=("events", "actors"),
    lexicons=(
        "articles",
        "assault_modes",
        "casualty_gap_stops",
        "casualty_verbs",
        "concurrent_act_openers",
        "condition_marks",
        "conflict_nouns",
        "count_inclusions",
        "count_qualifiers",
        "direction_prepositions",
        "disaster_words",
        "dispossession_verbs",
        "event_locatives",
        "facility_words",
        "failure_verbs",
        "fatality_words",
        "future_auxiliaries",
        "grievance_prepositions",
        "habitual_adverbs",
        "injury_words",
        "intent_words",
        "light_verbs",
        "locality_words",
        "modal_auxiliaries",
        "months",
        "nonpast_auxiliaries",
        "noun_agent_prepositions",
        "number_words",
        "obligation_auxiliaries",
        "opposition_verbs",
        "other_act_openers",
        "other_time_openers",
        "own_intent_words",
        "pair_heads",
        "pair_joiners",
        "pair_words",
        "past_auxiliaries",
        "perfect_auxiliaries",
        "period_nouns",
        "period_prepositions",
        "place_lead_prepositions",
        "place_nouns",
        "place_types",
        "plover_type_classes",
        "pronouns",
        "sequence_prepositions",
        "quantity_words",
        "reversal_verbs",
        "seat_participles",
        "sector_roles",
        "site_nouns",
        "speech_cues",
        "stance_participles",
        "target_prepositions",
        "threat_codes",
        "toll_verbs",
        "undertaking_nouns",
        "vague_counts",
    ),
)
def events_component(analysis: Analysis) -> None:
    """PLOVER events (ids e1, e2, ...) with actor, recipient, place, date and casualties; a role
    phrase the actors stage left uncoded ("a Syrian airfield") adds an actor of its own."""
    analysis.events, added = find_events(
        analysis.doc,
        analysis.actors,
        analysis.places,
        analysis.times,
        analysis.quotes,
        analysis.coder,
        analysis.published,
    )
    analysis.actors = analysis.actors + added
