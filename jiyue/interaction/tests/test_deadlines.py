"""Deadlines in Chinese working days: Spring Festival, National Day, the cut-off,
extensions, a year the calendar does not know, reminders and escalation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from jiyue.interaction import services
from jiyue.interaction.models import EventAction, Message, Status
from jiyue.interaction.tasks import check_deadlines

from .conftest import at, clock

pytestmark = pytest.mark.django_db


def new_message(mailbox, when) -> Message:
    return services.message_submit(
        mailbox=mailbox, subject="测试来信", content="内容", now=when
    ).message


def accepted(mailbox, when, actor=None) -> Message:
    message = new_message(mailbox, when)
    return services.message_accept(message=message, actor=actor, now=when)


@pytest.mark.parametrize(
    ("accepted_at", "expected"),
    [
        # National Day 2026: 1–7 Oct off, Sat 10 Oct a make-up working day.
        (at(2026, 9, 29, 10), dt.date(2026, 10, 14)),
        # After the 17:00 cut-off on 30 Sep: counting starts after 8 Oct.
        (at(2026, 9, 30, 18), dt.date(2026, 10, 16)),
        # Spring Festival 2026: 15–23 Feb off, Sat 14 and Sat 28 Feb working days.
        (at(2026, 2, 12, 10), dt.date(2026, 2, 28)),
        # Accepted on a holiday (17 Feb): effective day 24 Feb.
        (at(2026, 2, 17, 10), dt.date(2026, 3, 4)),
    ],
)
def test_seven_working_days_across_holidays(leader_box, accepted_at, expected):
    message = accepted(leader_box, accepted_at)
    assert message.deadline == expected
    assert message.deadline_uncertain is False


def test_a_year_the_calendar_does_not_know_is_flagged_and_shown(
    leader_box, public, office_www
):
    message = accepted(leader_box, at(2027, 3, 1, 10))
    assert message.deadline == dt.date(2027, 3, 10)  # weekends only
    assert message.deadline_uncertain is True
    # Shown as provisional in the admin list and on the citizen's status page.
    from .conftest import staff_get

    listing = staff_get(office_www, at(2027, 3, 2), "/admin/interaction/")
    assert "待定" in listing.content.decode()
    from jiyue.interaction import codes

    Message.objects.filter(pk=message.pk).update(
        query_code_digest=codes.digest(message.tracking_no, "ABCD2345")
    )
    page = public.post(
        "/hudong/chaxun/",
        {"tracking_no": message.tracking_no, "query_code": "abcd 2345"},
    )
    html = page.content.decode()
    assert "2027年3月10日" in html and "待定" in html


def test_extension_needs_reason_and_another_approver_and_caps_at_15(
    leader_box, office_www, approver_www, handler
):
    message = accepted(leader_box, at(2026, 9, 29, 10), actor=office_www)
    with pytest.raises(services.InteractionError):
        services.message_extend_request(
            message=message, actor=office_www, approver=approver_www, reason=""
        )
    with pytest.raises(services.InteractionError):
        services.message_extend_request(
            message=message, actor=office_www, approver=office_www, reason="复杂"
        )
    with pytest.raises(services.InteractionError):
        services.message_extend_request(
            message=message, actor=office_www, approver=handler, reason="复杂"
        )
    with pytest.raises(services.InteractionError):
        services.message_extend_request(
            message=message, actor=office_www, approver=approver_www,
            reason="复杂", workdays_total=20,
        )  # fmt: skip
    services.message_extend_request(
        message=message, actor=office_www, approver=approver_www,
        reason="涉及多个部门，需要现场核查。", now=at(2026, 10, 9),
    )  # fmt: skip
    message = services.message_extend_approve(
        message=message, actor=approver_www, now=at(2026, 10, 9, 11)
    )
    # 15 working days from 29 Sep: 30 Sep, 8–10, 12–16, 19–23 Oct, 26 Oct.
    assert (message.workdays, message.deadline) == (15, dt.date(2026, 10, 26))
    assert message.extended
    event = message.events.get(action=EventAction.EXTEND)
    assert (event.actor, event.approver) == (approver_www, approver_www)
    assert event.note == "涉及多个部门，需要现场核查。"


def test_daily_task_reminds_marks_overdue_and_escalates_once(leader_box, unit):
    message = accepted(leader_box, at(2026, 9, 29, 10))
    services.message_forward(message=message, actor=None, unit=unit)
    with clock(at(2026, 10, 12, 8)):
        assert check_deadlines.enqueue().return_value["remind"] >= 1
    with clock(at(2026, 10, 15, 8)):
        counts = check_deadlines.enqueue().return_value
    assert counts["overdue"] >= 1 and counts["escalate"] >= 1
    message.refresh_from_db()
    assert message.overdue and message.escalated_at is not None
    with clock(at(2026, 10, 16, 8)):
        check_deadlines.enqueue()
    actions = list(message.events.values_list("action", flat=True))
    assert actions.count(EventAction.OVERDUE) == 1
    assert actions.count(EventAction.ESCALATE) == 1
    assert actions.count(EventAction.REMIND) == 1


def test_supervision_is_for_the_platform_office_only(
    leader_box, office_www, platform_office
):
    message = accepted(leader_box, at(2026, 9, 29, 10))
    with pytest.raises(PermissionDenied):
        services.message_supervise(message=message, actor=office_www)
    message = services.message_supervise(
        message=message, actor=platform_office, note="请加快办理。"
    )
    assert message.supervised
    assert message.events.filter(
        action=EventAction.SUPERVISE, actor=platform_office
    ).exists()


def test_refusal_reason_is_required_and_shown_to_the_citizen(leader_box, office_www):
    message = new_message(leader_box, at(2026, 9, 28))
    with pytest.raises(services.InteractionError):
        services.message_refuse(message=message, actor=office_www, reason=" ")
    message = services.message_refuse(
        message=message, actor=office_www, reason="不属于本机关职责范围。"
    )
    assert message.status == Status.REFUSED
    with pytest.raises(services.InteractionError):
        services.message_accept(message=message, actor=office_www)
