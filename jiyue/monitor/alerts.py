"""告警: when a site becomes unreachable, shows tampering, becomes 不合格 or cannot be
published (静态发布失败: a full disk, ADR 0520), its
administrators, the platform office and whoever is on duty are told at once — by
mail (Django's mail settings) and, with ``JIYUE_ALERT_WEBHOOK``, by a JSON POST to an
SMS or IM gateway — again every ``JIYUE_ALERT_REPEAT_HOURS`` while it lasts, and once
more when it is over. Every sending is in the audit log (ADR 0518).
"""

from __future__ import annotations

import datetime as dt
import logging

import httpx
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from wagtail.log_actions import log

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.tenancy import Capability, people_for
from jiyue.monitor.i18n import _
from jiyue.monitor.models import Alert, AvailabilityProbe, DutyShift, StoredFinding
from jiyue.monitor.selectors import latest_crawl
from jiyue.monitor.verdict import failed, site_verdict
from jiyue.publishing.models import PublishState

logger = logging.getLogger(__name__)
#: The latest probes that must all have failed for 站点无法访问 to be raised.
UNREACHABLE_PROBES = 3
SENT = "jiyue.monitor.alert_sent"


def conditions(profile: SiteProfile, now: dt.datetime) -> dict[str, str]:
    """The alert kinds that hold for ``profile`` now, each with what was seen."""
    found = {}
    probes = list(
        AvailabilityProbe.objects.filter(profile=profile, at__lte=now).order_by("-at")[
            :UNREACHABLE_PROBES
        ]
    )
    if len(probes) == UNREACHABLE_PROBES and not any(p.ok for p in probes):
        found[Alert.Kind.UNREACHABLE] = _(
            "最近 %(n)d 次探测均无法访问（%(error)s）。"
        ) % {
            "n": UNREACHABLE_PROBES,
            "error": probes[0].error or probes[0].status_code or "",
        }
    crawl = latest_crawl(profile, done=True)
    if crawl is not None:
        tampered = crawl.findings.filter(
            type="tampered", status=StoredFinding.Status.OPEN
        ).count()
        if tampered:
            found[Alert.Kind.TAMPERED] = _(
                "发布内容与服务器上的页面不一致 %(n)d 处。"
            ) % {"n": tampered}
    state = PublishState.objects.filter(site_id=profile.site_id).first()
    if state is not None and state.last_error:
        # A failed publish (a full disk, an unwritable tree…) keeps the previous version
        # online; the next publish that succeeds clears it, and the alert with it.
        found[Alert.Kind.PUBLISH_FAILED] = _(
            "%(error)s 网站上仍是上一次成功发布的版本。"
        ) % {"error": state.last_error}
    vetoes = failed(site_verdict(profile, now=now))
    if vetoes:
        found[Alert.Kind.FAILED] = _("单项否决：%(names)s。") % {
            "names": "、".join(str(i.label) for i in vetoes)
        }
    return found


def recipients(profile: SiteProfile, kind: str, now: dt.datetime) -> list[str]:
    """The site's administrators, the platform office, and whoever is on duty."""
    people = {
        u.email for u in people_for(Capability.ADMINISTER, profile.site) if u.email
    }
    local = timezone.localtime(now)
    for shift in DutyShift.objects.select_related("user"):
        if shift.user.email and shift.user.is_active and shift.covers(local, kind):
            people.add(shift.user.email)
    return sorted(people)


def _send(alert: Alert, now: dt.datetime, *, over: bool) -> None:
    profile = alert.profile
    label = alert.get_kind_display()
    subject = (
        _("【告警解除】%(site)s：%(kind)s") if over else _("【告警】%(site)s：%(kind)s")
    ) % {"site": profile.name, "kind": label}
    body = _("网站：%(site)s（%(code)s）\n情况：%(detail)s\n发现时间：%(at)s") % {
        "site": profile.name,
        "code": profile.code,
        "detail": alert.detail,
        "at": timezone.localtime(alert.opened_at).strftime("%Y-%m-%d %H:%M"),
    }
    to = recipients(profile, alert.kind, now)
    if to:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        except OSError:
            logger.warning("alert mail not sent", exc_info=True)
    webhook = settings.JIYUE_ALERT_WEBHOOK
    if webhook:
        payload = {"site": profile.code, "name": profile.name, "kind": alert.kind,
                   "title": subject, "text": body, "over": over,
                   "at": now.isoformat()}  # fmt: skip
        try:
            httpx.post(webhook, json=payload, timeout=5.0)
        except httpx.HTTPError:
            logger.warning("alert webhook not reached", exc_info=True)
    log(
        instance=profile,
        action=SENT,
        data={"kind": alert.kind, "over": over, "recipients": len(to)},
    )


def check_alerts(now: dt.datetime | None = None) -> dict[str, int]:
    """Opens, repeats and closes the alerts of every open site."""
    now = now or timezone.now()
    repeat = dt.timedelta(hours=settings.JIYUE_ALERT_REPEAT_HOURS)
    counts = {"opened": 0, "repeated": 0, "resolved": 0}
    for profile in SiteProfile.objects.filter(closed_at__isnull=True).select_related(
        "site"
    ):
        holding = conditions(profile, now)
        open_alerts = {
            a.kind: a for a in Alert.objects.filter(profile=profile, resolved_at=None)
        }
        for kind, detail in holding.items():
            alert = open_alerts.get(kind)
            if alert is None:
                alert = Alert.objects.create(
                    profile=profile, kind=kind, detail=detail, opened_at=now
                )
                counts["opened"] += 1
            elif alert.last_sent_at and now - alert.last_sent_at < repeat:
                continue
            else:
                alert.detail = detail
                counts["repeated"] += 1
            _send(alert, now, over=False)
            alert.last_sent_at = now
            alert.sends += 1
            alert.save()
        for kind, alert in open_alerts.items():
            if kind not in holding:
                alert.resolved_at = now
                alert.save(update_fields=["resolved_at"])
                _send(alert, now, over=True)
                counts["resolved"] += 1
    return counts
