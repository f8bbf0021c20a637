"""A site's live score against the active rule set.

The 2019 mechanics (reference: national-standards §1.1, confirmed): any 单项否决 hit
makes the site 不合格 and nothing else is scored; otherwise 100 points minus the
deductions, each indicator's stopping at its own points (扣完为止); below 60
不合格; above 80 the bonus counts. An indicator without enough evidence is
「证据不足」 — never a pass, never a fail; a veto without evidence leaves the site's
verdict 证据不足 unless another veto failed (docs/decisions/0801).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from jiyue.cluster.models import SiteProfile

from .evidence import EVIDENCE, ClusterEvidence, Found, SiteEvidence
from .models import Indicator, Kind, RuleSet

PASS_MARK = Decimal(60)
BONUS_FROM = Decimal(80)
FULL = Decimal(100)
QUALIFIED, FAILED, INSUFFICIENT = "合格", "不合格", "证据不足"


def number(value: Decimal) -> str:
    """98.00 → 98, 0.50 → 0.5."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class Line:
    indicator: Indicator
    found: Found
    points: Decimal = Decimal(0)
    #: the required indicator that did not pass: this line is not counted
    blocked_by: str = ""

    @property
    def hit(self) -> bool:
        """Found at least the indicator's threshold of items (a veto: failed)."""
        count = self.found.count
        return (
            not self.blocked_by
            and count is not None
            and count >= max(self.indicator.threshold, 1)
        )

    @property
    def passed(self) -> bool:
        """Judged, and neither hit (veto) nor deducting; a bonus: earned points."""
        if self.found.count is None or self.blocked_by:
            return False
        if self.indicator.kind == Kind.BONUS:
            return self.points > 0
        return not self.hit

    @property
    def is_problem(self) -> bool:
        """What a spot check lists for 整改: a veto hit, a deduction with points (a
        bonus is no problem to fix)."""
        if self.indicator.kind == Kind.BONUS:
            return False
        return self.hit if self.indicator.kind == Kind.VETO else self.points > 0

    @property
    def state(self) -> str:
        if self.blocked_by:
            return _("不计（前提指标“%(n)s”未通过）") % {"n": self.blocked_by}
        if self.found.count is None:
            return _("证据不足")
        if self.indicator.kind == Kind.VETO:
            return _("命中") if self.hit else _("未命中")
        if self.indicator.kind == Kind.BONUS:
            return (
                _("加%(p)s分") % {"p": number(self.points)}
                if self.points
                else _("未加分")
            )
        return (
            _("扣%(p)s分") % {"p": number(self.points)} if self.points else _("未扣分")
        )

    def as_dict(self) -> dict:
        return {
            "code": self.indicator.code,
            "name": self.indicator.name,
            "category": self.indicator.category,
            "kind": self.indicator.kind,
            "unconfirmed": self.indicator.unconfirmed,
            "state": self.state,
            "count": self.found.count,
            "points": float(self.points),
            "detail": self.found.detail,
            "evidence": [{"text": t, "url": u} for t, u in self.found.lines],
        }


@dataclass
class SiteScore:
    profile: SiteProfile
    rule_set: RuleSet
    at: dt.datetime
    lines: list[Line] = field(default_factory=list)

    def _of(self, kind: str) -> list[Line]:
        return [line for line in self.lines if line.indicator.kind == kind]

    @property
    def vetoes_failed(self) -> list[Line]:
        return [line for line in self._of(Kind.VETO) if line.hit]

    @property
    def unjudged(self) -> list[Line]:
        return [line for line in self.lines if line.found.count is None]

    @property
    def deductions(self) -> Decimal:
        return sum((line.points for line in self._of(Kind.DEDUCTION)), Decimal(0))

    @property
    def score(self) -> Decimal:
        return max(FULL - self.deductions, Decimal(0))

    @property
    def bonus(self) -> Decimal:
        if self.vetoes_failed or self.score <= BONUS_FROM:
            return Decimal(0)
        return sum((line.points for line in self._of(Kind.BONUS)), Decimal(0))

    @property
    def verdict(self) -> str:
        if self.vetoes_failed:
            return FAILED
        if any(
            line.found.count is None and not line.blocked_by
            for line in self._of(Kind.VETO)
        ):
            return INSUFFICIENT
        return FAILED if self.score < PASS_MARK else QUALIFIED

    def as_dict(self) -> dict:
        return {
            "site": self.profile.code,
            "name": self.profile.name,
            "rule_set": str(self.rule_set),
            "at": self.at.isoformat(),
            "verdict": self.verdict,
            "scored": not self.vetoes_failed,
            "score": float(self.score),
            "bonus": float(self.bonus),
            "total": float(self.score + self.bonus),
            "insufficient": len(self.unjudged),
            "lines": [line.as_dict() for line in self.lines],
        }


def active_rule_set() -> RuleSet | None:
    return RuleSet.objects.filter(active=True).order_by("-pk").first()


def _points(indicator: Indicator, found: Found) -> Decimal:
    if found.count is None or indicator.kind == Kind.VETO:
        return Decimal(0)
    if found.count < max(indicator.threshold, 1):
        return Decimal(0)
    return min(indicator.points, indicator.per_item * found.count)


def _apply_requirements(lines: list[Line]) -> None:
    """An indicator with ``requires`` counts only when each required one passed;
    one whose requirement has no evidence has none either (ADR 0808). The file
    and the admin refuse cycles, so required lines are settled first."""
    by_code = {line.indicator.code: line for line in lines}
    settled: set[str] = set()

    def settle(line: Line, depth: int = 0) -> None:
        code = line.indicator.code
        if code in settled or depth > len(lines):
            return
        for other_code in line.indicator.requires or []:
            other = by_code.get(other_code)
            if other is None:  # switched off or not in this version: no condition
                continue
            settle(other, depth + 1)
            if other.found.count is None and not other.blocked_by:
                line.found = Found(
                    None,
                    _("前提指标“%(n)s”证据不足") % {"n": other.indicator.name},
                    line.found.lines,
                )
                line.points = Decimal(0)
            elif not other.passed:
                line.blocked_by, line.points = other.indicator.name, Decimal(0)
                break
        settled.add(code)

    for line in lines:
        settle(line)


def score(
    profile: SiteProfile, *, now: dt.datetime | None = None, rule_set=None
) -> SiteScore:
    return _scores([profile], now=now, rule_set=rule_set)[0]


def _scores(profiles, *, now: dt.datetime | None, rule_set) -> list[SiteScore]:
    """The score of each of ``profiles``, their evidence read once for them all."""
    now = now or timezone.now()
    rule_set = rule_set or active_rule_set()
    if rule_set is None:
        raise LookupError(_("没有启用的考核指标版本。"))
    indicators = list(rule_set.indicators.filter(enabled=True))
    cluster = ClusterEvidence(profiles, now)
    return [
        _score(cluster.of(profile), rule_set, indicators)
        for profile in cluster.profiles
    ]


def _score(evidence: SiteEvidence, rule_set, indicators) -> SiteScore:
    result = SiteScore(profile=evidence.profile, rule_set=rule_set, at=evidence.now)
    for indicator in indicators:
        entry = EVIDENCE.get(indicator.evidence)
        if entry is None:
            found = Found(
                None, _("未知的证据来源：%(key)s") % {"key": indicator.evidence}
            )
        else:
            found = entry[1](evidence)
        result.lines.append(Line(indicator, found, _points(indicator, found)))
    _apply_requirements(result.lines)
    return result


def cluster_scores(profiles, *, now: dt.datetime | None = None) -> list[SiteScore]:
    """Every site's score, best first (不合格 and 证据不足 after the 合格 ones)."""
    profiles = list(profiles)
    if not profiles:
        return []
    found = _scores(profiles, now=now, rule_set=None)
    order = {QUALIFIED: 0, INSUFFICIENT: 1, FAILED: 2}
    return sorted(found, key=lambda s: (order[s.verdict], -(s.score + s.bonus)))


def record_scores(profiles, *, now: dt.datetime | None = None) -> int:
    """Today's score of every site, kept (the trend and the cluster table read them);
    once a day, and for a site whose kept score is stale."""
    return len(keep(cluster_scores(profiles, now=now)))


def keep(results: list[SiteScore]) -> list[SiteScore]:
    """Stores each result as its site's record of its day (one statement)."""
    from .models import ScoreRecord

    rows = [
        ScoreRecord(
            site_id=result.profile.site_id,
            day=timezone.localdate(result.at),
            rule_set=result.rule_set,
            verdict=result.verdict,
            score=result.score,
            bonus=result.bonus,
            computed_at=result.at,
            vetoes=[line.indicator.name for line in result.vetoes_failed],
            insufficient=len(result.unjudged),
        )
        for result in results
    ]
    ScoreRecord.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["site", "day"],
        update_fields=["rule_set", "verdict", "score", "bonus", "computed_at",
                       "vetoes", "insufficient"],
    )  # fmt: skip
    return results


@dataclass
class KeptScore:
    """A site's score as kept for its day (``ScoreRecord``): what the cluster table
    shows of it, with the time it was computed."""

    profile: SiteProfile
    rule_set: RuleSet
    at: dt.datetime
    verdict: str
    score: Decimal
    bonus: Decimal
    #: the names of the vetoes hit
    vetoes: list[str]
    #: how many indicators had not enough evidence
    insufficient: int

    @classmethod
    def of(cls, result: SiteScore) -> KeptScore:
        return cls(
            profile=result.profile, rule_set=result.rule_set, at=result.at,
            verdict=result.verdict, score=result.score, bonus=result.bonus,
            vetoes=[line.indicator.name for line in result.vetoes_failed],
            insufficient=len(result.unjudged),
        )  # fmt: skip


def kept_scores(profiles, *, now: dt.datetime | None = None) -> list[KeptScore]:
    """Every site's score as kept today with the active rule set, in the order of
    ``cluster_scores``; a site without one (the daily job has not reached it, or the
    rule set changed since) is scored now, and kept (ADR 1902)."""
    from .models import ScoreRecord

    profiles = list(profiles)
    rule_set = active_rule_set()
    if not profiles or rule_set is None:
        return []
    now = now or timezone.now()
    records = {
        r.site_id: r
        for r in ScoreRecord.objects.filter(
            day=timezone.localdate(now), rule_set=rule_set, computed_at__isnull=False
        )
    }
    stale = [p for p in profiles if p.site_id not in records]
    fresh = {s.profile.site_id: KeptScore.of(s) for s in keep(
        _scores(stale, now=now, rule_set=rule_set) if stale else []
    )}  # fmt: skip
    found = []
    for profile in profiles:
        kept = fresh.get(profile.site_id)
        if kept is None:
            r = records[profile.site_id]
            kept = KeptScore(
                profile=profile, rule_set=rule_set, at=r.computed_at,
                verdict=r.verdict, score=r.score, bonus=r.bonus,
                vetoes=list(r.vetoes), insufficient=r.insufficient,
            )  # fmt: skip
        found.append(kept)
    order = {QUALIFIED: 0, INSUFFICIENT: 1, FAILED: 2}
    return sorted(found, key=lambda s: (order[s.verdict], -(s.score + s.bonus)))


def trends(results: list[SiteScore] | list[KeptScore]) -> dict[int, dict]:
    """Per site: the change of today's total (score + bonus) since the last
    record of an earlier day, with that day; nothing before the first record."""
    out = {}
    records = _last_records(results)
    for result in results:
        last = records.get(result.profile.site_id)
        if last is not None:
            change = (result.score + result.bonus) - (last.score + last.bonus)
            out[result.profile.site_id] = {
                "since": last.day,
                "change": change,
                "amount": abs(change),
                "verdict_before": last.verdict,
            }
    return out


def _last_records(results: list[SiteScore] | list[KeptScore]) -> dict[int, object]:
    """Per site: its last record of a day before its result's day (one query for
    each day the results were scored on)."""
    from django.db.models import OuterRef, Subquery
    from wagtail.models import Site

    from .models import ScoreRecord

    by_day: dict[dt.date, set[int]] = {}
    for result in results:
        day = timezone.localdate(result.at)
        by_day.setdefault(day, set()).add(result.profile.site_id)
    found = {}
    for day, site_ids in by_day.items():
        earlier = ScoreRecord.objects.filter(site=OuterRef("pk"), day__lt=day)
        last = (
            Site.objects.filter(pk__in=site_ids)
            .annotate(last=Subquery(earlier.order_by("-day").values("pk")[:1]))
            .values("last")
        )
        found.update({r.site_id: r for r in ScoreRecord.objects.filter(pk__in=last)})
    return found
