"""Turning the crawl's stored results into findings and a summary."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

from jiyue.monitor.checks.freshness import column_findings, home_finding, merge_columns
from jiyue.monitor.crawler.config import CrawlConfig
from jiyue.monitor.crawler.fetch import FetchResult
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


def broken_link(link: BrokenLink) -> Finding:
    evidence = link.error or f"HTTP {link.status}"
    return Finding(
        type="broken_link",
        severity="error",
        url=link.page,
        target=link.target,
        evidence=evidence,
        message=_("链接无法访问（%(why)s）") % {"why": evidence},
        position=Position(link.line, link.column) if link.line else None,
    )


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
    findings += [broken_link(link) for link in store.broken_links()]
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
        "findings": len(findings),
        "by_type": dict(sorted(by_type.items())),
        "by_severity": {s: by_severity.get(s, 0) for s in SEVERITY_ORDER},
        "veto": dict(sorted(vetoes.items())),
        "crawl_issues": dict(sorted(issues.items())),
    }
