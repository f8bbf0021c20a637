"""The steps of a quarterly spot check, each the platform office's, each logged
with its actor in Wagtail's log as ``jiyue.assessment.spot_check_<verb>``
(docs/decisions/0803): create (draw the sample), score, review its findings
(confirm, reject with a reason, add), publish on the portal."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.tenancy import is_platform_office

from ..models import Indicator, Kind, SpotCheck, SpotCheckFinding, SpotCheckSite
from ..scoring import FAILED, active_rule_set, score
from . import sampling
from .review import recompute

#: Wagtail log action of each step (``jiyue.assessment.<key>``), with its label.
ACTIONS = {
    "spot_check_create": gettext_lazy("巡查抽检：创建并抽样"),
    "spot_check_score": gettext_lazy("巡查抽检：评分"),
    "spot_check_confirm": gettext_lazy("巡查抽检：确认问题"),
    "spot_check_reject": gettext_lazy("巡查抽检：驳回问题"),
    "spot_check_add": gettext_lazy("巡查抽检：添加人工发现的问题"),
    "spot_check_publish": gettext_lazy("巡查抽检：发布结果"),
}
RATE = Decimal("0.30")


class SpotCheckError(ValidationError):
    """A step refused, with a Chinese message for the person who tried it."""


def _office(actor) -> None:
    if not is_platform_office(actor):
        raise PermissionDenied


def _log(instance, verb: str, actor, **data) -> None:
    log(instance=instance, action=f"jiyue.assessment.{verb}", user=actor, data=data)


def _stratum(profile: SiteProfile) -> str:
    """The stratum's key: the stored codes, so that the draw does not depend on
    the language the labels are shown in."""
    return f"{profile.kind}·{profile.level}"


def _stratum_label(profile: SiteProfile) -> str:
    return f"{profile.get_kind_display()}·{profile.get_level_display()}"


def open_profiles():
    return SiteProfile.objects.filter(closed_at__isnull=True).select_related("site")


def previous_failed(year: int, quarter: int) -> set[str]:
    """The codes of the sites 不合格 in the last published check before this one."""
    earlier = Q(year__lt=year) | Q(year=year, quarter__lt=quarter)
    last = (
        SpotCheck.objects.filter(earlier, status=SpotCheck.Status.PUBLISHED)
        .order_by("-year", "-quarter")
        .first()
    )
    if last is None:
        return set()
    return set(last.sites.filter(verdict=FAILED).values_list("code", flat=True))


def validate_quarter(year: int, quarter: int, *, today: dt.date) -> None:
    if quarter not in (1, 2, 3, 4):
        raise SpotCheckError({"quarter": _("季度须为1至4。")})
    if year > today.year or (year == today.year and quarter > (today.month + 2) // 3):
        raise SpotCheckError({"year": _("不能为尚未开始的季度创建抽检。")})
    if SpotCheck.objects.filter(year=year, quarter=quarter).exists():
        raise SpotCheckError(
            {"quarter": _("%(year)s年第%(quarter)s季度的抽检已经存在。")
             % {"year": year, "quarter": quarter}}
        )  # fmt: skip


def spot_check_create(
    *, actor, year: int, quarter: int, seed: int | None = None, now=None
) -> SpotCheck:
    """Draws the quarter's sample (status 草稿); nothing is scored yet."""
    _office(actor)
    return draw_check(actor=actor, year=year, quarter=quarter, seed=seed, now=now)


def draw_check(
    *, actor, year: int, quarter: int, seed: int | None = None, now=None
) -> SpotCheck:
    """``spot_check_create`` without the office's check: for trusted code (the
    demo, with no actor), as a revision without a user is (ADR 0402)."""
    now = now or timezone.now()
    validate_quarter(year, quarter, today=timezone.localdate(now))
    rule_set = active_rule_set()
    if rule_set is None:
        raise SpotCheckError(_("没有启用的考核指标版本，不能抽检。"))
    seed = secrets.randbelow(2**31) if seed is None else seed
    profiles = {p.code: p for p in open_profiles()}
    population = [sampling.Member(c, _stratum(p)) for c, p in profiles.items()]
    must = previous_failed(year, quarter)
    drawn = sampling.draw(population, seed=seed, rate=RATE, mandatory=must)
    with transaction.atomic():
        check = SpotCheck.objects.create(
            year=year, quarter=quarter, seed=seed, rate=RATE, rule_set=rule_set,
            population=sorted(profiles), created_by=actor,
        )  # fmt: skip
        SpotCheckSite.objects.bulk_create(
            SpotCheckSite(
                spot_check=check,
                site=profiles[d.code].site,
                code=d.code,
                name=profiles[d.code].name,
                stratum=_stratum_label(profiles[d.code]),
                mandatory=d.mandatory,
            )
            for d in drawn
        )
        _log(
            check, "spot_check_create", actor, seed=seed, sample=[d.code for d in drawn]
        )
    return check


def _machine_findings(check_site: SpotCheckSite, lines: list) -> None:
    for line in lines:
        if not line.is_problem:
            continue
        SpotCheckFinding.objects.create(
            check_site=check_site, source=SpotCheckFinding.Source.MACHINE,
            indicator_code=line.indicator.code, indicator_name=line.indicator.name,
            kind=line.indicator.kind, points=line.points, text=line.found.detail,
            evidence=[{"text": t, "url": u} for t, u in line.found.lines],
        )  # fmt: skip


def spot_check_score(*, actor, check: SpotCheck, now=None) -> SpotCheck:
    """Scores each sampled site with the check's rule set, from the evidence the
    live score reads (the monitor's latest finished crawl and its verdict), and
    copies each failed veto and each deduction into a finding to review."""
    _office(actor)
    return score_check(actor=actor, check=check, now=now)


def score_check(*, actor, check: SpotCheck, now=None) -> SpotCheck:
    """``spot_check_score`` without the office's check (trusted code)."""
    now = now or timezone.now()
    with transaction.atomic():
        check = SpotCheck.objects.select_for_update().get(pk=check.pk)
        if check.status != SpotCheck.Status.DRAFT:
            raise SpotCheckError(_("该抽检已经评分。"))
        for check_site in check.sites.select_related("site__profile"):
            result = score(check_site.site.profile, now=now, rule_set=check.rule_set)
            check_site.snapshot = result.as_dict()
            check_site.save(update_fields=["snapshot"])
            _machine_findings(check_site, result.lines)
            recompute(check_site)
        check.status = SpotCheck.Status.REVIEWING
        check.save(update_fields=["status"])
        _log(check, "spot_check_score", actor, rule_set=str(check.rule_set))
    return check


def _reviewing(check_site: SpotCheckSite) -> None:
    if check_site.spot_check.status != SpotCheck.Status.REVIEWING:
        raise SpotCheckError(_("只有审核中的抽检可以审核问题。"))


def _decide(finding: SpotCheckFinding, actor, status: str, verb: str, reason=""):
    _office(actor)
    _reviewing(finding.check_site)
    with transaction.atomic():
        finding.status = status
        finding.reason = reason
        finding.reviewed_by = actor
        finding.reviewed_at = timezone.now()
        finding.save()
        recompute(finding.check_site)
        _log(finding.check_site.spot_check, verb, actor, finding=finding.pk,
             site=finding.check_site.code, reason=reason)  # fmt: skip
    return finding


def finding_confirm(*, actor, finding: SpotCheckFinding) -> SpotCheckFinding:
    return _decide(
        finding, actor, SpotCheckFinding.Status.CONFIRMED, "spot_check_confirm"
    )


def finding_reject(
    *, actor, finding: SpotCheckFinding, reason: str
) -> SpotCheckFinding:
    reason = (reason or "").strip()
    if not reason:
        raise SpotCheckError({"reason": _("驳回须填写理由。")})
    return _decide(
        finding, actor, SpotCheckFinding.Status.REJECTED, "spot_check_reject", reason
    )


def finding_add(
    *, actor, check_site: SpotCheckSite, indicator: Indicator | None, text: str,
    url: str = "", points: Decimal = Decimal(0),
) -> SpotCheckFinding:  # fmt: skip
    """A problem the reviewer found himself: confirmed as he enters it."""
    _office(actor)
    _reviewing(check_site)
    text = (text or "").strip()
    if not text:
        raise SpotCheckError({"text": _("请填写问题描述。")})
    if indicator is not None and indicator.kind == Kind.BONUS:
        raise SpotCheckError({"indicator": _("加分指标不是问题，不能作为抽检问题。")})
    with transaction.atomic():
        finding = SpotCheckFinding.objects.create(
            check_site=check_site, source=SpotCheckFinding.Source.MANUAL,
            indicator_code=indicator.code if indicator else "",
            indicator_name=indicator.name if indicator else _("其他问题"),
            kind=indicator.kind if indicator else Kind.DEDUCTION,
            points=points, text=text, evidence=[{"text": url, "url": url}] if url else [],
            status=SpotCheckFinding.Status.CONFIRMED, reviewed_by=actor,
            reviewed_at=timezone.now(),
        )  # fmt: skip
        recompute(check_site)
        _log(check_site.spot_check, "spot_check_add", actor, finding=finding.pk,
             site=check_site.code, text=text[:200])  # fmt: skip
    return finding
