"""When an event happened, when its own sentence gives no date.

News states the date of an event once, usually in the lead, and then tells the rest of the
story without repeating it. So an event whose sentence has no resolved time borrows one, in
this order (``Event.date_source`` records which rule gave it):

1. the nearest day or week expression of the same paragraph ("context");
2. the story's lead date: the first day expression of its first two sentences, which is where
   datelines and "... on Monday" leads sit ("context");
3. the publication date, for a material event (an attack, an arrest, a protest) reported in the
   past tense in the lead: "Air strikes killed 25 civilians" in a news lead happened that day
   or the day before ("published").

A sentence after the lead that opens with its time ("On Saturday, a raid on another hospital
...") sets the time of what follows, not of the act told before it: neither it nor a sentence
after it lends to an earlier sentence. An act told a measured time after or before another ("a week
after a car bomb killed six") takes the date lent moved by the measure. The times of a post
embedded in the page (a tweet and its byline) lend nothing: the post is told at its own time.

Coarser expressions nearby (a month, "since 2011") are background, not the event's date, and
are not borrowed. Planned, hypothetical and negated events borrow nothing, and neither do
repeated ones ("several attacks", "has repeatedly shelled"): they are many events of
unknown days, not the one the story dates.
"""

from __future__ import annotations

import bisect
import datetime as dt

from spacy.tokens import Doc, Span, Token

from ceasefire.events.factuality import auxiliaries, since
from ceasefire.events.where_when import Neighbourhood, Sequel, shift_day
from ceasefire.model import TimeExpression
from ceasefire.resources import words
from ceasefire.text import embedded_posts

#: Precisions precise enough to date an event in another sentence.
_BORROWED = frozenset({"day", "week"})
#: Sentences that make up a news lead.
LEAD_SENTENCES = 3
_DATELINE_SENTENCES = 2
#: Words that may stand before a time that opens its sentence.
_OPENERS = frozenset({"ADP", "CCONJ", "ADV", "PUNCT", "SCONJ", "SPACE"})


def is_repeated(trigger: Token, predicate: Token) -> bool:
    """Does the mention stand for many events: a plural noun with a word of number ("several
    attacks", "a series of raids"), a verb with a word of habit ("repeatedly shelled"), or a
    toll counted over a period ("have been killed since 2011")?"""
    if trigger.tag_ in ("NNS", "NNPS"):
        many = words("quantity_words")
        modifiers = [c.lower_ for c in trigger.children if c.dep_ in ("amod", "det", "nummod")]
        if trigger.dep_ == "pobj" and trigger.head.lower_ == "of":
            modifiers.append(trigger.head.head.lower_)  # "a series of raids", "dozens of attacks"
        if any(w in many for w in modifiers):
            return True
    habitual = words("habitual_adverbs")
    if any(c.lower_ in habitual for c in predicate.children if c.dep_ == "advmod"):
        return True
    perfect = bool(auxiliaries(predicate) & words("perfect_auxiliaries"))
    return perfect and since(predicate)


def is_past(predicate: Token) -> bool:
    """Is the predicate in a past tense: "killed", "were killed", "have been killed"?"""
    auxes = auxiliaries(predicate)
    if auxes & words("nonpast_auxiliaries"):
        return False
    # A bare participle is the headline passive: "8 persons killed in rocket attacks".
    return predicate.tag_ in ("VBD", "VBN") or bool(auxes & words("past_auxiliaries"))


def _opens(sent: Span, time: TimeExpression) -> bool:
    """Does the expression open its sentence, after at most a preposition, a conjunction or an
    adverb ("On Saturday, ...", "But late on Monday ...")?"""
    return all(tok.pos_ in _OPENERS for tok in sent if tok.idx < time.start)


class Dating:
    """The dates an undated event may borrow from its article; built once per Doc."""

    def __init__(
        self, doc: Doc, around: Neighbourhood, times: list[TimeExpression], published: dt.date | None
    ) -> None:
        self.around = around
        self.published = published.isoformat() if published else None
        starts = [s.start_char for s in around.sents]
        # Per sentence, the first expression precise enough to lend its date.
        self.by_sentence: dict[int, str] = {}
        # Sentences past the lead whose lending expression opens them: they lend only forward.
        # (A lead that opens with its time, "On Monday, ...", dates the headline before it.)
        self.opened: set[int] = set()
        posts = embedded_posts(doc)
        for time in times:
            if any(first <= time.start <= last for first, last in posts):
                continue  # an embedded post's times, its date included, date nothing outside it
            if time.value is not None and time.precision in _BORROWED:
                k = bisect.bisect_right(starts, time.start) - 1
                if k >= _DATELINE_SENTENCES and k not in self.by_sentence and _opens(around.sents[k], time):
                    self.opened.add(k)
                self.by_sentence.setdefault(k, time.value)
        self.lead_sentence = next(
            (k for k in range(_DATELINE_SENTENCES) if len(self.by_sentence.get(k, "")) == 10), None
        )

    def _lends(self, j: int, k: int) -> bool:
        """Does sentence j lend its date to sentence k? Not when j or a sentence between them
        that opens with its own time begins a later time than k's."""
        return j in self.by_sentence and not any(k < o <= j for o in self.opened)

    def borrow(self, k: int, material_past: bool, told_in: Sequel | None) -> tuple[str | None, str | None]:
        """(date, date_source) for an undated event of sentence k; ``material_past``: the
        event is a material act told in the past tense; ``told_in``: the measured sequel it is
        told in ("a week after a car bomb killed six"), whose measure moves the date lent."""
        date, source = self._lent(k, material_past)
        if told_in is not None:
            date = shift_day(date, told_in.days)
        return (date, source) if date is not None else (None, None)

    def _lent(self, k: int, material_past: bool) -> tuple[str | None, str | None]:
        for j, same_paragraph in self.around.around(k):
            if same_paragraph and self._lends(j, k):
                return self.by_sentence[j], "context"
        if self.lead_sentence is not None and self._lends(self.lead_sentence, k):
            return self.by_sentence[self.lead_sentence], "context"
        if material_past and k < LEAD_SENTENCES and self.published is not None:
            return self.published, "published"
        return None, None
