"""Opening and closing a site of the cluster, each in one step.

``site_open`` creates, in one transaction, the Wagtail site, its profile, the home
page, the columns of a template, the review chain and role groups, the mailboxes
and handling units, and publishes the site after the commit. Everything is checked
before anything is written; a refusal names the field and leaves nothing behind
(docs/decisions/0105-opening-a-site-in-one-step.md).

``site_close`` follows the rules for closing a government website: a closure
notice published at least one month before, then the site is archived — it stops
answering on the public side, its pages and letters are kept
(docs/decisions/0106-closing-a-site.md).
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Page, Site

from .column_templates import COLUMNS, ColumnTemplate, template_for
from .models import SiteKind, SiteLevel, SiteProfile

logger = logging.getLogger(__name__)

HOSTNAME_RE = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)
DEFAULT_UNITS = ("办公室",)

# The fields a refusal may name, and their Chinese names (for the command line).
FIELD_LABELS = {
    "code": _("网站标识码"),
    "name": _("网站名称"),
    "sponsor": _("主办单位"),
    "kind": _("网站类型"),
    "level": _("行政层级"),
    "parent": _("上级站点"),
    "hostname": _("主机名（域名）"),
    "port": _("端口"),
    "template": _("栏目模板"),
    "units": _("承办单位"),
    "operator": _("承办单位（网站运维）"),
    "contact": _("联系方式"),
    "org_code": _("机构代码"),
    "notice_date": _("关停公告发布日期"),
    "__all__": _("开办网站"),
}
# SiteProfile's own field names -> the opening form's.
_PROFILE_FIELDS = {"primary_domain": "hostname"}


def describe(error: ValidationError) -> list[str]:
    """「字段：原因」 lines of a refusal, for the command line."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        f"{FIELD_LABELS.get(field, field)}：{message}"
        for field, errors in error.message_dict.items()
        for message in errors
    ]


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


# -- opening -------------------------------------------------------------------


def _check_site(hostname: str, port: int, errors: dict) -> None:
    if not 0 < port < 65536:
        _add(errors, "port", gettext("端口应为 1 到 65535 之间的整数。"))
    if not HOSTNAME_RE.match(hostname):
        _add(
            errors,
            "hostname",
            gettext(
                "主机名“%(host)s”不合规：只能由小写字母、数字、连字符和点组成，如 www.example.gov.cn。"
            )
            % {"host": hostname},
        )
        return
    taken = Site.objects.filter(hostname=hostname).select_related("profile").first()
    if taken is not None:
        _add(
            errors,
            "hostname",
            gettext("主机名“%(host)s”已被站点“%(site)s”使用。")
            % {"host": hostname, "site": taken.site_name or taken.hostname},
        )


def _parent(parent_code: str, errors: dict) -> SiteProfile | None:
    if not parent_code:
        return None
    parent = SiteProfile.objects.filter(code=parent_code).first()
    if parent is None:
        _add(
            errors,
            "parent",
            gettext("上级站点“%(code)s”不存在，请填写已有站点的网站标识码。")
            % {"code": parent_code},
        )
    elif parent.is_closed:
        _add(errors, "parent", gettext("上级站点“%(name)s”已关停。") % {"name": parent})
    return parent


def _check_profile(profile: SiteProfile, errors: dict) -> None:
    if profile.kind not in SiteKind.values or profile.level not in SiteLevel.values:
        profile.parent = None  # the tree rules compare valid kinds and levels only
    try:
        profile.full_clean(exclude=["site"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                _add(errors, _PROFILE_FIELDS.get(field, field), message)


def _unit_names(units: Iterable[str], errors: dict) -> list[str]:
    names = list(dict.fromkeys(u.strip() for u in units if u and u.strip()))
    for name in names:
        if len(name) > 100:
            _add(
                errors,
                "units",
                gettext("承办单位名称“%(name)s”超过100个字。") % {"name": name[:20]},
            )
    return names or list(DEFAULT_UNITS)


def _publish_page(parent: Page, page: Page) -> Page:
    """The empty shells of a new site go live as trusted code writes (no revision
    user: the publish guard and Wagtail's per-page publish permission are for
    content, ADR 0402); the actor is in the ``jiyue.cluster.site_open`` entry."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _create_pages(profile: SiteProfile, template: str):
    from jiyue.content.models import ColumnPage, HomePage

    root = Page.get_first_root_node()
    home = _publish_page(
        root,
        HomePage(
            title=profile.name,
            slug=profile.primary_domain.replace(".", "-"),
            intro=gettext("欢迎访问%(name)s") % {"name": profile.name},
        ),
    )
    for slug, title, kind in COLUMNS[template]:
        column = ColumnPage(title=title, slug=slug, kind=kind, show_in_menus=True)
        _publish_page(home, column)
    return home


def _create_interaction(site: Site, unit_names: list[str]) -> None:
    from jiyue.interaction import services as interaction
    from jiyue.interaction.demo import MAILBOXES
    from jiyue.interaction.models import HandlingUnit, Mailbox

    for order, (slug, kind, title, intro) in enumerate(MAILBOXES):
        Mailbox.objects.create(
            site=site, slug=slug, kind=kind, title=title, intro=intro, order=order
        )
    interaction.error_report_mailbox(site)
    for name in unit_names:
        HandlingUnit.objects.create(site=site, name=name)


def _after_commit_publish(site_id: int, publish: str) -> None:
    if publish == "now":
        from jiyue.publishing import services as publishing

        site = Site.objects.select_related("root_page").get(pk=site_id)
        report = publishing.publish_site(site)
        logger.info("site %s published: %s files", site.hostname, len(report.written))
    elif publish == "queue":
        from jiyue.publishing.tasks import publish_site_task

        publish_site_task.enqueue(site_id)


def site_open(
    *,
    actor,
    code: str,
    name: str,
    sponsor: str,
    kind: str,
    level: str,
    hostname: str,
    port: int | None = None,
    parent_code: str = "",
    template: str = "",
    units: Iterable[str] = (),
    operator: str = "",
    contact: str = "",
    org_code: str = "",
    publish: str = "queue",
) -> Site:
    """Opens a site in one step; returns its Wagtail site.

    ``publish``: ``"now"`` (rebuild the static tree right after the commit, as the
    command does), ``"queue"`` (a background task after the commit, as the admin
    does) or ``"no"``. Raises ``ValidationError`` keyed by field, writing nothing.
    """
    hostname = (hostname or "").strip().lower().rstrip(".")
    port = int(port if port is not None else settings.JIYUE_PUBLIC_PORT)
    template = template or template_for(kind, level)
    errors: dict[str, list[str]] = {}
    if template not in ColumnTemplate.values:
        _add(
            errors, "template", gettext("请选择门户网站、区县门户网站或部门网站模板。")
        )
    _check_site(hostname, port, errors)
    parent = _parent((parent_code or "").strip(), errors)
    profile = SiteProfile(
        code=(code or "").strip(), name=(name or "").strip(), kind=kind, level=level,
        parent=parent, sponsor=(sponsor or "").strip(), operator=operator.strip(),
        contact=contact.strip(), org_code=org_code.strip(), primary_domain=hostname,
    )  # fmt: skip
    if "parent" not in errors:
        _check_profile(profile, errors)
    unit_names = _unit_names(units, errors)
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        site = _open(profile, template, port, unit_names, actor)
    transaction.on_commit(lambda: _after_commit_publish(site.pk, publish))
    return site


def _open(profile, template, port, unit_names, actor) -> Site:
    from jiyue.editorial import site_workflow_setup

    home = _create_pages(profile, template)
    site = Site.objects.create(
        hostname=profile.primary_domain,
        port=port,
        root_page=home,
        site_name=profile.name,
    )
    profile.site = site
    profile.save()
    chain = site_workflow_setup(site=site)
    _create_interaction(site, unit_names)
    log(
        instance=profile,
        action="jiyue.cluster.site_open",
        user=actor,
        data={
            "code": profile.code,
            "name": profile.name,
            "host": f"{site.hostname}:{site.port}",
            "parent": profile.parent.code if profile.parent else None,
            "template": template,
            "columns": [slug for slug, _title, _kind in COLUMNS[template]],
            "workflow": chain.name,
            "units": unit_names,
        },
    )
    return site


# -- closing -------------------------------------------------------------------


def one_month_after(day: dt.date) -> dt.date:
    """The same day of the next month (the month's last day if it has none)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _profile_by_code(code: str) -> SiteProfile:
    profile = SiteProfile.objects.select_related("site").filter(code=code).first()
    if profile is None:
        raise ValidationError(
            {"code": gettext("网站标识码“%(code)s”不存在。") % {"code": code}}
        )
    if profile.is_closed:
        raise ValidationError(
            {
                "code": gettext("“%(name)s”已于%(day)s关停。")
                % {
                    "name": profile.name,
                    "day": timezone.localtime(profile.closed_at).date().isoformat(),
                }
            }
        )
    return profile


def site_closure_notice(
    *, actor, code: str, notice_date: dt.date, today: dt.date | None = None
) -> SiteProfile:
    """Records the day the closure notice was published on the site's home page."""
    today = today or timezone.localdate()
    profile = _profile_by_code(code)
    if notice_date > today:
        raise ValidationError(
            {
                "notice_date": gettext(
                    "关停公告发布日期不能晚于今天（%(today)s），请在公告发布后再登记。"
                )
                % {"today": today.isoformat()}
            }
        )
    profile.closure_notice_date = notice_date
    profile.save(update_fields=["closure_notice_date"])
    log(
        instance=profile,
        action="jiyue.cluster.site_closure_notice",
        user=actor,
        data={"code": profile.code, "notice_date": notice_date.isoformat()},
    )
    return profile


def site_close(*, actor, code: str, now: dt.datetime | None = None) -> SiteProfile:
    """Archives a site whose closure notice is at least one month old: it stops
    answering on the public side, its mailboxes close, its pages are kept."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        profile = _profile_by_code(code)
        notice = profile.closure_notice_date
        if notice is None:
            raise ValidationError(
                {
                    "notice_date": gettext(
                        "未登记关停公告：请先在网站首页发布关停公告，并用 --notice-date 登记其发布日期；满一个月后方可关停。"
                    )
                }
            )
        earliest = one_month_after(notice)
        if today < earliest:
            raise ValidationError(
                {
                    "notice_date": gettext(
                        "关停公告于%(notice)s发布，须满一个月（%(earliest)s 起）方可关停网站。"
                    )
                    % {"notice": notice.isoformat(), "earliest": earliest.isoformat()}
                }
            )
        _archive(profile, actor, now)
    host = profile.site.hostname
    transaction.on_commit(lambda: _withdraw_published_tree(host))
    return profile


def _archive(profile: SiteProfile, actor, now: dt.datetime) -> None:
    from jiyue.interaction.models import Mailbox

    profile.closed_at = now
    profile.save(update_fields=["closed_at"])
    closed = Mailbox.objects.filter(site=profile.site, is_active=True).update(
        is_active=False
    )
    log(
        instance=profile,
        action="jiyue.cluster.site_close",
        user=actor,
        data={
            "code": profile.code,
            "host": profile.site.hostname,
            "notice_date": profile.closure_notice_date.isoformat(),
            "mailboxes_closed": closed,
            "pages_kept": Page.objects.descendant_of(
                profile.site.root_page, inclusive=True
            ).count(),
        },
    )


def _withdraw_published_tree(host: str) -> None:
    """Takes the site's static tree off the web server (the versions stay on
    disk, an archive an operator may copy)."""
    from jiyue.publishing import storage

    with storage.site_lock(host):
        link = storage.site_link(host)
        if link.is_symlink():
            link.unlink()


def closed_site_ids() -> set[int]:
    return set(
        SiteProfile.objects.filter(closed_at__isnull=False).values_list(
            "site_id", flat=True
        )
    )
