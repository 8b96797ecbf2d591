"""`ceasefire watch`: poll feeds, sitemaps, pages and folders, and ingest what is new.

`fetch` fetches politely (robots.txt, a least interval per host, timeouts, retries with
backoff, conditional GETs); `sources` reads what a feed or a sitemap lists; `poll` runs one
poll and the loop, keeping what it has seen in the store so that a restart resumes.
"""

from ceasefire.watch.duration import parse_duration
from ceasefire.watch.fetch import USER_AGENT, Fetched, Fetcher, FetchError, Politeness
from ceasefire.watch.poll import MAX_ATTEMPTS, AfterIngest, PollReport, poll, watch
from ceasefire.watch.sources import Link, Listing, is_watchable_url, read_listing

__all__ = [
    "MAX_ATTEMPTS",
    "USER_AGENT",
    "AfterIngest",
    "FetchError",
    "Fetched",
    "Fetcher",
    "Link",
    "Listing",
    "Politeness",
    "PollReport",
    "is_watchable_url",
    "parse_duration",
    "poll",
    "read_listing",
    "watch",
]
