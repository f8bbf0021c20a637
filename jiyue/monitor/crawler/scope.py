"""Which URLs belong to the crawled site, and what the crawler does with each link."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from jiyue.monitor.checks.content import is_attachment
from jiyue.monitor.crawler.config import CrawlConfig
from jiyue.monitor.crawler.parse import PAGE_TAGS, Link
from jiyue.monitor.crawler.urls import (
    calendar_like,
    host_of,
    path_key,
    query_of,
    registrable_domain,
    repeated_path,
)

PAGE, ASSET, ATTACHMENT, EXTERNAL = "page", "asset", "attachment", "external"


@dataclass
class Site:
    config: CrawlConfig
    hosts: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.hosts |= {host_of(self.config.start_url)}
        self.hosts |= {h.lower() for h in self.config.allowed_hosts}

    @property
    def domains(self) -> set[str]:
        return {registrable_domain(h) for h in self.hosts}

    def internal(self, url: str) -> bool:
        return host_of(url) in self.hosts

    def is_own(self, host: str) -> bool:
        """Same site for the 暗链 rule: the same registrable domain."""
        return host in self.hosts or registrable_domain(host) in self.domains

    def scope(self, link: Link) -> str:
        return self.scope_of(link.url, link.tag)

    def scope_of(self, url: str, tag: str) -> str:
        if not self.internal(url):
            return EXTERNAL
        if is_attachment(url) and self.config.check_content:
            return ATTACHMENT
        return PAGE if tag in PAGE_TAGS else ASSET


# Query values that are addresses: a form about another page (纠错 ``?url=…``,
# ``returnUrl=…``); each page links to its own, and the form page to itself again.
ADDRESS_VALUE_STARTS = ("http://", "https://", "//", "/")


def no_follow(url: str, dynamic_prefixes: tuple[str, ...] = ()) -> bool:
    """A site's own form, search or API (the public application's dynamic paths,
    or a query that carries an address): its links are checked, it is not read
    as a page (docs/decisions/0514)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if any(path.startswith(prefix) for prefix in dynamic_prefixes):
        return True
    return any(
        value.lower().startswith(ADDRESS_VALUE_STARTS)
        for _key, value in parse_qsl(parts.query, keep_blank_values=True)
    )


def trap_reason(url: str, config: CrawlConfig) -> str | None:
    """Why an internal URL looks like a crawler trap (checked before queueing)."""
    if len(url) > config.max_url_length:
        return "url_too_long"
    if repeated_path(path_key(url)):
        return "repeated_path"
    return None


def variant_cap(url: str, config: CrawlConfig) -> int | None:
    """How many query variants of this URL's path may be crawled, if it has a query."""
    query = query_of(url)
    if not query:
        return None
    return (
        config.max_calendar_variants
        if calendar_like(query)
        else config.max_query_variants
    )
