"""CSV dumps: one article per row, columns found by name or mapped by the caller."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from functools import cache

from ceasefire.model import Failure, RawArticle
from ceasefire.resources import table
from ceasefire.timex import parse_date


@cache
def _known_columns() -> dict[str, tuple[str, ...]]:
    """Column names seen in the wild for each field, in order of preference."""
    return {field: tuple(names.split("|")) for field, names in table("csv_columns").items()}


# Some dumps hold whole pages in one cell.
csv.field_size_limit(64 * 1024 * 1024)


def parse_column_map(spec: str | None) -> dict[str, str]:
    """`text=article_content,published=date` → {"text": "article_content", "published": "date"}."""
    fields = tuple(_known_columns())
    mapping: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        field, sep, column = part.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or field not in fields or not column:
            raise ValueError(
                f"bad column mapping {part!r}: write FIELD=COLUMN with FIELD one of {', '.join(fields)}"
            )
        mapping[field] = column
    return mapping


def _choose_columns(header: list[str], mapping: Mapping[str, str]) -> dict[str, str]:
    lowered = {name.strip().lower(): name for name in header}
    chosen: dict[str, str] = {}
    for field, names in _known_columns().items():
        if field in mapping:
            if mapping[field] not in header:
                raise ValueError(f"no column {mapping[field]!r} (columns: {', '.join(header)})")
            chosen[field] = mapping[field]
            continue
        found = next((lowered[n] for n in names if n in lowered), None)
        if found is not None and found not in mapping.values():
            chosen[field] = found
    if "text" not in chosen and "html" not in chosen:
        raise ValueError(f"no text column (columns: {', '.join(header)}); name one with --map text=COLUMN")
    return chosen


def articles_from_csv(
    text: str, origin: str, mapping: Mapping[str, str] | None = None
) -> Iterator[RawArticle | Failure]:
    """One RawArticle per row; rows without text are Failures naming the row."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        columns = _choose_columns(list(reader.fieldnames or []), mapping or {})
    except ValueError as err:
        yield Failure(origin, str(err))
        return
    for number, row in enumerate(reader, start=2):  # row 1 is the header
        where = f"{origin}:{number}"
        values = {field: (row.get(column) or "").strip() or None for field, column in columns.items()}
        if not values.get("text") and not values.get("html"):
            yield Failure(where, "empty text")
            continue
        if values.get("published"):
            day = parse_date(values["published"] or "")
            values["published"] = day.isoformat() if day else None
        yield RawArticle(origin=where, **values)
