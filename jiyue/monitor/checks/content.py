"""The content checks of ``jiyue.quality`` on crawled pages and attachments (its
public functions only)."""

from __future__ import annotations

from dataclasses import replace

from jiyue import quality
from jiyue.quality.findings import Finding

ATTACHMENT_SUFFIXES = (".pdf", ".docx", ".xlsx")
ATTACHMENT_TYPES = frozenset(
    {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)


# The monitor judges these itself, with the network's answer and the site's context
# (its stylesheets and scripts for 暗链, with quality's one verdict: ADR 0111); the
# page-only findings of jiyue.quality would repeat them.
MONITOR_OWNED = frozenset({"hidden_link", "insecure_link", "broken_link"})


def check_html(html: str, url: str) -> list[Finding]:
    """Quality's findings on a crawled page, but for the types the monitor judges
    itself with the site's context and the network's answer."""
    found = quality.check_html(html, url=url)
    return [_located(f, url) for f in found if f.type not in MONITOR_OWNED]


def check_bytes(data: bytes, filename: str, url: str) -> list[Finding]:
    return [_located(f, url) for f in quality.check_bytes(data, filename, url=url)]


def _located(finding: Finding, url: str) -> Finding:
    return finding if finding.url else replace(finding, url=url)


def is_attachment(url: str, content_type: str = "") -> bool:
    path = url.split("?")[0].lower()
    return path.endswith(ATTACHMENT_SUFFIXES) or content_type in ATTACHMENT_TYPES
