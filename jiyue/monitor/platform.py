"""Sites on the platform: what the monitor knows of them beyond what a crawler sees.

When a crawl's host is one of the cluster's Wagtail sites, the crawl is told

* the publishing manifest (URL -> sha256), so that what the server serves is compared
  with what was published (网页篡改, ``tampered``; the findings and their text diffs
  come from ``jiyue.publishing.verify.verify_served``);
* each column's own update requirement (``ColumnPage.update_days``) instead of the
  generic rule by column kind.

See docs/decisions/0503-platform-sites-in-the-monitor.md.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from wagtail.models import Site

from jiyue.monitor.checks.columns import NEWS, NOTICE, OTHER
from jiyue.monitor.crawler import CrawlResult
from jiyue.monitor.crawler.report import sort_key
from jiyue.monitor.crawler.urls import normalize
from jiyue.publishing import storage
from jiyue.publishing.manifest import Manifest
from jiyue.publishing.nginx import DYNAMIC_PREFIXES
from jiyue.publishing.verify import verify_served
from jiyue.quality.findings import Finding

# Paths the public application answers without a published file.
UNPUBLISHED_PREFIXES = (*DYNAMIC_PREFIXES, "/media/")
COLUMN_KINDS = {"news": NEWS, "notice": NOTICE, "policy": NOTICE}
DEFAULT_PORTS = {"http": 80, "https": 443}


def platform_site(start_url: str) -> Site | None:
    """The cluster's Wagtail site serving ``start_url`` (same host; port preferred)."""
    parts = urlsplit(start_url)
    host = (parts.hostname or "").lower()
    if not host:
        return None
    port = parts.port or DEFAULT_PORTS.get(parts.scheme, 80)
    sites = list(Site.objects.filter(hostname__iexact=host).select_related("root_page"))
    same_port = [s for s in sites if s.port == port]
    return (same_port or sites or [None])[0]


def _base(start_url: str) -> str:
    parts = urlsplit(normalize(start_url) or start_url)
    return f"{parts.scheme}://{parts.netloc}"


def published_hashes(site: Site, start_url: str) -> dict[str, str]:
    """The manifest of the site's current published version, as URL -> sha256."""
    version = storage.current_version(site.hostname)
    if version is None:
        return {}
    manifest = Manifest.load(version, site.hostname)
    base = _base(start_url)
    return {
        base + storage.url_for_file_path(path): entry["sha256"]
        for path, entry in manifest.files.items()
    }


def column_rules(site: Site, start_url: str) -> dict[str, tuple[str, int]]:
    """Column URL -> (monitor kind, days) from each live ColumnPage of the site."""
    from jiyue.content.models.column import ColumnPage

    root_path = site.root_page.url_path
    base = _base(start_url)
    rules = {}
    columns = ColumnPage.objects.live().descendant_of(site.root_page)
    for column in columns.only("url_path", "kind", "update_days"):
        url = base + "/" + column.url_path[len(root_path) :]
        kind = COLUMN_KINDS.get(column.kind, OTHER)
        rules[url] = (kind, column.effective_update_days)
    return rules


def crawl_options(start_url: str) -> dict:
    """Extra ``CrawlConfig`` fields for a crawl of ``start_url`` (empty: foreign)."""
    site = platform_site(start_url)
    if site is None:
        return {}
    return {
        "published": published_hashes(site, start_url),
        "dynamic_prefixes": UNPUBLISHED_PREFIXES,
        "column_rules": column_rules(site, start_url),
    }


class _Served(Mapping[str, bytes | None]):
    """The crawl state's ``served`` table as file path -> bytes, read lazily."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.paths = {
            storage.file_path_for_url(urlsplit(url).path): url
            for (url,) in db.execute("SELECT url FROM served ORDER BY url")
        }

    def __getitem__(self, path: str) -> bytes | None:
        row = self.db.execute(
            "SELECT body FROM served WHERE url = ?", (self.paths[path],)
        ).fetchone()
        return row[0]

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


def tamper_findings(start_url: str, state: Path) -> list[Finding]:
    """``tampered`` findings of a finished crawl of a platform site (else none)."""
    site = platform_site(start_url)
    if site is None or not state.exists():
        return []
    db = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
    try:
        return verify_served(site, _Served(db))
    finally:
        db.close()


SITE_FINDINGS_HOOK = "jiyue_site_findings"


def record_findings(start_url: str) -> list[Finding]:
    """What the platform's own records say of a platform site beyond what a
    crawler reads (late reposts, missing interpretations, late publication):
    apps above the monitor answer the ``jiyue_site_findings`` hook."""
    from wagtail import hooks

    site = platform_site(start_url)
    if site is None:
        return []
    found: list[Finding] = []
    for site_findings in hooks.get_hooks(SITE_FINDINGS_HOOK):
        found += site_findings(site)
    return found


def add_findings(result: CrawlResult, found: list[Finding]) -> None:
    """Appends findings made after the crawl, keeping the summary's counts true."""
    result.findings.extend(found)
    result.findings.sort(key=sort_key)
    summary = result.summary
    summary["findings"] += len(found)
    for f in found:
        summary["by_type"][f.type] = summary["by_type"].get(f.type, 0) + 1
        summary["by_severity"][f.severity] += 1
        if f.severity == "veto":
            summary["veto"][f.type] = summary["veto"].get(f.type, 0) + 1
