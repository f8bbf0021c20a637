"""The 政府信息公开 section: the 公开目录 by 主题分类, 体裁, 发布机构 and year, published
statically; the yearly report in the national structure with the platform's own
figures; and the 31 January reminder in the site administrator's 待办."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from wagtail.models import Site

from jiyue.content.models import PolicyDocumentPage
from jiyue.disclosure.dashboard import report_todo_items
from jiyue.disclosure.pages import (
    AnnualDisclosureReportPage,
    DisclosureCatalogPage,
    genre_of,
)
from jiyue.disclosure.report import table_three
from jiyue.publishing.selectors import page_targets
from tests.clients import PublicClient

pytestmark = [pytest.mark.django_db]
WWW = "www.localhost:8000"


@pytest.fixture
def www(demo_cluster):
    cache.clear()
    return Site.objects.get(hostname="www.localhost")


def test_genre_is_told_by_the_title():
    assert genre_of("国务院办公厅关于加强政府网站信息内容建设的意见") == "意见"
    assert genre_of("贵阳市政府网站管理办法（试行）") == "办法"
    assert genre_of("一个没有文种的标题") == "其他"


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_the_catalogue_lists_every_item_with_an_index_number_by_facet(www):
    catalog = DisclosureCatalogPage.objects.descendant_of(www.root_page).get()
    documents = catalog.documents()
    assert documents and all(d.index_no for d in documents)
    own = PolicyDocumentPage.objects.live().descendant_of(www.root_page)
    assert len(documents) == own.exclude(index_no__isnull=True).count()
    client = PublicClient()
    page = client.get("/zfxxgk/gkml/", HTTP_HOST=WWW)
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("主题分类", "体裁", "发布机构", "年份", documents[0].index_no):
        assert text in html
    urls = [t.url for t in page_targets(www, catalog)]
    year = documents[0].published_on.year
    assert f"/zfxxgk/gkml/year/{year}/" in urls
    by_year = client.get(f"/zfxxgk/gkml/year/{year}/", HTTP_HOST=WWW).content.decode()
    assert documents[0].title in by_year
    genre_urls = [u for u in urls if "/genre/" in u]
    assert genre_urls and all(
        client.get(u, HTTP_HOST=WWW).status_code == 200 for u in genre_urls
    )
    assert client.get("/zfxxgk/gkml/year/1900/", HTTP_HOST=WWW).status_code == 404
    assert client.get("/zfxxgk/gkml/colour/red/", HTTP_HOST=WWW).status_code == 404


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_the_yearly_report_has_the_national_tables_with_the_platforms_figures(www):
    report = (
        AnnualDisclosureReportPage.objects.live().descendant_of(www.root_page).get()
    )
    # The demo's three requests were received in the last 30 days of now's year,
    # the report is for the year before: table 三 counts nothing of them.
    assert report.request_figures["new"]["total"] == 0
    assert report.norms_made is not None and report.norms_in_force is not None
    html = PublicClient().get(report.url_path[len(www.root_page.url_path) - 1 :],
                              HTTP_HOST=WWW).content.decode()  # fmt: skip
    for text in (
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项", "行政规范性文件", "商业企业", "属于四类过程性信息",
        "结转下年度继续办理", "复议后起诉",
    ):  # fmt: skip
        assert text in html


def test_table_three_sums_results_by_reason_and_column():
    figures = {
        "new": {"person": 2, "commercial": 1, "total": 3},
        "carried_in": {"person": 1, "total": 1},
        "results": {
            "disclose:provided": {"person": 1, "total": 1},
            "refuse:process": {"commercial": 1, "total": 1},
            "not_ours:other_organ": {"person": 1, "total": 1},
        },
        "carried_out": {"person": 1, "total": 1},
    }
    table = table_three(figures)
    rows = {str(r["label"]): r["cells"] for r in table["results"]}
    assert table["new"] == [2, 1, 0, 0, 0, 0, 3]
    assert rows["（一）予以公开"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["6.属于四类过程性信息"] == [0, 1, 0, 0, 0, 0, 1]
    assert rows["（三）不予公开"][-1] == 1
    assert rows["1.本机关不掌握相关政府信息"][-1] == 1
    assert table["total"][-1] == 3  # the top rows only, not their sub-rows
    # 勾稽关系: 新收 + 结转 = 办结 + 结转下年
    assert table["new"][-1] + table["carried_in"][-1] == (
        table["total"][-1] + table["carried_out"][-1]
    )


def test_the_reminder_comes_in_january_until_the_report_is_live(www, make_staff):
    from jiyue.cluster.roles import Role

    admin = make_staff("zhanzhang-nb", Role.SITE_ADMIN, www)
    request = RequestFactory().get("/admin/")
    request.user = admin
    report = AnnualDisclosureReportPage.objects.descendant_of(www.root_page).get()
    next_january = dt.date(report.year + 2, 1, 10)  # the following year's report
    (row,) = report_todo_items(request, today=next_january)
    assert row.deadline == dt.date(report.year + 2, 1, 31)
    assert f"{report.year + 1}年政府信息公开工作年度报告" == row.title
    # The year the demo report covers is done: no row for it.
    assert report_todo_items(request, today=dt.date(report.year + 1, 1, 10)) == []
