"""Admin screens for staff, and the small pieces: masking, the CAPTCHA token."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing

from jiyue.interaction import captcha, services
from jiyue.interaction.masking import mask_text
from jiyue.interaction.models import EventAction

from .conftest import at, staff_get, staff_post

pytestmark = pytest.mark.django_db


def test_office_screens_show_cases_deadlines_and_statistics(
    leader_box, office_www, approver_www, unit
):
    message = services.message_submit(
        mailbox=leader_box,
        subject="需要办理的来信",
        content="内容",
        now=at(2026, 9, 28),
    ).message
    services.message_accept(message=message, actor=office_www, now=at(2026, 9, 29, 10))
    services.message_forward(message=message, actor=office_www, unit=unit)
    when = at(2026, 9, 30)
    listing = staff_get(office_www, when, "/admin/interaction/").content.decode()
    assert message.tracking_no in listing and "2026年10月14日" in listing
    detail = staff_get(office_www, when, f"/admin/interaction/{message.pk}/")
    html = detail.content.decode()
    assert detail.status_code == 200
    assert 'name="extend_request-approver"' in html and "approver-www" in html
    deadlines = staff_get(office_www, when, "/admin/interaction/deadlines/")
    assert "市大数据局" in deadlines.content.decode()
    stats = staff_get(office_www, when, "/admin/interaction/statistics/")
    assert "贵阳市人民政府" in stats.content.decode()
    # 延期: asked for through the admin form, approved by the second operator.
    staff_post(
        office_www, when, f"/admin/interaction/{message.pk}/extend_request/",
        {"extend_request-approver": approver_www.pk,
         "extend_request-reason": "需要现场核查。",
         "extend_request-workdays_total": "15"},
    )  # fmt: skip
    message.refresh_from_db()
    assert message.extension_pending and not message.extended
    staff_post(approver_www, when, f"/admin/interaction/{message.pk}/extend/")
    message.refresh_from_db()
    assert message.deadline == dt.date(2026, 10, 26) and message.extended
    asked = message.events.get(action=EventAction.EXTEND_REQUEST)
    assert (asked.actor, asked.approver) == (office_www, approver_www)
    event = message.events.get(action=EventAction.EXTEND)
    assert (event.actor, event.approver) == (approver_www, approver_www)


def test_mask_text_hides_names_phones_ids_and_mail():
    text = "我是李雷，手机13912345678，座机0851-86812345，身份证52010219800101123X，邮箱 li@example.com。李雷"
    masked = mask_text(text, names=("李雷",))
    assert "李雷" not in masked and masked.count("某某") == 2
    assert "139****5678" in masked and "520************23X" in masked
    assert "13912345678" not in masked and "li@example.com" not in masked
    assert "86812345" not in masked


def test_captcha_token_cannot_be_forged_or_reused():
    challenge = captcha.new_challenge()
    payload = signing.loads(challenge.token, salt="jiyue.interaction.captcha")
    assert set(payload) == {"n", "m", "q"}  # no answer inside
    forged = signing.dumps({**payload, "m": "0" * 64}, salt="other")
    assert not captcha.verify(forged, "3")
    answers = [a for a in range(0, 19) if captcha.solved(challenge.token, str(a))]
    assert len(answers) == 1  # one right answer (``solved`` does not spend it)
    assert captcha.verify(challenge.token, str(answers[0]))
    assert not captcha.verify(challenge.token, str(answers[0]))  # once
    # A wrong answer spends the token too: trying answers in turn gets nowhere.
    other = captcha.new_challenge()
    right = next(a for a in range(19) if captcha.solved(other.token, str(a)))
    assert not captcha.verify(other.token, str(right + 1))
    assert not captcha.verify(other.token, str(right))
