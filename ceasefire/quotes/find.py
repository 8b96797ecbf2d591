"""The quotes stage: direct, mixed and indirect quotes with their cue and speaker.

Three passes over the Doc:
1. Labelled lines: a line led by a name and a colon ("PENCE: ...", "Sanders: ...").
2. Quote marks. Straight, curly, angle marks, two apostrophes and backticks are paired per
   paragraph; a mark left open runs to the paragraph's end, and when the next paragraph opens
   with a mark the quote continues there (the newswire convention for long quotes). Each quoted
   stretch is tied to a cue: a name after a dash, the cue that governs it in the parse, the verb
   before a colon that introduces it, else the nearest cue in its sentence; never a cue in
   another paragraph. A quote that opens a sentence or is a full clause is *direct*; quoted words
   inside a reported clause are *mixed*, and the quote is the clause ('said the deal was "a
   disaster"'). Quoted stretches with no cue (scare quotes, names, titles) are dropped, except a
   quoted sentence right after an attributed quote. A split quote ('"A," he said, "B."') and a
   quoted sentence after an attributed one are one quote; a quote in the next paragraph is a new
   one by the same speaker.
3. Reported words without marks: a cue's clause ("said (that) ..."), and the object, infinitive
   or prepositional object of a verb of speech or stance ("cited the report", "vowed to leave",
   "called for talks"), any speaker's verb with a "that" clause, a passive with its agent, a
   possessed noun of speech ("Putin's claim that ...") and "according to X, ..." give *indirect*
   quotes; words already in a quote, and words nobody is named to report, give none.

Speakers are resolved to actors by ``ceasefire.quotes.speakers``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from ceasefire.model import Actor, Quote, QuoteKind
from ceasefire.quotes.speakers import Speaker, SpeakerResolver, subject_of
from ceasefire.resources import table, tagged, words
from ceasefire.text import doc_text

_OPENERS = frozenset(("“", "«", "„", "``"))
_CLOSERS = frozenset("”»")
# two apostrophes stand for a double mark in some newspapers' archives (''We will win''), opened
# by two backticks in some wire archives (``We will win'')
_MARKS = re.compile(r"``|''|[\"“”«»„]")
_PARAGRAPH = re.compile(r"[^\n]+")
# What may precede a quote that opens a sentence: nothing, end punctuation, a colon or a dash.
_SENTENCE_LEAD = frozenset(".!?:;—–-")
_TRIM = " \t\n,;:"
_CONTINUATION = re.compile(r"\n\s*(?:``|''|[\"“«„])")
# a quote signed by a name after a dash: '... better." ― Maria Lopez'
_SIGNATURE = re.compile(r"[ \t\u00a0]*([―—–])[ \t\u00a0]*((?:[A-Z][\w'’.-]*[ \t]?){1,5})[.]?[ \t]*(?=\n|$)")
# a line led by a name of one to three capitalised words and a colon, and at least three words;
# a name opens with no article ("The Latest: ..." is a series title)
_LABELLED = re.compile(
    r"^([\"“]?)((?!(?:The|A|An)\b)(?:[A-Z][\w'’.-]*)(?:[ \t][A-Z][\w'’.-]*){0,2}):"
    r"[ \t]+(\S+(?:[ \t]+\S+){2,}.*)$",
    re.MULTILINE,
)


@dataclass
class _Stretch:
    """Quoted words: content offsets without the marks, possibly across paragraphs."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark (or of the content when none)
    close_mark: int  # offset just past the closing mark (or the paragraph end)


def _pair_marks(text: str) -> list[_Stretch]:
    """Pair quote marks paragraph by paragraph; see the module docstring for the conventions."""
    stretches: list[_Stretch] = []
    pending: _Stretch | None = None  # a quote left open at a paragraph's end
    for paragraph in _PARAGRAPH.finditer(text):
        opened: int | None = None
        opened_width = 1
        first = True
        for mark in _MARKS.finditer(text, paragraph.start(), paragraph.end()):
            char, at = mark.group(), mark.start()
            continues = first and pending is not None and not text[paragraph.start() : at].strip()
            first = False
            if continues and pending is not None:
                opened, stretches[-1:] = pending.open_mark, []
                pending = None
                continue
            if opened is None:
                if char in _CLOSERS and at > 0 and not text[at - 1].isspace():
                    continue  # a stray closing mark
                opened, opened_width = at, len(char)
            elif char not in _OPENERS:
                stretches.append(_Stretch(opened + opened_width, at, opened, mark.end()))
                opened = None
        pending = None
        if opened is not None:  # unbalanced: runs to the paragraph's end
            pending = _Stretch(opened + opened_width, paragraph.end(), opened, paragraph.end())
            stretches.append(pending)
    return [s for s in (_trimmed(text, s) for s in stretches) if s.end > s.start]


def _trimmed(text: str, s: _Stretch) -> _Stretch:
    start, end = s.start, s.end
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return _Stretch(start, end, s.open_mark, s.close_mark)


@cache
def _cue_lemmas() -> frozenset[str]:
    """Reporting verbs, by lemma, so that "says", "said" and "saying" all count."""
    return frozenset(table("speech_cues"))


@cache
def _attribution_verbs() -> dict[str, frozenset[str]]:
    """Verbs whose complement is an attribution, with the complements that are (``clause``,
    ``object``, ``infinitive`` or a preposition)."""
    return {lemma: frozenset(tags.split()) for lemma, tags in table("attribution_verbs").items()}


def _is_cue(token: Token, cues: frozenset[str]) -> bool:
    if token.lemma_.lower() in cues and token.pos_ in ("VERB", "AUX"):
        return True
    return token.lower_ == "according" and any(c.lower_ == "to" for c in token.children)


def _complements(cue: Token) -> frozenset[str]:
    """Which of a cue's complements hold what was said."""
    lemma = cue.lemma_.lower()
    found = set(_attribution_verbs().get(lemma, ()))
    if lemma in _cue_lemmas():
        found.add("clause")
        if lemma in tagged("speech_cues", "directive"):
            found.add("infinitive")  # "urged the rebels to return"
    return frozenset(found)


def _owned_claim(noun: Token) -> Token | None:
    """The clause of a possessed noun of speech: "Trump's claim that ...", "her pledge to ..."."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in words("attribution_nouns"):
        return None
    if not any(c.dep_ == "poss" for c in noun.children):
        return None
    return next(
        (c for c in noun.children if c.dep_ == "acl" and c.i > noun.i and c.pos_ in ("VERB", "AUX")), None
    )


def _without_that(tokens: list[Token]) -> list[Token]:
    """A reported clause without its complementiser: "said [that] the talks failed"."""
    return tokens[1:] if tokens and tokens[0].lower_ == "that" else tokens


_NOT_VIEWS = frozenset({"be", "have", "make", "let", "help", "ensure", "mean", "do", "get"})
_COMPLEMENT_DEPS = {"ccomp": "clause", "dobj": "object", "xcomp": "infinitive"}


class _Finder:
    """State for one Doc: the quoted stretches and the cues already used."""

    def __init__(self, doc: Doc, actors: list[Actor]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.resolver = SpeakerResolver(doc, self.text, actors)
        self.stretches = _pair_marks(self.text)
        self.quotes: list[Quote] = []
        self.used_cues: set[int] = set()
        self.cues = _cue_lemmas()

    def quoted(self, token: Token) -> bool:
        return self._marked(token.idx)

    def _marked(self, offset: int) -> bool:
        return any(s.open_mark <= offset < s.close_mark for s in self.stretches)

    def _window(self, s: _Stretch) -> Span:
        """The sentence that opens the quote through the one that follows its closing mark."""
        doc = self.doc
        first = doc.char_span(s.open_mark, s.open_mark + 1, alignment_mode="expand")
        after = s.close_mark
        text = self.text
        while after < len(text) and text[after] in " \t,":
            after += 1
        if after < len(text) and text[after] != "\n":
            last = doc.char_span(after, after + 1, alignment_mode="expand")
        else:
            last = doc.char_span(max(s.close_mark - 1, 0), s.close_mark, alignment_mode="expand")
        if first is None or last is None:
            return doc[0:0]
        return doc[first.sent.start : last.sent.end]

    def _cue_for(self, s: _Stretch) -> Token | None:
        inside = self.doc.char_span(s.start, s.end, alignment_mode="expand")
        if inside is not None:
            for ancestor in inside.root.ancestors:  # the cue that governs the quote
                if self._may_cue(ancestor, s):
                    return ancestor
        if (introducing := self._colon_cue(s)) is not None:
            return introducing
        cues = [t for t in self._window(s) if self._may_cue(t, s)]
        return min(
            cues,
            key=lambda t: min(abs(t.idx - s.close_mark), abs(s.open_mark - t.idx)),
            default=None,
        )

    def _may_cue(self, token: Token, s: _Stretch) -> bool:
        """A cue outside quote marks, in the quote's paragraph: a parse that runs a sentence
        across a paragraph break does not make the next paragraph's speaker this quote's."""
        if not _is_cue(token, self.cues) or self.quoted(token):
            return False
        gap = (
            self.text[s.close_mark : token.idx]
            if token.idx > s.open_mark
            else self.text[token.idx : s.open_mark]
        )
        return "\n" not in gap

    def _colon_cue(self, s: _Stretch) -> Token | None:
        """ "Caddell continued: "..."": a clause that ends in a colon before the quote introduces
        it, whatever its verb; the verb is the cue."""
        before = self.text[: s.open_mark].rstrip()
        if not before.endswith(":"):
            return None
        colon = self.doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
        if colon is None:
            return None
        verb = colon.root.head if colon.root.dep_ == "punct" else None
        if verb is None or verb.pos_ not in ("VERB", "AUX") or subject_of(verb) is None:
            return None
        return verb

    def _kind(self, s: _Stretch) -> QuoteKind:
        at = s.open_mark - 1
        while at >= 0 and self.text[at] in " \t":
            at -= 1
        opens_sentence = at < 0 or self.text[at] == "\n" or self.text[at] in _SENTENCE_LEAD
        span = self.doc.char_span(s.start, s.end, alignment_mode="expand")
        clause = span is not None and any(
            t.pos_ in ("VERB", "AUX") and any(c.dep_.startswith("nsubj") for c in t.children) for t in span
        )
        first_upper = self.text[s.start].isupper()
        return "direct" if opens_sentence or (first_upper and clause) else "mixed"

    def add(
        self, start: int, end: int, kind: QuoteKind, cue: Token | str, speaker: Speaker | None = None
    ) -> Quote:
        """A quote of the words at start:end; its speaker is the cue's unless given."""
        if speaker is None and isinstance(cue, Token):
            speaker = self.resolver.speaker_of(cue)
            said_by = speaker.mention
            if said_by is None or self._marked(said_by.start):
                # no subject, or one inside quote marks (quoted, not speaking: a parse that ran
                # the quote into the attribution): the name next to the cue speaks
                outside = [(m.start, m.end) for m in self.resolver.near(cue) if not self._marked(m.start)]
                speaker = self.resolver.named(*outside[0]) if outside else Speaker()
        speaker = speaker or Speaker()
        text = self.text[start:end]
        quote = Quote(
            id="",
            text=_CONTINUATION.sub("\n", text),  # a quote across paragraphs, without its marks
            kind=kind,
            cue=cue if isinstance(cue, str) else cue.text,
            start=start,
            end=end,
            speaker=speaker.ids[0] if speaker.ids else None,
            speaker_mention=speaker.mention,
            speakers=speaker.ids,
        )
        self.quotes.append(quote)
        return quote

    def marked_quotes(self) -> None:
        previous: tuple[_Stretch, Quote, Token | None] | None = None  # last stretch, its quote, cue
        for s in self.stretches:
            if any(q.start <= s.start < q.end for q in self.quotes):
                continue  # inside a labelled line
            kind = self._kind(s)
            if (signed := self._signature(s)) is not None:
                # '"We deserve better." ― Maria Lopez': the name after a dash signs the quote
                self.add(s.start, s.end, "direct", signed[0], signed[1])
                previous = None
                continue
            cue = self._cue_for(s)
            if kind == "mixed" and self._is_name(s):
                continue  # a title or a name in marks: "an interview with "Face The Nation""
            if previous is not None and previous[1].start <= s.start < previous[1].end:
                continue  # a second fragment of a reported clause already taken whole
            if (
                previous is not None
                and (cue == previous[2] or (cue is None and kind == "direct"))
                and self._follows(previous[0], s, previous[2])
            ):
                # a split quote ('"A," he said, "B."') or a quoted sentence after an attributed
                # one: one attribution whose words come in parts
                if "\n" in self.text[previous[0].close_mark : s.open_mark] and previous[2] is not None:
                    said = previous[1]
                    speaker = Speaker(said.speakers, said.speaker_mention)
                    previous = (s, self.add(s.start, s.end, kind, previous[2], speaker), previous[2])
                    continue
                self._extend(previous[1], s)
                previous = (s, previous[1], previous[2])
                continue
            if cue is None:
                continue
            self.used_cues.add(cue.i)
            if kind == "mixed":
                cue = self._outermost(cue, s)
            if kind == "mixed" and (clause := self._clause_with(cue, s)) is not None:
                # quoted words inside a reported clause: the clause is what was said
                previous = (s, self.add(clause[0], clause[1], kind, cue), cue)
                continue
            previous = (s, self.add(s.start, s.end, kind, cue), cue)

    def _signature(self, s: _Stretch) -> tuple[str, Speaker] | None:
        """A dash and a name after the closing mark, alone to the line's end."""
        match = _SIGNATURE.match(self.text, s.close_mark)
        if match is None:
            return None
        return match.group(1), self.resolver.named(match.start(2), match.end(2))

    def labelled_lines(self) -> None:
        """ "PENCE: Well, look ..." (a transcript) or "Sanders: Clinton must ..." (a headline):
        a line led by a name and a colon is that person's words."""
        for line in _LABELLED.finditer(self.text):
            words = _strip(self.text, line.start(3), line.end(3))
            if words is None:
                continue
            # a transcript's turns are set in marks: the speaker's own words
            kind: QuoteKind = "direct" if line.group(1) else "indirect"
            self.add(*words, kind, ":", self.resolver.named(line.start(2), line.end(2)))

    def _is_name(self, s: _Stretch) -> bool:
        """Words in marks that name something (every word capitalised or a function word)
        rather than report what was said."""
        span = self.doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is None or not (span[0].is_title or span[0].pos_ == "PROPN"):
            return False  # "al-Nusra Front": a name may open with a lower-case particle
        return all(t.is_title or t.is_upper or t.is_stop or t.is_punct or t.pos_ == "PROPN" for t in span)

    def _outermost(self, cue: Token, s: _Stretch) -> Token:
        """The highest cue whose reported clause holds the quoted words: in 'Clinton says she
        admired what she calls "courage"' the words are part of what Clinton says."""
        for above in cue.ancestors:
            if self._may_cue(above, s) and self._clause_with(above, s) is not None:
                cue = above
        return cue

    def _clause_with(self, cue: Token, s: _Stretch) -> tuple[int, int] | None:
        """The cue's reported clause when it holds the quoted words, marks included."""
        bounds = self._reported(cue)
        if bounds is None or not bounds[0] <= s.start < bounds[1]:
            return None
        start, end = bounds
        for other in self.stretches:  # a clause ends with the closing mark of its last quote
            if other.start < end <= other.close_mark:
                end = other.close_mark
        return start, end

    def _extend(self, quote: Quote, s: _Stretch) -> None:
        quote.text = f"{quote.text} {_CONTINUATION.sub(chr(10), self.text[s.start : s.end])}"
        quote.end = s.end

    def _follows(self, earlier: _Stretch, later: _Stretch, cue: Token | None) -> bool:
        """Whether only an attribution or a paragraph break lies between two quotes."""
        gap = self.text[earlier.close_mark : later.open_mark]
        if gap.count("\n") > 2:
            return False
        if len(gap.strip()) < 60:
            return True
        # a long attribution between: '"A," said X, an economist who ... . "B."'
        return (
            cue is not None
            and earlier.close_mark >= cue.sent.start_char
            and not self.text[cue.sent.end_char : later.open_mark].strip()
        )

    def reported_clauses(self) -> None:
        for token in self.doc:
            attributing = (
                _is_cue(token, self.cues)
                or (
                    token.pos_ == "VERB"
                    and (token.lemma_.lower() in _attribution_verbs() or self._holds_a_view(token))
                )
                or _owned_claim(token) is not None
            )
            if not attributing or token.i in self.used_cues or self.quoted(token):
                continue
            bounds = self._reported(token)
            if bounds is None:
                continue
            start, end = bounds
            if any(q.start < end and start < q.end for q in self.quotes):
                continue  # words the marked pass gave already
            quote = self.add(start, end, "indirect", token)
            if quote.speaker_mention is None:
                # reported words without anyone named to report them ("a rise in prices is
                # reported"): no attribution
                self.quotes.remove(quote)

    def _holds_a_view(self, verb: Token) -> bool:
        """Any verb of a speaker with a "that" clause reports a view: "Graham contends that ...",
        "she hinted that ..." (but "made sure that" does not)."""
        if verb.lemma_.lower() in _NOT_VIEWS:
            return False
        clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
        if clause is None or not any(c.lower_ == "that" and c.dep_ == "mark" for c in clause.children):
            return False
        return self.resolver.speaks(verb)

    def _reported(self, cue: Token) -> tuple[int, int] | None:
        if cue.lower_ == "according":
            return self._according(cue)
        if (claim := _owned_claim(cue)) is not None:
            return self._bounds(_without_that(list(claim.subtree)), cue)
        if cue.dep_ == "parataxis" and cue.lemma_.lower() in self.cues and cue.head.i > cue.i - 3:
            # "The museum, he said, would open in May": the sentence it interrupts
            return self._bounds(list(cue.head.subtree), cue)
        if any(c.dep_ == "auxpass" for c in cue.children):
            return self._passive(cue)
        wanted = _complements(cue) | ({"clause"} if self._holds_a_view(cue) else set())
        content = self._complement(cue, wanted)
        if content is None:
            return None
        tokens = _without_that([t for t in content.subtree if t.i not in self._second_acts(content)])
        # a clause must say something; an object may be one word ("attacked Machado")
        if not tokens or (content.dep_ != "pobj" and content.dep_ != "dobj" and len(tokens) < 3):
            return None
        return self._bounds(tokens, cue)

    def _passive(self, cue: Token) -> tuple[int, int] | None:
        """ "The plan was endorsed by the council": its subject is what the agent said or
        holds a view on; without an agent nobody is named and nothing is reported."""
        if not any(c.dep_ == "agent" for c in cue.children) or "object" not in _complements(cue):
            return None
        subject = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
        if subject is None or subject.i > cue.i:
            return None
        return self._bounds(list(subject.subtree), cue)

    def _complement(self, cue: Token, wanted: frozenset[str] | set[str]) -> Token | None:
        """The head of what the cue reports: its clause, object, infinitive or the object of
        its preposition ("called for talks"), the first after the cue."""
        found: list[Token] = []
        for child in cue.children:
            if _COMPLEMENT_DEPS.get(child.dep_) in wanted:
                found.append(child)
        # "accused the rebels of lying", "called for talks": a preposition's object is what was
        # said, before the object it may hang on
        heads = [cue, *(c for c in found if c.dep_ == "dobj")]
        preps = [p for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ in wanted]
        objects = [c for p in preps for c in p.children if c.dep_ in ("pobj", "pcomp")]
        after = [c for c in [*objects, *found] if c.i > cue.i]
        if after:
            return after[0]
        # only some cues follow the clause they report: "The army withdrew, he said."
        inverting = tagged("speech_cues", "inverting")
        return next((c for c in found if c.dep_ == "ccomp" and cue.lemma_.lower() in inverting), None)

    def _second_acts(self, content: Token) -> set[int]:
        """Tokens of a cue coordinated with the reported verb: "said he would stay and warned
        them" reports the staying; the warning is the speaker's second act."""
        cut: set[int] = set()
        for conj in content.children:
            if (
                conj.dep_ == "conj"
                and _complements(conj)
                and not any(c.dep_.startswith("nsubj") for c in conj.children)
            ):
                cut.update(t.i for t in conj.subtree)
                cut.update(c.i for c in content.children if c.dep_ == "cc" and c.i < conj.i)
        return cut

    def _bounds(self, tokens: list[Token], cue: Token) -> tuple[int, int] | None:
        """Offsets of the reported words; an interrupting attribution is cut off the edges."""
        attribution = {t.i for t in cue.subtree} if cue.dep_ == "parataxis" else set()
        while tokens and tokens[0].i in attribution:
            tokens = tokens[1:]
        while tokens and tokens[-1].i in attribution:
            tokens = tokens[:-1]
        # the parse runs a sentence across a paragraph break (a list of headlines); what is
        # reported stays in the cue's paragraph, but for a block after a colon ("he added:")
        tokens = [t for t in tokens if self._same_paragraph(cue, t)]
        if not tokens:
            return None
        return _strip(self.text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))

    def _same_paragraph(self, cue: Token, token: Token) -> bool:
        """Whether ``token`` is in the cue's paragraph or the block its colon opens."""
        if token.i < cue.i:
            return "\n" not in self.text[token.idx : cue.idx]
        gap = self.text[cue.idx + len(cue) : token.idx].lstrip()
        if gap.startswith(":"):  # "he added:" and the block below it
            gap = gap[1:].lstrip()
        return "\n" not in gap

    def _according(self, cue: Token) -> tuple[int, int] | None:
        """ "According to X, ...": the sentence without the attribution, on its longer side."""
        sentence = cue.sent
        phrase = list(cue.subtree)
        left = (sentence.start_char, phrase[0].idx)
        right = (phrase[-1].idx + len(phrase[-1]), sentence.end_char)
        start, end = max(left, right, key=lambda b: b[1] - b[0])
        return _strip(self.text, start, end) if end - start > 10 else None


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (text[start] in _TRIM or text[start] in '."“”'):
        start += 1
    while end > start and (text[end - 1] in _TRIM or text[end - 1] in '."“”'):
        end -= 1
    return (start, end) if end > start else None


def find_quotes(doc: Doc, actors: list[Actor]) -> list[Quote]:
    """Every quote in the Doc, in text order, with speakers resolved to ``actors``."""
    finder = _Finder(doc, actors)
    finder.labelled_lines()
    finder.marked_quotes()
    finder.reported_clauses()
    quotes = sorted(finder.quotes, key=lambda q: q.start)
    for number, quote in enumerate(quotes, start=1):
        quote.id = f"q{number}"
    return quotes
