"""Each demo person's 待办 in Chromium with the admin's real CSP (browser_page
fails on any violation or script error): the reply chain's 信箱管理员 and 承办人
and the information officer see their own rows, the leader his empty state.
Screenshots go to $JIYUE_SCREENSHOTS (todo-*.png)."""

from __future__ import annotations

import pytest

from tests.browser import browser_page, shot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.second_factor,
    pytest.mark.django_db(transaction=True),
]


def panel_text(page, base: str) -> str:
    page.goto(base + "/admin/")
    return page.locator("#jiyue-todo-content, [id^=jiyue-todo]").first.inner_text()


def test_every_demo_person_sees_his_own_todo(demo_live):
    from jiyue.interaction import services
    from jiyue.interaction.models import HandlingUnit, Mailbox, Message, Status

    unit = HandlingUnit.objects.get(members__username="chengban")
    message = services.message_submit(
        mailbox=Mailbox.objects.get(site=unit.site, slug="zixun"),
        subject="咨询公积金提取", content="请问公积金如何提取？", name="刘敏",
    ).message  # fmt: skip
    message = services.message_accept(message=message, actor=None)
    services.message_forward(message=message, actor=None, unit=unit)
    pending = Message.objects.filter(
        mailbox__site=unit.site, status=Status.PENDING
    ).first()

    with browser_page() as page:
        sign_in(page, demo_live, "xinxiang")
        text = panel_text(page, demo_live)
        shot(page, "todo-xinxiang")
        assert "待受理" in text and pending.tracking_no in text
        assert message.tracking_no not in text  # now the handler's

        sign_in(page, demo_live, "chengban")
        text = panel_text(page, demo_live)
        shot(page, "todo-chengban")
        assert "待签收办理" in text and message.tracking_no in text
        assert pending.tracking_no not in text

        sign_in(page, demo_live, "lingdao")
        text = panel_text(page, demo_live)
        shot(page, "todo-lingdao")
        assert "暂无待办事项" in text
