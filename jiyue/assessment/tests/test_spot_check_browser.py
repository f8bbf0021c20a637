"""The demo's 巡查抽检 in Chromium with the admin's real CSP (browser_page fails on
any violation or script error): the platform office (孙督查) opens last quarter's
check, rejects a finding with a reason, confirms the rest, publishes the result
on the portal; the portal's site administrator (周站长) then sees his 整改 row.
Screenshots go to $JIYUE_SCREENSHOTS (spot-check-*.png)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tests.browser import browser_page, shot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.second_factor,
    pytest.mark.django_db(transaction=True),
]


def test_the_office_reviews_and_publishes_the_demo_check(demo_live):
    from jiyue.assessment.models import SpotCheck, SpotCheckFinding
    from jiyue.assessment.spot_checks.services import finding_confirm
    from jiyue.cluster.tenancy import is_platform_office

    check = SpotCheck.objects.get()
    site = check.sites.get(code="5201000001")
    findings = list(site.findings.all())
    assert findings, "the demo portal's incomplete guide is a finding"
    with browser_page() as page:
        sign_in(page, demo_live, "pingtai")
        page.goto(demo_live + "/admin/assessment/spot-checks/")
        page.click(f"text={check}")
        assert "审核中" in page.inner_text(
            "main"
        ) and "贵阳市人民政府" in page.inner_text("main")
        shot(page, "spot-check-detail")
        page.click("main a:has-text('贵阳市人民政府')")
        row = page.locator("tbody tr").first
        row.locator("textarea[name=reason]").fill("该办事指南已于抽检后补齐要素")
        row.locator("button:has-text('驳回')").click()
        page.wait_for_load_state("load")
        assert "已驳回" in page.inner_text("main")
        shot(page, "spot-check-site")
        office = check.created_by or _office()
        assert is_platform_office(office)
        for finding in SpotCheckFinding.objects.filter(
            check_site__spot_check=check, status="pending"
        ):
            finding_confirm(actor=office, finding=finding)
        page.goto(demo_live + f"/admin/assessment/spot-checks/{check.pk}/")
        page.click("button:has-text('发布到门户网站')")
        page.wait_for_load_state("load")
        assert "抽检结果已发布" in page.inner_text("body")
        shot(page, "spot-check-published")
        check.refresh_from_db()
        assert check.status == "published" and check.result_page.live
        sign_in(page, demo_live, "wangzhan")
        page.goto(demo_live + "/admin/")
        todo = page.locator("[id^=jiyue-todo]").first.inner_text()
        shot(page, "spot-check-todo")
    assert "巡查抽检整改" in todo and "贵阳市人民政府" in todo


def _office():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="pingtai")


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_the_published_result_reads_on_the_portal(
    live_server, load_demo_cluster, make_staff, monkeypatch
):
    import datetime as dt

    from django.utils import timezone

    from jiyue.assessment.models import SpotCheck, SpotCheckFinding
    from jiyue.assessment.spot_checks.result import portal_columns, spot_check_publish
    from jiyue.assessment.spot_checks.services import finding_confirm
    from jiyue.cluster.roles import Role

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop
    load_demo_cluster()
    office = make_staff("bangongshi-ll", Role.PLATFORM_OFFICE)
    check = SpotCheck.objects.get()
    for finding in SpotCheckFinding.objects.filter(check_site__spot_check=check):
        finding_confirm(actor=office, finding=finding)
    due = timezone.localdate() + dt.timedelta(days=30)
    page = spot_check_publish(
        actor=office, check=check, column=portal_columns()[0], rectify_by=due
    )
    port = live_server.url.rsplit(":", 1)[1]
    with browser_page() as browser:
        path = page.url_path[len(page.get_site().root_page.url_path) - 1 :]
        browser.goto(f"http://www.localhost:{port}{path}")
        text = browser.inner_text("main")
        shot(browser, "spot-check-result-page")
        assert "通报" in text and "贵阳市人民政府" in text and "XLSX" in text
        with browser.expect_download() as download:
            browser.click("text=结果表")
        assert download.value.suggested_filename.endswith(".xlsx")
