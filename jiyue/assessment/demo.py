"""The demo's spot check: the previous quarter's, sampled and scored, waiting for
the office's review (nothing is published for it: the office reviews and
publishes it, or draws this quarter's, in the admin)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import SpotCheck

#: A seed whose draw holds the demo portal (贵阳市人民政府), whose administrator
#: (周站长) then gets the 整改 row: chosen for the demo, and stored like any seed.
DEMO_SEED = 2024


def previous_quarter(today: dt.date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3 + 1
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)


def load_demo_spot_check(*, now: dt.datetime | None = None) -> SpotCheck | None:
    """Idempotent: nothing when any spot check exists or no rule set is active."""
    from .scoring import active_rule_set
    from .spot_checks.services import draw_check, score_check

    if SpotCheck.objects.exists() or active_rule_set() is None:
        return None
    now = now or timezone.now()
    year, quarter = previous_quarter(timezone.localdate(now))
    check = draw_check(actor=None, year=year, quarter=quarter, seed=DEMO_SEED, now=now)
    return score_check(actor=None, check=check, now=now)


#: Who signed the demo's yearly work reports off (a person's name is data).
DEMO_SIGNERS = {"单位负责人": "李主任", "审核人": "王科长", "填报人": "周站长"}


def load_demo_work_reports(*, now: dt.datetime | None = None) -> int:
    """The portal's 政府网站工作年度报表专栏 and last year's report, signed off and
    published on the home pages of the portal (with its PDF) and of the first
    county (idempotent). Returns the reports published."""
    from wagtail.models import Site

    from jiyue.cluster.models import SiteProfile

    from .models import ReportEntry, ReportSignoff
    from .pages import WorkReportIndexPage
    from .work_report import live_report, publish

    now = now or timezone.now()
    year = timezone.localdate(now).year - 1
    portal = Site.objects.filter(hostname="www.localhost").first()
    if portal is None:
        return 0
    if not WorkReportIndexPage.objects.child_of(portal.root_page).exists():
        index = WorkReportIndexPage(
            title="各级政府网站工作年度报表专栏", slug="gzndbb",
            intro="本市各级政府网站的工作年度报表，按年度排列。",
        )  # fmt: skip
        portal.root_page.add_child(instance=index)
        index.save_revision().publish()
    below = SiteProfile.objects.filter(parent__site=portal, closed_at__isnull=True)
    profiles = [SiteProfile.objects.get(site=portal), *below.order_by("code")[:1]]
    made = 0
    for n, profile in enumerate(profiles):
        if live_report(profile.site, year):
            continue
        for name, value in DEMO_SIGNERS.items():
            ReportEntry.objects.get_or_create(
                site=profile.site, year=year, name=name, defaults={"value": value}
            )
        ReportSignoff.objects.get_or_create(site=profile.site, year=year)
        publish(actor=None, profile=profile, year=year, with_pdf=n == 0)
        made += 1
    return made
