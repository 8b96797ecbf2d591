"""Files an export writes: complete under their final name, or not there at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def complete_or_nothing(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed to it when the block ends; removed if it fails."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    partial = Path(name)
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def text_file(path: Path) -> Iterator[TextIO]:
    """A text file to write, complete under `path` or not there at all."""
    with complete_or_nothing(path) as partial, partial.open("w", encoding="utf-8", newline="") as stream:
        yield stream
