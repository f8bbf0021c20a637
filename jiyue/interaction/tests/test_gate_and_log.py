"""Publishing a reply goes through the compliance gate (veto/error findings block
unless let through with a reason, which the audit trail shows), and every step
of a message is in Wagtail's log as well as in its own MessageEvent log."""

from __future__ import annotations

import pytest
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from jiyue.accounts.audit import audit_rows
from jiyue.interaction import services
from jiyue.interaction.models import EventAction, Message, Status

from .conftest import admin_client, at, clock

pytestmark = pytest.mark.django_db


def replied(mailbox, reply: str, actor=None) -> Message:
    message = services.message_submit(
        mailbox=mailbox,
        subject="关于小区门口路灯",
        content="我叫李四，电话 13812345678，路灯坏了。",
        name="李四",
        consent_publish=True,
        now=at(2026, 9, 28),
    ).message
    services.message_accept(message=message, actor=actor, now=at(2026, 9, 29))
    return services.message_reply(
        message=message, actor=actor, reply=reply, now=at(2026, 9, 30)
    )


def test_a_blocking_finding_stops_publication_with_the_masked_evidence(
    leader_box, office_www
):
    message = replied(leader_box, "经查，该网站传播色情视频，已移交有关部门。")
    with pytest.raises(services.GateBlockedError) as blocked:
        services.message_publish(message=message, actor=office_www, publish=True)
    text = blocked.value.messages[0]
    assert "公开前的合规检查发现问题，未公开" in text
    assert "【答复第1行第" in text and "色情视频" in text
    assert "13812345678" not in text
    message.refresh_from_db()
    assert message.status == Status.REPLIED and message.published_at is None
    assert not message.events.filter(action=EventAction.PUBLISH).exists()


def test_the_admin_shows_the_gate_and_lets_it_through_only_with_a_reason(
    leader_box, office_www
):
    message = replied(leader_box, "经查，该网站传播色情视频，已移交有关部门。")
    client = admin_client(office_www)
    page = client.get(f"/admin/interaction/{message.pk}/").content.decode()
    assert "公开预览（个人信息已隐去）" in page
    assert "某某" in page and "138****5678" in page
    assert "合规检查发现须处理的问题" in page and "色情视频" in page
    url = f"/admin/interaction/{message.pk}/publish/"
    refused = client.post(url, {"publish-publish": "1"}, follow=True)
    assert "公开前的合规检查发现问题，未公开" in refused.content.decode()
    assert Message.objects.get(pk=message.pk).status == Status.REPLIED

    reason = "引用的是来信人举报的原话，已核实，需公开答复"
    with clock(at(2026, 10, 8)):
        client.post(url, {"publish-publish": "1", "publish-override_reason": reason})
    message.refresh_from_db()
    assert message.status == Status.PUBLISHED
    assert "李四" not in message.public_content and "某某" in message.public_content
    override = ModelLogEntry.objects.get(action="jiyue.interaction.gate_override")
    assert override.user == office_www and override.data["reason"] == reason
    assert override.data["findings"][0]["evidence"] == "色情视频"
    assert override.label == f"来信 {message.tracking_no}"
    event = message.events.get(action=EventAction.PUBLISH)
    assert reason in event.note
    # The audit trail (read by auditors, never their own entries) shows it.
    rows = audit_rows(viewer=None)
    assert any(
        r.action == "jiyue.interaction.gate_override" and reason in r.detail
        for r in rows
    )


def test_a_clean_reply_publishes_without_a_reason(leader_box, office_www):
    message = replied(leader_box, "您反映的路灯已于10月9日修复，感谢您的监督。")
    published = services.message_publish(
        message=message, actor=office_www, publish=True
    )
    assert published.status == Status.PUBLISHED
    assert not ModelLogEntry.objects.filter(
        action="jiyue.interaction.gate_override"
    ).exists()


def test_every_step_is_in_wagtails_log_with_its_actor(
    leader_box, office_www, handler, unit
):
    message = services.message_submit(
        mailbox=leader_box,
        subject="私人的标题不进入全局日志",
        content="内容",
        consent_publish=True,
    ).message
    services.message_accept(message=message, actor=office_www)
    services.message_forward(message=message, actor=office_www, unit=unit)
    services.message_start(message=message, actor=handler)
    services.message_reply(message=message, actor=handler, reply="已办理。")
    services.message_publish(message=message, actor=office_www, publish=True)
    services.message_rate(message=message, rating="satisfied")
    entries = ModelLogEntry.objects.filter(object_id=str(message.pk)).order_by("pk")
    assert [(e.action, e.user) for e in entries] == [
        ("jiyue.interaction.accept", office_www),
        ("jiyue.interaction.forward", office_www),
        ("jiyue.interaction.start", handler),
        ("jiyue.interaction.reply", handler),
        ("jiyue.interaction.publish", office_www),
        ("jiyue.interaction.rate", None),
    ]
    forward = entries[1]
    assert forward.data["unit"] == unit.pk
    assert (forward.data["from"], forward.data["to"]) == ("accepted", "forwarded")
    assert all("私人的标题" not in e.label for e in entries)
    # The same steps in the message's own log, plus the citizen's submission.
    assert message.events.count() == entries.count() + 1
    assert log_registry.get_action_label("jiyue.interaction.accept") == "来信：受理"


def test_the_daily_task_logs_as_the_system(leader_box, unit):
    message = services.message_submit(
        mailbox=leader_box, subject="标题", content="内容", now=at(2026, 9, 29)
    ).message
    services.message_accept(message=message, actor=None, now=at(2026, 9, 29))
    services.messages_check_deadlines(now=at(2026, 10, 15, 8))
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(message.pk), user=None).values_list(
            "action", flat=True
        )
    )
    assert {"jiyue.interaction.overdue", "jiyue.interaction.escalate"} <= actions
