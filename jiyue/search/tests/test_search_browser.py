"""A citizen on a demo site types 社保, sb, 国办发〔2014〕57号, 公积金提取 and 医保
into the header's search box in Chromium (the applications' real CSP) and gets
the right thing first; the result page has no axe-core violations."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tests.browser import axe_violations, browser_page, shot

from .helpers import ANKANG, PORTAL, publish_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def public_demo(live_server, load_demo_cluster):
    """The demo on the public application (``demo_live`` serves the admin's
    URLconf, whose policy axe-core's evaluation trips)."""
    load_demo_cluster()
    with override_settings(ROOT_URLCONF="jiyue.urls_public"):
        yield live_server.url.replace("localhost", "www.localhost").replace(
            "127.0.0.1", "www.localhost"
        )


def type_in_the_box(page, base: str, words: str) -> None:
    page.goto(base + "/")
    page.fill("#site-search-q", words)
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/?**")


def first_result(page) -> str:
    return page.locator(".result-list .result-title a").first.inner_text()


def test_a_citizen_finds_the_right_thing_first(public_demo):
    publish_article(
        PORTAL,
        "关于调整社会保险缴费基数的通知",
        "社会保险缴费基数按上年度平均工资确定。",
    )
    publish_article(PORTAL, "住房公积金提取办法", "职工可以提取住房公积金用于租房。")
    publish_article(ANKANG, "安康市医疗保障局门诊报销新规", "医疗保障待遇进一步提高。")
    base = public_demo
    with browser_page() as page:
        type_in_the_box(page, base, "社保")
        assert first_result(page) == "关于调整社会保险缴费基数的通知"
        assert axe_violations(page) == []
        shot(page, "search-shebao")
        # The result opens the page (through the click record).
        page.locator(".result-list .result-title a").first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "关于调整社会保险缴费基数的通知"

        type_in_the_box(page, base, "sb")
        assert first_result(page) == "关于调整社会保险缴费基数的通知"
        assert "社保" in page.inner_text(".search-notice")

        type_in_the_box(page, base, "国办发〔2014〕57号")
        card = page.locator(".answer-card").first
        assert "国务院办公厅关于加强政府网站信息内容建设的意见" in card.inner_text()
        assert "国办发〔2014〕57号" in card.inner_text()
        assert first_result(page) == "国务院办公厅关于加强政府网站信息内容建设的意见"
        assert axe_violations(page) == []

        type_in_the_box(page, base, "公积金提取")
        assert first_result(page) == "住房公积金提取办法"

        # 医保 finds 医疗保险/医疗保障: the service a citizen most likely means
        # comes first, the article is among the results.
        type_in_the_box(page, base, "医保")
        assert first_result(page) == "城乡居民基本医疗保险参保登记"
        assert "安康市医疗保障局门诊报销新规" in page.inner_text("main")


def test_the_search_page_works_by_keyboard_and_on_a_phone(public_demo):
    base = public_demo
    with browser_page(width=375, height=800) as page:
        page.goto(base + "/search/?q=网站")
        page.focus("#search-q")
        page.fill("#search-q", "政策文件")
        page.keyboard.press("Enter")
        page.wait_for_url("**q=%E6%94%BF%E7%AD%96%E6%96%87%E4%BB%B6**")
        assert page.locator(".answer-card", has_text="栏目").count() == 1
        assert axe_violations(page) == []
        page.goto(base + "/search/?q=%E9%94%9F%E6%96%A4%E6%8B%B7")
        assert "乱码" in page.inner_text(".search-message")
