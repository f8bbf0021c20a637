"""Everything read from one fetched page, without I/O: links to follow and findings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jiyue.monitor.checks import content
from jiyue.monitor.checks.columns import (
    ColumnPage,
    article_date,
    column_page,
    page_dates,
)
from jiyue.monitor.checks.hidden import External, hidden_link_findings
from jiyue.monitor.checks.insecure import insecure_link_findings
from jiyue.monitor.crawler.decode import decode_html, looks_binary
from jiyue.monitor.crawler.parse import Link, Page, parse_page
from jiyue.monitor.crawler.scope import Site
from jiyue.monitor.crawler.urls import normalize
from jiyue.monitor.i18n import _
from jiyue.quality.findings import Finding


@dataclass
class Analysis:
    links: list[Link] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    column: ColumnPage | None = None
    article: tuple[str, dt.date] | None = None
    latest: dt.date | None = None
    issues: list[tuple[str, str]] = field(default_factory=list)
    dated: bool = False
    # Same-site stylesheets and scripts (kind, url, as written): the 暗链 check of
    # the page waits for them (``finish_hidden``), keeping the parsed ``page``.
    resources: list[tuple[str, str, str]] = field(default_factory=list)
    page: Page | None = None


def analyse_html(
    url: str, data: bytes, content_type: str, site: Site, today: dt.date
) -> Analysis:
    """Parse and check one page. A page that cannot be read is a finding, not a crash."""
    if looks_binary(data):
        return Analysis(
            findings=[_not_html(url, data)], issues=[("binary_as_html", "")]
        )
    text, encoding = decode_html(data, content_type)
    try:
        page = parse_page(url, text)
        result = Analysis(links=page.links)
        if not site.config.links_only:  # links alone: nothing else is read
            _page_checks(result, page, site, today)
    except Exception as exc:  # noqa: BLE001 - any parser failure is one page's finding
        return Analysis(
            findings=[_unparseable(url, exc)],
            issues=[("unparseable", type(exc).__name__)],
        )
    if site.config.check_content:
        result.findings += _content(text, url, result)
    if encoding not in ("utf-8", "ascii"):
        result.issues.append(("encoding", encoding))
    return result


def _page_checks(result: Analysis, page: Page, site: Site, today: dt.date) -> None:
    """暗链 (now, or once the page's stylesheets are read), insecure links, dates."""
    result.resources = same_site_resources(page, site)
    result.findings += insecure_link_findings(page)
    if result.resources:
        result.page = page
    else:
        result.findings += hidden_link_findings(page, site.is_own)
    _freshness(result, page, today)


def same_site_resources(page: Page, site: Site) -> list[tuple[str, str, str]]:
    """``(kind, url, raw)`` of the page's same-site stylesheets and scripts."""
    found: dict[str, tuple[str, str, str]] = {}
    for node in page.tree.css("link[href], script[src]"):
        if node.tag == "link":
            rel = (node.attributes.get("rel") or "").lower().split()
            if "stylesheet" not in rel:
                continue
        raw = node.attributes.get("href" if node.tag == "link" else "src") or ""
        url = normalize(raw, page.base)
        if url and site.internal(url):
            kind = "css" if node.tag == "link" else "js"
            found.setdefault(url, (kind, url, raw))
    return list(found.values())


def finish_hidden(result: Analysis, site: Site, external: External) -> None:
    """The deferred 暗链 check, with the stylesheets and scripts read."""
    page, result.page = result.page, None
    if page is None:
        return
    try:
        result.findings += hidden_link_findings(page, site.is_own, external)
    except Exception as exc:  # noqa: BLE001 - one page's problem, never the crawl's
        result.issues.append(("unparseable", type(exc).__name__))


def _freshness(result: Analysis, page, today: dt.date) -> None:
    result.column = column_page(page, today)
    result.article = article_date(page)
    dates = page_dates(page, today)
    result.latest = max(dates) if dates else None


def _content(text: str, url: str, result: Analysis) -> list[Finding]:
    try:
        return content.check_html(text, url)
    except Exception as exc:  # noqa: BLE001 - a checker bug must not stop the crawl
        result.issues.append(("content_check_failed", type(exc).__name__))
        return []


def _not_html(url: str, data: bytes) -> Finding:
    return Finding(
        type="garbled_text",
        severity="warning",
        url=url,
        evidence=repr(data[:16]),
        message=_("网页地址返回的是二进制文件，浏览器中显示为乱码"),
    )


def _unparseable(url: str, exc: Exception) -> Finding:
    return Finding(
        type="garbled_text",
        severity="warning",
        url=url,
        evidence=f"{type(exc).__name__}: {exc}"[:200],
        message=_("页面无法解析"),
    )
