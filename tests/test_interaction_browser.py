"""The citizen's side of a mailbox in a real headless Chromium: the form, the
CAPTCHA read as text, the tracking number and query code, the status page; and
both new pages have no axe-core violations (WCAG 2.1 A and AA)."""

import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from jiyue.interaction.captcha import NUMERALS
from jiyue.interaction.memo import forget_local
from jiyue.interaction.models import Message
from tests.browser import axe_violations, browser_page


def solve(question: str) -> str:
    a, b = (NUMERALS.index(c) for c in re.findall(f"[{NUMERALS}]", question)[:2])
    return str(a - b if "减" in question else a + b)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_a_citizen_writes_gets_a_tracking_number_and_reads_the_status(
    live_server, load_demo_cluster
):
    load_demo_cluster()
    cache.clear()
    forget_local()
    base = live_server.url.replace("localhost", "www.localhost").replace(
        "127.0.0.1", "www.localhost"
    )
    with browser_page() as page:
        page.goto(base + "/hudong/")
        page.click("text=领导信箱")
        page.fill("#id_subject", "小区门口路灯坏了")
        page.fill("#id_content", "我叫王五，电话 13912345678，路灯坏了三个月。")
        page.fill("#id_name", "王五")
        page.check("#id_consent_publish")
        # A wrong answer first: the text typed is kept, a new question is asked.
        page.fill("#id_captcha_answer", "99")
        page.click("text=提交来信")
        assert "验证问题回答不正确或已过期" in page.inner_text("main")
        assert page.input_value("#id_subject") == "小区门口路灯坏了"
        page.fill("#id_captcha_answer", solve(page.inner_text("#captcha-question")))
        page.click("text=提交来信")
        page.locator("h1", has_text="提交成功").wait_for()
        submitted = page.inner_text("main")
        tracking_no = re.search(r"\b20\d{14}\b", submitted).group()
        query_code = re.search(r"\b[A-HJ-NP-Z2-9]{8}\b", submitted).group()
        assert axe_violations(page) == []

        page.click("a:text-is('查询办理情况')")
        page.fill("#id_tracking_no", tracking_no)
        page.fill("#id_query_code", query_code.lower())  # codes are case-blind
        page.click("main form button[type=submit]")
        page.locator("h1", has_text="办理情况").wait_for()
        status = page.inner_text("main")
        assert tracking_no in status and "待受理" in status
        assert "小区门口路灯坏了" in status
        assert axe_violations(page) == []

        page.goto(base + "/hudong/chaxun/")
        page.fill("#id_tracking_no", tracking_no)
        page.fill("#id_query_code", "WRONG234")
        page.click("main form button[type=submit]")
        assert "没有找到与该信件编号和查询码相符的来信" in page.inner_text("main")
        assert "路灯" not in page.inner_text("main")
    message = Message.objects.get(tracking_no=tracking_no)
    assert (message.name, message.consent_publish) == ("王五", True)
