"""A citizen files an information request in Chromium (the form, the CAPTCHA read
as text, a wrong ID number refused with what was typed kept, the receipt with
its 20-working-day deadline, axe clean); the site's administrator finds it in his
待办 with that deadline."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from jiyue.disclosure.models import InfoRequest
from jiyue.interaction.captcha import NUMERALS
from jiyue.interaction.memo import forget_local
from tests.browser import axe_violations, shot, sign_in, walk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.second_factor,
    pytest.mark.django_db(transaction=True),
]


def solve(question: str) -> str:
    a, b = (NUMERALS.index(c) for c in re.findall(f"[{NUMERALS}]", question)[:2])
    return str(a - b if "减" in question else a + b)


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_a_citizen_files_a_request_in_chromium(live_server, load_demo_cluster):
    load_demo_cluster()
    cache.clear()
    forget_local()
    base = live_server.url.replace("localhost", "www.localhost").replace(
        "127.0.0.1", "www.localhost"
    )
    with walk() as page:
        page.goto(base + "/hudong/")
        page.click("text=政府信息公开申请")
        page.check("input[name=applicant_type][value=person]")
        page.fill("#id_name", "李四")
        page.fill("#id_id_number", "110105194912310021")  # wrong check digit
        page.fill("#id_phone", "13912345678")
        page.fill("#id_email", "lisi@example.cn")
        page.fill("#id_description", "2026年本市政府网站年度报表")
        page.fill("#id_captcha_answer", solve(page.inner_text("#captcha-question")))
        page.click("text=提交申请")
        assert "身份证号码不正确" in page.inner_text("main")
        assert page.input_value("#id_description") == "2026年本市政府网站年度报表"
        page.fill("#id_id_number", "11010519491231002X")
        page.fill("#id_captcha_answer", solve(page.inner_text("#captcha-question")))
        page.click("text=提交申请")
        page.locator("h1", has_text="申请已提交").wait_for()
        receipt = page.inner_text("main")
        assert axe_violations(page) == []
        shot(page, "disclosure-receipt")
    tracking_no = re.search(r"\b20\d{14}\b", receipt).group()
    request = InfoRequest.objects.get(tracking_no=tracking_no)
    due = request.due_on
    assert f"{due.year}年{due.month}月{due.day}日" in receipt
    assert (request.name, request.id_number) == ("李四", "11010519491231002X")


def test_the_handler_finds_it_in_his_todo_with_its_deadline(demo_live):
    from wagtail.models import Site

    from jiyue.disclosure import services

    www = Site.objects.get(hostname="www.localhost")
    data = {"applicant_type": "person", "name": "李四", "id_number": "11010519491231002X",
            "phone": "13912345678", "description": "2026年本市政府网站年度报表",
            "carrier": "electronic", "delivery": "post"}  # fmt: skip
    request = services.submit(site=www, data=data).request
    with walk() as page:
        sign_in(page, demo_live, "wangzhan")
        page.goto(demo_live + "/admin/")
        todo = page.inner_text("main")
        shot(page, "disclosure-todo")
    assert request.tracking_no in todo and "依申请公开：待登记" in todo
