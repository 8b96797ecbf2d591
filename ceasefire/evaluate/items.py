"""The loop shared by the tasks that compare records (quotes, places, events) line by line."""

from __future__ import annotations

from collections.abc import Callable

from ceasefire.evaluate.gold import GoldLine, analysed
from ceasefire.evaluate.score import Judgement, Report, tally
from ceasefire.model import Article, Failure

#: Judges one gold line against its article: a Judgement per gold item, and the labels of
#: what was found that no gold item accounts for.
Judge = Callable[[GoldLine, Article], tuple[list[Judgement], list[str]]]


def nothing_read(line: GoldLine) -> Article:
    """An empty article for a line the pipeline could not read: each of its gold items is then
    judged "not found" and the line still counts."""
    return Article(
        id=str(line.number), url=None, source=None, title=None, published=None, language="", text=""
    )


def score_items(
    task: str, lines: list[GoldLine], judge: Judge, *, typed: bool, confusion: bool = False, keep: int = 10
) -> Report:
    report = Report(task, len(lines))
    judgements: list[Judgement] = []
    spurious: list[str] = []
    for line, result in zip(lines, analysed(lines), strict=True):
        if isinstance(result, Failure):
            report.failed.append(f"{result.origin}: {result.reason}")
            result = nothing_read(line)
        judged, extra = judge(line, result)
        judgements += judged
        spurious += extra
    return tally(report, judgements, spurious, typed=typed, confusion=confusion, keep=keep)
