"""The channels in a real browser (Debian's Chromium): the forms pass axe-core,
the pages read at 375 px, a citizen answers a survey, and an interview page
updates without reload when staff post to the transcript (with the page's
strict CSP: the script comes from our static files)."""

from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest
from django.test import override_settings

from tests.browser import CHROMIUM_ARGS, axe_violations, browser_page, chromium_path

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def base_url(live_server) -> str:
    return live_server.url.replace("localhost", "www.localhost").replace(
        "127.0.0.1", "www.localhost"
    )


@contextmanager
def strict_csp_page():
    """A page that keeps the site's Content Security Policy (no bypass)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        try:
            yield browser.new_context().new_page()
        finally:
            browser.close()


def in_thread(function, **kwargs) -> None:
    from django.db import connection

    def run():
        try:
            function(**kwargs)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def solve_on_page(page) -> str:
    from .conftest import solve

    return solve(page.inner_text("#captcha-question"))


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_channel_forms_are_accessible_and_read_at_phone_width(
    live_server, load_demo_cluster
):
    load_demo_cluster()
    from jiyue.interaction.models import (
        ConsultationPage,
        InterviewPage,
        SurveyPage,
    )

    forms = {
        "comment": f"/hudong/zhengji/{ConsultationPage.objects.get(slug='zhengqiu-wzgl').pk}/",
        "survey": f"/hudong/diaocha/{SurveyPage.objects.get(slug='diaocha-wzty').pk}/",
        "question": f"/hudong/fangtan/{InterviewPage.objects.get(slug='fangtan-yshj').pk}/",
    }
    base = base_url(live_server)
    failures, overflow = {}, {}
    with browser_page(width=375, height=800) as page:
        for name, path in {
            **forms,
            "survey page": "/hdjl/diaocha-wzty/",
            "interview": "/hdjl/fangtan-sjhm/",
            "consultation": "/hdjl/zhengqiu-wzgl/",
        }.items():
            assert page.goto(base + path).status == 200, name
            failures[name] = axe_violations(page)
            overflow[name] = page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
        # A citizen answers the survey, leaving out a required question first.
        page.goto(base + forms["survey"])
        page.check("text=每周")
        page.fill("#id_captcha_answer", solve_on_page(page))
        page.click("main form button[type=submit]")
        page.locator(".error-summary").wait_for()
        failures["survey with errors"] = axe_violations(page)
        assert page.is_checked("text=每周")  # what was chosen is kept
        for label in ("查看政策文件", "满意"):
            page.check(f"label:text-is('{label}')")
        page.fill("#id_captcha_answer", solve_on_page(page))
        page.click("main form button[type=submit]")
        page.locator("h1:text('提交成功')").wait_for()
    assert {k: v for k, v in failures.items() if v} == {}
    assert {k: v for k, v in overflow.items() if v > 0} == {}


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_the_interview_page_updates_without_reload(live_server, load_demo_cluster):
    load_demo_cluster()
    from jiyue.interaction.channels import services
    from jiyue.interaction.models import InterviewPage

    interview = InterviewPage.objects.get(slug="fangtan-yshj")
    errors = []
    with strict_csp_page() as page:
        # (Chromium's own favicon request is not the page's: not counted.)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "console", lambda m: "Security Policy" in m.text and errors.append(m.text)
        )
        page.on("response", lambda r: r.status >= 400 and errors.append(r.url))
        page.goto(base_url(live_server) + "/hdjl/fangtan-yshj/")
        assert page.locator("#transcript li").count() == 0
        in_thread(  # the ORM may not run inside Playwright's event loop
            services.transcript_post,
            page=interview,
            actor=None,
            role="guest",
            speaker="周文斌",
            content="欢迎各位网友，我们开始吧。",
        )
        page.locator("#transcript li").first.wait_for(timeout=15_000)
        assert "欢迎各位网友" in page.inner_text("#transcript")
        assert page.locator("#transcript-empty").count() == 0
    assert errors == []  # no CSP violation, no script error
