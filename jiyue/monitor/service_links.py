"""The service guides' online systems and form downloads, checked as a citizen
would use them (「服务不实用」: 在线办理系统或附件无法访问).

Every live guide's 在线办理 link and every blank form or sample of its materials is
fetched (GET, 15 s, through the monitor's SSRF-checked client); the latest result
of each address is kept (:class:`jiyue.services.models.ServiceLinkCheck`) with the
moment it began failing. The verdict (``verdict.services_indicator``) and the office's
list read those rows (docs/decisions/0703).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from django.utils import timezone
from django.utils.translation import gettext as _

from jiyue.quality.findings import Finding
from jiyue.services.models import LinkKind, ServiceGuidePage, ServiceLinkCheck

from .network import (
    checked_client,
    connect_url,
    platform_hosts,
    refusal,
    refused_at_connection,
)

TIMEOUT = 15.0
MAX_REDIRECTS = 5
#: Seconds before the addresses that failed are asked once more in the same run:
#: a veto (服务不实用) is not pronounced on one refused request of a server that
#: was restarting or overloaded at that moment.
RETRY_AFTER = 2.0


def guide_links(guide: ServiceGuidePage) -> list[tuple[str, str]]:
    """(kind, absolute URL) of what a citizen opens from the guide."""
    links = []
    if guide.online_url:
        links.append((LinkKind.ONLINE, guide.online_url))
    site = guide.get_site()
    root = site.root_url if site else ""
    for material in guide.materials.all():
        for document in material.documents():
            links.append((LinkKind.FORM, root + document.url))
    return links


def fetch(url: str) -> tuple[int | None, str]:
    """(status, error) of a GET of ``url``; error "" when it answered."""
    with checked_client(follow_redirects=False) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            refused = refusal(url)
            if refused:
                return None, refused
            target, headers = connect_url(url)
            try:
                with client.stream(
                    "GET", target, headers=headers, timeout=TIMEOUT
                ) as response:
                    status = response.status_code
                    location = response.headers.get("location")
            except httpx.TimeoutException:
                return None, _("超时（15 秒）")
            except httpx.HTTPError as exc:
                if refused_at_connection(exc):
                    return None, _("拒绝连接：本机、内网或保留地址")
                return None, _("无法连接：%(error)s") % {"error": type(exc).__name__}
            if not (300 <= status < 400 and location):
                return status, ""
            url = str(httpx.URL(url).join(location))
    return None, _("重定向次数过多")


@dataclass
class Result:
    guide: ServiceGuidePage
    kind: str
    url: str
    status: int | None
    error: str
    external: bool

    @property
    def ok(self) -> bool:
        return not self.error and self.status is not None and self.status < 400

    @property
    def connection_failed(self) -> bool:
        return self.status is None


def _is_external(url: str) -> bool:
    return (urlsplit(url).hostname or "").lower() not in platform_hosts()


def check_guides(guides, *, now: dt.datetime) -> list[ServiceLinkCheck]:
    """Fetches every link of ``guides`` and stores the result of each.

    An address that failed is asked once more after ``RETRY_AFTER`` seconds. An
    address outside the platform that could not be connected to, in a run where
    no address outside the platform answered at all, is 无法验证（无外网）: this
    machine has no way out, the system may well be up (as the crawler judges
    external links, docs/decisions/0703)."""
    results = [
        Result(guide, kind, url, *fetch(url), _is_external(url))
        for guide in guides
        for kind, url in guide_links(guide)
    ]
    if any(not r.ok for r in results):
        time.sleep(RETRY_AFTER)
        results = [
            r if r.ok else Result(r.guide, r.kind, r.url, *fetch(r.url), r.external)
            for r in results
        ]
    outside_answered = any(r.external and not r.connection_failed for r in results)
    stored = []
    for result in results:
        unverified = (
            result.external and result.connection_failed and not outside_answered
        )
        stored.append(_store(result, unverified=unverified, now=now))
    kept: dict[int, list[int]] = {}
    for check in stored:
        kept.setdefault(check.guide_id, []).append(check.pk)
    for guide in guides:
        ServiceLinkCheck.objects.filter(guide=guide).exclude(
            pk__in=kept.get(guide.pk, [])
        ).delete()
    return stored


def _store(result: Result, *, unverified: bool, now: dt.datetime) -> ServiceLinkCheck:
    url = result.url[:500]
    previous = ServiceLinkCheck.objects.filter(guide=result.guide, url=url).first()
    failing = not result.ok and not unverified
    since = None
    if failing:
        still = previous and previous.is_dead
        since = previous.failing_since if still else now
    check, _created = ServiceLinkCheck.objects.update_or_create(
        guide=result.guide,
        url=url,
        defaults={
            "kind": result.kind, "ok": result.ok, "unverified": unverified,
            "status_code": result.status, "error": result.error[:200],
            "checked_at": now, "failing_since": since,
        },
    )  # fmt: skip
    return check


def check_service_links(*, now: dt.datetime | None = None, guides=None) -> dict:
    """Checks every live guide's links (or ``guides``'); counts of what it found."""
    now = now or timezone.now()
    if guides is None:
        guides = ServiceGuidePage.objects.live().prefetch_related(
            "materials__blank_form", "materials__sample"
        )
    checks = check_guides(list(guides), now=now)
    return {
        "checked": len(checks),
        "failing": sum(1 for c in checks if c.is_dead),
        "unverified": sum(1 for c in checks if c.unverified),
    }


def link_findings(checks) -> list[Finding]:
    """``unreachable_service`` findings of failing checks, in the contract's shape."""
    found = []
    for check in checks:
        if not check.is_dead:
            continue
        what = check.get_kind_display()
        reason = check.error or _("HTTP %(code)s") % {"code": check.status_code}
        found.append(
            Finding(
                type="unreachable_service",
                severity="error",
                message=_("办事指南“%(title)s”的%(what)s无法访问（%(reason)s）。")
                % {"title": check.guide.title, "what": what, "reason": reason},
                evidence=reason,
                url=check.guide.full_url or "",
                target=check.url,
            )
        )
    return found
