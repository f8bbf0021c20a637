"""For sites on the platform a column's own update requirement (its ColumnPage's
「更新要求（天）」) replaces the generic rule by column kind."""

from __future__ import annotations

import datetime as dt

import pytest

from jiyue.content.models.column import ColumnPage
from jiyue.monitor import services
from jiyue.monitor.checks.columns import ColumnPage as CrawledColumn
from jiyue.monitor.checks.freshness import column_findings, merge_columns
from jiyue.monitor.models import Crawl
from jiyue.monitor.platform import column_rules
from jiyue.monitor.tests import platform_site
from jiyue.monitor.tests.site import column_meta, dated_list, html

TODAY = dt.date(2026, 11, 20)
ROOT = platform_site.ROOT


def _crawled(url: str, kind: str, latest: dt.date) -> CrawledColumn:
    return CrawledColumn(url, url, kind, 3, latest, False, True)


def test_own_requirement_replaces_the_kind_rule():
    notice = _crawled("http://x/tzgg/", "notice", TODAY - dt.timedelta(days=40))
    news = _crawled("http://x/yaowen/", "news", TODAY - dt.timedelta(days=20))
    generic = column_findings(merge_columns([notice, news], {}), TODAY)
    assert [f.url for f in generic] == ["http://x/yaowen/"]  # news > 14 days
    rules = {"http://x/tzgg/": ("notice", 30), "http://x/yaowen/": ("news", 30)}
    own = column_findings(merge_columns([notice, news], {}, rules), TODAY)
    assert [f.url for f in own] == ["http://x/tzgg/"]
    assert "超过 30 天未更新（本栏目的更新要求）" in own[0].message
    assert own[0].extra["days"] == 30


def test_a_column_of_another_kind_is_judged_by_its_own_days():
    """A column the generic rule never judges (其他) is stale past its own days."""
    other = _crawled("http://x/zt/", "other", TODAY - dt.timedelta(days=70))
    assert column_findings(merge_columns([other], {}), TODAY) == []
    rules = {"http://x/zt/": ("other", 60)}
    (finding,) = column_findings(merge_columns([other], {}, rules), TODAY)
    assert finding.type == "stale_column" and finding.severity == "warning"


@pytest.mark.django_db
def test_rules_come_from_the_sites_column_pages(portal):
    rules = column_rules(portal.site, ROOT)
    yaowen = ColumnPage.objects.get(url_path=portal.site.root_page.url_path + "yaowen/")
    assert rules[f"{ROOT}yaowen/"] == ("news", yaowen.effective_update_days)
    assert all(url.startswith(ROOT) for url in rules)
    assert len(rules) == (
        ColumnPage.objects.live().descendant_of(portal.site.root_page).count()
    )


@pytest.mark.django_db
def test_a_platform_crawl_uses_the_columns_own_requirement(platform_server, portal):
    """要闻动态 last updated 12 days ago: fine by the 14-day news rule, stale by the
    column's own 10 days set in the admin."""
    twelve_days_ago = (dt.date.today() - dt.timedelta(days=12)).isoformat()
    platform_server.served.routes[platform_site.HOST]["/yaowen/"] = html(
        dated_list([("/yaowen/a1.html", twelve_days_ago)] * 3),
        head=column_meta("要闻动态", "news"),
    )
    yaowen = ColumnPage.objects.get(url_path=portal.site.root_page.url_path + "yaowen/")

    def stale() -> list[str]:
        crawl = Crawl.objects.create(profile=portal, start_url=ROOT)
        crawl = services.crawl_run(crawl_id=crawl.pk)
        return list(
            crawl.findings.filter(type="stale_column").values_list("message", flat=True)
        )

    ColumnPage.objects.filter(pk=yaowen.pk).update(update_days=14)
    assert stale() == []
    ColumnPage.objects.filter(pk=yaowen.pk).update(update_days=10)
    assert stale() == ["栏目「要闻动态」超过 10 天未更新（本栏目的更新要求）"]
