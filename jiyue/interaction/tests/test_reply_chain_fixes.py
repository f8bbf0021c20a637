"""The reply chain as its people use it (issue 13, item 4), through the admin
views as the demo portal's 信箱管理员 (xinxiang, 钱信箱) and 承办人 (chengban,
孙承办): units of the message's site and the sites below it only, people named
by their names, nobody approves his own extension, a published reply withdrawn
with a reason, the optional 答复审核 step, an error report's clock from its
submission (ADR 0319, 0320)."""

from __future__ import annotations

import datetime as dt

import pytest
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from jiyue import workdays
from jiyue.cluster.models import SiteProfile
from jiyue.interaction import selectors, services
from jiyue.interaction.demo import demo_interaction_staff
from jiyue.interaction.models import (
    EventAction,
    HandlingUnit,
    Mailbox,
    Message,
    Status,
)
from jiyue.interaction.tasks import check_deadlines

from .conftest import (
    admin_client,
    at,
    captcha_fields,
    clock,
    make_mailbox_operator,
    staff_get,
    staff_post,
)

pytestmark = pytest.mark.django_db

WHEN = at(2026, 9, 30, 10)


@pytest.fixture
def chain(settings, www):
    """The demo portal's reply chain: 钱信箱 (信箱管理员) and 孙承办 (承办人)."""
    from django.contrib.auth import get_user_model

    settings.DEMO = True
    demo_interaction_staff("jiyue-demo-2026")
    users = get_user_model().objects
    return users.get(username="xinxiang"), users.get(username="chengban")


@pytest.fixture
def approver(django_user_model, www):
    """A second 信箱管理员 of the portal, with a name: 李审批."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        username="li-approver", last_name="李", first_name="审批"
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    make_mailbox_operator(user, www)
    return user


def _letter(mailbox: Mailbox, **extra) -> Message:
    fields = {"subject": "关于路灯", "content": "我叫张三，路灯坏了。", "name": "张三"}
    submission = services.message_submit(
        mailbox=mailbox, now=at(2026, 9, 28), **{**fields, **extra}
    )
    submission.message.query_code = submission.query_code  # for the citizen's query
    return submission.message


def _accepted(mailbox: Mailbox, office, **extra) -> Message:
    message = _letter(mailbox, **extra)
    accepted = services.message_accept(
        message=message, actor=office, now=at(2026, 9, 29)
    )
    accepted.query_code = message.query_code
    return accepted


def _case(pk: int) -> str:
    return f"/admin/interaction/{pk}/"


# -- 1. units of the message's site and the sites below it ---------------------


def test_forwarding_offers_only_units_of_the_site_and_the_sites_below(
    chain, leader_box, www, ankang
):
    xinxiang, _chengban = chain
    message = _accepted(leader_box, xinxiang)
    below = SiteProfile.objects.filter(parent__site=www).values_list("site", flat=True)
    assert below, "the demo portal has sites below it"
    html = staff_get(xinxiang, WHEN, _case(message.pk)).content.decode()
    offered = set(selectors.units_for_forwarding(message=message))
    assert {u.site_id for u in offered} == {www.pk, *below}
    for unit in HandlingUnit.objects.all():
        option = f'<option value="{unit.pk}"'
        assert (option in html) == (unit in offered), unit
    beijing = _site_named("beijing")
    assert not HandlingUnit.objects.filter(site=beijing, pk__in=[u.pk for u in offered])
    assert not HandlingUnit.objects.filter(site=ankang, pk__in=[u.pk for u in offered])

    # A POST naming 安康's unit is refused in Chinese, the note kept as typed.
    foreign = HandlingUnit.objects.filter(site=ankang).first()
    refused = staff_post(
        xinxiang, WHEN, _case(message.pk) + "forward/",
        {"forward-unit": foreign.pk, "forward-note": "请安康办理"},
    )  # fmt: skip
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "承办单位：只能转办给本站点及其下级站点的承办单位" in page
    assert 'value="请安康办理"' in page
    message.refresh_from_db()
    assert (message.status, message.unit) == (Status.ACCEPTED, None)
    # The service refuses it too, whoever calls it.
    with pytest.raises(services.InteractionError, match="本站点及其下级站点"):
        services.message_forward(message=message, actor=xinxiang, unit=foreign)

    district = HandlingUnit.objects.filter(site_id__in=below).first()
    done = staff_post(
        xinxiang, WHEN, _case(message.pk) + "forward/", {"forward-unit": district.pk}
    )
    assert done.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.unit) == (Status.FORWARDED, district)


def _site_named(host: str):
    from wagtail.models import Site

    return Site.objects.get(hostname=f"{host}.localhost")


# -- 2 and 3. names, and nobody approves his own extension --------------------


def test_approvers_are_named_and_exclude_the_requester(
    chain, leader_box, approver, unit
):
    xinxiang, chengban = chain
    message = _accepted(leader_box, xinxiang)
    services.message_forward(message=message, actor=xinxiang, unit=unit)
    services.message_start(message=message, actor=chengban)
    before = Message.objects.get(pk=message.pk).deadline

    # The 承办人 asks: both 信箱管理员 offered by name, never by login name.
    html = staff_get(chengban, WHEN, _case(message.pk)).content.decode()
    assert ">钱信箱</option>" in html and ">李审批</option>" in html
    assert ">li-approver</option>" not in html and ">xinxiang</option>" not in html
    # The 信箱管理员 asking is not offered himself.
    own = staff_get(xinxiang, WHEN, _case(message.pk)).content.decode()
    assert ">钱信箱</option>" not in own and ">李审批</option>" in own

    # Naming himself anyway is refused, in Chinese, with what he typed kept.
    refused = staff_post(
        xinxiang, WHEN, _case(message.pk) + "extend_request/",
        {"extend_request-approver": xinxiang.pk,
         "extend_request-reason": "需要现场核查", "extend_request-workdays_total": "15"},
    )  # fmt: skip
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "批准人：请选择有权批准延期的其他人，不能选择申请人自己。" in page
    assert "需要现场核查" in page
    with pytest.raises(services.InteractionError, match="不能批准自己的延期申请"):
        services.message_extend_request(
            message=message, actor=xinxiang, approver=xinxiang, reason="核查"
        )

    # 钱信箱 asks 李审批; then tries to approve his own request: refused.
    staff_post(
        xinxiang, WHEN, _case(message.pk) + "extend_request/",
        {"extend_request-approver": approver.pk,
         "extend_request-reason": "需要现场核查", "extend_request-workdays_total": "15"},
    )  # fmt: skip
    message.refresh_from_db()
    assert message.extension_pending and message.deadline == before
    pending = staff_get(xinxiang, WHEN, _case(message.pk)).content.decode()
    assert "待 李审批 批准" in pending and "批准延期" not in pending
    with clock(WHEN):
        own_approval = admin_client(xinxiang).post(
            _case(message.pk) + "extend/", follow=True
        )
    follow = own_approval.content.decode()
    assert "延期须由申请人以外的人批准，不能批准自己的延期申请" in follow
    message.refresh_from_db()
    assert message.extension_pending and not message.extended
    with pytest.raises(services.InteractionError, match="不能批准自己"):
        services.message_extend_approve(message=message, actor=xinxiang)

    # 李审批 approves: the deadline moves; the history names the people.
    staff_post(approver, WHEN, _case(message.pk) + "extend/", {"extend-note": "同意"})
    message.refresh_from_db()
    assert message.extended and not message.extension_pending
    assert (message.workdays, message.deadline) == (15, dt.date(2026, 10, 26))
    history = staff_get(chengban, WHEN, _case(message.pk)).content.decode()
    assert "钱信箱（批准人：李审批）" in history  # the request
    assert "孙承办" in history and "chengban" not in history
    assert "xinxiang" not in history and "li-approver" not in history


def test_a_person_without_a_name_is_shown_by_login_name(django_user_model):
    from jiyue.interaction.people import person_name

    assert person_name(django_user_model(username="wang", last_name="王")) == "王"
    assert person_name(django_user_model(username="nobody")) == "nobody"
    assert person_name(None) == ""


def test_an_extension_can_be_refused_with_a_reason(chain, leader_box, approver):
    xinxiang, _chengban = chain
    message = _accepted(leader_box, xinxiang)
    services.message_extend_request(
        message=message, actor=xinxiang, approver=approver, reason="材料多"
    )
    empty = staff_post(approver, WHEN, _case(message.pk) + "extend_refuse/")
    assert empty.status_code == 400 and "理由：" in empty.content.decode()
    staff_post(
        approver, WHEN, _case(message.pk) + "extend_refuse/",
        {"extend_refuse-reason": "七个工作日足够"},
    )  # fmt: skip
    message.refresh_from_db()
    assert not message.extension_pending and not message.extended
    event = message.events.get(action=EventAction.EXTEND_REFUSE)
    assert (event.actor, event.note) == (approver, "七个工作日足够")


# -- 4. withdrawing a published reply -----------------------------------------


def test_a_published_reply_is_withdrawn_with_a_reason_and_published_again(
    chain, leader_box, unit, public
):
    xinxiang, chengban = chain
    message = _accepted(leader_box, xinxiang, consent_publish=True)
    services.message_forward(message=message, actor=xinxiang, unit=unit)
    services.message_reply(message=message, actor=chengban, reply="路灯已修好，张三。")
    staff_post(xinxiang, WHEN, _case(message.pk) + "publish/", {"publish-publish": "1"})
    reply_page = f"/hudong/huifu/{message.tracking_no}/"
    assert public.get(reply_page).status_code == 200
    assert message.tracking_no in public.get("/hudong/huifu/").content.decode()

    page = staff_get(xinxiang, WHEN, _case(message.pk)).content.decode()
    assert "撤回公开" in page and 'name="reply_withdraw-reason"' in page
    # The 承办人 may not withdraw it.
    assert (
        "撤回公开" not in staff_get(chengban, WHEN, _case(message.pk)).content.decode()
    )
    denied = staff_post(chengban, WHEN, _case(message.pk) + "reply_withdraw/",
                        {"reply_withdraw-reason": "x"})  # fmt: skip
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")
    # A reason is required, and named.
    empty = staff_post(xinxiang, WHEN, _case(message.pk) + "reply_withdraw/")
    assert empty.status_code == 400 and "撤回理由：" in empty.content.decode()

    staff_post(
        xinxiang, WHEN, _case(message.pk) + "reply_withdraw/",
        {"reply_withdraw-reason": "答复中留有来信人姓名"},
    )  # fmt: skip
    message.refresh_from_db()
    assert (message.status, message.published_at) == (Status.REPLIED, None)
    assert message.public_reply == ""
    # Off the public side at once: the page, the list and the API.
    assert public.get(reply_page).status_code == 404
    assert message.tracking_no not in public.get("/hudong/huifu/").content.decode()
    api = public.get("/api/interaction/replies").json()
    assert message.tracking_no not in {r["tracking_no"] for r in api}
    # Logged with its actor and reason, under a registered action.
    entry = ModelLogEntry.objects.filter(
        action="jiyue.interaction.reply_withdraw", object_id=str(message.pk)
    ).get()
    assert entry.user == xinxiang and entry.data["note"] == "答复中留有来信人姓名"
    assert log_registry.action_exists("jiyue.interaction.reply_withdraw")
    history = staff_get(xinxiang, WHEN, _case(message.pk)).content.decode()
    assert "撤回公开" in history and "答复中留有来信人姓名" in history
    assert "已公开 → 已答复" in history

    # Corrected, then published again.
    staff_post(
        xinxiang, WHEN, _case(message.pk) + "reply/",
        {"reply-reply": "您好！路灯已修好。"},
    )  # fmt: skip
    staff_post(xinxiang, WHEN, _case(message.pk) + "publish/", {"publish-publish": "1"})
    message.refresh_from_db()
    assert message.status == Status.PUBLISHED
    assert "您好！路灯已修好。" in public.get(reply_page).content.decode()


# -- 5. 答复审核 ------------------------------------------------------------------


def test_with_reply_review_the_handlers_answer_waits_for_the_manager(
    chain, leader_box, unit, public
):
    xinxiang, chengban = chain
    Mailbox.objects.filter(pk=leader_box.pk).update(reply_review=True)
    message = _accepted(leader_box, xinxiang, consent_publish=True)
    code = message.query_code
    services.message_forward(message=message, actor=xinxiang, unit=unit)
    services.message_start(message=message, actor=chengban)

    staff_post(chengban, WHEN, _case(message.pk) + "reply/",
               {"reply-reply": "已安排维修。"})  # fmt: skip
    message.refresh_from_db()
    assert (message.status, message.reply, message.reply_draft) == (
        Status.REVIEW, "", "已安排维修。"
    )  # fmt: skip
    seen = staff_get(chengban, WHEN, _case(message.pk)).content.decode()
    assert "待审核" in seen and "已安排维修。" in seen
    # The citizen does not see the draft.
    query = {"tracking_no": message.tracking_no, "query_code": code}
    status_page = public.post("/hudong/chaxun/", query).content.decode()
    assert "待审核" in status_page and "已安排维修。" not in status_page

    # The handler cannot approve; the manager returns it with a reason.
    assert "答复审核通过" not in seen
    refused = staff_post(chengban, WHEN, _case(message.pk) + "review_approve/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    staff_post(xinxiang, WHEN, _case(message.pk) + "review_return/",
               {"review_return-reason": "请写明维修时间"})  # fmt: skip
    message.refresh_from_db()
    assert message.status == Status.PROCESSING and message.reply_draft == "已安排维修。"
    again = staff_get(chengban, WHEN, _case(message.pk)).content.decode()
    assert "请写明维修时间" in again and "退回修改的答复稿" in again

    staff_post(chengban, WHEN, _case(message.pk) + "reply/",
               {"reply-reply": "已安排维修，10月9日前修好。"})  # fmt: skip
    staff_post(xinxiang, WHEN, _case(message.pk) + "review_approve/")
    message.refresh_from_db()
    assert (message.status, message.reply, message.reply_draft) == (
        Status.REPLIED, "已安排维修，10月9日前修好。", ""
    )  # fmt: skip
    assert message.reply_unit_name == unit.name
    staff_post(xinxiang, WHEN, _case(message.pk) + "publish/", {"publish-publish": "1"})
    message.refresh_from_db()
    assert message.status == Status.PUBLISHED


def test_without_reply_review_and_for_the_managers_own_answer_nothing_waits(
    chain, leader_box, unit
):
    xinxiang, chengban = chain
    message = _accepted(leader_box, xinxiang)
    services.message_forward(message=message, actor=xinxiang, unit=unit)
    done = services.message_reply(message=message, actor=chengban, reply="已办理。")
    assert done.status == Status.REPLIED and done.reply == "已办理。"

    Mailbox.objects.filter(pk=leader_box.pk).update(reply_review=True)
    own = _accepted(Mailbox.objects.get(pk=leader_box.pk), xinxiang)
    own = services.message_reply(message=own, actor=xinxiang, reply="已答复。")
    assert own.status == Status.REPLIED


# -- 6. an error report's clock -------------------------------------------------


def test_an_error_reports_clock_starts_at_submission(chain, public, www):
    xinxiang, _chengban = chain
    page = public.get("/hudong/jiucuo/")
    data = {
        "page_url": "http://www.localhost:8000/yaowen/",
        "content": "发布日期显示错误。",
        **captcha_fields(page),
    }
    submitted = at(2026, 9, 28, 10)
    with clock(submitted):
        response = public.post("/hudong/jiucuo/", data)
    message = response.context["message"]
    message.refresh_from_db()
    expected = workdays.deadline(submitted, message.mailbox.reply_workdays).date
    assert message.status == Status.PENDING and message.accepted_at is None
    assert message.workdays == 2 and message.deadline == expected
    # Nobody accepts it: it shows on the deadline list and goes overdue.
    listing = staff_get(xinxiang, WHEN, "/admin/interaction/deadlines/")
    assert message.tracking_no in listing.content.decode()
    with clock(at(2026, 10, 12, 8)):
        check_deadlines.enqueue()
    message.refresh_from_db()
    assert message.overdue
    # Accepting late does not restart the clock.
    services.message_accept(message=message, actor=xinxiang, now=at(2026, 10, 12, 9))
    message.refresh_from_db()
    assert message.deadline == expected
