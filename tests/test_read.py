"""Readers: CSV dumps with column mapping, RSS/Atom feeds, directories."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.model import Failure, RawArticle
from ceasefire.read import parse_column_map, read_paths
from tests.conftest import shared_path

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example wire</title>
<item><title>Talks resume in Astana</title><link>https://example.invalid/astana</link>
<guid>wire-1</guid><pubDate>Thu, 04 May 2017 10:00:00 GMT</pubDate>
<description><![CDATA[<p>Russian, Turkish and Iranian envoys resumed talks in Astana.</p>]]></description>
</item>
<item><title>No body</title><link>https://example.invalid/empty</link></item>
</channel></rss>"""


def test_csv_columns_found_by_name() -> None:
    items = list(read_paths([str(shared_path("corpora/fakenewscorpus-sample.csv"))]))
    articles = [i for i in items if isinstance(i, RawArticle)]
    assert len(articles) == 250
    first = articles[0]
    assert first.text and first.url and first.url.startswith("http")
    assert first.source == "awm.com" and first.id == "141"
    assert first.origin.endswith("fakenewscorpus-sample.csv:2")


def test_csv_mapping_and_dates() -> None:
    path = shared_path("corpora/fakes-syria-dev.csv")
    mapping = parse_column_map("text=article_content,published=date")
    articles = [a for a in read_paths([str(path)], mapping) if isinstance(a, RawArticle)]
    assert len(articles) == 187
    assert articles[0].published == "2016-07-05"  # "7/5/16", month first
    assert articles[0].title == "Suicide bombing kills at least 16 in northeast Syria"


def test_bad_column_mapping_is_explained() -> None:
    with pytest.raises(ValueError, match="FIELD=COLUMN"):
        parse_column_map("body")
    path = shared_path("corpora/fakes-syria-dev.csv")
    (failure,) = read_paths([str(path)], {"text": "no_such_column"})
    assert isinstance(failure, Failure) and "no_such_column" in failure.reason


def test_feed_entries(tmp_path: Path) -> None:
    feed = tmp_path / "wire.rss"
    feed.write_text(RSS, encoding="utf-8")
    article, failure = read_paths([str(feed)])
    assert isinstance(article, RawArticle) and isinstance(failure, Failure)
    assert article.title == "Talks resume in Astana" and article.published == "2017-05-04"
    assert article.id == "wire-1" and article.source == "Example wire"
    assert article.html and "Astana" in article.html
    assert "no content" in failure.reason


def test_directory_walk_is_recursive_and_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Rebels shelled Idlib on Monday.", encoding="utf-8")
    (tmp_path / "one.txt").write_text("Talks began in Astana on Monday.", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    items = list(read_paths([str(tmp_path)], recursive=True))
    assert [Path(i.origin).name for i in items] == ["two.txt", "one.txt"]
    (not_recursive,) = read_paths([str(tmp_path)])
    assert isinstance(not_recursive, Failure) and "directory" in not_recursive.reason
