"""What a crawled page says about its column (栏目): kind, name, entries, dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jiyue.content.column_kinds import DEFAULT_UPDATE_DAYS, ColumnKind
from jiyue.monitor.checks.dates import entry_date, full_dates, meta_date
from jiyue.monitor.crawler.parse import Page

NEWS = "news"
NOTICE = "notice"
BASIC = "basic"
OTHER = "other"
# Days a column may stay idle: the content model's numbers for the kinds a crawled
# column's name tells (国办秘函〔2019〕19号; 人事、规划计划 1 year, as 概况信息).
IDLE_DAYS = {
    NEWS: DEFAULT_UPDATE_DAYS[ColumnKind.NEWS],
    NOTICE: DEFAULT_UPDATE_DAYS[ColumnKind.NOTICE],
    BASIC: DEFAULT_UPDATE_DAYS[ColumnKind.OVERVIEW],
}
_KINDS = (
    (NOTICE, ("通知公告", "公告", "通知", "政策文件", "政策法规", "文件", "政策")),
    (NEWS, ("动态", "要闻", "新闻", "资讯", "快讯")),
    (BASIC, ("人事", "规划", "计划")),
)
_EMPTY_PHRASES = re.compile(
    r"暂无(?:信息|数据|内容|记录|相关)|没有(?:相关)?(?:信息|记录)|此栏目暂无"
)
_ENTRY_SELECTOR = "li, tr, dd"
# The entries that carry a link, in document order, in one pass of lexbor's
# selector engine (rather than a ``css_first("a[href]")`` per entry).
_LINKED_ENTRY_SELECTOR = "li:has(a[href]), tr:has(a[href]), dd:has(a[href])"
_NAV_SELECTOR = (
    "nav, header, footer, [class*=nav], [class*=menu], [id*=nav], [id*=menu]"
)


@dataclass(frozen=True)
class ColumnPage:
    url: str
    name: str
    kind: str
    entries: int
    latest: dt.date | None
    empty_phrase: bool
    from_meta: bool


def column_kind(name: str, declared: str = "") -> str:
    for text in (declared, name):
        for kind, words in _KINDS:
            if any(word in text for word in words):
                return kind
    return OTHER


def is_article(page: Page) -> bool:
    return bool(page.meta.get("pubdate") or page.meta.get("articletitle"))


def entry_dates(page: Page, today: dt.date) -> list[dt.date]:
    """Dates of the page's list entries that carry a link (navigation left out).

    Computed once per page and day (``column_page`` and ``page_dates`` both ask)."""
    key = ("entry_dates", today)
    if key not in page.memo:
        page.memo[key] = _entry_dates(page, today)
    return list(page.memo[key])


def _entry_dates(page: Page, today: dt.date) -> list[dt.date]:
    # An entry is navigation when it is a navigation element itself or lies inside
    # one: the entries under each navigation element, collected by lexbor, instead
    # of walking up from every entry.
    nav: set[int] = set()
    for n in page.tree.css(_NAV_SELECTOR):
        nav.add(n.mem_id)
        nav.update(e.mem_id for e in n.css(_ENTRY_SELECTOR))
    dates = []
    for node in page.tree.css(_LINKED_ENTRY_SELECTOR):
        if node.mem_id in nav:
            continue
        found = entry_date(node.text(separator=" "), today)
        if found:
            dates.append(found)
    return dates


def body_text(page: Page) -> str:
    """The text of the page's body (computed once per page)."""
    if "body_text" not in page.memo:
        body = page.tree.body
        page.memo["body_text"] = body.text(separator=" ") if body else ""
    return page.memo["body_text"]


def column_page(page: Page, today: dt.date) -> ColumnPage | None:
    """The column a list page shows, or None for articles and ordinary pages."""
    if is_article(page):
        return None
    declared_name = page.meta.get("columnname", "")
    declared_kind = page.meta.get("columntype", "")
    dates = entry_dates(page, today)
    body = body_text(page)
    empty_phrase = bool(_EMPTY_PHRASES.search(body))
    from_meta = bool(declared_name or declared_kind)
    if not from_meta and len(dates) < 3 and not empty_phrase:
        return None
    name = declared_name or _title_name(page.title) or page.url
    return ColumnPage(
        url=page.url,
        name=name,
        kind=column_kind(name, declared_kind),
        entries=len(dates),
        latest=max(dates) if dates else None,
        empty_phrase=empty_phrase,
        from_meta=from_meta,
    )


def _title_name(title: str) -> str:
    return re.split(r"\s*[-_|—–]+\s*", title.strip(), maxsplit=1)[0]


def article_date(page: Page) -> tuple[str, dt.date] | None:
    """``(column name, publish date)`` of an article page with metadata."""
    published = meta_date(page.meta.get("pubdate", ""))
    column = page.meta.get("columnname", "")
    return (column, published) if published and column else None


def page_dates(page: Page, today: dt.date) -> list[dt.date]:
    """Every date a reader sees on the page (for the home page rule)."""
    tomorrow = today + dt.timedelta(days=1)
    dates = [d for d in full_dates(body_text(page)) if d <= tomorrow]
    dates.extend(entry_dates(page, today))
    published = meta_date(page.meta.get("pubdate", ""))
    if published:
        dates.append(published)
    return dates
