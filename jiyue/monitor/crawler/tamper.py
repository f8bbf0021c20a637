"""网页篡改, the crawler's half: what the server served against what was published.

For a site on the platform the crawl is given the manifest as ``URL -> sha256``
(``CrawlConfig.published``). Every crawled URL of the manifest is fetched with GET
and hashed; the crawl state keeps only what differs: the bytes of a changed file,
a published file the server does not serve (404/410), and an HTML page the server
serves that was never published (outside the dynamic application's paths). The
findings and their diffs are made afterwards by ``jiyue.publishing.verify``
(``jiyue.monitor.platform``): the crawler itself needs no Django.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

from jiyue.monitor.crawler.config import CrawlConfig
from jiyue.monitor.crawler.decode import HTML_TYPES
from jiyue.monitor.crawler.fetch import FetchResult
from jiyue.monitor.crawler.store import Store

CHANGED, MISSING, ADDED = "changed", "missing", "added"
GONE_STATUSES = frozenset({404, 410})


def published_key(url: str) -> str:
    """One key per served file: no query, ``…/index.html`` is ``…/``."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, "", ""))


class TamperCheck:
    def __init__(self, config: CrawlConfig, store: Store) -> None:
        self.expected = {published_key(u): h for u, h in config.published.items()}
        self.dynamic = config.dynamic_prefixes
        self.store = store

    @property
    def active(self) -> bool:
        return bool(self.expected)

    def wants_body(self, url: str) -> bool:
        """A published file: fetch it with GET (not HEAD) to hash what is served."""
        return self.active and published_key(url) in self.expected

    def record(self, url: str, result: FetchResult, *, page: bool = False) -> None:
        """Compare one fetched URL (``page``: an HTML page the crawler followed)."""
        if not self.active:
            return
        key = published_key(result.final_url if result.ok else url)
        expected = self.expected.get(key)
        if expected is None:
            if page and self._unpublished_page(key, result):
                self.store.add_served(key, ADDED, result.content)
        elif result.status in GONE_STATUSES and not result.redirects:
            self.store.add_served(key, MISSING, None)
        elif self._differs(result, expected):
            self.store.add_served(key, CHANGED, result.content)

    @staticmethod
    def _differs(result: FetchResult, expected: str) -> bool:
        if not result.ok or result.truncated:
            return False  # not answered, or not whole: nothing to compare
        return hashlib.sha256(result.content).hexdigest() != expected

    def _unpublished_page(self, key: str, result: FetchResult) -> bool:
        path = urlsplit(key).path
        return (
            result.ok
            and not result.truncated
            and result.content_type in HTML_TYPES
            and not path.startswith(self.dynamic)
        )
