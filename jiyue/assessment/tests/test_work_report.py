"""《政府网站工作年度报表》 on the site: published from the signed-off report onto
the home page (XLSX and PDF attached), listed in the portal's 专栏, a 待办 row from
1 January and a finding after 31 January while it is missing (ADR 0805)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jiyue.assessment import work_report
from jiyue.assessment.models import ReportEntry, ReportSignoff
from jiyue.assessment.pages import WorkReportIndexPage, WorkReportPage
from jiyue.cluster.models import SiteProfile
from jiyue.cluster.roles import Role
from tests.staff import login

pytestmark = [pytest.mark.django_db]

COUNTY = "5201020001"  # 云岩区, below the portal


@pytest.fixture
def county(demo_cluster):
    return SiteProfile.objects.select_related("site").get(code=COUNTY)


def test_the_demo_portal_shows_last_years_report_and_the_column(demo_cluster):
    portal = SiteProfile.objects.get(code="5201000001")
    year = timezone.localdate().year - 1
    report = work_report.live_report(portal.site, year)
    assert report is not None and report.xlsx is not None
    values = {row["name"]: row["value"] for row in report.rows}
    assert values["政府网站标识码"] == "5201000001" and values["填报人"] == "周站长"
    home = portal.site.root_page.specific
    notices = home.notices()
    index = WorkReportIndexPage.objects.live().child_of(home).get()
    assert notices == [report, index]
    listed = [r.pk for r in work_report.reports_below(index)]
    # the portal's own and another site's (the demo publishes two), newest first
    assert report.pk in listed and len(listed) == 2


def test_a_site_publishes_its_signed_off_report_on_its_home_page(
    county, client, make_staff, tmp_path, settings, django_capture_on_commit_callbacks
):
    from jiyue.publishing import services as publishing

    settings.JIYUE_PUBLISH_ROOT = tmp_path / "publish"
    year = timezone.localdate().year
    site = county.site
    admin = make_staff("gzbb-admin", Role.SITE_ADMIN, site)
    login(client, admin)
    url = f"/admin/assessment/report/{site.pk}/{year}/publish/"
    refused = client.post(url, follow=True).content.decode()
    assert "年度报表尚未定稿" in refused
    assert not WorkReportPage.objects.filter(year=year).exists()
    for name in ("单位负责人", "审核人", "填报人"):
        ReportEntry.objects.create(site=site, year=year, name=name, value=f"{name}乙")
    ReportSignoff.objects.create(site=site, year=year, signed_by=admin)
    publishing.publish_site(site)
    portal = SiteProfile.objects.get(code="5201000001").site
    publishing.publish_site(portal)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, follow=True).content.decode()
    assert "年度报表已发布到网站首页" in done
    page = work_report.live_report(site, year)
    assert page is not None and page.get_parent().pk == site.root_page_id
    assert page.xlsx.file.read()[:2] == b"PK"  # a real XLSX (zip)
    out = tmp_path / "publish"
    home = next(out.glob(f"{site.hostname}/index.html")).read_text(encoding="utf-8")
    assert f"{year}年政府网站工作年度报表" in home and "home-notices" in home
    written = next(out.glob(f"{site.hostname}/gzndbb{year}/index.html"))
    text = written.read_text(encoding="utf-8")
    assert "填报人乙" in text and page.xlsx.url in text and COUNTY in text
    # the portal's 专栏 lists it (published again by the relation)
    column = next(out.glob("www.localhost/gzndbb/index.html")).read_text("utf-8")
    assert county.name in column and f"{year}年度" in column
    # publishing again makes a new revision of the same page, not a second page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert (
        WorkReportPage.objects.child_of(site.root_page).filter(year=year).count() == 1
    )
    # another site's administrator may not publish it
    other = make_staff(
        "gzbb-other", Role.SITE_ADMIN, SiteProfile.objects.get(code="6109000001").site
    )
    login(client, other)
    assert client.post(url).status_code == 404


def test_the_report_is_a_task_from_january_and_a_finding_after_the_31st(
    county, rf, make_staff
):
    from jiyue.assessment.dashboard import work_report_todo_items

    site = county.site
    admin = make_staff("gzbb-todo", Role.SITE_ADMIN, site)
    request = rf.get("/admin/")
    request.user = admin
    year = timezone.localdate().year
    january = dt.date(year + 1, 1, 5)
    rows = work_report_todo_items(request, today=january)
    assert [(r.title, r.deadline) for r in rows] == [
        (f"{year}年政府网站工作年度报表", dt.date(year + 1, 1, 31))
    ]
    assert rows[0].url == f"/admin/assessment/report/{site.pk}/{year}/"
    assert work_report.missing(site, dt.date(year + 1, 2, 1)) == year
    page = WorkReportPage(title="报表", slug=f"gzndbb{year}", year=year, rows=[])
    site.root_page.add_child(instance=page)
    page.save_revision().publish()
    assert work_report_todo_items(request, today=january) == []
    assert work_report.missing(site, dt.date(year + 1, 2, 1)) is None


def test_a_missing_report_after_the_deadline_is_a_late_publication_finding(
    county, monkeypatch
):
    year = timezone.localdate().year
    monkeypatch.setattr(
        work_report.timezone, "localdate", lambda *a: dt.date(year + 1, 2, 3)
    )
    found = work_report.site_findings(county.site)
    assert [(f.type, f.severity) for f in found] == [("late_publication", "error")]
    assert (
        f"{year}年政府网站工作年度报表未在{year + 1}年1月31日前发布" in found[0].message
    )
    monkeypatch.setattr(
        work_report.timezone, "localdate", lambda *a: dt.date(year + 1, 1, 20)
    )
    assert work_report.site_findings(county.site) == []


def test_the_office_has_the_supervision_report_of_the_cluster(
    demo_cluster, client, make_staff, tmp_path, capsys
):
    import io
    import json

    from django.core.management import CommandError, call_command
    from openpyxl import load_workbook

    from jiyue.assessment import supervision
    from jiyue.assessment.models import SpotCheck
    from jiyue.interaction.models import Message
    from jiyue.interaction.models.messages import MailboxKind

    year = timezone.localdate().year
    values = {f.name: f.value for f in supervision.build(year)}
    published = SpotCheck.objects.filter(year=year, status="published").count()
    assert values["抽查次数（次）"] == published
    open_sites = SiteProfile.objects.filter(closed_at__isnull=True).count()
    assert values["年末运行网站数（个）"] == open_sites
    reports = Message.objects.filter(
        mailbox__kind=MailboxKind.ERROR_REPORT, submitted_at__year=year
    ).count()
    assert values["收到留言数量（条）"] == reports
    assert values["培训人数（人）"] == "需填写"
    office = make_staff("jg-office", Role.PLATFORM_OFFICE)
    login(client, office)
    page = client.get(f"/admin/assessment/supervision/{year}/").content.decode()
    assert f"{year}年政府网站监管年度报表" in page and "假冒政府网站处置" in page
    xlsx = client.get(f"/admin/assessment/supervision/{year}/xlsx/")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value.endswith(f"{year}年政府网站监管年度报表")
    future = client.get(f"/admin/assessment/supervision/{year + 1}/", follow=True)
    assert "在未来" in future.content.decode()  # said in Chinese (ADR 0806)
    site_admin = make_staff(
        "jg-site", Role.SITE_ADMIN, SiteProfile.objects.get(code=COUNTY).site
    )
    login(client, site_admin)
    refused = client.get(f"/admin/assessment/supervision/{year}/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    call_command("annual_report", "--supervision", "--year", str(year))
    data = json.loads(capsys.readouterr().out)
    assert data["site"] == "" and any(
        f["name"] == "抽查次数（次）" for f in data["fields"]
    )
    with pytest.raises(CommandError, match="在未来"):
        call_command("annual_report", "--supervision", "--year", str(year + 1))
