"""Full-text search on PostgreSQL: GIN indexes over ``tsvector`` expressions.

SQLite has FTS5 tables (migration step 2); PostgreSQL gets the equivalent without extra
tables or triggers: an expression index over each searched text (migration step 4), and
queries that repeat the very same expression, so that the planner uses the index. The
'english' configuration stems like FTS5's Porter tokenizer ("truces" finds "truce") and
plainto_tsquery makes every word required and treats the user's text as words, never as
query syntax. Unlike FTS5 it drops English stop words and does not fold diacritics.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, literal_column

from ceasefire.store import schema

_CONFIG = "'english'::regconfig"

#: What each search covers, under the name of the SQLite FTS5 table that covers it there.
_DOCUMENTS = {
    "articles_fts": (schema.articles.name, ("title", "text")),
    "quotes_fts": (schema.quotes.name, ("text",)),
}


def _document(columns: list[str], prefix: str = "") -> str:
    """The tsvector of the columns (quoted, after `prefix`) joined by spaces; NULL counts as
    empty. The index and the queries must spell it alike for the planner to use the index."""
    joined = " || ' ' || ".join(f"coalesce({prefix}\"{column}\", '')" for column in columns)
    return f"to_tsvector({_CONFIG}, {joined})"


def index_ddl() -> list[str]:
    """CREATE INDEX statements for every searched text."""
    return [
        f"CREATE INDEX IF NOT EXISTS ix_{table}_tsv ON {table} USING gin (({_document(list(columns))}))"
        for table, columns in _DOCUMENTS.values()
    ]


def matches(fts_table: str, value: str) -> ColumnElement[bool]:
    """Rows whose text holds every word of `value` (stemmed); uses the GIN index."""
    table, columns = _DOCUMENTS[fts_table]
    document: ColumnElement[str] = literal_column(_document(list(columns), prefix=f"{table}."))
    return document.bool_op("@@")(func.plainto_tsquery(literal_column(_CONFIG), value))
