"""A sampled site's result from the findings a person confirmed (ADR 0803).

The same mechanics as the live score (scoring.py): a confirmed veto makes the
site 不合格; otherwise 100 minus the confirmed deductions, each indicator's
stopping at its points (扣完为止); below 60 不合格; above 80 the bonus of the
snapshot counts. A veto the machine could not judge leaves 证据不足, unless a
confirmed veto already failed the site.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..models import Kind, SpotCheckFinding, SpotCheckSite
from ..scoring import BONUS_FROM, FAILED, FULL, INSUFFICIENT, PASS_MARK, QUALIFIED


def _caps(check_site: SpotCheckSite) -> dict[str, Decimal]:
    indicators = check_site.spot_check.rule_set.indicators.all()
    return {i.code: i.points for i in indicators}


def _deductions(confirmed: list[SpotCheckFinding], caps: dict) -> Decimal:
    by_indicator: dict[str, Decimal] = defaultdict(Decimal)
    for finding in confirmed:
        if finding.kind == Kind.DEDUCTION:
            by_indicator[finding.indicator_code] += finding.points
    total = Decimal(0)
    for code, points in by_indicator.items():
        total += min(points, caps[code]) if code in caps else points
    return total


def _snapshot_lines(check_site: SpotCheckSite, kind: str) -> list[dict]:
    lines = check_site.snapshot.get("lines", [])
    return [line for line in lines if line["kind"] == kind]


def recompute(check_site: SpotCheckSite) -> SpotCheckSite:
    """Sets the site's verdict, score, bonus and main problems; saves it."""
    confirmed = list(
        check_site.findings.filter(status=SpotCheckFinding.Status.CONFIRMED)
    )
    vetoed = any(f.kind == Kind.VETO for f in confirmed)
    score = max(FULL - _deductions(confirmed, _caps(check_site)), Decimal(0))
    bonus_lines = _snapshot_lines(check_site, Kind.BONUS)
    bonus = sum((Decimal(str(line["points"])) for line in bonus_lines), Decimal(0))
    unjudged = any(
        line["count"] is None for line in _snapshot_lines(check_site, Kind.VETO)
    )
    if vetoed:
        verdict = FAILED
    elif unjudged:
        verdict = INSUFFICIENT
    else:
        verdict = FAILED if score < PASS_MARK else QUALIFIED
    check_site.verdict = verdict
    check_site.score = score
    check_site.bonus = bonus if not vetoed and score > BONUS_FROM else Decimal(0)
    check_site.problems = [f"{f.indicator_name}：{f.text}" for f in confirmed]
    check_site.save(update_fields=["verdict", "score", "bonus", "problems"])
    return check_site
