"""The reply chain walked in Chromium with the admin's real CSP, signed in with
the second factor as the demo portal's 承办人 (chengban) and 信箱管理员 (xinxiang):
an answer under 答复审核, its approval, publication and withdrawal (ADR 0320)."""

from __future__ import annotations

import pytest

from tests.browser import browser_page, shot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.second_factor,
    pytest.mark.django_db(transaction=True),
]


def test_review_publish_and_withdraw_in_the_browser(demo_live):
    from django.contrib.auth import get_user_model
    from wagtail.models import Site

    from jiyue.interaction import services
    from jiyue.interaction.models import HandlingUnit, Mailbox, Message, Status

    base = demo_live
    users = get_user_model().objects
    xinxiang = users.get(username="xinxiang")
    www = Site.objects.get(hostname="www.localhost")
    box = Mailbox.objects.get(site=www, slug="shizhang")
    Mailbox.objects.filter(pk=box.pk).update(reply_review=True)
    box.refresh_from_db()
    message = services.message_submit(
        mailbox=box,
        subject="路灯不亮",
        content="某路口路灯不亮。",
        consent_publish=True,
    ).message
    services.message_accept(message=message, actor=xinxiang)
    unit = HandlingUnit.objects.get(site=www, name="市大数据局")
    services.message_forward(message=message, actor=xinxiang, unit=unit)
    case = f"{base}/admin/interaction/{message.pk}/"

    with browser_page() as page:
        sign_in(page, base, "chengban")
        page.goto(case)
        page.fill("textarea[name=reply-reply]", "已安排维修，三日内修复。")
        page.click("form[action$='/reply/'] button[type=submit]")  # 1 click
        page.wait_for_load_state("networkidle")
        assert "待信箱管理员审核" in page.content()
        assert "待审核" in page.inner_text("main")
        shot(page, "reply-chain-1-handler-review")

        sign_in(page, base, "xinxiang")
        page.goto(case)
        assert "孙承办" in page.inner_text("main")  # the history names people
        page.click("form[action$='/review_approve/'] button[type=submit]")  # 1
        page.wait_for_load_state("networkidle")
        page.select_option("select[name=publish-publish]", "1")
        page.click("form[action$='/publish/'] button[type=submit]")  # 2
        page.wait_for_load_state("networkidle")
        assert Message.objects.get(pk=message.pk).status == Status.PUBLISHED
        page.fill("textarea[name=reply_withdraw-reason]", "答复需补充维修时间")
        page.click("form[action$='/reply_withdraw/'] button[type=submit]")  # 1
        page.wait_for_load_state("networkidle")
        text = page.inner_text("main")
        assert "答复已撤回公开" in text and "答复需补充维修时间" in text
        shot(page, "reply-chain-2-manager-withdrawn")
    assert Message.objects.get(pk=message.pk).status == Status.REPLIED
