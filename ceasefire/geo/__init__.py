"""The places stage and the offline gazetteer it resolves names with."""

from ceasefire.geo.component import places_component
from ceasefire.geo.gazetteer import Candidate, Gazetteer, get_gazetteer
from ceasefire.geo.places import find_places

__all__ = ["Candidate", "Gazetteer", "find_places", "get_gazetteer", "places_component"]
