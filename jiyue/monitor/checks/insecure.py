"""insecure_link: resources loaded over http on an https page (混合内容)."""

from __future__ import annotations

from jiyue.monitor.crawler.parse import RESOURCE_TAGS, Page
from jiyue.monitor.i18n import _
from jiyue.quality.findings import Finding, Position

ACTIVE = frozenset({"script", "iframe", "frame", "link", "embed"})


def insecure_link_findings(page: Page) -> list[Finding]:
    if not page.url.startswith("https://"):
        return []
    findings = []
    for link in page.links:
        if link.tag in RESOURCE_TAGS and link.url.startswith("http://"):
            findings.append(
                _finding(page, link.url, link.tag, link.raw, link.line, link.column)
            )
    return findings


def _finding(page: Page, target: str, tag: str, raw: str, line, column) -> Finding:
    active = tag in ACTIVE
    return Finding(
        type="insecure_link",
        severity="error" if active else "warning",
        url=page.url,
        target=target,
        evidence=raw,
        message=_("HTTPS 页面以不安全的 HTTP 加载资源（%(tag)s）") % {"tag": tag},
        position=Position(line, column) if line else None,
    )
