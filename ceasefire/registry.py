"""The component contract: named stages over one shared per-article analysis.

In the manner of spaCy's factories, each stage after parsing registers itself by name with
what it requires and assigns (fields of ``Analysis``) and the lexicons it reads. Only the
pipeline (``ceasefire.pipeline``) chooses and orders components: it builds a run from a list
of names, checks it before anything runs, and checks that each component wrote only what it
declared.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ceasefire.model import Actor, ActorCoder, Event, Place, Quote, TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class Analysis:
    """One article under analysis: its parsed text and the records components assign."""

    doc: Doc
    published: dt.date | None  # the article's day, the anchor of relative dates
    places: list[Place] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    coder: ActorCoder = field(default=lambda _phrase: None)  # codes role phrases no actor covers
    times: list[TimeExpression] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # ISO codes in order of first mention


#: What every analysis holds before any component runs.
GIVEN: tuple[str, ...] = ("doc", "published")
#: Every field a component may require or assign.
FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Analysis))

Component = Callable[[Analysis], None]


@dataclass(frozen=True)
class ComponentSpec:
    """A registered component and its declarations."""

    name: str
    function: Component
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    lexicons: tuple[str, ...]
    summary: str  # the first paragraph of the function's docstring


class ComponentError(ValueError):
    """A component declaration or a pipeline built from names is not valid."""


_REGISTRY: dict[str, ComponentSpec] = {}


def component(
    name: str,
    *,
    requires: tuple[str, ...],
    assigns: tuple[str, ...],
    lexicons: tuple[str, ...] = (),
) -> Callable[[Component], Component]:
    """Register a function of an ``Analysis`` as the component ``name``."""
    unknown = [f for f in (*requires, *assigns) if f not in FIELDS]
    if unknown:
        raise ComponentError(f"component {name!r} declares unknown fields: {', '.join(unknown)}")
    if not assigns:
        raise ComponentError(f"component {name!r} assigns nothing")

    def register(function: Component) -> Component:
        if name in _REGISTRY and _REGISTRY[name].function is not function:
            raise ComponentError(f"component {name!r} is registered twice")
        paragraph = (function.__doc__ or "").strip().split("\n\n")[0]
        summary = " ".join(paragraph.split())
        _REGISTRY[name] = ComponentSpec(
            name, function, tuple(requires), tuple(assigns), tuple(lexicons), summary
        )
        return function

    return register


def get_component(name: str) -> ComponentSpec:
    """The component registered as ``name``; an error lists the known ones."""
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(spec.name for spec in registered()) or "none"
        raise ComponentError(f"no component named {name!r} (registered: {known})") from None


def registered() -> list[ComponentSpec]:
    """Every registered component, by name."""
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]
