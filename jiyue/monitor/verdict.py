"""What would fail a site today under the national single-veto rules (单项否决).

国办秘函〔2019〕19号: 站点无法访问 (≥ 5 % of a week's probes fail, at least 20 probes
each day), 首页不更新, 栏目不更新 (the counting rule is applied by the crawler, which
marks the findings ``veto``), 互动回应差 (from the interaction data), and 严重问题
(sensitive words, hidden links and injected content the checks mark ``veto``,
pages tampered).
Findings accepted with a reason or marked fixed do not count.

An indicator is 命中 (failed), 未命中 (passed), 样本不足 (too few probes to judge) or
尚未监测 (no finished crawl): a verdict that could not be reached is never shown as a
pass, nor as a failure (docs/decisions/0513).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy

from jiyue.cluster.models import SiteProfile
from jiyue.monitor.models import Crawl, StoredFinding
from jiyue.monitor.output import TYPE_NAMES
from jiyue.monitor.selectors import (
    PROBES_PER_DAY,
    Availability,
    availabilities,
    latest_crawls,
)

UNAVAILABLE_RATE = 0.05
UNANSWERED_MONTHS = 3
EVIDENCE_MESSAGES = 20


def _(message: str) -> str:
    """``gettext`` remembered per language: the cluster table asks the same few
    texts for every site, and a text the catalogs lack costs a walk through a dozen
    of them each time (issue 19; ADR 1902)."""
    return _translated(message, get_language())


@lru_cache(maxsize=256)
def _translated(message: str, language: str | None) -> str:
    return gettext(message)


def _named(names: dict, key: str) -> str:
    """``str(names[key])`` of a table of lazy names, remembered per language."""
    return _name_in(id(names), key, get_language())


@lru_cache(maxsize=64)
def _name_in(table: int, key: str, language: str | None) -> str:
    return str({id(STATE_NAMES): STATE_NAMES, id(INDICATORS): INDICATORS}[table][key])


FAILED, PASSED, INSUFFICIENT, UNMONITORED = (
    "failed",
    "passed",
    "insufficient",
    "unmonitored",
)
STATE_NAMES = {
    FAILED: gettext_lazy("命中"),
    PASSED: gettext_lazy("未命中"),
    INSUFFICIENT: gettext_lazy("样本不足"),
    UNMONITORED: gettext_lazy("尚未监测"),
}


@dataclass(frozen=True)
class Evidence:
    text: str
    url: str = ""


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    state: str
    detail: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def failed(self) -> bool:
        return self.state == FAILED

    @property
    def judged(self) -> bool:
        """Failed or passed; not 样本不足 nor 尚未监测."""
        return self.state in (FAILED, PASSED)

    @property
    def state_name(self) -> str:
        return _named(STATE_NAMES, self.state)


INDICATORS = {
    "unreachable": gettext_lazy("站点无法访问"),
    "stale_site": gettext_lazy("首页不更新"),
    "stale_columns": gettext_lazy("栏目不更新"),
    "interaction": gettext_lazy("互动回应差"),
    "serious": gettext_lazy("严重问题"),
    "services": gettext_lazy("服务不实用"),
}
COLUMN_TYPES = ("stale_column", "empty_column")
SERIOUS_VETO_TYPES = ("sensitive_word", "hidden_link", "injected_content")


def site_verdict(profile: SiteProfile, *, now: dt.datetime) -> list[Indicator]:
    return cluster_verdicts([profile], now=now)[profile.pk]


def cluster_verdicts(
    profiles: list[SiteProfile], *, now: dt.datetime
) -> dict[int, list[Indicator]]:
    """``site_verdict`` of each of ``profiles``, by profile id, each kind of data
    asked once for them all (issue 19)."""
    crawls = latest_crawls(profiles, done=True)
    vetoes = _open_vetoes(crawls.values())
    probes = availabilities(profiles, now=now)
    interaction = interaction_indicators(profiles, now=now)
    services = services_indicators(profiles)
    verdicts = {}
    for profile in profiles:
        crawl = crawls.get(profile.pk)
        found = vetoes.get(crawl.pk, {}) if crawl else {}
        verdicts[profile.pk] = [
            _availability(probes[profile.pk]),
            _from_findings("stale_site", found, ("stale_site",), crawl),
            _from_findings("stale_columns", found, COLUMN_TYPES, crawl),
            interaction[profile.pk],
            _from_findings("serious", found, (*SERIOUS_VETO_TYPES, "tampered"), crawl),
            services[profile.pk],
        ]
    return verdicts


def services_indicator(profile: SiteProfile) -> Indicator:
    """服务不实用: the site offers no service, or a guide it shows lacks a key
    element (or cites a repealed basis), or its online system or a form could not
    be opened at the last daily check. With guides whose links were never checked
    and nothing else wrong: 尚未监测 (docs/decisions/0703)."""
    return services_indicators([profile])[profile.pk]


def services_indicators(profiles: list[SiteProfile]) -> dict[int, Indicator]:
    """``services_indicator`` of each of ``profiles``, by profile id."""
    from jiyue.services.completeness import failing_guides
    from jiyue.services.models import ServiceLinkCheck
    from jiyue.services.selectors import sites_guides

    shown = sites_guides([profile.site for profile in profiles])
    every = {g.pk: g for guides in shown.values() for g in guides or []}
    failing = {g.pk: result for g, result in failing_guides(every.values())}
    checks = defaultdict(list)
    for check in ServiceLinkCheck.objects.filter(guide__in=every).order_by("pk"):
        check.guide = every[check.guide_id]
        checks[check.guide_id].append(check)
    found = {}
    for profile in profiles:
        guides = shown[profile.site_id] or []
        found[profile.pk] = _services(
            guides,
            [(g, failing[g.pk]) for g in guides if g.pk in failing],
            sorted((c for g in guides for c in checks[g.pk]), key=lambda c: c.pk),
        )
    return found


def _services(guides: list, failing: list, checks: list) -> Indicator:
    label = _named(INDICATORS, "services")
    if not guides:
        return Indicator("services", label, FAILED, _("未提供办事服务"))
    evidence = []
    incomplete = len(failing)
    for guide, result in failing:
        lacking = [e.name for e in result.key_missing]
        lacking += [f"{n}{v}" for n, v in result.repealed_basis]
        evidence.append(
            Evidence(f"{guide.title}：" + "、".join(lacking), guide.full_url or "")
        )
    dead = [c for c in checks if c.is_dead]
    for check in dead:
        evidence.append(
            Evidence(
                _("%(title)s：%(what)s无法访问 %(url)s")
                % {
                    "title": check.guide.title,
                    "what": check.get_kind_display(),
                    "url": check.url,
                },
                check.guide.full_url or "",
            )
        )
    detail = _("办事指南 %(n)s 项，缺少关键要素 %(i)s 项，链接无法访问 %(d)s 处") % {
        "n": len(guides), "i": incomplete, "d": len(dead),
    }  # fmt: skip
    if incomplete or dead:
        return Indicator(
            "services", label, FAILED, detail, tuple(evidence[:EVIDENCE_MESSAGES])
        )
    if all(c.unverified for c in checks) and any(g.online_url for g in guides):
        return Indicator(
            "services",
            label,
            UNMONITORED,
            detail + _("；在线办理链接尚未检查或无法验证（无外网）"),
        )
    return Indicator("services", label, PASSED, detail)


def failed(indicators: list[Indicator]) -> list[Indicator]:
    return [i for i in indicators if i.failed]


def unjudged(indicators: list[Indicator]) -> list[Indicator]:
    return [i for i in indicators if not i.judged]


def _open_vetoes(crawls) -> dict[int, dict[str, int]]:
    """Per crawl id: the open findings that veto, counted by type."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        StoredFinding.objects.filter(
            crawl__in=list(crawls), status=StoredFinding.Status.OPEN
        )
        .filter(Q(severity="veto") | Q(type="tampered"))
        .values_list("crawl_id", "type")
        .annotate(n=Count("pk"))
        .order_by("crawl_id", "type")
    )
    for crawl_id, kind, n in rows:
        counts[crawl_id][kind] = n
    return counts


def _availability(a: Availability) -> Indicator:
    """≥ 5 % of a week's probes failing, the week having at least 20 probes each
    day; with fewer the rule cannot be applied: 样本不足, never 命中 nor 未命中."""
    label = _named(INDICATORS, "unreachable")
    if not a.total:
        return Indicator(
            "unreachable", label, INSUFFICIENT, _("近 7 天没有探测记录，无法判定")
        )
    detail = _("近 7 天探测 %(total)s 次，失败 %(failed)s 次（%(rate).1f%%）") % {
        "total": a.total,
        "failed": a.failed,
        "rate": a.rate * 100,
    }
    if not a.enough:
        detail += _(
            "；%(days)s 天探测不足每天 %(need)s 次（国家规则要求连续一周、每天至少 "
            "%(need)s 次），无法判定"
        ) % {"days": a.thin_days, "need": PROBES_PER_DAY}
        return Indicator("unreachable", label, INSUFFICIENT, detail)
    state = FAILED if a.rate >= UNAVAILABLE_RATE else PASSED
    return Indicator("unreachable", label, state, detail)


def interaction_indicator(profile: SiteProfile, *, now: dt.datetime) -> Indicator:
    """互动回应差: no working channel (no open public mailbox), or within the last
    year a valid message (any not refused) unanswered for more than three months,
    whether still open or answered late. The messages are the evidence."""
    return interaction_indicators([profile], now=now)[profile.pk]


def interaction_indicators(
    profiles: list[SiteProfile], *, now: dt.datetime
) -> dict[int, Indicator]:
    """``interaction_indicator`` of each of ``profiles``, by profile id."""
    from jiyue.interaction.selectors import sites_with_public_mailbox

    label = _named(INDICATORS, "interaction")
    with_mailbox = sites_with_public_mailbox([p.site_id for p in profiles])
    late = _late_messages(with_mailbox, now)
    found = {}
    for profile in profiles:
        if profile.site_id not in with_mailbox:
            found[profile.pk] = Indicator(
                "interaction", label, FAILED, _("没有可用的互动渠道（未开设公开信箱）")
            )
        elif not late[profile.site_id]:
            found[profile.pk] = Indicator(
                "interaction", label, PASSED, _("近一年没有超过 3 个月未回应的有效留言")
            )
        else:
            messages = late[profile.site_id]
            detail = _("近一年有 %(n)s 条有效留言超过 3 个月未回应") % {
                "n": len(messages)
            }
            evidence = tuple(
                _message_evidence(m, now) for m in messages[:EVIDENCE_MESSAGES]
            )
            found[profile.pk] = Indicator(
                "interaction", label, FAILED, detail, evidence
            )
    return found


def _late_messages(site_ids, now: dt.datetime) -> dict[int, list]:
    """Per site: the valid messages of the last year unanswered for more than
    three months, oldest first."""
    from jiyue.interaction.models import MailboxKind, Message, Status

    year_ago = now - dt.timedelta(days=365)
    limit = _months_before(now, UNANSWERED_MONTHS)
    # Every enquiry mailbox of the site counts, a closed one too; 找错 reports have
    # their own rule. A refused message is not a valid one.
    candidates = (
        Message.objects.filter(
            mailbox__site__in=site_ids,
            submitted_at__gte=year_ago,
            submitted_at__lt=limit,
        )
        .exclude(mailbox__kind=MailboxKind.ERROR_REPORT)
        .exclude(status=Status.REFUSED)
        .filter(
            Q(replied_at__isnull=True)
            | Q(replied_at__gt=F("submitted_at") + dt.timedelta(days=88))
        )
        .annotate(site_of_mailbox=F("mailbox__site_id"))
        .order_by("submitted_at", "pk")
    )
    late = defaultdict(list)
    for message in candidates:
        if _unanswered_too_long(message, now):
            late[message.site_of_mailbox].append(message)
    return late


def _unanswered_too_long(message, now: dt.datetime) -> bool:
    answered = message.replied_at
    deadline = _months_after(message.submitted_at, UNANSWERED_MONTHS)
    return (answered or now) > deadline


def _message_evidence(message, now: dt.datetime) -> Evidence:
    from django.urls import reverse

    submitted = timezone.localtime(message.submitted_at).date().isoformat()
    if message.replied_at:
        replied = timezone.localtime(message.replied_at).date().isoformat()
        text = _("%(no)s「%(subject)s」%(submitted)s 提交，%(replied)s 才答复") % {
            "no": message.tracking_no,
            "subject": message.subject,
            "submitted": submitted,
            "replied": replied,
        }
    else:
        text = _(
            "%(no)s「%(subject)s」%(submitted)s 提交，至今未答复（%(status)s）"
        ) % {
            "no": message.tracking_no,
            "subject": message.subject,
            "submitted": submitted,
            "status": message.get_status_display(),
        }
    url = reverse("interaction_admin:case", args=[message.pk])
    return Evidence(text, url)


def _months_before(moment: dt.datetime, months: int) -> dt.datetime:
    return _shift_months(moment, -months)


def _months_after(moment: dt.datetime, months: int) -> dt.datetime:
    return _shift_months(moment, months)


def _shift_months(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day ``months`` later (or earlier), the month's last day if shorter."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return moment.replace(year=year, month=month, day=min(moment.day, last))


def _from_findings(
    key: str, vetoes: dict[str, int], types: tuple[str, ...], crawl: Crawl | None
) -> Indicator:
    label = _named(INDICATORS, key)
    if crawl is None:
        return Indicator(key, label, UNMONITORED, _("尚无完成的监测，无法判定"))
    hits = {t: vetoes[t] for t in types if vetoes.get(t)}
    if not hits:
        return Indicator(key, label, PASSED, _("未发现"))
    detail = "，".join(f"{TYPE_NAMES.get(t, t)} {n}" for t, n in hits.items())
    return Indicator(key, label, FAILED, detail)


def cluster_rows(profiles: list[SiteProfile], now: dt.datetime) -> list[dict]:
    """One row per site for the cluster table: latest crawl and veto status."""
    crawls = latest_crawls(profiles, done=True)
    verdicts = cluster_verdicts(profiles, now=now)
    probes = availabilities(profiles, now=now)
    rows = []
    for profile in profiles:
        crawl = crawls.get(profile.pk)
        rows.append(
            {
                "profile": profile,
                "crawl": crawl,
                "findings": crawl.summary.get("findings", 0) if crawl else 0,
                "failed": failed(verdicts[profile.pk]),
                "unjudged": unjudged(verdicts[profile.pk]),
                "availability": probes[profile.pk],
            }
        )
    return rows
