"""Opening and closing a site of the cluster, each in one step.

``site_open`` creates, in one transaction, the Wagtail site and its profile, then
runs every app's opening step: the home page and the columns of a template
(content), the review chain and role groups (editorial), the mailboxes and handling
units (interaction), publishing after the commit (publishing). Everything is checked
before anything is written; a refusal names the field and leaves nothing behind
(docs/decisions/0105-opening-a-site-in-one-step.md).

``site_close`` follows the rules for closing a government website: a closure
notice published at least one month before, then the site is archived — it stops
answering on the public side, its pages and letters are kept
(docs/decisions/0106-closing-a-site.md); each app's closing step runs with it.

The steps are the apps' own: each app that has something to do declares it in its
``site_opening`` module (cluster, a lower layer, imports none of them by name;
docs/decisions/0516-site-opening-steps.md)::

    OPEN_STEPS = ((30, "units", open_mailboxes),)   # (order, log key, step)
    CLOSE_STEPS = ((30, "mailboxes_closed", close_mailboxes),)

A step is ``step(site, profile, options) -> result``, run in order inside the
transaction; a result other than None is recorded under its key in the
``jiyue.cluster.site_open`` / ``site_close`` log entry. Opening's ``options``:
``actor``, ``template``, ``units`` (the units' names), ``publish``
(``"now"``/``"queue"``/``"no"``); closing's: ``actor``, ``now``. The site exists
(and its profile is saved) before the first step; until content's step gives it its
home page it is rooted at the tree's root, inside the transaction only.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Page, Site

from .column_templates import ColumnTemplate, template_for
from .models import SiteKind, SiteLevel, SiteProfile

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


# -- the apps' steps -----------------------------------------------------------

STEPS_MODULE = "site_opening"
Step = Callable[[Site, SiteProfile, Mapping[str, Any]], object]


def _steps(kind: str) -> list[tuple[int, str, Step]]:
    """Every installed app's ``site_opening.<kind>`` steps, by order (ties in
    ``INSTALLED_APPS`` order). Read at each call: nothing is cached."""
    steps: list[tuple[int, str, Step]] = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, STEPS_MODULE):
            module = import_module(f"{config.name}.{STEPS_MODULE}")
            steps.extend(getattr(module, kind, ()))
    return sorted(steps, key=lambda step: step[0])


def _run_steps(
    kind: str, site: Site, profile: SiteProfile, options: Mapping[str, Any]
) -> dict[str, object]:
    """Runs the steps in order; their results by key (None: nothing to record)."""
    results = {}
    for _order, key, step in _steps(kind):
        result = step(site, profile, options)
        if result is not None:
            results[key] = result
    return results


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

    options = {
        "actor": actor, "template": template, "units": unit_names, "publish": publish,
    }  # fmt: skip
    with transaction.atomic():
        return _open(profile, port, options)


def _open(profile: SiteProfile, port: int, options: Mapping[str, Any]) -> Site:
    site = Site.objects.create(
        hostname=profile.primary_domain,
        port=port,
        root_page=Page.get_first_root_node(),  # until content's step gives a home
        site_name=profile.name,
    )
    profile.site = site
    profile.save()
    results = _run_steps("OPEN_STEPS", site, profile, options)
    log(
        instance=profile,
        action="jiyue.cluster.site_open",
        user=options["actor"],
        data={
            "code": profile.code,
            "name": profile.name,
            "host": f"{site.hostname}:{site.port}",
            "parent": profile.parent.code if profile.parent else None,
            "template": options["template"],
            **results,
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
    return profile


def _archive(profile: SiteProfile, actor, now: dt.datetime) -> None:
    profile.closed_at = now
    profile.save(update_fields=["closed_at"])
    options = {"actor": actor, "now": now}
    results = _run_steps("CLOSE_STEPS", profile.site, profile, options)
    log(
        instance=profile,
        action="jiyue.cluster.site_close",
        user=actor,
        data={
            "code": profile.code,
            "host": profile.site.hostname,
            "notice_date": profile.closure_notice_date.isoformat(),
            **results,
            "pages_kept": Page.objects.descendant_of(
                profile.site.root_page, inclusive=True
            ).count(),
        },
    )


def closed_site_ids() -> set[int]:
    return set(
        SiteProfile.objects.filter(closed_at__isnull=False).values_list(
            "site_id", flat=True
        )
    )
