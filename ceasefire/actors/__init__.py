"""Actors: who the article names, coded to a country and a PLOVER sector."""

from ceasefire.actors.component import actors_component
from ceasefire.actors.find import find_actors
from ceasefire.actors.phrase import code_phrase

__all__ = ["actors_component", "code_phrase", "find_actors"]
