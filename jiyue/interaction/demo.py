"""Demo data of 互动交流: mailboxes and handling units on every demo site, and a
few messages in different states on the portal. Idempotent: what exists is
left alone.

Demo messages can be looked up on /hudong/chaxun/ with their tracking number
and the query code ``DEMO2026``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from jiyue.cluster.models import SiteProfile

from . import codes, services
from .channels.demo import load_demo_channels
from .models import HandlingUnit, Mailbox, MailboxKind, Message

DEMO_QUERY_CODE = "DEMO2026"
MAILBOXES = (
    ("shizhang", MailboxKind.LEADER, "领导信箱", "写给本级政府主要负责同志的来信。"),
    ("zixun", MailboxKind.CONSULT, "咨询", "政策、办事等方面的咨询。"),
    ("tousu", MailboxKind.COMPLAINT, "投诉", "对政府部门及其工作人员的投诉。"),
    ("jianyi", MailboxKind.SUGGESTION, "建议", "对本地经济社会发展的意见和建议。"),
)
DEFAULT_UNITS = ("办公室",)


def load_demo_interaction(*, now: dt.datetime | None = None) -> int:
    """Create what is missing; returns the number of demo messages created."""
    now = now or timezone.now()
    created = 0
    for profile in SiteProfile.objects.select_related("site"):
        with transaction.atomic():
            _mailboxes(profile.site)
            _units(profile)
    portal = Site.objects.filter(is_default_site=True).first()
    if portal is not None and Mailbox.objects.filter(site=portal).exists():
        with transaction.atomic():
            created = _messages(portal, now)
        with transaction.atomic():  # consultations, surveys, interviews
            load_demo_channels(portal, now)
    return created


def _mailboxes(site: Site) -> None:
    for order, (slug, kind, title, intro) in enumerate(MAILBOXES):
        Mailbox.objects.get_or_create(
            site=site,
            slug=slug,
            defaults={"kind": kind, "title": title, "intro": intro, "order": order},
        )
    services.error_report_mailbox(site)


def _units(profile: SiteProfile) -> None:
    from jiyue.content.demo.cluster import SITES

    spec = next((s for s in SITES if s.code == profile.code), None)
    names = (spec.units if spec and spec.units else ()) or DEFAULT_UNITS
    for name in names:
        HandlingUnit.objects.get_or_create(site=profile.site, name=name)


def _submit(site: Site, slug: str, number: str, when: dt.datetime, **fields) -> Message:
    mailbox = Mailbox.objects.get(site=site, slug=slug)
    message = services.message_submit(mailbox=mailbox, now=when, **fields).message
    message.tracking_no = number
    message.query_code_digest = codes.digest(number, DEMO_QUERY_CODE)
    message.save(update_fields=["tracking_no", "query_code_digest"])
    return message


def _messages(site: Site, now: dt.datetime) -> int:
    created = 0
    for number, builder in DEMO_MESSAGES:
        if not Message.objects.filter(tracking_no=number).exists():
            builder(site, number, now)
            created += 1
    return created


def _days(now: dt.datetime, n: int, hour: int = 10) -> dt.datetime:
    local = timezone.localtime(now) - dt.timedelta(days=n)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def _pending(site, number, now):
    _submit(
        site, "tousu", number, _days(now, 1),
        subject="小区周边道路夜间施工噪音扰民",
        content="近两周每天夜里十一点以后，某路段仍有施工机械作业，噪音很大，影响居民休息。希望有关部门核实并规范施工时间。",
        name="刘芳", phone="13900001234", consent_publish=True,
    )  # fmt: skip


def _forwarded(site, number, now):
    message = _submit(
        site, "zixun", number, _days(now, 4),
        subject="咨询小微企业创业补贴申请条件",
        content="我今年注册了一家小微企业，想了解本市创业补贴的申请条件、所需材料和办理地点。",
        name="陈磊", email="chenlei@example.com", consent_publish=False,
    )  # fmt: skip
    unit = HandlingUnit.objects.filter(site=site).order_by("-name").first()
    message = services.message_accept(message=message, actor=None, now=_days(now, 3))
    message = services.message_forward(
        message=message, actor=None, unit=unit, note="请按职责答复。", now=_days(now, 3, 11)
    )  # fmt: skip
    services.message_start(message=message, actor=None, now=_days(now, 2))


def _published(site, number, now):
    message = _submit(
        site, "shizhang", number, _days(now, 20),
        subject="建议在老旧小区加装电梯",
        content="市长您好，我是张伟，家住老城区一栋六层住宅，家中老人上下楼困难。建议加快老旧小区加装电梯工作。我的电话 13812345678。",
        name="张伟", phone="13812345678", consent_publish=True,
    )  # fmt: skip
    message = services.message_accept(message=message, actor=None, now=_days(now, 19))
    message = services.message_reply(
        message=message, actor=None, now=_days(now, 14),
        reply="张伟同志：您好！来信收悉。我市已将老旧小区加装电梯纳入城镇老旧小区改造计划，符合条件的小区可向所在街道提出申请，财政按规定给予补助。感谢您的关心和支持。",
    )  # fmt: skip
    message = services.message_publish(
        message=message, actor=None, publish=True, now=_days(now, 13)
    )
    services.message_rate(message=message, rating="satisfied", now=_days(now, 12))


def _refused(site, number, now):
    message = _submit(
        site, "jianyi", number, _days(now, 6),
        subject="转发一则网络消息",
        content="请看这个链接（内容与本地政务无关）。",
        consent_publish=False,
    )  # fmt: skip
    services.message_refuse(
        message=message, actor=None, now=_days(now, 5),
        reason="来信内容与本级政府职责无关，且未提出具体诉求，不予受理。",
    )  # fmt: skip


def _overdue(site, number, now):
    message = _submit(
        site, "tousu", number, _days(now, 30),
        subject="反映某办事窗口多次要求重复提交材料",
        content="我在办理营业执照变更时，窗口工作人员三次要求重复提交同一份材料。",
        name="王强", consent_publish=False,
    )  # fmt: skip
    unit = HandlingUnit.objects.filter(site=site).order_by("name").first()
    message = services.message_accept(message=message, actor=None, now=_days(now, 29))
    services.message_forward(message=message, actor=None, unit=unit, now=_days(now, 29))
    services.messages_check_deadlines(now=now)


def _error_report(site, number, now):
    _submit(
        site, "jiucuo", number, _days(now, 1, 15),
        subject="网站纠错", page_url=f"{site.root_url}/yaowen/",
        content="“要闻动态”栏目第一条新闻的发布日期显示错误。",
    )  # fmt: skip


DEMO_MESSAGES = (
    ("2026000000000001", _pending),
    ("2026000000000002", _forwarded),
    ("2026000000000003", _published),
    ("2026000000000004", _refused),
    ("2026000000000005", _overdue),
    ("2026000000000006", _error_report),
)


# The people of the demo portal's reply chain: the mailbox office (信箱管理员)
# accepts, forwards and publishes; the unit's handler (承办人) answers.
DEMO_CHAIN_STAFF = (
    ("xinxiang", "钱信箱", _("信箱管理员")),
    ("chengban", "孙承办", _("承办人（市大数据局）")),
)


def demo_interaction_staff(password: str) -> list[tuple[str, str, str]]:
    """Creates (once) the reply chain's demo users on www, with ``password`` and
    the demo TOTP device. JIYUE_DEMO=1 only; returns (username, name, role)."""
    from django.conf import settings

    if not settings.DEMO:
        return []
    site = Site.objects.filter(hostname="www.localhost").first()
    unit = HandlingUnit.objects.filter(site=site, name="市大数据局").first()
    if site is None or unit is None:
        return []
    made = []
    for username, name, role in DEMO_CHAIN_STAFF:
        user = _chain_user(username, name, password)
        if username == "xinxiang":
            _grant_mailbox_operator(user, site)
        else:
            unit.members.add(user)
        made.append((username, name, str(role)))
    return made


def _grant_mailbox_operator(user, site) -> None:
    """信箱管理员 of ``site``: the site role, granted as every role is (logged)."""
    from jiyue.cluster.roles import Role
    from jiyue.editorial import role_grant
    from jiyue.editorial.services import role_group

    group = role_group(role=Role.MAILBOX_OPERATOR, site=site)
    if not user.groups.filter(pk=group.pk).exists():
        role_grant(actor=None, user=user, site=site, role=Role.MAILBOX_OPERATOR)


def _chain_user(username: str, name: str, password: str):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from jiyue.accounts.demo import demo_device

    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": name, "email": f"{username}@example.invalid"},
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    user.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    demo_device(user)
    return user
