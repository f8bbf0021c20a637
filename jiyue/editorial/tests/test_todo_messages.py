"""The reply chain's rows of the 待办 panel: the demo's 信箱管理员 (xinxiang) and
承办人 (chengban) each see what waits for them, with deadlines, overdue ones
marked, and not each other's (jiyue/interaction/dashboard.py, ADR 0422)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from jiyue.interaction import services
from jiyue.interaction.demo import demo_interaction_staff
from jiyue.interaction.models import HandlingUnit, Mailbox, Message, Status

from .helpers import client_for
from .test_todo_and_wording import todo_panel

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]


@pytest.fixture
def chain(demo_cluster):
    demo_interaction_staff("jiyue-demo-2026")
    users = get_user_model().objects
    return users.get(username="xinxiang"), users.get(username="chengban")


def forward_to_handler(handler) -> Message:
    """A new letter, accepted and forwarded to the handler's unit."""
    unit = HandlingUnit.objects.get(members=handler)
    mailbox = Mailbox.objects.get(site=unit.site, slug="zixun")
    message = services.message_submit(
        mailbox=mailbox, subject="咨询公积金提取", content="请问公积金如何提取？",
        name="刘敏", consent_publish=False,
    ).message  # fmt: skip
    message = services.message_accept(message=message, actor=None)
    return services.message_forward(message=message, actor=None, unit=unit)


def case_url(message: Message) -> str:
    return f"/admin/interaction/{message.pk}/"


def test_the_mailbox_manager_sees_what_waits_for_acceptance(chain):
    manager, _ = chain
    panel = todo_panel(client_for(manager))
    waiting = Message.objects.filter(
        mailbox__site__hostname="www.localhost", status=Status.PENDING
    )
    assert waiting.exists()
    for message in waiting:
        assert message.tracking_no in panel and case_url(message) in panel
    assert "待受理" in panel
    report = waiting.filter(deadline__isnull=False).first()  # the error report
    assert f"期限 {report.deadline:%Y-%m-%d}" in panel
    for message in Message.objects.filter(
        status__in=(Status.FORWARDED, Status.PROCESSING)
    ):
        assert message.tracking_no not in panel  # the handler's, not his


def test_the_handler_sees_his_units_cases_with_overdue_marked(chain):
    _, handler = chain
    unit = HandlingUnit.objects.get(members=handler)
    forward_to_handler(handler)
    mine = Message.objects.filter(
        unit=unit, status__in=(Status.FORWARDED, Status.PROCESSING)
    )
    assert mine.exists()
    Message.objects.filter(pk=mine.first().pk).update(
        deadline=timezone.localdate() - timezone.timedelta(days=2)
    )
    panel = todo_panel(client_for(handler))
    for message in mine:
        assert message.tracking_no in panel and case_url(message) in panel
    assert "已超期" in panel
    for message in Message.objects.filter(status=Status.PENDING):
        assert message.tracking_no not in panel  # the manager's, not his
    others = Message.objects.exclude(unit=unit).filter(
        status__in=(Status.FORWARDED, Status.PROCESSING)
    )
    for message in others:
        assert message.tracking_no not in panel  # another unit's


def test_the_named_approver_sees_an_extension_request_and_the_requester_not(chain):
    manager, handler = chain
    message = forward_to_handler(handler)
    Message.objects.filter(pk=message.pk).update(
        extension_requested_at=timezone.now(),
        extension_requested_by=handler,
        extension_approver=manager,
        extension_workdays=10,
    )
    assert "延期待批准" in todo_panel(client_for(manager))
    assert "延期待批准" not in todo_panel(client_for(handler))


def test_a_reply_under_review_waits_for_the_manager(chain):
    manager, _ = chain
    message = Message.objects.filter(mailbox__site__hostname="www.localhost").first()
    Message.objects.filter(pk=message.pk).update(status=Status.REVIEW)
    panel = todo_panel(client_for(manager))
    assert "答复待审核" in panel and message.tracking_no in panel
