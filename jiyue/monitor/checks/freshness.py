"""首页不更新, 栏目不更新, 空白栏目 — with the national counting rule (单项否决)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from jiyue.monitor.checks.columns import IDLE_DAYS, NEWS, NOTICE, ColumnPage
from jiyue.monitor.i18n import _
from jiyue.quality.findings import Finding

HOME_IDLE_DAYS = 14
STALE_VETO_PAIRED = 5  # 动态要闻 (2 weeks) + 通知公告/政策文件 (6 months) together
STALE_VETO_ANY = 10  # columns that should be updated and are not
EMPTY_VETO = 5


@dataclass
class Column:
    key: str
    url: str
    name: str
    kind: str
    entries: int = 0
    latest: dt.date | None = None
    # A platform column's own update requirement (its ColumnPage's update days).
    days: int | None = None

    @property
    def idle_days(self) -> int | None:
        return self.days if self.days is not None else IDLE_DAYS.get(self.kind)


def merge_columns(
    pages: Iterable[ColumnPage],
    articles: dict[str, dt.date],
    rules: Mapping[str, tuple[str, int]] | None = None,
) -> list[Column]:
    """One record per column: pages with the same declared name are one column.
    ``rules`` (column URL -> kind, days) are the platform's own requirements."""
    columns: dict[str, Column] = {}
    for page in sorted(pages, key=lambda p: (len(p.url), p.url)):
        key = f"name:{page.name}" if page.from_meta else f"url:{page.url}"
        column = columns.setdefault(key, Column(key, page.url, page.name, page.kind))
        column.entries += page.entries
        column.latest = _later(column.latest, page.latest)
    for column in columns.values():
        column.latest = _later(column.latest, articles.get(column.name))
        if rules and column.url in rules:
            column.kind, column.days = rules[column.url]
    return sorted(columns.values(), key=lambda c: c.url)


def _later(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return max(d for d in (a, b) if d) if (a or b) else None


def column_findings(columns: list[Column], today: dt.date) -> list[Finding]:
    stale = [c for c in columns if _is_stale(c, today)]
    empty = [c for c in columns if c.entries == 0 and c.latest is None]
    paired = [c for c in stale if c.kind in (NEWS, NOTICE)]
    veto_all = len(stale) >= STALE_VETO_ANY
    findings = [
        _stale_finding(
            c, veto_all or (c in paired and len(paired) >= STALE_VETO_PAIRED)
        )
        for c in stale
    ]
    findings += [_empty_finding(c, len(empty) >= EMPTY_VETO) for c in empty]
    return findings


def _is_stale(column: Column, today: dt.date) -> bool:
    days = column.idle_days
    if days is None or column.latest is None:
        return False
    return (today - column.latest).days > days


def _stale_finding(column: Column, veto: bool) -> Finding:
    days = column.idle_days
    message = (
        _("栏目「%(name)s」超过 %(days)s 天未更新（本栏目的更新要求）")
        if column.days is not None
        else _("栏目「%(name)s」超过 %(days)s 天未更新")
    )
    return Finding(
        type="stale_column",
        severity="veto" if veto else "warning",
        url=column.url,
        evidence=_("最新信息日期：%(date)s") % {"date": column.latest},
        message=message % {"name": column.name, "days": days},
        extra={"column": column.name, "kind": column.kind, "days": days},
    )


def _empty_finding(column: Column, veto: bool) -> Finding:
    return Finding(
        type="empty_column",
        severity="veto" if veto else "warning",
        url=column.url,
        evidence=_("栏目「%(name)s」没有带日期的信息") % {"name": column.name},
        message=_("空白栏目：栏目「%(name)s」有栏目无内容") % {"name": column.name},
        extra={"column": column.name, "kind": column.kind},
    )


def home_finding(
    home_url: str,
    home_dates: list[dt.date],
    section_latest: list[dt.date],
    today: dt.date,
) -> Finding | None:
    """首页不更新: nothing dated within 14 days; a navigation-only home page is judged
    by its second-level pages."""
    dates = home_dates or section_latest
    latest = max(dates) if dates else None
    if latest and (today - latest).days <= HOME_IDLE_DAYS:
        return None
    evidence = (
        _("最新信息日期：%(date)s") % {"date": latest}
        if latest
        else _("首页及其二级页面未见注明日期的信息")
    )
    return Finding(
        type="stale_site",
        severity="veto",
        url=home_url,
        evidence=evidence,
        message=_("首页超过 %(days)s 天未更新") % {"days": HOME_IDLE_DAYS},
    )


def with_url(finding: Finding, url: str) -> Finding:
    return finding if finding.url else replace(finding, url=url)
