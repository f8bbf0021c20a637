"""The demo's information requests: on the portal, one just received, one stopped
for a correction, one answered (idempotent: loading again changes nothing)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.models import Site

from . import services
from .models import InfoRequest

DEMO = (
    ("贵阳市2025年政府网站工作年度报表及其附件", "person", "11010519491231002X", 1),
    ("本市2026年政府信息公开工作年度报告的编制说明", "person", "11010519491231002X", 9),
    ("2026年市级部门预算公开目录", "organisation", "91350100M000100Y43", 30),
)


def load_demo_requests(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    site = Site.objects.filter(hostname="www.localhost").first()
    if site is None or InfoRequest.objects.filter(site=site).exists():
        return 0
    made = []
    for description, kind, number, days_ago in DEMO:
        data = {
            "applicant_type": kind, "name": "王某" if kind == "person" else "某信息咨询公司",
            "organisation_kind": "commercial" if kind == "organisation" else "",
            "id_number": number, "phone": "13800138000", "email": "demo@example.cn",
            "description": description, "purpose": "了解情况",
            "carrier": "electronic", "delivery": "email",
        }  # fmt: skip
        made.append(
            services.submit(
                site=site, data=data, now=now - dt.timedelta(days=days_ago)
            ).request
        )
    _request, stopped, answered = made
    InfoRequest.objects.filter(pk=stopped.pk).update(
        status="correction", suspended_since=now - dt.timedelta(days=2)
    )
    InfoRequest.objects.filter(pk=answered.pk).update(
        status="answered", outcome="disclose", ground="provided",
        reply="现将所申请的预算公开目录以电子邮件提供给您。",
        answered_at=now - dt.timedelta(days=20),
    )  # fmt: skip
    return len(made)
