"""Quotes: who said what, each attribution with its cue, its kind and its speaker."""

from ceasefire.quotes.component import quotes_component
from ceasefire.quotes.find import find_quotes

__all__ = ["find_quotes", "quotes_component"]
