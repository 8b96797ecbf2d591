"""Actors: who the article names, coded to a country and a PLOVER sector."""

from ceasefire.actors.codes import ActorCode
from ceasefire.actors.find import find_actors
from ceasefire.actors.phrase import code_phrase

__all__ = ["ActorCode", "code_phrase", "find_actors"]
