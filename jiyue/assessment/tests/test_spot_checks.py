"""巡查抽检: a reproducible, stratified sample of at least 30 % of the open sites
that always holds last time's 不合格 sites; scored from the stored evidence;
nothing published before a person has decided every machine finding; the result
live on the portal with its XLSX; 整改 rows for the sites' administrators; every
step in the audit log; the screens the platform office's only."""

from __future__ import annotations

import datetime as dt
import io
import math
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site

from jiyue.assessment.dashboard import rectification_todo_items
from jiyue.assessment.models import SpotCheck, SpotCheckFinding, SpotCheckSite
from jiyue.assessment.pages import SpotCheckResultPage
from jiyue.assessment.spot_checks import sampling
from jiyue.assessment.spot_checks.result import portal_columns, spot_check_publish
from jiyue.assessment.spot_checks.services import (
    SpotCheckError,
    finding_add,
    finding_confirm,
    finding_reject,
    spot_check_create,
    spot_check_score,
)
from jiyue.assessment.tests.test_score import _monitored
from jiyue.cluster.models import SiteProfile
from jiyue.cluster.roles import Role
from tests.clients import PublicClient
from tests.staff import login

RATE = Decimal("0.30")
# Past quarters of their own: the demo's check is the previous quarter's.
LAST_YEAR, YEAR = 2020, 2021


def _population(sizes: dict[str, int]) -> list[sampling.Member]:
    return [
        sampling.Member(f"{stratum}-{n:03d}", stratum)
        for stratum, size in sizes.items()
        for n in range(size)
    ]


SIZES = {"门户·市级": 3, "门户·县级": 11, "部门·市级": 17, "专项·市级": 1}


def test_the_same_seed_draws_the_same_sample_and_another_seed_another():
    population = _population(SIZES)
    first = sampling.draw(population, seed=2026, rate=RATE)
    assert first == sampling.draw(list(reversed(population)), seed=2026, rate=RATE)
    others = {tuple(sampling.draw(population, seed=s, rate=RATE)) for s in range(5)}
    assert len(others) > 1


def test_every_stratum_gives_at_least_30_percent_rounded_up():
    population = _population(SIZES)
    drawn = sampling.draw(population, seed=7, rate=RATE)
    assert len(drawn) >= math.ceil(len(population) * 0.3)
    for stratum, size in SIZES.items():
        mine = [d for d in drawn if d.stratum == stratum]
        assert len(mine) == math.ceil(size * 0.3), stratum
    assert sampling.quota(10, RATE) == 3  # exact decimals: not 4


def test_last_times_failed_sites_are_always_in_and_count_to_their_stratum():
    population = _population(SIZES)
    must = {"部门·市级-016", "部门·市级-003", "门户·县级-010"}
    for seed in range(20):
        drawn = sampling.draw(population, seed=seed, rate=RATE, mandatory=must)
        codes = {d.code for d in drawn}
        assert must <= codes
        assert {d.code for d in drawn if d.mandatory} == must
        department = [d for d in drawn if d.stratum == "部门·市级"]
        assert len(department) == math.ceil(17 * 0.3)


# -- the spot check on the demo cluster ----------------------------------------


@pytest.fixture
def office(demo_cluster, make_staff):
    return make_staff("bangongshi-cj", Role.PLATFORM_OFFICE)


@pytest.fixture
def www(demo_cluster):
    return Site.objects.get(hostname="www.localhost")


def _failed_last_time(code: str) -> None:
    from jiyue.assessment.scoring import active_rule_set

    check = SpotCheck.objects.create(
        year=LAST_YEAR, quarter=4, seed=1, rule_set=active_rule_set(),
        status=SpotCheck.Status.PUBLISHED,
    )  # fmt: skip
    profile = SiteProfile.objects.get(code=code)
    SpotCheckSite.objects.create(
        spot_check=check, site=profile.site, code=code, name=profile.name,
        stratum="x", verdict="不合格",
    )  # fmt: skip


def test_the_sample_is_drawn_from_the_open_sites_with_last_times_failures(office):
    SiteProfile.objects.filter(code="1100000009").update(closed_at=timezone.now())
    _failed_last_time("6109000001")  # 安康: shares 门户·市级 with 贵阳
    open_codes = set(
        SiteProfile.objects.filter(closed_at__isnull=True).values_list(
            "code", flat=True
        )
    )
    check = spot_check_create(actor=office, year=YEAR, quarter=1, seed=42)
    codes = set(check.sites.values_list("code", flat=True))
    assert check.status == SpotCheck.Status.DRAFT
    assert set(check.population) == open_codes and "1100000009" not in codes
    assert len(codes) >= math.ceil(len(open_codes) * 0.3)
    assert "6109000001" in codes
    assert check.sites.get(code="6109000001").mandatory
    # one per stratum: 门户·市级 (安康, forced), 门户·县级, 部门·市级
    assert len({s.stratum for s in check.sites.all()}) == 3 and len(codes) == 3
    entry = ModelLogEntry.objects.get(
        action="jiyue.assessment.spot_check_create", object_id=str(check.pk)
    )
    assert entry.user == office and entry.data["seed"] == 42


def test_the_same_seed_draws_the_same_demo_sample_again(office):
    first = spot_check_create(actor=office, year=LAST_YEAR, quarter=2, seed=99)
    again = spot_check_create(actor=office, year=LAST_YEAR, quarter=3, seed=99)
    assert list(first.sites.values_list("code", flat=True)) == list(
        again.sites.values_list("code", flat=True)
    )


def test_only_the_platform_office_creates_a_check(demo_cluster, make_staff, www):
    admin = make_staff("zhanzhang-cj", Role.SITE_ADMIN, www)
    with pytest.raises(PermissionDenied):
        spot_check_create(actor=admin, year=LAST_YEAR, quarter=1, seed=1)


@pytest.mark.second_factor
def test_the_form_refuses_a_bad_quarter_a_future_year_and_a_duplicate(office):
    client = login(Client(), office)
    url = "/admin/assessment/spot-checks/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"year": LAST_YEAR, "quarter": 5}).content.decode()
    assert "季度须为1至4。" in bad
    next_year = timezone.localdate().year + 1
    future = client.post(url, {"year": next_year, "quarter": 1})
    assert "不能为尚未开始的季度创建抽检。" in future.content.decode()
    made = client.post(url, {"year": LAST_YEAR, "quarter": 1, "seed": 5})
    check = SpotCheck.objects.get(year=LAST_YEAR, quarter=1)
    assert made.status_code == 302 and made.url.endswith(f"/spot-checks/{check.pk}/")
    again = client.post(url, {"year": LAST_YEAR, "quarter": 1}).content.decode()
    assert f"{LAST_YEAR}年第1季度的抽检已经存在。" in again
    assert SpotCheck.objects.filter(year=LAST_YEAR).count() == 1


def _sampled_www(office, www, now):
    """A check whose sample holds 贵阳 (last time 不合格), scored from a finished
    crawl that found 3 broken links and 2 typos."""
    _monitored(www.profile, now, findings=[("broken_link", 3), ("typo", 2)])
    _failed_last_time("5201000001")
    check = spot_check_create(actor=office, year=YEAR, quarter=1, seed=3)
    check = spot_check_score(actor=office, check=check, now=now)
    return check, check.sites.get(code="5201000001")


def test_scoring_copies_the_scores_evidence_into_findings_to_review(office, www):
    now = timezone.now()
    check, site = _sampled_www(office, www, now)
    assert check.status == SpotCheck.Status.REVIEWING
    assert site.snapshot["rule_set"] == str(check.rule_set)
    findings = {f.indicator_code: f for f in site.findings.all()}
    assert {"broken_links", "typos"} <= set(findings)
    assert "intensive_platform" not in findings  # a bonus is no problem to fix
    broken = findings["broken_links"]
    assert broken.source == "machine" and broken.status == "pending"
    assert broken.points == Decimal("1.5")  # 3 × 0.5
    assert [e["url"] for e in broken.evidence] == [f"http://x/{n}" for n in range(3)]
    # Nothing is confirmed yet: the reviewed score deducts nothing.
    assert site.score == 100 and site.problems == []
    with pytest.raises(SpotCheckError):
        spot_check_score(actor=office, check=check, now=now)


def test_review_confirm_reject_with_reason_add_then_publish(office, www, make_staff):
    now = timezone.now()
    check, site = _sampled_www(office, www, now)
    findings = {f.indicator_code: f for f in site.findings.all()}
    finding_confirm(actor=office, finding=findings["broken_links"])
    with pytest.raises(SpotCheckError, match="驳回须填写理由"):
        finding_reject(actor=office, finding=findings["typos"], reason="  ")
    finding_reject(actor=office, finding=findings["typos"], reason="专有名词，非错别字")
    column = portal_columns()[0]
    with pytest.raises(SpotCheckError, match="未审核"):
        spot_check_publish(actor=office, check=check, column=column,
                           rectify_by=dt.date.today() + dt.timedelta(days=30))  # fmt: skip
    for other in SpotCheckFinding.objects.filter(
        check_site__spot_check=check, status="pending"
    ):
        finding_confirm(actor=office, finding=other)
    veto = finding_add(actor=office, check_site=site, indicator=check.rule_set.indicators.get(
        code="veto_serious"), text="首页出现严重表述错误", url="http://www.localhost/x")  # fmt: skip
    with pytest.raises(SpotCheckError):
        finding_add(actor=office, check_site=site, indicator=None, text="  ")
    site.refresh_from_db()
    assert veto.status == "confirmed" and site.verdict == "不合格"
    assert any("首页出现严重表述错误" in p for p in site.problems)
    assert not any("错别字" in p for p in site.problems)  # rejected: not a problem
    with pytest.raises(SpotCheckError, match="整改期限须晚于今天"):
        spot_check_publish(actor=office, check=check, column=column,
                           rectify_by=timezone.localdate())  # fmt: skip
    due = timezone.localdate() + dt.timedelta(days=20)
    page = spot_check_publish(actor=office, check=check, column=column, rectify_by=due)
    _assert_published(check, page, column)
    _assert_logged(office)
    _assert_rectification_rows(make_staff, www, page, due)


def _assert_published(check, page, column):
    check.refresh_from_db()
    assert check.status == "published" and check.result_page_id == page.pk
    page = SpotCheckResultPage.objects.get(pk=page.pk)
    assert page.live and page.get_parent().pk == column.pk
    assert column.get_site().profile.kind == "portal"
    row = next(r for r in page.rows if r["code"] == "5201000001")
    assert row["verdict"] == "不合格" and row["score_text"] == "单项否决"
    html = _public_html(page)
    assert "贵阳市人民政府" in html and "首页出现严重表述错误" in html
    assert "通报" in html and page.attachment.url in html
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(page.attachment.file.read())).active
    values = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert len(values) == check.sites.count()
    xlsx_row = next(v for v in values if v[2] == "5201000001")
    assert xlsx_row[6] == "不合格" and "首页出现严重表述错误" in xlsx_row[7]


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def _public_html(page) -> str:
    site = page.get_site()
    response = PublicClient().get(page.url_path[len(site.root_page.url_path) - 1 :],
                                  HTTP_HOST=f"{site.hostname}:8000")  # fmt: skip
    assert response.status_code == 200
    return response.content.decode()


def _assert_logged(office):
    actions = set(
        ModelLogEntry.objects.filter(user=office).values_list("action", flat=True)
    )
    assert {f"jiyue.assessment.spot_check_{verb}" for verb in
            ("create", "score", "confirm", "reject", "add", "publish")} <= actions  # fmt: skip


def _assert_rectification_rows(make_staff, www, page, due):
    from django.core import mail
    from django.test import Client

    from jiyue.assessment.spot_checks.rectification import remind
    from tests.staff import login

    request = RequestFactory().get("/admin/")
    admin = make_staff("zhanzhang-zg", Role.SITE_ADMIN, www)
    request.user = admin
    (row,) = rectification_todo_items(request)
    assert row.deadline == due and row.note == "贵阳市人民政府"
    assert "/admin/assessment/rectify/" in row.url and "巡查抽检整改" in row.task
    other = make_staff("zhanzhang-ak", Role.SITE_ADMIN,
                       Site.objects.get(hostname="ankang.localhost"))  # fmt: skip
    request.user = other
    assert all(r.note != "贵阳市人民政府" for r in rectification_todo_items(request))
    # Reminded once, from three days before the deadline.
    mail.outbox.clear()
    assert remind(today=due - dt.timedelta(days=10)) == 0
    assert remind(today=due - dt.timedelta(days=2)) >= 1
    assert any("整改即将到期" in m.subject and admin.email in m.to for m in mail.outbox)
    assert remind(today=due - dt.timedelta(days=1)) == 0
    # Another site's administrator cannot report it; its own does, with what he fixed.
    assert login(Client(), other).get(row.url).status_code == 404
    client = login(Client(), admin)
    assert (
        "请说明整改了哪些问题" in client.post(row.url, {"note": " "}).content.decode()
    )
    client.post(row.url, {"note": "已删除错误表述并复查全站"})
    request.user = admin
    assert rectification_todo_items(request) == []


@pytest.mark.second_factor
def test_the_screens_refuse_a_site_administrator(office, www, make_staff):
    now = timezone.now()
    check, site = _sampled_www(office, www, now)
    finding = site.findings.first()
    admin = login(Client(), make_staff("zhanzhang-pm", Role.SITE_ADMIN, www))
    urls = [
        "/admin/assessment/spot-checks/",
        f"/admin/assessment/spot-checks/{check.pk}/",
        f"/admin/assessment/spot-checks/{check.pk}/score/",
        f"/admin/assessment/spot-checks/{check.pk}/publish/",
        f"/admin/assessment/spot-checks/site/{site.pk}/",
        f"/admin/assessment/spot-checks/finding/{finding.pk}/",
    ]
    for url in urls:
        for method in (admin.get, admin.post):
            response = method(url)
            assert response.status_code == 302 and response.url == "/admin/", url
    office_client = login(Client(), office)
    assert office_client.get(urls[1]).status_code == 200
    page = office_client.get(urls[4]).content.decode()
    assert "死链" in page or "链接" in page
    office_client.post(urls[5], {"decision": "reject", "reason": ""})
    finding.refresh_from_db()
    assert finding.status == "pending"


@pytest.mark.second_factor
def test_the_office_runs_a_check_through_the_screens(office, www):
    now = timezone.now()
    _monitored(www.profile, now, findings=[("broken_link", 2)])
    _failed_last_time("5201000001")
    client = login(Client(), office)
    made = client.post("/admin/assessment/spot-checks/", {"year": YEAR, "quarter": 1})
    check = SpotCheck.objects.get(year=YEAR, quarter=1)
    detail = client.get(made.url).content.decode()
    assert "评分并开始审核" in detail and "上次不合格，必查" in detail
    client.post(f"/admin/assessment/spot-checks/{check.pk}/score/")
    site = check.sites.get(code="5201000001")
    page = client.get(f"/admin/assessment/spot-checks/site/{site.pk}/").content.decode()
    assert "http://x/1" in page and "驳回理由" in page
    for finding in SpotCheckFinding.objects.filter(check_site__spot_check=check):
        client.post(f"/admin/assessment/spot-checks/finding/{finding.pk}/",
                    {"decision": "confirm"})  # fmt: skip
    client.post(f"/admin/assessment/spot-checks/site/{site.pk}/",
                {"text": "网站无障碍浏览入口失效", "points": "1"})  # fmt: skip
    detail = client.get(f"/admin/assessment/spot-checks/{check.pk}/").content.decode()
    assert "发布到门户网站" in detail and "网站无障碍浏览入口失效" in detail
    column = portal_columns()[0]
    due = timezone.localdate() + dt.timedelta(days=15)
    client.post(f"/admin/assessment/spot-checks/{check.pk}/publish/",
                {"column": column.pk, "rectify_by": due.isoformat()})  # fmt: skip
    check.refresh_from_db()
    assert check.status == "published" and check.rectify_by == due
    result = SpotCheckResultPage.objects.get(pk=check.result_page_id)
    assert result.live and result.get_site().hostname == "www.localhost"
    row = next(r for r in result.rows if r["code"] == "5201000001")
    assert "其他问题：网站无障碍浏览入口失效" in row["problems"]


def test_a_result_page_is_not_made_by_hand_in_the_page_editor(www):
    from jiyue.content.models import ColumnPage

    notices = ColumnPage.objects.descendant_of(www.root_page).get(slug="tzgg")
    assert not SpotCheckResultPage.can_create_at(notices)
    assert "assessment.SpotCheckResultPage" in ColumnPage.subpage_types


@pytest.mark.second_factor
def test_the_screens_and_the_result_page_are_chinese(office, www):
    from tests.chinese import data_words, english_words

    check, site = _sampled_www(office, www, timezone.now())
    client = login(Client(), office)
    known = data_words() | {"broken", "link", "typo"}  # _monitored's messages
    screens = [
        "/admin/assessment/spot-checks/",
        f"/admin/assessment/spot-checks/{check.pk}/",
        f"/admin/assessment/spot-checks/site/{site.pk}/",
    ]
    for path in screens:
        response = client.get(path)
        assert response.status_code == 200, path
        assert english_words(response.content.decode(), known, path) == set(), path
    for finding in SpotCheckFinding.objects.filter(check_site__spot_check=check):
        finding_confirm(actor=office, finding=finding)
    due = timezone.localdate() + dt.timedelta(days=9)
    page = spot_check_publish(
        actor=office, check=check, column=portal_columns()[0], rectify_by=due
    )
    assert english_words(_public_html(page), known, page.url_path) == set()


def test_publishing_writes_the_static_page_of_the_portal(
    office, www, tmp_path, settings, django_capture_on_commit_callbacks
):
    from jiyue.publishing import services as publishing

    settings.JIYUE_PUBLISH_ROOT = tmp_path / "publish"
    publishing.publish_site(www)  # the portal is kept up to date once published
    check, _site = _sampled_www(office, www, timezone.now())
    for finding in SpotCheckFinding.objects.filter(check_site__spot_check=check):
        finding_confirm(actor=office, finding=finding)
    due = timezone.localdate() + dt.timedelta(days=9)
    with django_capture_on_commit_callbacks(execute=True):
        page = spot_check_publish(
            actor=office, check=check, column=portal_columns()[0], rectify_by=due
        )
    written = list(
        (tmp_path / "publish").glob(f"www.localhost/**/{page.slug}/index.html")
    )
    assert len(written) == 1
    html = written[0].read_text(encoding="utf-8")
    assert "通报" in html and "贵阳市人民政府" in html and page.attachment.url in html


def test_the_demo_has_last_quarters_check_waiting_for_review(demo_cluster):
    from jiyue.assessment.demo import load_demo_spot_check, previous_quarter

    assert previous_quarter(dt.date(2027, 2, 1)) == (2026, 4)
    assert previous_quarter(dt.date(2026, 12, 5)) == (2026, 3)
    year, quarter = previous_quarter(timezone.localdate())
    check = SpotCheck.objects.get(year=year, quarter=quarter)
    assert check.status == "reviewing" and check.created_by is None
    open_sites = SiteProfile.objects.filter(closed_at__isnull=True).count()
    assert check.sites.count() >= math.ceil(open_sites * 0.3)
    assert all(s.snapshot.get("verdict") for s in check.sites.all())
    assert load_demo_spot_check() is None  # loading again changes nothing
