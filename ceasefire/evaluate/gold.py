"""Gold files: JSON Lines, one text (or HTML page) per line with what should be found in it.

The article fields (`id`, `title`, `text` or `html`, `url`, `source`, `published`) are read by
the same reader as `ceasefire extract` reads JSONL, so the pipeline sees gold texts exactly as
it sees any input; the task's own fields (quotes, places, events, ...) stay in `record`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ceasefire.model import Article, Failure, RawArticle
from ceasefire.read import articles_from_jsonl


class GoldError(ValueError):
    """The gold file itself is wrong (not JSON, not an object): nothing can be scored."""


@dataclass
class GoldLine:
    number: int  # line number in the gold file
    record: dict[str, Any]
    raw: RawArticle | Failure

    @property
    def text(self) -> str:
        """The text that gold offsets point into."""
        return str(self.record.get("text") or "")


def read_gold(path: Path) -> list[GoldLine]:
    """Every non-blank line of a gold file, with its article as the pipeline will read it."""
    content = path.read_text(encoding="utf-8")
    numbered = [(n, line) for n, line in enumerate(content.split("\n"), start=1) if line.strip()]
    records = []
    for number, line in numbered:
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise GoldError(f"{path}:{number}: not valid JSON ({err.msg})") from err
        if not isinstance(record, dict):
            raise GoldError(f"{path}:{number}: a JSON object was expected")
        records.append(record)
    # The reader yields one RawArticle or Failure per non-blank line, in order.
    raws = list(articles_from_jsonl(content, str(path)))
    return [
        GoldLine(number, record, raw)
        for (number, _), record, raw in zip(numbered, records, raws, strict=True)
    ]


def analysed(lines: list[GoldLine]) -> list[Article | Failure]:
    """The real pipeline over the gold texts, one result per line."""
    from ceasefire.pipeline import extract  # spaCy loads only when a task needs it

    return list(extract(line.raw for line in lines))


def write_gold(path: Path, records: list[dict[str, Any]]) -> None:
    """A gold file from records (the converters in scripts/ write through this)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
