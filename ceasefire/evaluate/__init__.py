"""`ceasefire eval`: the pipeline's accuracy against gold files, one module per task.

Each task reads a JSON Lines gold file (formats in docs/eval.md), runs the real pipeline on its
texts and scores what comes out with the matching rules of `match.py`.
"""

from __future__ import annotations

from pathlib import Path

from ceasefire.evaluate.gold import GoldError, read_gold
from ceasefire.evaluate.match import DEFAULT_KM
from ceasefire.evaluate.score import NOTHING, Counts, Miss, Report

__all__ = ["DEFAULT_KM", "NOTHING", "TASKS", "Counts", "GoldError", "Miss", "Report", "evaluate"]

TASKS = ("quotes", "places", "events", "evloc", "articles")


def evaluate(task: str, path: Path, keep: int = 10, km: float = DEFAULT_KM) -> Report:
    """Score the pipeline on one gold file; `keep` worst misses are listed, places match within `km`."""
    # The task modules bring the pipeline (spaCy): loaded for a run, not for `ceasefire --help`.
    from ceasefire.evaluate import articles, events, evloc, places, quotes

    lines = read_gold(path)
    if task == "quotes":
        return quotes.evaluate(lines, keep)
    if task == "places":
        return places.evaluate(lines, keep, km)
    if task == "events":
        return events.evaluate(lines, keep, km)
    if task == "evloc":
        return evloc.evaluate(lines, keep)
    if task == "articles":
        return articles.evaluate(lines, keep)
    raise ValueError(f"unknown task {task!r} (one of {', '.join(TASKS)})")
