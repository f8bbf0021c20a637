"""The yearly work report and 限期整改 in Chromium with the admin's real CSP
(browser_page fails on any violation or script error): the platform
office (孙督查) orders 限期整改 with the date picker from the portal's score page;
the portal's site administrator (周站长) finds it in his 待办 and reports it done,
then fills in the signers, signs off and publishes this year's report on the home
page.
Screenshots go to $JIYUE_SCREENSHOTS (work-report-*.png)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser import browser_page, shot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.second_factor,
    pytest.mark.django_db(transaction=True),
]


def test_the_report_goes_on_the_home_page_and_an_order_reaches_the_todo(demo_live):
    from wagtail.models import Site

    from jiyue.assessment.models import RectificationOrder
    from jiyue.assessment.work_report import live_report

    www = Site.objects.get(hostname="www.localhost")
    year = timezone.localdate().year
    with browser_page() as page:
        # (each person signs in once: a TOTP code is accepted once per person)
        sign_in(page, demo_live, "pingtai")
        page.goto(demo_live + f"/admin/assessment/site/{www.pk}/")
        assert "今日抽检预览" in page.inner_text("main")
        due = timezone.localdate() + dt.timedelta(days=14)
        page.fill("input[name=deadline]", due.isoformat())  # the date picker
        page.fill("textarea[name=note]", "请两周内补齐办事指南要素")
        page.click("button:has-text('下达限期整改')")
        page.wait_for_load_state("load")
        assert "已下达限期整改" in page.inner_text("body")
        shot(page, "work-report-order")
        order = RectificationOrder.objects.get(site=www)
        assert order.deadline == due and order.problems
        sign_in(page, demo_live, "wangzhan")
        page.goto(demo_live + "/admin/")
        todo = page.locator("[id^=jiyue-todo]").first.inner_text()
        assert "限期整改" in todo
        page.click(f"a[href='/admin/assessment/order/{order.pk}/']")
        page.fill("textarea[name=note]", "已补齐收养登记的设定依据和咨询电话")
        page.click("button:has-text('报告整改完成')")
        page.wait_for_load_state("load")
        shot(page, "work-report-rectified")
        page.goto(demo_live + f"/admin/assessment/report/{www.pk}/{year}/")
        for name in ("单位负责人", "审核人", "填报人"):
            row = page.locator("tbody tr", has=page.locator("td", has_text=name)).last
            row.locator("input").fill(f"{name}丙")
        page.click("button[name=signoff]")
        page.wait_for_load_state("load")
        assert "年度报表已定稿" in page.inner_text("body")
        page.click("button:has-text('发布到网站首页')")
        page.wait_for_load_state("load")
        assert "年度报表已发布到网站首页" in page.inner_text("body")
        shot(page, "work-report-published")
        report = live_report(www, year)
        assert report is not None and any(
            row["value"] == "填报人丙" for row in report.rows
        )
    order.refresh_from_db()
    assert order.rectified_at is not None
