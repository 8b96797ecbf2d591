"""Counting: precision, recall and F1, per type, a confusion table and the worst misses.

Every task reduces a gold line to Judgements (one per gold item: what was found at its place,
if anything, and which of its fields came out right) plus the labels of what was found where
gold has nothing. The counts below all derive from those, so they add up by construction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ceasefire.evaluate.match import options

#: The confusion table's row and column for "nothing": a spurious find, or a gold item not found.
NOTHING = "(none)"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Miss:
    """A gold item the pipeline got wrong, with its sentence, for a person to look at."""

    line: int  # line number in the gold file
    problem: str  # "not found", "found as ACCUSE", "wrong date, place", ...
    expected: str
    found: str
    sentence: str
    severity: int  # 3 not found, 2 wrong type, 1 wrong detail: the worst are listed first

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "problem": self.problem,
            "expected": self.expected,
            "found": self.found,
            "sentence": self.sentence,
        }


@dataclass
class Judgement:
    """One gold item and what the pipeline made of it."""

    line: int
    label: str  # gold type or kind, "A|B" alternatives allowed; "" when the task has no types
    found_label: str | None  # the type of the found item aligned with it; None: nothing found
    fields: dict[str, bool]  # only the fields gold gives, each right or wrong
    expected: str
    found: str
    sentence: str

    @property
    def label_ok(self) -> bool:
        return self.found_label is not None and (not self.label or self.found_label in options(self.label))

    @property
    def right(self) -> bool:
        return self.label_ok and all(self.fields.values())

    @property
    def goodness(self) -> int:
        """How much of it is right: ranks the candidates when several finds sit at one place."""
        return 2 * self.label_ok + sum(self.fields.values())

    @property
    def gold_label(self) -> str:
        """Gold's label as counted: the alternative that was found, else the first one written."""
        if self.label_ok and self.found_label is not None:
            return self.found_label
        return self.label.split("|")[0].strip()

    def miss(self) -> Miss | None:
        if self.right:
            return None
        if self.found_label is None:
            problem, severity = "not found", 3
        elif not self.label_ok:
            problem, severity = f"found as {self.found_label}", 2
        else:
            problem, severity = "wrong " + ", ".join(n for n, ok in self.fields.items() if not ok), 1
        return Miss(self.line, problem, self.expected, self.found, self.sentence, severity)


@dataclass
class Report:
    task: str
    lines: int  # gold lines read
    failed: list[str] = field(default_factory=list)  # lines the pipeline could not read, and why
    scores: dict[str, Counts] = field(default_factory=dict)  # one row per matching level
    per_type: dict[str, Counts] = field(default_factory=dict)
    fields: dict[str, tuple[int, int]] = field(default_factory=dict)  # right, out of
    confusion: dict[str, dict[str, int]] | None = None  # gold type -> found type -> count
    misses: list[Miss] = field(default_factory=list)  # the worst first, cut to the number asked
    missed: int = 0  # every miss, before the cut
    figures: dict[str, float] = field(default_factory=dict)  # task-specific figures

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "lines": self.lines,
            "failed": self.failed,
            "scores": {name: counts.to_dict() for name, counts in self.scores.items()},
            "per_type": {name: counts.to_dict() for name, counts in self.per_type.items()},
            "fields": {name: {"right": r, "of": n} for name, (r, n) in self.fields.items()},
            "confusion": self.confusion,
            "figures": self.figures,
            "missed": self.missed,
            "worst_misses": [m.to_dict() for m in self.misses],
        }


def worst(misses: list[Miss], keep: int) -> list[Miss]:
    return sorted(misses, key=lambda m: (-m.severity, m.line))[:keep]


def tally(
    report: Report,
    judgements: list[Judgement],
    spurious: list[str],
    *,
    typed: bool,
    confusion: bool = False,
    keep: int = 10,
) -> Report:
    """Fill `report` from the judgements and the labels of the spurious finds."""
    found_total = sum(j.found_label is not None for j in judgements) + len(spurious)
    gold_total = len(judgements)
    aligned = gold_total - sum(j.found_label is None for j in judgements)
    report.scores["located"] = Counts(aligned, len(spurious), gold_total - aligned)
    if typed:
        right_type = sum(j.label_ok for j in judgements)
        report.scores["typed"] = Counts(right_type, found_total - right_type, gold_total - right_type)
    right = sum(j.right for j in judgements)
    report.scores["full"] = Counts(right, found_total - right, gold_total - right)
    if typed:
        report.per_type = _per_type(judgements, spurious)
    if confusion:
        report.confusion = _confusion(judgements, spurious)
    fields: dict[str, list[int]] = {}
    for judgement in judgements:
        if judgement.found_label is None:
            continue
        for name, ok in judgement.fields.items():
            tally_ = fields.setdefault(name, [0, 0])
            tally_[0] += ok
            tally_[1] += 1
    report.fields = {name: (r, n) for name, (r, n) in sorted(fields.items())}
    misses = [m for j in judgements if (m := j.miss()) is not None]
    report.missed += len(misses)
    report.misses = worst(report.misses + misses, keep)
    return report


def _per_type(judgements: list[Judgement], spurious: list[str]) -> dict[str, Counts]:
    hits = Counter(j.found_label for j in judgements if j.label_ok)
    gold = Counter(j.gold_label for j in judgements)
    found = Counter([j.found_label for j in judgements if j.found_label is not None] + spurious)
    return {
        label: Counts(hits[label], found[label] - hits[label], gold[label] - hits[label])
        for label in sorted(set(gold) | set(found))
        if isinstance(label, str)
    }


def _confusion(judgements: list[Judgement], spurious: list[str]) -> dict[str, dict[str, int]]:
    table: dict[str, Counter[str]] = {}
    pairs = [(j.gold_label, j.found_label or NOTHING) for j in judgements]
    for gold, found in pairs + [(NOTHING, label) for label in spurious]:
        table.setdefault(gold, Counter())[found] += 1
    return {gold: dict(sorted(row.items())) for gold, row in sorted(table.items())}
