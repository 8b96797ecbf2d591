"""Who speaks: from a cue verb to its subject, and from the subject to actor ids.

The subject of the cue (or the agent after an inverted cue, or X in "according to X") is
resolved in this order: an actor mention on its head word (a surname alone shared by several
people is the one named last, in the same role when the phrase gives one); a person named in the
phrase ("the UN envoy, Staffan de Mistura"); someone the text does not name ("a source", "an
official": no actor); a title with a country ("the Turkish leader" -> the last person of that
country); an organisation in the phrase ("a White House spokesman", "a spokesman for the
ministry"); "the two leaders" (the last pair of coordinated people); a pronoun (he/she -> the
subject of the sentence that named the last person of a compatible gender, see
``ceasefire.quotes.gender``; it/they -> the last country or organisation, they -> the pair named
after it); a generic organisation noun ("the army" -> the organisation named or described
with that word).

The actors stage makes actors of descriptions as well ("the Turkish leader", "a source"): those
are resolved by what they describe, never taken as the name a title or pronoun refers back to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ceasefire.model import Actor, Mention
from ceasefire.quotes.gender import person_genders
from ceasefire.resources import table, words

_GROUP_KINDS = frozenset({"organization", "group", "country"})
_APPOSITION = re.compile(r"[ ,]*(?:(?:an?|the) )?")
_EXCLUDED_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "punct"})


@dataclass
class Speaker:
    ids: list[str] = field(default_factory=list)
    mention: Mention | None = None


@dataclass(frozen=True)
class _Mentioned:
    start: int
    end: int
    actor: Actor


def subject_of(cue: Token) -> Token | None:
    """The token that names who speaks through ``cue``."""
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if cue.dep_ == "acl" and cue.head.pos_ in ("NOUN", "PROPN"):
        return cue.head  # "the envoy, X, called on ...", parsed as a reduced relative
    if cue.pos_ == "NOUN":  # "Trump's claim that ..."
        return next((c for c in cue.children if c.dep_ == "poss"), None)
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    if agent is not None:  # "was endorsed by the council"
        return next((c for c in agent.children if c.dep_ == "pobj"), None)
    verb = cue
    for _ in range(3):  # "..., saying" and "and added" take the subject of the verb they hang on
        # the subject nearest the verb: a parse that runs a quote into the attribution gives
        # the verb a second subject inside the quote
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        subject = min(subjects, key=lambda c: abs(c.i - verb.i), default=None)
        if subject is not None:
            return subject
        if verb.dep_ not in ("advcl", "conj", "xcomp") or verb.head is verb:
            return None
        verb = verb.head
    return None


def _in_subject(token: Token) -> bool:
    """Whether a name is its clause's subject or names the subject's head: "Riad Hijab" in "Riad
    Hijab, coordinator of the HNC, wrote"."""
    if token.dep_ in ("compound", "appos"):
        token = token.head
    return token.dep_.startswith("nsubj")


def _unnamed(head: Token) -> bool:
    """Whether a noun describes one person the text does not name: "a source", "an official"."""
    singular = head.tag_ not in ("NNS", "NNPS")
    return singular and any(c.lower_ in ("a", "an") for c in head.children if c.dep_ == "det")


def _last_name(name: str) -> str:
    """The surname a name ends in, without a particle: "Bashar al-Assad" -> "assad"."""
    return name.split()[-1].split("-")[-1].lower() if name.split() else ""


def _phrase(head: Token) -> list[Token]:
    """The subject's own words: its subtree without clauses hanging on it."""
    tokens = [head]
    for child in head.children:
        if child.dep_ not in _EXCLUDED_DEPS:
            tokens.extend(_phrase(child))
    return sorted(tokens, key=lambda t: t.i)


class SpeakerResolver:
    """Resolves subjects to actors of one Doc; built once per Doc."""

    def __init__(self, doc: Doc, text: str, actors: list[Actor]) -> None:
        self.doc = doc
        self.text = text  # doc.text, read once by the caller
        self.by_id = {a.id: a for a in actors}
        self.genders = person_genders(doc, actors)
        everyone = [_Mentioned(m.start, m.end, a) for a in actors for m in a.mentions]
        # the actors stage makes actors of descriptions too ("the Turkish leader", "a source");
        # a description is no name to resolve to: it is resolved itself, by what it describes
        self.described = {id(m) for m in everyone if not self._named(m)}
        self.mentions = sorted(everyone, key=lambda m: m.start)
        # "the Syrian Observatory for Human Rights, a Britain-based monitor": the description in
        # apposition is the name beside it
        self.apposed = {
            id(m): before.actor
            for before, m in zip(self.mentions, self.mentions[1:], strict=False)
            if id(m) in self.described
            and id(before) not in self.described
            and _APPOSITION.fullmatch(text[before.end : m.start])
        }

    def _named(self, m: _Mentioned) -> bool:
        """Whether a mention is a name (a proper noun in it, not one in a hyphened modifier like
        "Britain-based"), not a description."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return span is None or any(
            t.pos_ == "PROPN" and not (t.i + 1 < len(self.doc) and self.doc[t.i + 1].text == "-")
            for t in span
        )

    def _mention(self, start: int, end: int) -> Mention:
        return Mention(start, end, self.text[start:end])

    def _in(self, start: int, end: int) -> list[_Mentioned]:
        return [m for m in self.mentions if m.start < end and start < m.end]

    def _latest(
        self,
        before: int,
        kinds: frozenset[str],
        country: str | None = None,
        word: str | None = None,
        named: bool = True,
        gender: str | None = None,
    ) -> Actor | None:
        """The actor of the given kinds mentioned last before ``before``; with ``named`` False a
        description counts too (a pronoun refers back to "an official" as well), and a title
        there ("the president") stands for the person it names; with ``gender`` only a person
        of that gender or of none known ("she" is not the last man named)."""
        for m in reversed(self.mentions):
            actor = self.apposed.get(id(m), m.actor)
            if m.start >= before or actor.kind not in kinds or (named and id(m) in self.described):
                continue
            if country is not None and actor.country != country:
                continue
            if not self._compatible(actor, gender):
                continue
            loose = id(m) in self.described and id(m) not in self.apposed  # a description alone
            if loose and _unnamed(self._root(m)):
                return None  # "an official said ... He added": still someone the text does not name
            if loose and self._root(m).lemma_.lower() in words("speaker_titles"):
                actor = self._latest(m.start, kinds, actor.country, gender=gender) or actor
            if word is None or word in actor.name.lower() or word in self.text[m.start : m.end].lower():
                return actor
        return None

    def _compatible(self, actor: Actor, gender: str | None) -> bool:
        """Whether a pronoun of ``gender`` may stand for the actor: a person of that gender or
        of none the text gives."""
        return gender is None or self.genders.get(actor.id, gender) == gender

    def _salient(self, actor: Actor | None, before: int, gender: str | None = None) -> Actor | None:
        """A pronoun refers to the subject of the last sentence that names a person rather than to
        a person named there as an object: in 'Hijab wrote to Ban. "...," he wrote' he is Hijab."""
        last = self._last_of(actor, before) if actor is not None else None
        if last is None or self._root(last).dep_ not in ("pobj", "dobj", "dative"):
            return actor  # only an object gives way: an apposition may be the one who speaks
        sentence = self._root(last).sent
        subject = next(
            (
                m
                for m in self._in(sentence.start_char, sentence.end_char)
                if m.actor.kind == "person"
                and m.end <= before
                and _in_subject(self._root(m))
                and self._compatible(m.actor, gender)
            ),
            None,
        )
        return subject.actor if subject is not None else actor

    def _last_of(self, actor: Actor, before: int) -> _Mentioned | None:
        """The actor's last mention before ``before`` (its own, or a description apposed to it)."""
        mentions = reversed(self.mentions)
        return next(
            (m for m in mentions if m.start < before and self.apposed.get(id(m), m.actor) is actor), None
        )

    def _root(self, m: _Mentioned) -> Token:
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        assert span is not None  # a mention's own span: "expand" always finds its tokens
        return span.root

    def _people_before(self, before: int) -> list[_Mentioned]:
        return [
            m
            for m in self.mentions
            if m.actor.kind == "person" and m.end <= before and id(m) not in self.described
        ]

    def _joined(self, before: int) -> tuple[int, list[str]] | None:
        """Where the last two people joined by "and" (or a comma) before ``before`` end, and
        their ids."""
        people = self._people_before(before)
        joiners = words("pair_joiners")
        for first, second in zip(reversed(people[:-1]), reversed(people[1:]), strict=True):
            between = self.text[first.end : second.start].strip()
            if first.actor.id != second.actor.id and between in joiners:
                return second.end, [first.actor.id, second.actor.id]
        return None

    def _pair(self, before: int) -> list[str]:
        """The last two people joined by "and" (or a comma) before ``before``, else the last two
        people named."""
        joined = self._joined(before)
        if joined is not None:
            return joined[1]
        distinct = list(dict.fromkeys(m.actor.id for m in reversed(self._people_before(before))))
        return distinct[1::-1] if len(distinct) >= 2 else distinct

    def near(self, cue: Token) -> list[Mention]:
        """Names in the cue's sentence, nearest to the cue first: actor mentions, else proper
        nouns."""
        sentence = cue.sent
        names = [
            self._mention(m.start, m.end)
            for m in self._in(sentence.start_char, sentence.end_char)
            if m.actor.kind != "country"
        ]
        if not names:
            names = [
                self._mention(chunk.start_char, chunk.end_char)
                for chunk in sentence.noun_chunks
                if chunk.root.pos_ == "PROPN"
            ]
        return sorted(names, key=lambda m: min(abs(m.start - cue.idx), abs(m.end - cue.idx)))

    def speaks(self, verb: Token) -> bool:
        """Whether the verb's subject is someone who can hold a view: a person, organisation or
        group named there, or a pronoun for one."""
        head = subject_of(verb)
        if head is None or head.dep_ == "nsubjpass":
            return False
        if table("pronouns").get(head.lower_) in ("person", "group", "first"):
            return True
        return any(m.actor.kind != "country" and m.start <= head.idx < m.end for m in self.mentions)

    def named(self, start: int, end: int) -> Speaker:
        """The speaker a name at start:end stands for: an actor mentioned there, else the actor
        whose name ends in the same word ("PENCE" is Mike Pence), else the name alone."""
        found = self._in(start, end)
        if found:
            return Speaker([found[0].actor.id], self._mention(found[0].start, found[0].end))
        last = self.text[start:end].split()[-1].strip(".").lower()
        actor = next((a for a in self.by_id.values() if a.name.split()[-1].lower() == last), None)
        return Speaker([actor.id] if actor else [], self._mention(start, end))

    def speaker_of(self, cue: Token) -> Speaker:
        head = subject_of(cue)
        if head is None:
            return Speaker()
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
            # "an architect who said ...": "who" names the speaker, the architect is who it is
            antecedent = self._speaker_at(head.head.head)
            return Speaker(antecedent.ids, self._mention(head.idx, head.idx + len(head)))
        speaker = self._speaker_at(head)
        for other in (c for c in head.children if c.dep_ == "conj"):  # "Erdogan and Putin said"
            speaker.ids += [i for i in self._speaker_at(other).ids if i not in speaker.ids]
        return speaker

    def _speaker_at(self, head: Token) -> Speaker:
        said_by = _phrase(head)
        start, end = said_by[0].idx, said_by[-1].idx + len(said_by[-1])
        phrase = self._mention(start, end)
        found = self._in(start, end)
        described = [m for m in found if id(m) in self.described]
        found = [m for m in found if id(m) not in self.described]
        on_head = [m for m in found if m.start <= head.idx < m.end]
        if on_head and on_head[0].actor.kind != "country":
            m = on_head[0]
            given = self._other_given_name(m)
            if given is not None:  # "Ammar al-Assad" is not the Bashar al-Assad the mention was given to
                return Speaker([], self._mention(given.idx, m.end))
            return Speaker([self._surname_holder(m, head).id], self._mention(m.start, m.end))
        person = next((m for m in found if m.actor.kind == "person"), None)
        if person is not None:
            return Speaker([person.actor.id], self._mention(person.start, person.end))
        lemma = head.lemma_.lower()
        plural = head.tag_ in ("NNS", "NNPS")
        behind = [m for m in described if m.actor.kind != "person" and not m.start <= head.idx < m.end]
        if _unnamed(head) and not found and not behind:
            # "a source said": someone the text does not name; "a rights group said": the group
            # described, never one named before
            return Speaker([m.actor.id for m in described if m.actor.kind != "person"][:1], phrase)
        # a head that names a person by office ("the Turkish leader") is one of the person actors
        if lemma in words("speaker_titles") and not plural:
            # the country of "the Turkish leader", also when the actors stage made the whole
            # description one actor
            country = next(
                (m.actor.country for m in found + described if m.actor.kind in ("country", "person")),
                None,
            )
            organisation = next((m for m in found if m.actor.kind != "country"), None)
            if organisation is None:
                titled = self._latest(start, frozenset({"person"}), country)
                if titled is not None:
                    return Speaker([titled.id], phrase)
        if found:  # an organisation or country behind a spokesman, envoy or ministry
            return Speaker([found[0].actor.id], self._mention(found[0].start, found[0].end))
        for m in behind:  # "a spokesman for the ministry": the ministry named before
            ids = self._by_description(self._root(m), start)
            if ids:
                return Speaker(ids, phrase)
        if plural and lemma in words("pair_heads"):  # "the two leaders", "both men"
            return Speaker(self._pair(start), phrase)
        if head.pos_ == "PROPN" and not found and not described:
            # a surname the actors stage did not take ("Rudskoi said"): the person named in full
            return self.named(start, end)
        ids = self._by_description(head, start)
        if not ids and described:  # "activists said": the group described, named by no one
            ids = [described[0].actor.id]
        return Speaker(ids, phrase)

    def _other_given_name(self, m: _Mentioned) -> Token | None:
        """A given name in the text right before a mention that the mention's actor does not
        bear: the actors stage gave a surname in someone else's full name to the actor it knows."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.start == 0:
            return None
        given = self.doc[span.start - 1]
        if given.ent_type_ != "PERSON" or span[0].ent_iob_ != "I" or given.head not in span:
            return None  # no part of the same person's name ("Spokeswoman Jessica Ditto")
        names = m.actor.name.split()
        if len(names) < 2 or given.lower_ in words("speaker_titles") or given.text[0] in names[0][0]:
            # an actor known by surname only, "President Assad", or the same given name (by its
            # initial: spellings and accents vary)
            return None
        return given

    def _surname_holder(self, m: _Mentioned, head: Token) -> Actor:
        """A surname alone ("Assad said") shared by several people stands for the one named
        last before it, in the same role when the phrase gives one ("President Assad")."""
        surname = _last_name(m.actor.name)
        if " " in self.text[m.start : m.end].strip() or surname != _last_name(self.text[m.start : m.end]):
            return m.actor  # a full name, or a mention that is no surname
        role = next((t.lower_ for t in head.lefts if t.lower_ in words("speaker_titles")), None)
        earlier_ones = [e for e in self.mentions if e.end <= m.start]
        for earlier in reversed(earlier_ones):
            if earlier.actor.kind != "person" or _last_name(earlier.actor.name) != surname:
                continue
            if any(o.start <= earlier.start and earlier.end <= o.end and o != earlier for o in earlier_ones):
                continue  # a surname inside another's full name is that name's
            if role is None or role in self.text[max(0, earlier.start - 40) : earlier.start].lower():
                return earlier.actor
        return m.actor

    def _by_description(self, head: Token, start: int) -> list[str]:
        """Pronouns, bare titles and generic nouns, resolved to earlier actors."""
        lemma = head.lemma_.lower()
        pronoun = table("pronouns").get(head.lower_)
        if pronoun == "person":
            gender = table("gendered_words").get(head.lower_)  # "she" is the last woman named
            latest = self._latest(start, frozenset({"person"}), named=False, gender=gender)
            actor = self._salient(latest, start, gender)
        elif pronoun == "group":
            actor = self._latest(
                start, _GROUP_KINDS - {"country"} if head.lower_ == "it" else _GROUP_KINDS, named=False
            ) or self._latest(start, _GROUP_KINDS, named=False)
            joined = self._joined(start) if head.lower_ != "it" else None
            last = self._last_of(actor, start) if actor is not None else None
            if joined is not None and (last is None or last.end < joined[0]):
                return joined[1]  # "Putin and Erdogan met ... They said": the pair named after any group
        elif lemma in words("organisation_nouns"):
            # "the army said": the organisation named with that word, else described with it
            # ("the Syrian army"), else, when the actors stage has not made the noun one, the last
            # organisation; never an unrelated one when the noun is an actor of its own
            kinds = frozenset({"organization", "group"})
            own = any(id(m) in self.described and m.start <= head.idx < m.end for m in self.mentions)
            actor = (
                self._latest(start, kinds, word=lemma)
                or self._latest(start, kinds, word=lemma, named=False)
                or (None if own else self._latest(start, kinds))
            )
        elif lemma in words("speaker_titles"):
            actor = self._latest(start, frozenset({"person"}))
        else:
            actor = None
        return [actor.id] if actor is not None else []
