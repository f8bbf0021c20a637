"""栏目不更新 / 空白栏目 / 首页不更新 with the national counting rule."""

from __future__ import annotations

import datetime as dt

from jiyue.monitor.checks.columns import column_page, entry_date
from jiyue.monitor.checks.freshness import Column, column_findings, home_finding
from jiyue.monitor.crawler.parse import parse_page

TODAY = dt.date(2026, 11, 20)


def test_dates_in_list_entries():
    assert entry_date("关于开展检查的通知 2026-11-20", TODAY) == dt.date(2026, 11, 20)
    assert entry_date("通知 2026年11月2日", TODAY) == dt.date(2026, 11, 2)
    assert entry_date("要闻 [11-19]", TODAY) == dt.date(2026, 11, 19)
    assert entry_date("要闻 [12-30]", TODAY) == dt.date(2025, 12, 30)
    assert entry_date("电话 0917-12345678", TODAY) is None


def test_column_kind_from_meta_or_name():
    html = (
        '<meta name="ColumnName" content="部门动态"><ul><li><a href="/1">a</a>'
        "<span>2026-10-01</span></li></ul>"
    )
    column = column_page(parse_page("http://x.gov.cn/bmdt/", html), TODAY)
    assert (column.name, column.kind, column.entries, column.latest) == (
        "部门动态",
        "news",
        1,
        dt.date(2026, 10, 1),
    )


def test_navigation_lists_are_not_entries():
    html = (
        "<title>通知公告 - 某市</title><nav><ul>"
        + '<li><a href="/n">2026-11-19 导航</a></li>' * 5
        + "</ul></nav><ul>"
        + '<li><a href="/a">通知</a>2026-01-01</li>' * 3
        + "</ul>"
    )
    column = column_page(parse_page("http://x.gov.cn/tzgg/", html), TODAY)
    assert (column.name, column.kind, column.latest) == (
        "通知公告",
        "notice",
        dt.date(2026, 1, 1),
    )


def _stale(n: int, kind: str, days: int) -> list[Column]:
    latest = TODAY - dt.timedelta(days=days)
    return [
        Column(f"k{kind}{i}", f"http://x/{kind}{i}/", f"{kind}{i}", kind, 1, latest)
        for i in range(n)
    ]


def test_four_stale_news_and_notice_columns_are_warnings():
    columns = _stale(2, "news", 15) + _stale(2, "notice", 181) + _stale(3, "news", 14)
    found = column_findings(columns, TODAY)
    assert (
        sorted((f.type, f.severity) for f in found) == [("stale_column", "warning")] * 4
    )


def test_five_stale_news_and_notice_columns_are_veto():
    columns = _stale(3, "news", 15) + _stale(2, "notice", 181) + _stale(1, "basic", 400)
    found = {f.url: f.severity for f in column_findings(columns, TODAY)}
    assert list(found.values()).count("veto") == 5
    assert found["http://x/basic0/"] == "warning"


def test_ten_stale_columns_of_any_kind_are_veto():
    columns = _stale(1, "news", 30) + _stale(9, "basic", 400)
    assert {f.severity for f in column_findings(columns, TODAY)} == {"veto"}


def test_five_empty_columns_are_veto_four_are_warnings():
    empty = [Column(f"e{i}", f"http://x/e{i}/", f"空{i}", "other") for i in range(5)]
    assert {f.severity for f in column_findings(empty, TODAY)} == {"veto"}
    assert {f.severity for f in column_findings(empty[:4], TODAY)} == {"warning"}


def test_home_page_rule():
    assert home_finding("http://x/", [dt.date(2026, 11, 6)], [], TODAY) is None
    stale = home_finding("http://x/", [dt.date(2026, 11, 5)], [], TODAY)
    assert (stale.type, stale.severity, stale.evidence) == (
        "stale_site",
        "veto",
        "最新信息日期：2026-11-05",
    )
    # A navigation-only home page is judged by its second-level pages.
    assert home_finding("http://x/", [], [dt.date(2026, 11, 19)], TODAY) is None
    assert (
        home_finding("http://x/", [], [], TODAY).evidence
        == "首页及其二级页面未见注明日期的信息"
    )
