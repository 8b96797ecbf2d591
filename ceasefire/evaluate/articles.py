"""Articles: the body that cleaning keeps against the expected body, word by word.

As in the HTML extraction benchmark, each page is compared as the set of its lower-cased
words; the counts are summed over pages (so P, R and F1 agree with each other), and the
per-page means are given too.
"""

from __future__ import annotations

import re

from ceasefire.evaluate.gold import GoldLine
from ceasefire.evaluate.match import clip
from ceasefire.evaluate.score import Counts, Miss, Report
from ceasefire.model import Failure
from ceasefire.pipeline import prepare

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def lost_sentence(body: str, kept: set[str]) -> str:
    """The first expected sentence that cleaning lost most of: what a person should look at."""
    for sentence in _SENTENCE_END.split(body):
        wanted = words(sentence)
        if wanted and len(wanted - kept) > len(wanted) / 2:
            return clip(sentence, 200)
    return ""


def evaluate(lines: list[GoldLine], keep: int = 10) -> Report:
    report = Report("articles", len(lines))
    total = Counts()
    pages: list[tuple[float, Counts, Miss]] = []
    for line in lines:
        body = str(line.record.get("body") or "")
        cleaned = line.raw if isinstance(line.raw, Failure) else prepare(line.raw)
        if isinstance(cleaned, Failure):
            report.failed.append(f"{cleaned.origin}: {cleaned.reason}")
            kept: set[str] = set()
        else:
            kept = words(cleaned.text)
        want = words(body)
        page = Counts(len(kept & want), len(kept - want), len(want - kept))
        total.tp, total.fp, total.fn = total.tp + page.tp, total.fp + page.fp, total.fn + page.fn
        missing = " ".join(sorted(want - kept)[:12])
        extra = " ".join(sorted(kept - want)[:12])
        problem = f"F1 {page.f1:.3f} (P {page.precision:.3f}, R {page.recall:.3f})"
        name = str(line.record.get("id") or line.record.get("url") or line.number)
        expected = f"{name}, words missing: {missing or '-'}"
        miss = Miss(line.number, problem, expected, f"extra: {extra or '-'}", lost_sentence(body, kept), 1)
        pages.append((page.f1, page, miss))
    report.scores = {"words": total}
    count = len(pages) or 1
    report.figures = {
        "mean_precision": round(sum(p.precision for _, p, _ in pages) / count, 4),
        "mean_recall": round(sum(p.recall for _, p, _ in pages) / count, 4),
        "mean_f1": round(sum(p.f1 for _, p, _ in pages) / count, 4),
    }
    imperfect = sorted((item for item in pages if item[0] < 1.0), key=lambda item: item[0])
    report.missed = len(imperfect)
    report.misses = [miss for _, _, miss in imperfect[:keep]]
    return report
