"""Figures for the yearly disclosure report's table 三 (收到和处理政府信息公开申请情况,
国办公开办函〔2021〕30号): requests by applicant column and by result."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Q
from django.utils import timezone

from .models import ApplicantType, InfoRequest, OrganisationKind, RequestStatus

#: The table's applicant columns: 自然人, the five kinds of 法人或其他组织.
COLUMNS = ("person", *OrganisationKind.values)


def _column(request: InfoRequest) -> str:
    if request.applicant_type == ApplicantType.PERSON:
        return "person"
    return request.organisation_kind or OrganisationKind.OTHER


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=zone)
    return start, dt.datetime(year + 1, 1, 1, tzinfo=zone)


def _counts(requests) -> dict[str, int]:
    found = Counter(_column(r) for r in requests)
    return {**{c: found.get(c, 0) for c in COLUMNS}, "total": sum(found.values())}


def request_statistics(*, site, year: int) -> dict:
    """``{"new": …, "carried_in": …, "results": {"<outcome>:<ground>": …},
    "carried_out": …}``, each a count per applicant column and ``total``."""
    start, end = _year_bounds(year)
    of_site = InfoRequest.objects.filter(site=site)
    new = of_site.filter(received_at__gte=start, received_at__lt=end)
    carried_in = of_site.filter(received_at__lt=start).filter(
        Q(answered_at__isnull=True) | Q(answered_at__gte=start)
    )
    answered = of_site.filter(
        status=RequestStatus.ANSWERED, answered_at__gte=start, answered_at__lt=end
    )
    results: dict[str, list[InfoRequest]] = {}
    for request in answered:
        results.setdefault(f"{request.outcome}:{request.ground}", []).append(request)
    carried_out = of_site.filter(received_at__lt=end).filter(
        Q(answered_at__isnull=True) | Q(answered_at__gte=end)
    )
    return {
        "new": _counts(new),
        "carried_in": _counts(carried_in),
        "results": {key: _counts(items) for key, items in sorted(results.items())},
        "carried_out": _counts(carried_out),
    }
