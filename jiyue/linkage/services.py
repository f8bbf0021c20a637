"""Writes of 协同联动: pushing an item to lower sites, accepting or declining a
push, 报送 and its adoption. Every refusal is a ``ValidationError`` in Chinese and
saves nothing; every action is in the audit log (ADR 1101, 1102)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import Page, Site

from jiyue.cluster.models import SiteKind, SiteLevel, SiteProfile
from jiyue.cluster.tenancy import Capability, can, oversees, people_for
from jiyue.content.models import ArticlePage, ColumnPage
from jiyue.content.models.placement import column_takes

from .models import (
    AutoAccept,
    LinkageRules,
    Push,
    PushTarget,
    Quota,
    ReferencePage,
    Submission,
    is_item,
)
from .references import reference_problem

logger = logging.getLogger(__name__)

ACTIONS = {
    "push": gettext_lazy("推送转载"),
    "accept": gettext_lazy("接受转载"),
    "decline": gettext_lazy("不转载"),
    "submit": gettext_lazy("报送信息"),
    "adopt": gettext_lazy("采用报送信息"),
    "reject": gettext_lazy("不采用报送信息"),
    "major_marked": gettext_lazy("认定重大政策"),
    "source_changed": gettext_lazy("转载原文变更"),
    "core_marked": gettext_lazy("标记英文版核心信息"),
    "auto_accept": gettext_lazy("设置自动转载"),
}


def _mail(site: Site, subject: str, body: str, *, capability=Capability.EDIT) -> None:
    """Mail to the site's own people with ``capability``; ADMINISTER adds the
    platform office (oversight)."""
    oversight = capability == Capability.ADMINISTER
    users = people_for(capability, site, oversight=oversight)
    emails = sorted({u.email for u in users if u.email})
    if not emails:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails)
    except OSError:
        logger.warning("linkage mail not sent", exc_info=True)


def profile_of(site: Site) -> SiteProfile | None:
    return SiteProfile.objects.filter(site=site).select_related("parent").first()


def lower_sites(site: Site) -> list[Site]:
    """Every open site below ``site`` in the cluster's site tree."""
    profile = profile_of(site)
    if profile is None:
        return []
    found, frontier = [], [profile.pk]
    while frontier:
        children = list(
            SiteProfile.objects.filter(parent_id__in=frontier).select_related("site")
        )
        found += [c for c in children if c.closed_at is None]
        frontier = [c.pk for c in children]
    return [c.site for c in sorted(found, key=lambda c: c.code)]


# --- pushes ------------------------------------------------------------------


def default_deadline(now: dt.datetime | None = None) -> dt.datetime:
    now = now or timezone.now()
    return now + dt.timedelta(hours=LinkageRules.current().push_deadline_hours)


def _check_source(user, source: Page) -> Site:
    if source is None or not is_item(source):
        raise ValidationError(_("只能推送信息、政策文件或政策解读。"))
    if not source.live:
        raise ValidationError(_("只能推送已发布的信息。"))
    sender = source.get_site()
    if sender is None:
        raise ValidationError(_("该信息不属于任何站点。"))
    if not can(user, Capability.PUBLISH, sender):
        raise PermissionDenied
    return sender


def _check_target(user, sender: Site, site: Site, allowed: set[int]) -> None:
    profile = profile_of(site)
    if profile is None:
        raise ValidationError(_("网站“%(s)s”不在本平台。") % {"s": site})
    if profile.is_closed:
        raise ValidationError(
            _("网站“%(s)s”已关停，不能向其推送。") % {"s": profile.name}
        )
    if site.pk == sender.pk:
        raise ValidationError(_("不能推送给本站。"))
    if site.pk not in allowed and not oversees(user, Capability.PUBLISH):
        raise ValidationError(
            _("网站“%(s)s”不是本站的下级网站，不能向其推送。") % {"s": profile.name}
        )


def check_push(user, source: Page, sites: list[Site], deadline: dt.datetime) -> Site:
    """The sender site, or a ValidationError saying what is wrong."""
    sender = _check_source(user, source)
    if not sites:
        raise ValidationError(_("请至少选择一个接收网站。"))
    allowed = {s.pk for s in lower_sites(sender)}
    for site in sites:
        _check_target(user, sender, site, allowed)
    if deadline <= timezone.now():
        raise ValidationError(_("转载期限已过，请选择将来的时间。"))
    return sender


@transaction.atomic
def push(
    *, user, source: Page, sites: list[Site], deadline: dt.datetime, note: str = ""
) -> Push:
    sender = check_push(user, source, sites, deadline)
    made = Push.objects.create(
        source=source,
        source_title=source.title,
        sender_site=sender,
        deadline=deadline,
        note=note,
        created_by=user,
    )
    targets = [PushTarget.objects.create(push=made, site=site) for site in sites]
    log(
        instance=source,
        action="jiyue.linkage.push",
        user=user,
        data={
            "push": made.pk,
            "sites": [s.pk for s in sites],
            "deadline": str(deadline),
        },
    )
    for target in targets:
        auto = (
            AutoAccept.objects.filter(site=target.site).select_related("column").first()
        )
        if auto is not None:
            accept(target, column=auto.column, user=None)
        else:
            transaction.on_commit(lambda t=target: _tell_target(t))
    return made


def _tell_target(target: PushTarget) -> None:
    local = timezone.localtime(target.push.deadline)
    _mail(
        target.site,
        _("须转载：%(title)s") % {"title": target.push.source_title},
        _("上级网站推送了须转载的信息，请在 %(at)s 前转载或说明理由。")
        % {"at": local.strftime("%Y-%m-%d %H:%M")},
    )


def columns_for(site: Site, source: Page | None = None):
    """The site's live columns that take a reference (of ``source``'s type)."""
    columns = ColumnPage.objects.descendant_of(site.root_page).live().order_by("path")
    return [
        c
        for c in columns
        if column_takes(c, ReferencePage)
        and (source is None or column_takes(c, source.specific_class))
    ]


def check_column(column: ColumnPage, site: Site, source: Page | None) -> None:
    if column is None or not column.is_descendant_of(site.root_page):
        raise ValidationError(_("请选择本站的栏目。"))
    if not column_takes(column, ReferencePage) or (
        source is not None and not column_takes(column, source.specific_class)
    ):
        raise ValidationError(
            _("栏目“%(c)s”（%(k)s）不收录此类信息，请选择其他栏目。")
            % {"c": column.title, "k": column.get_kind_display()}
        )


def make_reference(source: Page, column: ColumnPage, *, publish: bool) -> ReferencePage:
    reference = ReferencePage(title=source.title, source=source)
    problem = reference_problem(reference)
    if problem:
        raise ValidationError(problem)
    column.add_child(instance=reference)
    # Saved as trusted code (no revision user): the reference carries no
    # content of its own; the person who accepted is in the log (ADR 1102).
    revision = reference.save_revision()
    if publish:
        revision.publish()
    return reference


@transaction.atomic
def accept(target: PushTarget, *, column: ColumnPage, user) -> ReferencePage:
    if user is not None and not can(user, Capability.EDIT, target.site):
        raise PermissionDenied
    if target.status != PushTarget.Status.PENDING:
        raise ValidationError(_("该推送已处理。"))
    source = target.push.source
    if source is None or not source.live:
        raise ValidationError(_("推送的原文已撤回，无需转载。"))
    check_column(column, target.site, source)
    reference = make_reference(source, column, publish=True)
    target.status = PushTarget.Status.ACCEPTED
    target.reference = reference
    target.done_at = timezone.now()
    target.done_by = user
    target.save()
    log(
        instance=reference,
        action="jiyue.linkage.accept",
        user=user,
        data={"push": target.push_id, "auto": user is None},
    )
    return reference


@transaction.atomic
def decline(target: PushTarget, *, reason: str, user) -> None:
    if not can(user, Capability.EDIT, target.site):
        raise PermissionDenied
    if target.status != PushTarget.Status.PENDING:
        raise ValidationError(_("该推送已处理。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("不转载须说明理由。"))
    target.status = PushTarget.Status.DECLINED
    target.reason = reason
    target.done_at = timezone.now()
    target.done_by = user
    target.save()
    log(
        instance=target.push,
        action="jiyue.linkage.decline",
        user=user,
        data={"site": target.site_id, "reason": reason[:300]},
    )


def remind_and_escalate(now: dt.datetime | None = None) -> dict[str, int]:
    """Reminders before the deadline; after it, the site's administrators and the
    office are told once (the periodic job ``linkage.deadlines``)."""
    now = now or timezone.now()
    before = dt.timedelta(hours=LinkageRules.current().reminder_hours)
    pending = PushTarget.objects.filter(status=PushTarget.Status.PENDING)
    counts = {"reminded": 0, "overdue": 0}
    for target in pending.filter(
        reminded_at__isnull=True,
        push__deadline__gt=now,
        push__deadline__lte=now + before,
    ).select_related("push", "site"):
        _mail(
            target.site,
            _("转载即将到期：%(title)s") % {"title": target.push.source_title},
            _("请在期限前转载或说明理由。"),
        )
        target.reminded_at = now
        target.save(update_fields=["reminded_at"])
        counts["reminded"] += 1
    for target in pending.filter(
        overdue_notified_at__isnull=True, push__deadline__lte=now
    ).select_related("push", "site", "push__sender_site"):
        subject = _("转载超期：%(title)s") % {"title": target.push.source_title}
        body = _("网站“%(site)s”未在期限内转载上级推送的信息。") % {
            "site": target.site.site_name
        }
        for site in (target.site, target.push.sender_site):
            _mail(site, subject, body, capability=Capability.ADMINISTER)
        target.overdue_notified_at = now
        target.save(update_fields=["overdue_notified_at"])
        counts["overdue"] += 1
    return counts


def set_auto_accept(site: Site, column: ColumnPage | None, *, user) -> None:
    """Every push to ``site`` is accepted into ``column`` at once (None: off)."""
    if not can(user, Capability.EDIT, site):
        raise PermissionDenied
    if column is None:
        AutoAccept.objects.filter(site=site).delete()
    else:
        check_column(column, site, None)
        AutoAccept.objects.update_or_create(site=site, defaults={"column": column})
    log(
        instance=site,
        action="jiyue.linkage.auto_accept",
        user=user,
        data={"column": column.pk if column else None},
    )


# --- 报送 -------------------------------------------------------------------


def upper_site(site: Site) -> Site | None:
    profile = profile_of(site)
    return profile.parent.site if profile and profile.parent else None


def default_quota(site: Site) -> int:
    rules = LinkageRules.current()
    profile = profile_of(site)
    if (
        profile
        and profile.kind == SiteKind.PORTAL
        and profile.level == SiteLevel.COUNTY
    ):
        return rules.county_quota
    return rules.department_quota


def quota_of(site: Site) -> int:
    quota = Quota.objects.filter(site=site).first()
    return quota.monthly if quota else default_quota(site)


@transaction.atomic
def submit(
    *,
    user,
    from_site: Site,
    column: ColumnPage,
    title: str = "",
    body: str = "",
    item: Page | None = None,
    unit: str = "",
) -> Submission:
    if not can(user, Capability.VIEW, from_site):
        raise PermissionDenied
    to_site = column.get_site() if column else None
    upper = upper_site(from_site)
    if to_site is None or upper is None or to_site.pk != upper.pk:
        raise ValidationError(_("只能向本站的上级网站报送。"))
    if item is not None:
        if (
            not is_item(item)
            or not item.live
            or not item.is_descendant_of(from_site.root_page)
        ):
            raise ValidationError(_("只能报送本站已发布的信息、政策文件或政策解读。"))
        title = title or item.title
    check_column(column, to_site, item)
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("请填写标题。"))
    if item is None and not (body or "").strip():
        raise ValidationError(_("请填写正文，或选择本站已发布的信息。"))
    profile = profile_of(from_site)
    submission = Submission.objects.create(
        from_site=from_site,
        to_site=to_site,
        to_column=column,
        item=item,
        title=title[:255],
        body=body,
        unit=(unit or (profile.name if profile else from_site.site_name))[:100],
        submitted_by=user,
    )
    log(
        instance=submission,
        action="jiyue.linkage.submit",
        user=user,
        data={"to": to_site.pk, "column": column.pk},
    )
    transaction.on_commit(
        lambda: _mail(
            to_site,
            _("新的报送信息：%(t)s") % {"t": submission.title},
            _("%(u)s 报送了信息，请采用或说明不采用的理由。") % {"u": submission.unit},
        )
    )
    return submission


@transaction.atomic
def adopt(submission: Submission, *, user) -> Page:
    """The item enters the upper site's review chain as a draft: a reference to
    the submitted page, or a copy of the submitted text, crediting the unit."""
    if not can(user, Capability.EDIT, submission.to_site):
        raise PermissionDenied
    if submission.status != Submission.Status.SUBMITTED:
        raise ValidationError(_("该报送信息已处理。"))
    column = submission.to_column
    if submission.item is not None and submission.item.live:
        page = make_reference(submission.item, column, publish=False)
    else:
        page = ArticlePage(
            title=submission.title,
            body=linebreaks(escape(submission.body)),
            author=submission.unit,
            source_name=submission.unit,
            live=False,
        )
        column.add_child(instance=page)
        page.save_revision(user=user)
    submission.status = Submission.Status.ADOPTED
    submission.adopted_page = page
    submission.decided_by = user
    submission.decided_at = timezone.now()
    submission.save()
    log(
        instance=submission,
        action="jiyue.linkage.adopt",
        user=user,
        data={"page": page.pk},
    )
    return page


@transaction.atomic
def reject(submission: Submission, *, reason: str, user) -> None:
    if not can(user, Capability.EDIT, submission.to_site):
        raise PermissionDenied
    if submission.status != Submission.Status.SUBMITTED:
        raise ValidationError(_("该报送信息已处理。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("不采用须说明理由。"))
    submission.status = Submission.Status.DECLINED
    submission.reason = reason
    submission.decided_by = user
    submission.decided_at = timezone.now()
    submission.save()
    log(
        instance=submission,
        action="jiyue.linkage.reject",
        user=user,
        data={"reason": reason[:300]},
    )
