"""Settings of one crawl: limits, politeness, what to check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

USER_AGENT = "JiyueMonitor/1.0 (+government website monitor)"


@dataclass(frozen=True)
class CrawlConfig:
    """Everything a crawl may be told; defaults suit a real government site."""

    start_url: str
    allowed_hosts: frozenset[str] = frozenset()
    max_pages: int = 5000
    max_depth: int = 20
    max_url_length: int = 1024
    max_bytes: int = 5 * 1024 * 1024
    max_attachment_bytes: int = 10 * 1024 * 1024
    max_query_variants: int = 50
    max_calendar_variants: int = 10
    max_redirects: int = 10
    timeout: float = 15.0
    retries: int = 2
    backoff: float = 0.5
    concurrency: int = 16
    per_host_concurrency: int = 8
    external_concurrency: int = 8
    external_interval: float = 1.0
    check_external: bool = True
    check_content: bool = True
    # Only what a link checker does (LinkChecker's job): every link is followed and
    # the broken ones reported; no 暗链, column freshness, insecure-link, content or
    # accessibility checks (docs/decisions/0511). Implies ``check_content=False``.
    links_only: bool = False
    respect_robots_on_site: bool = False
    user_agent: str = USER_AGENT
    today: dt.date | None = None
    # "host[:port]" -> "ip:port": reach a host by another address and send its
    # Host header (as curl --resolve). Used by tests and by *.localhost demo sites.
    host_map: dict[str, str] = field(default_factory=dict)
    # Refuse any connection that is not to a loopback address (tests, offline runs).
    loopback_only: bool = False
    # Refuse loopback, private, link-local, multicast and reserved addresses and the
    # names that resolve to them (SSRF, docs/decisions/0512), except ``private_hosts``
    # (the platform's own sites) and ``host_map``'s mappings.
    public_only: bool = False
    private_hosts: frozenset[str] = frozenset()
    # Processes that parse and check the pages (docs/decisions/0510): None = one per
    # core but one (at least one), 0 = everything in the crawl process.
    workers: int | None = None
    # Stop after this many processed URLs without finishing (resume later).
    stop_after: int | None = None
    # Sites on the platform (jiyue.monitor.platform): what was published, as
    # URL -> sha256 of the published bytes, and the path prefixes served by the
    # dynamic application (never in the manifest). Empty: no tamper check.
    published: dict[str, str] = field(default_factory=dict)
    dynamic_prefixes: tuple[str, ...] = ()
    # Column URL -> (kind, days): a platform column's own update requirement.
    column_rules: dict[str, tuple[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.links_only and self.check_content:
            object.__setattr__(self, "check_content", False)

    @property
    def checks(self) -> str:
        """What the crawl checks: ``links``, ``pages`` (links, 暗链, freshness,
        insecure links) or ``content`` (all of it, with the quality engine)."""
        if self.links_only:
            return "links"
        return "content" if self.check_content else "pages"

    def the_day(self) -> dt.date:
        return self.today or dt.date.today()
