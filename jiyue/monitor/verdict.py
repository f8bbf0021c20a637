"""What would fail a site today under the national single-veto rules (单项否决).

国办秘函〔2019〕19号: 站点无法访问 (≥ 5 % of a week's probes fail), 首页不更新, 栏目不更新
(the counting rule is applied by the crawler, which marks the findings ``veto``), and
严重问题 (sensitive words and hidden links the checks mark ``veto``, pages tampered).
Findings accepted with a reason or marked fixed do not count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiyue.cluster.models import SiteProfile
from jiyue.monitor.models import Crawl, StoredFinding
from jiyue.monitor.output import TYPE_NAMES
from jiyue.monitor.selectors import Availability, availability, latest_crawl

UNAVAILABLE_RATE = 0.05
PROBES_PER_DAY = 20


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    failed: bool
    detail: str


INDICATORS = {
    "unreachable": gettext_lazy("站点无法访问"),
    "stale_site": gettext_lazy("首页不更新"),
    "stale_columns": gettext_lazy("栏目不更新"),
    "serious": gettext_lazy("严重问题"),
}
COLUMN_TYPES = ("stale_column", "empty_column")
SERIOUS_VETO_TYPES = ("sensitive_word", "hidden_link")


def site_verdict(profile: SiteProfile, *, now: dt.datetime) -> list[Indicator]:
    crawl = latest_crawl(profile, done=True)
    vetoes = _open_vetoes(crawl)
    return [
        _availability(availability(profile, now=now)),
        _from_findings("stale_site", vetoes, ("stale_site",), crawl),
        _from_findings("stale_columns", vetoes, COLUMN_TYPES, crawl),
        _from_findings("serious", vetoes, (*SERIOUS_VETO_TYPES, "tampered"), crawl),
    ]


def failed(indicators: list[Indicator]) -> list[Indicator]:
    return [i for i in indicators if i.failed]


def _open_vetoes(crawl: Crawl | None) -> dict[str, int]:
    if crawl is None:
        return {}
    counts: dict[str, int] = {}
    rows = crawl.findings.filter(status=StoredFinding.Status.OPEN).values_list(
        "type", "severity"
    )
    for kind, severity in rows:
        if severity == "veto" or kind == "tampered":
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def _availability(a: Availability) -> Indicator:
    label = str(INDICATORS["unreachable"])
    if not a.total:
        return Indicator("unreachable", label, False, _("近 7 天没有探测记录"))
    detail = _("近 7 天探测 %(total)s 次，失败 %(failed)s 次（%(rate).1f%%）") % {
        "total": a.total,
        "failed": a.failed,
        "rate": a.rate * 100,
    }
    if a.total < 7 * PROBES_PER_DAY:
        detail += _("；探测次数不足每天 20 次")
    return Indicator("unreachable", label, a.rate >= UNAVAILABLE_RATE, detail)


def _from_findings(
    key: str, vetoes: dict[str, int], types: tuple[str, ...], crawl: Crawl | None
) -> Indicator:
    label = str(INDICATORS[key])
    if crawl is None:
        return Indicator(key, label, False, _("尚无完成的监测"))
    hits = {t: vetoes[t] for t in types if vetoes.get(t)}
    if not hits:
        return Indicator(key, label, False, _("未发现"))
    detail = "，".join(f"{TYPE_NAMES.get(t, t)} {n}" for t, n in hits.items())
    return Indicator(key, label, True, detail)


def cluster_rows(profiles: list[SiteProfile], now: dt.datetime) -> list[dict]:
    """One row per site for the cluster table: latest crawl and veto status."""
    rows = []
    for profile in profiles:
        crawl = latest_crawl(profile, done=True)
        indicators = site_verdict(profile, now=now)
        rows.append(
            {
                "profile": profile,
                "crawl": crawl,
                "findings": crawl.summary.get("findings", 0) if crawl else 0,
                "failed": failed(indicators),
                "availability": availability(profile, now=now),
            }
        )
    return rows
