"""The whole reply chain, as a citizen and the staff would go through it.

A citizen writes to the portal's 领导信箱, the office accepts it on Tuesday
29 September 2026 and forwards it; the unit answers on the 7th working day,
which lies across National Day 2026 (1–7 October off, Saturday 10 October a
make-up working day): 14 October. The citizen reads the reply, rates it, and
the published reply shows no personal data.
"""

from __future__ import annotations

import datetime as dt

import pytest

from jiyue import workdays
from jiyue.interaction.models import EventAction, Message, Status

from .conftest import admin_client, at, captcha_fields, clock, staff_get, staff_post

pytestmark = pytest.mark.django_db

CONTENT = (
    "市长您好！我叫张三，身份证号 110105194912310021，电话 13812345678。"
    "我家门口的路灯坏了三个月，晚上出行很不安全，希望尽快修好。"
)


def write_letter(public, **overrides) -> tuple[Message, str]:
    form_page = public.get("/hudong/xinxiang/shizhang/")
    assert form_page.status_code == 200
    data = {
        "subject": "门口路灯坏了三个月",
        "content": CONTENT,
        "name": "张三",
        "phone": "13812345678",
        "email": "zhangsan@example.com",
        "consent_publish": "on",
        **captcha_fields(form_page),
        **overrides,
    }
    response = public.post("/hudong/xinxiang/shizhang/", data)
    assert response.status_code == 200, response.content.decode()[:2000]
    submission = response.context["submission"]
    html = response.content.decode()
    assert submission.message.tracking_no in html
    assert submission.query_code in html
    assert "no-store" in response["Cache-Control"]
    return Message.objects.get(pk=submission.message.pk), submission.query_code


def test_full_chain_across_national_day(
    public, office_www, handler, unit, approver_www
):
    # The citizen writes on Monday 28 September 2026.
    with clock(at(2026, 9, 28, 9, 30)):
        message, code = write_letter(public)
    assert message.status == Status.PENDING
    assert message.mailbox.slug == "shizhang"
    assert message.query_code_digest and code not in message.query_code_digest

    url = f"/admin/interaction/{message.pk}/"
    response = staff_post(office_www, at(2026, 9, 29, 10), url + "accept/")
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Status.ACCEPTED
    assert message.deadline == dt.date(2026, 10, 14)
    assert message.deadline_uncertain is False
    assert message.remind_on == dt.date(2026, 10, 12)

    staff_post(
        office_www, at(2026, 9, 29, 11), url + "forward/",
        {"forward-unit": unit.pk, "forward-note": "请市大数据局办理。"},
    )  # fmt: skip
    message.refresh_from_db()
    assert (message.status, message.unit) == (Status.FORWARDED, unit)

    assert staff_get(handler, at(2026, 9, 30, 9), url).status_code == 200
    staff_post(handler, at(2026, 9, 30, 9), url + "start/")
    # Reminder two working days before the deadline, not before.
    from jiyue.interaction import services

    assert services.messages_check_deadlines(now=at(2026, 10, 9))["remind"] == 0
    assert services.messages_check_deadlines(now=at(2026, 10, 12, 8))["remind"] == 1

    reply = (
        "张三同志：您反映的路灯已于10月13日修复。联系电话 13812345678 的来信人请知悉。"
    )
    staff_post(handler, at(2026, 10, 14, 16), url + "reply/", {"reply-reply": reply})
    message.refresh_from_db()
    assert message.status == Status.REPLIED
    assert message.reply_unit_name == "市大数据局"
    assert workdays.workdays_between(message.accepted_at, message.replied_at) == 7
    assert services.messages_check_deadlines(now=at(2026, 10, 20))["overdue"] == 0

    # The citizen reads the reply and rates it.
    with clock(at(2026, 10, 15, 8)):
        status = public.post(
            "/hudong/chaxun/", {"tracking_no": message.tracking_no, "query_code": code}
        )
        assert status.status_code == 200
        html = status.content.decode()
        assert "已答复" in html and "路灯已于10月13日修复" in html
        assert "2026年10月14日" in html
        rated = public.post(
            "/hudong/chaxun/pingjia/",
            {
                "tracking_no": message.tracking_no,
                "query_code": code,
                "rating": "satisfied",
            },
        )
    assert rated.status_code == 200
    assert "您的评价：<strong>满意</strong>" in rated.content.decode()

    # The office publishes; personal data is masked.
    staff_post(
        office_www, at(2026, 10, 15, 9), url + "publish/", {"publish-publish": "1"}
    )
    message.refresh_from_db()
    assert message.status == Status.PUBLISHED
    listing = public.get("/hudong/huifu/").content.decode()
    assert message.tracking_no in listing
    page = public.get(f"/hudong/huifu/{message.tracking_no}/").content.decode()
    for secret in ("张三", "13812345678", "110105194912310021", "zhangsan@example.com"):
        assert secret not in page, secret
    assert "某某" in page and "138****5678" in page and "110************021" in page
    assert "路灯已于10月13日修复" in page

    # Every step logged with its actor, in order.
    events = list(message.events.values_list("action", "actor__username"))
    assert events == [
        (EventAction.SUBMIT, None),
        (EventAction.ACCEPT, "office-www"),
        (EventAction.FORWARD, "office-www"),
        (EventAction.START, "handler"),
        (EventAction.REMIND, None),
        (EventAction.REPLY, "handler"),
        (EventAction.RATE, None),
        (EventAction.PUBLISH, "office-www"),
    ]


def test_unit_returns_a_case_with_a_reason(public, office_www, handler, unit):
    with clock(at(2026, 9, 28)):
        message, _code = write_letter(public)
    url = f"/admin/interaction/{message.pk}/"
    staff_post(office_www, at(2026, 9, 29), url + "accept/")
    staff_post(office_www, at(2026, 9, 29), url + "forward/", {"forward-unit": unit.pk})
    staff = admin_client(handler)
    staff.post(f"/admin/interaction/{message.pk}/return/", {"return-reason": ""})
    message.refresh_from_db()
    assert message.status == Status.FORWARDED  # a return needs a reason
    staff.post(
        f"/admin/interaction/{message.pk}/return/",
        {"return-reason": "不属于本单位职责，建议转市住房城乡建设局。"},
    )
    message.refresh_from_db()
    assert (message.status, message.unit) == (Status.ACCEPTED, None)
    event = message.events.get(action=EventAction.RETURN)
    assert (event.actor, event.unit, event.note[:3]) == (handler, unit, "不属于")
    # Once returned, the unit no longer sees the case.
    assert staff.get(f"/admin/interaction/{message.pk}/").status_code == 404
