"""What a watched URL lists: the entries of an RSS/Atom feed, the pages and child sitemaps of a
sitemap, or, for an HTML page, the page itself."""

from __future__ import annotations

import datetime as dt
import gzip
import zlib
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urldefrag, urljoin, urlsplit

from ceasefire.read import entry_date
from ceasefire.watch.fetch import MAX_RESPONSE_BYTES, Fetched

ListingKind = Literal["feed", "sitemap", "page"]
_SITEMAP_ROOTS = {"urlset", "sitemapindex"}


@dataclass(frozen=True)
class Link:
    """An item a source lists, with the day the listing gives it."""

    url: str
    published: str | None = None  # ISO day


@dataclass
class Listing:
    kind: ListingKind
    links: list[Link] = field(default_factory=list)  # the pages it lists
    sitemaps: list[str] = field(default_factory=list)  # the child sitemaps of a sitemap index


def is_watchable_url(text: str) -> bool:
    """An http(s) URL with a host: what the watch fetches (anything else is a local path)."""
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _item_url(base: str, link: str) -> str | None:
    """The absolute URL of a listed link, without its fragment; None for anything but http(s)."""
    url = urldefrag(urljoin(base, link.strip())).url
    return url if is_watchable_url(url) else None


def _gunzipped(body: bytes) -> bytes:
    """A gzipped sitemap (sitemap.xml.gz served as a file) opened, within the response limit."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    inflate = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        data = inflate.decompress(body, MAX_RESPONSE_BYTES + 1)
    except (zlib.error, gzip.BadGzipFile) as err:
        raise ValueError(f"not readable gzip ({err})") from err
    if len(data) > MAX_RESPONSE_BYTES:
        raise ValueError(f"larger than {MAX_RESPONSE_BYTES >> 20} MiB once unzipped")
    return data


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element: Any, name: str) -> str | None:
    for child in element.iter():
        if _local(child) == name and child.text and child.text.strip():
            return str(child.text).strip()
    return None


def _day(value: str | None) -> str | None:
    try:
        return dt.date.fromisoformat(value[:10]).isoformat() if value else None
    except ValueError:
        return None


def _sitemap(body: bytes, url: str) -> Listing | None:
    """The sitemap's pages (with a news sitemap's day) or child sitemaps; None when
    the body is no sitemap."""
    from lxml import etree

    # no entities, no network: a sitemap cannot make the parser read files or URLs
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError:
        return None
    if root is None or _local(root) not in _SITEMAP_ROOTS:
        return None
    listing = Listing("sitemap")
    for entry in root:
        loc = _child_text(entry, "loc")
        target = _item_url(url, loc) if loc else None
        if target is None:
            continue
        if _local(root) == "sitemapindex":
            listing.sitemaps.append(target)
        else:
            published = _day(_child_text(entry, "publication_date"))
            listing.links.append(Link(target, published))
    return listing


def _feed(body: bytes, url: str) -> Listing:
    import feedparser  # loads only when a feed is read

    parsed = feedparser.parse(body)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS or Atom elements"
        raise ValueError(f"not a readable RSS/Atom feed, sitemap or HTML page ({reason})")
    links = []
    for entry in parsed.entries:
        target = _item_url(url, entry.get("link") or "")
        if target is not None:
            links.append(Link(target, entry_date(entry)))
    if parsed.get("bozo") and not links:  # a broken feed, not an empty one
        raise ValueError(f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})")
    return Listing("feed", links)


def read_listing(fetched: Fetched) -> Listing:
    """What a fetched source lists: a sitemap's or a feed's items, or an HTML page (by its
    Content-Type) itself; ValueError says why a body is none of them."""
    body = _gunzipped(fetched.body)
    sitemap = _sitemap(body, fetched.url)
    if sitemap is not None:
        return sitemap
    try:
        return _feed(body, fetched.url)
    except ValueError:
        if "html" in fetched.content_type:
            return Listing("page", [Link(fetched.url)])
        raise
