"""Turning the crawl's stored results into findings and a summary."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

from jiyue.monitor.checks.freshness import column_findings, home_finding, merge_columns
from jiyue.monitor.crawler.config import CrawlConfig
from jiyue.monitor.crawler.fetch import (
    DNS_FAILED,
    LOOPBACK_ONLY,
    NO_ROUTE,
    FetchResult,
)
from jiyue.monitor.crawler.scope import EXTERNAL
from jiyue.monitor.crawler.store import BrokenLink, Store
from jiyue.monitor.i18n import _
from jiyue.quality.findings import Finding, Position

SEVERITY_ORDER = {"veto": 0, "error": 1, "warning": 2, "info": 3}


def unreachable(url: str, result: FetchResult) -> Finding:
    return Finding(
        type="unreachable",
        severity="error",
        url=url,
        target=url,
        evidence=result.evidence(),
        message=_("网站首页无法访问（%(why)s）") % {"why": result.evidence()},
    )


PAGES_LISTED = 200  # pages named per broken target (the count is always whole)
OFFLINE_ALWAYS = frozenset({LOOPBACK_ONLY})
OFFLINE_WHEN_NOTHING_ANSWERED = frozenset({DNS_FAILED, NO_ROUTE})
UNVERIFIED = "unverified_link"


def broken_link(link: BrokenLink, pages: list[str] | None = None) -> Finding:
    """One finding per broken target: ``url`` is the first page carrying it,
    ``extra["pages"]`` every page (docs/decisions/0514)."""
    pages = pages or [link.page]
    evidence = _evidence(link)
    if len(pages) == 1:
        message = _("链接无法访问（%(why)s）") % {"why": evidence}
    else:
        message = _("链接无法访问（%(why)s），%(n)s 个页面有此链接") % {
            "why": evidence,
            "n": len(pages),
        }
    return Finding(
        type="broken_link",
        severity="error",
        url=pages[0],
        target=link.target,
        evidence=evidence,
        message=message,
        position=Position(link.line, link.column) if link.line else None,
        extra={"pages": pages[:PAGES_LISTED], "page_count": len(pages)},
    )


def _evidence(link: BrokenLink) -> str:
    return link.error or f"HTTP {link.status}"


def broken_links(store: Store) -> list[Finding]:
    """Broken targets, each once with the pages that link to it; targets this
    machine could not reach for want of a way out are crawl issues instead
    (``unverified_link``: 无法验证（无外网）), not broken links."""
    by_target: dict[str, list[BrokenLink]] = {}
    for link in store.broken_links():
        by_target.setdefault(link.target, []).append(link)
    offline = OFFLINE_ALWAYS
    if not store.external_answered():
        offline = offline | OFFLINE_WHEN_NOTHING_ANSWERED
    findings = []
    for target, links in by_target.items():
        pages = sorted({link.page for link in links})
        first = min(links, key=lambda link: (link.page, link.line or 0))
        if first.scope == EXTERNAL and first.error in offline:
            detail = _(
                "无法验证（无外网）：%(why)s；%(n)s 个页面有此链接：%(pages)s"
            ) % {
                "why": first.error,
                "n": len(pages),
                "pages": " ".join(pages[:20]),
            }
            store.add_issue(UNVERIFIED, target, detail)
            continue
        findings.append(broken_link(first, pages))
    return findings


def assemble(
    store: Store,
    home: str,
    today: dt.date,
    column_rules: Mapping[str, tuple[str, int]] | None = None,
    *,
    freshness: bool = True,
) -> list[Finding]:
    """All findings of the crawl, in a stable order (``freshness=False``: a links-only
    crawl read no dates, so no column or home page is judged stale)."""
    findings = list(store.findings())
    findings += broken_links(store)
    if freshness and not any(f.type == "unreachable" for f in findings):
        findings += _freshness(store, home, today, column_rules or {})
    return sorted(findings, key=sort_key)


def _freshness(
    store: Store, home: str, today: dt.date, rules: Mapping[str, tuple[str, int]]
) -> list[Finding]:
    columns = merge_columns(store.columns(), store.articles(), rules)
    findings = column_findings(columns, today)
    home_dates = store.page_dates(0)
    stale = home_finding(home, home_dates, store.page_dates(1), today)
    return [*findings, stale] if stale else findings


def sort_key(f: Finding) -> tuple:
    line = f.position.line if f.position else 0
    return (
        SEVERITY_ORDER[f.severity],
        f.type,
        f.url or "",
        f.target or "",
        line,
        f.evidence,
    )


def summary(
    findings: list[Finding], store: Store, finished: bool, config: CrawlConfig
) -> dict:
    by_type = Counter(f.type for f in findings)
    by_severity = Counter(f.severity for f in findings)
    vetoes = Counter(f.type for f in findings if f.severity == "veto")
    issues = Counter(issue["kind"] for issue in store.issues())
    return {
        "start_url": store.get("start_url"),
        "today": config.the_day().isoformat(),
        "finished": finished,
        "checks": config.checks,
        "pages": store.count("parsed = 1"),
        "urls_checked": store.count("state = 2"),
        "urls_skipped": store.count("state = 3"),
        "urls_pending": store.count("state < 2"),
        "unverified_links": issues.get(UNVERIFIED, 0),
        "findings": len(findings),
        "by_type": dict(sorted(by_type.items())),
        "by_severity": {s: by_severity.get(s, 0) for s in SEVERITY_ORDER},
        "veto": dict(sorted(vetoes.items())),
        "crawl_issues": dict(sorted(issues.items())),
    }
