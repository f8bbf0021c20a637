"""The content checks of ``jiyue.quality`` on crawled pages and attachments (its
public functions only)."""

from __future__ import annotations

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


def check_html(html: str, url: str) -> list[Finding]:
    """Quality's findings on a crawled page, in the crawl's context: the types
    the monitor judges itself with the site's context and the network's answer
    (暗链, insecure and broken links: ADR 0111) are left to it."""
    return quality.gate(html, context=quality.Context.CRAWL, kind="html", url=url)


def check_bytes(data: bytes, filename: str, url: str) -> list[Finding]:
    return quality.gate(
        data, context=quality.Context.CRAWL, kind="file", filename=filename, url=url
    )


def is_attachment(url: str, content_type: str = "") -> bool:
    path = url.split("?")[0].lower()
    return path.endswith(ATTACHMENT_SUFFIXES) or content_type in ATTACHMENT_TYPES
