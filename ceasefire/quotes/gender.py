"""The gender of the people an article names, from what the article says of them.

Evidence, strongest first: a word for a man or a woman set in the person's phrase — an honorific
or noun in the mention, right before it or in apposition ("Mrs Clinton", "congresswoman Jane
Doe", "his wife, Jane", "Jane Doe, a businesswoman,"); the given name, when nearly all its bearers
are of one gender (lexicon ``given_names``); a he or she that follows the person as the subject of
its sentence, before anyone else is named ("Clinton said she ..."). A person with no evidence,
or with evidence both ways, has no gender and stays compatible with "he" and "she" alike.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span, Token

from ceasefire.model import Actor
from ceasefire.resources import table, words
from ceasefire.text import name_key

#: What may stand between a name and the noun before it in one phrase: "his wife, Jane".
_BETWEEN = frozenset({",", "-", "–", "—"})
_MARKS = frozenset('"“”«»„')


def _gender_word(token: Token) -> str | None:
    """The gender a word of a person's phrase gives: an honorific or noun, not a pronoun ("told
    her Trump ..." says nothing of Trump)."""
    if token.pos_ == "PRON":
        return None
    return table("gendered_words").get(token.lower_.rstrip("."))


def _phrase_words(span: Span) -> list[Token]:
    """The words that describe the person a mention names: the mention's own, the noun before it
    ("his wife Jane", "Congresswoman Jane Doe") and the nouns in apposition ("Jane Doe, a
    businesswoman")."""
    doc = span.doc
    found = list(span)
    at = span.start - 1
    while at >= span.sent.start and doc[at].text in _BETWEEN:
        at -= 1
    if at >= span.sent.start:
        found.append(doc[at])
    root = span.root
    found += [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        found.append(root.head)
    return found


def _given_name(actor: Actor) -> str | None:
    """The gender of the actor's given name: the first word of a name of two words or more that
    is no title ("President Bashar al-Assad" -> Bashar)."""
    names = actor.name.split()
    titles = words("speaker_titles")
    for word in names[:-1]:
        key = name_key(word)
        if key in titles or key in table("gendered_words"):
            continue
        return table("given_names").get(key)
    return None


def _pronoun_after(span: Span, others: set[int]) -> str | None:
    """The gender of the first he or she after a subject in its sentence, before any other name,
    noun for a person or quote mark: "Clinton said she would ..."."""
    if not span.root.dep_.startswith("nsubj"):
        return None
    for token in span.doc[span.end : span.sent.end]:
        if token.i in others or token.text in _MARKS or token.pos_ == "PROPN":
            return None
        gender = table("gendered_words").get(token.lower_)
        if gender is not None:
            return gender if token.pos_ == "PRON" else None
    return None


def _decided(votes: Counter[str]) -> str | None:
    """The gender most of the evidence gives; none on a tie."""
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def person_genders(doc: Doc, actors: list[Actor]) -> dict[str, str]:
    """Actor id -> "male" or "female", for the people the text gives evidence of."""
    people = [a for a in actors if a.kind == "person"]
    spans = {
        a.id: [s for m in a.mentions if (s := doc.char_span(m.start, m.end, alignment_mode="expand"))]
        for a in people
    }
    named = {a.id: {t.i for s in spans[a.id] for t in s} for a in people}
    genders: dict[str, str] = {}
    for actor in people:
        others = {i for other, tokens in named.items() if other != actor.id for i in tokens}
        phrase = Counter(g for s in spans[actor.id] for t in _phrase_words(s) if (g := _gender_word(t)))
        pronouns = Counter(g for s in spans[actor.id] if (g := _pronoun_after(s, others)))
        gender = _decided(phrase) or _given_name(actor) or _decided(pronouns)
        if gender is not None:
            genders[actor.id] = gender
    return genders
