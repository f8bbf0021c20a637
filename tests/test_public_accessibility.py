"""Every public page type has zero axe-core violations (WCAG 2.1 A and AA), in a
real headless Chromium against the public application."""

import pytest
from django.test import override_settings

from tests.browser import axe_violations, browser_page

PAGES = {
    "home": "/",
    "column": "/yaowen/",
    "column page 2": "/yaowen/page/2/",
    "article": "/yaowen/news-002/",
    "notice": "/tzgg/notice-001/",
    "policy document": "/zcwj/guobanfa-2014-57/",
    "interpretation": "/zcjd/jd-guobanfa-2014-57/",
    "organisation": "/jgzn/jigou/",
    "leader": "/ldxx/leader-1/",
    "leaders column": "/ldxx/",
    "interaction": "/hudong/",
    "mailbox form": "/hudong/xinxiang/shizhang/",
    "message query": "/hudong/chaxun/",
    "published replies": "/hudong/huifu/",
    "published reply": "/hudong/huifu/2026000000000003/",
    "error report": "/hudong/jiucuo/?url=http%3A//www.localhost%3A8000/yaowen/",
    "topic": "/zhuanti-wzjs/",
    "consultation (open)": "/hdjl/zhengqiu-wzgl/",
    "consultation (closed, feedback)": "/hdjl/zhengqiu-xmt/",
    "survey with results": "/hdjl/diaocha-wzty/",
    "interview (past, transcript)": "/hdjl/fangtan-sjhm/",
    "interview (upcoming)": "/hdjl/fangtan-yshj/",
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_every_page_type_has_no_axe_violations(live_server, load_demo_cluster):
    load_demo_cluster()
    from jiyue.content.models import ColumnPage

    column = ColumnPage.objects.get(url_path="/www/yaowen/")
    column.per_page = 10
    column.save_revision().publish()
    base = live_server.url.replace("localhost", "www.localhost").replace(
        "127.0.0.1", "www.localhost"
    )
    failures = {}
    with browser_page() as page:
        for name, path in PAGES.items():
            response = page.goto(base + path)
            assert response.status == 200, (name, path, response.status)
            violations = axe_violations(page)
            if violations:
                failures[name] = violations
        # Care mode switched on (no JavaScript involved: a link and a cookie).
        page.goto(base + "/")
        page.click("text=关怀版（长者模式）")
        page.locator("text=退出关怀版").wait_for(state="visible", timeout=10_000)
        care_failures = axe_violations(page)
        font_size = page.evaluate(
            "getComputedStyle(document.querySelector('.rich-text, main')).fontSize"
        )
    assert failures == {}
    assert care_failures == []
    assert float(font_size.removesuffix("px")) >= 18


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_pages_are_readable_at_phone_width(live_server, load_demo_cluster):
    load_demo_cluster()
    base = live_server.url.replace("localhost", "www.localhost").replace(
        "127.0.0.1", "www.localhost"
    )
    with browser_page(width=375, height=800) as page:
        for path in ("/", "/zcwj/guobanfa-2014-57/"):
            page.goto(base + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_the_menu_folds_on_a_phone_and_articles_have_font_size_and_print(
    live_server, load_demo_cluster
):
    """At 375 px the header with its menu folded is short, 「栏目导航」 opens the
    menu without JavaScript, and an article offers 【字号 大 中 小】【打印】."""
    load_demo_cluster()
    base = live_server.url.replace("localhost", "www.localhost").replace(
        "127.0.0.1", "www.localhost"
    )
    with browser_page(width=375, height=800) as page:
        page.goto(base + "/zcwj/guobanfa-2014-57/")
        header = "document.querySelector('.site-header').getBoundingClientRect().height"
        folded = page.evaluate(header)
        assert folded <= 160
        assert not page.locator(".site-nav").is_visible()
        page.click("label[for=nav-toggle]")
        assert page.locator(".site-nav a", has_text="政策文件").is_visible()
        # Three entries to a row (11 on the portal: four rows), each row ~70 px.
        entries = page.locator(".site-nav a").count()
        assert page.evaluate(header) < 130 + 70 * -(-entries // 3)
        body = page.locator(".rich-text")
        medium = float(body.evaluate("e => getComputedStyle(e).fontSize")[:-2])
        page.click(".item-tools button[data-font-size=large]")
        large = float(body.evaluate("e => getComputedStyle(e).fontSize")[:-2])
        assert large > medium
        assert page.locator(".item-tools button", has_text="打印").is_visible()
