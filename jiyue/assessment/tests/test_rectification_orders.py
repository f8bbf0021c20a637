"""What today's spot check would find, with the owner of each problem, and the
office's 限期整改 with its deadline, 待办 row, report and reminder (ADR 0809)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import Page

from jiyue.assessment import orders
from jiyue.assessment.models import RectificationOrder
from jiyue.assessment.preview import problems
from jiyue.cluster.models import SiteProfile
from jiyue.cluster.roles import Role
from jiyue.content.models import ArticlePage, ColumnPage
from jiyue.monitor.models import Crawl, StoredFinding
from tests.staff import login

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def beijing(demo_cluster):
    return SiteProfile.objects.select_related("site").get(code="1100000009")


def _broken_links_on(profile, page, n=3):
    crawl = Crawl.objects.create(
        profile=profile, start_url=profile.site.root_url,
        status=Crawl.Status.DONE, finished_at=timezone.now(),
    )  # fmt: skip
    for i in range(n):
        StoredFinding.objects.create(
            crawl=crawl, type="broken_link", severity="error",
            url=f"http://{profile.site.hostname}:8000{page.url_path.removeprefix(profile.site.root_page.url_path.rstrip('/'))}",
            target=f"http://dead.example/{i}", message=f"链接不可用 {i}",
            fingerprint=f"dead{i}",
        )  # fmt: skip


def test_todays_problems_name_the_column_and_its_people(beijing, make_staff):
    site = beijing.site
    article = ArticlePage.objects.live().descendant_of(site.root_page).first()
    column = ColumnPage.objects.ancestor_of(article).order_by("-depth").first()
    officer = make_staff("lm-officer", Role.INFO_OFFICER, site, column)
    admin = make_staff("lm-admin", Role.SITE_ADMIN, site)
    _broken_links_on(beijing, article)
    found = [p for p in problems(beijing) if p.indicator == "链接不可用"]
    assert found, "three broken links deduct points"
    assert all(p.owner == f"栏目“{column.title}”" for p in found)
    assert all(officer.get_full_name() in p.people for p in found)
    others = [p for p in problems(beijing) if not p.url]
    assert all(
        p.owner == "网站管理员" and admin.get_full_name() in p.people for p in others
    )


def test_the_office_orders_a_deadline_and_the_site_reports_it_done(
    beijing, client, make_staff, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    site = beijing.site
    article = ArticlePage.objects.live().descendant_of(site.root_page).first()
    _broken_links_on(beijing, article)
    office = make_staff("zg-office", Role.PLATFORM_OFFICE)
    admin = make_staff("zg-admin", Role.SITE_ADMIN, site)
    url = f"/admin/assessment/site/{site.pk}/"
    login(client, office)
    page = client.get(url).content.decode()
    assert "今日抽检预览" in page and "下达限期整改" in page
    today = timezone.localdate()
    bad = client.post(url, {"deadline": "下周五"}).content.decode()
    assert "整改期限不是有效的日期" in bad
    past = client.post(url, {"deadline": today.isoformat()}).content.decode()
    assert "整改期限须晚于今天" in past
    assert not RectificationOrder.objects.filter(site=site).exists()
    due = today + dt.timedelta(days=10)
    client.post(url, {"deadline": due.isoformat(), "note": "请十日内修复"})
    entry = RectificationOrder.objects.get(site=site)
    assert entry.deadline == due and any(
        p["indicator"] == "链接不可用" for p in entry.problems
    )
    # the site's administrator: a 待办 row, the report refused empty, then done
    login(client, admin)
    home = client.get("/admin/").content.decode()
    assert "限期整改：整改后报告整改情况" in home
    refused = client.post(url, {"deadline": due.isoformat()})
    assert refused.status_code == 302 and refused.url == "/admin/"  # not the office
    assert RectificationOrder.objects.filter(site=site).count() == 1
    order_url = f"/admin/assessment/order/{entry.pk}/"
    empty = client.post(order_url, {"note": " "}).content.decode()
    assert "请说明整改了哪些问题" in empty
    # the reminder: not yet ten days before, once within three days
    assert orders.remind(today) == 0
    assert orders.remind(due - dt.timedelta(days=2)) == 1
    assert orders.remind(due - dt.timedelta(days=1)) == 0
    assert mail.outbox[-1].subject == f"限期整改即将到期：{site.site_name}"
    assert admin.email in mail.outbox[-1].to
    client.post(order_url, {"note": "已删除失效链接"})
    entry.refresh_from_db()
    assert entry.rectified_at is not None and entry.rectified_by == admin
    assert "限期整改：整改后报告整改情况" not in client.get("/admin/").content.decode()
    # another site's administrator sees nothing of it
    other = make_staff(
        "zg-other", Role.SITE_ADMIN, SiteProfile.objects.get(code="6109000001").site
    )
    login(client, other)
    assert client.get(order_url).status_code == 404
    assert Page.objects.filter(pk=article.pk).exists()
