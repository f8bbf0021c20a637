"""协同联动: reposts by reference, pushes with deadlines, 报送 with quotas, the
interpretation chain and publishing deadlines, on the demo cluster."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Page, Site

from jiyue.cluster.roles import Role
from jiyue.content.models import ArticlePage, ColumnPage, PolicyDocumentPage
from jiyue.linkage import services
from jiyue.linkage.admin.forms import RulesForm
from jiyue.linkage.interpretation import mark_major
from jiyue.linkage.models import (
    InterpretationTask,
    LinkageRules,
    Push,
    PushTarget,
    ReferencePage,
    Submission,
)
from jiyue.linkage.references import reference_problem
from jiyue.linkage.selectors import (
    late_publication_findings,
    late_repost_findings,
    missing_interpretation_findings,
    monthly_table,
)
from jiyue.publishing import services as publishing
from jiyue.publishing.selectors import related_ids
from tests.staff import login

pytestmark = pytest.mark.django_db


def site(host: str) -> Site:
    return Site.objects.select_related("root_page").get(hostname=f"{host}.localhost")


def column(host: str, kind: str) -> ColumnPage:
    return (
        ColumnPage.objects.descendant_of(site(host).root_page)
        .filter(kind=kind)
        .order_by("path")
        .first()
    )


def state_council() -> PolicyDocumentPage:
    return PolicyDocumentPage.objects.get(url_path="/www/zcwj/guobanfa-2014-57/")


def news(n: int = 1) -> ArticlePage:
    return ArticlePage.objects.get(url_path=f"/www/yaowen/news-{n:03d}/")


@pytest.fixture
def publish_root(tmp_path, settings):
    settings.JIYUE_PUBLISH_ROOT = tmp_path / "publish"
    return settings.JIYUE_PUBLISH_ROOT


@pytest.fixture
def people(demo_cluster, make_staff):
    return {
        "www": make_staff("l-www", Role.EDITOR, site("www")),
        "yunyan": make_staff("l-yunyan", Role.EDITOR, site("yunyan")),
        "dsj": make_staff("l-dsj", Role.EDITOR, site("dsj")),
        "ankang": make_staff("l-ankang", Role.EDITOR, site("ankang")),
        "officer": make_staff(
            "l-officer", Role.INFO_OFFICER, site("yunyan"), column("yunyan", "news")
        ),
        "office": make_staff("l-office", Role.PLATFORM_OFFICE),
    }


# --- reposts by reference --------------------------------------------------------


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_a_reference_shows_the_source_with_its_provenance(demo_cluster):
    reference = ReferencePage.objects.get(
        source=state_council(), url_path__startswith="/yunyan/"
    )
    body = Client(HTTP_HOST="yunyan.localhost").get(reference.url).content.decode()
    assert state_council().title in body
    assert "本文转载自贵阳市人民政府" in body
    assert state_council().full_url in body  # link and canonical to the original
    assert "57号" in body  # the document's own fields, read from the source


def test_a_correction_reaches_every_reference_and_its_column(demo_cluster):
    source = state_council()
    shown = related_ids(source)
    references = ReferencePage.objects.filter(source=source)
    assert references.count() == 2
    for reference in references:
        assert reference.pk in shown and reference.get_parent().pk in shown
    source.title = "国务院办公厅关于加强政府网站信息内容建设的意见（更正）"
    source.save_revision().publish()
    assert {r.title for r in ReferencePage.objects.filter(source=source)} == {
        source.title
    }
    assert len(mail.outbox) >= 0  # the editors with an address were told


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_a_withdrawn_source_is_said_on_every_reference(demo_cluster):
    source = state_council()
    source.unpublish()
    reference = ReferencePage.objects.get(source=source, url_path__startswith="/dsj/")
    body = Client(HTTP_HOST="dsj.localhost").get(reference.url).content.decode()
    assert "该信息已被来源网站撤回" in body
    assert "57号" not in body


def test_publishing_rerenders_the_reference_on_its_own_site(
    demo_cluster, publish_root, django_capture_on_commit_callbacks
):
    yunyan = site("yunyan")
    publishing.publish_site(site("www"))
    publishing.publish_site(yunyan)
    reference = ReferencePage.objects.get(
        source=state_council(), url_path__startswith="/yunyan/"
    )
    path = reference.url_path[len(yunyan.root_page.url_path) :]
    published = publish_root / "yunyan.localhost" / path / "index.html"
    assert "更正后的正文" not in published.read_text()
    source = state_council()
    source.body = "<p>更正后的正文。</p>"
    with django_capture_on_commit_callbacks(execute=True):
        source.save_revision().publish()
    assert "更正后的正文" in published.read_text()


def test_no_cycle_and_no_reference_to_a_reference(demo_cluster):
    reference = ReferencePage.objects.filter(source=state_council()).first()
    again = ReferencePage(title="x", source=reference.page_ptr)
    assert "循环" in reference_problem(again)
    itself = ReferencePage.objects.get(pk=reference.pk)
    itself.source = itself.page_ptr
    assert reference_problem(itself)


def test_deleting_a_source_asks_what_to_do_with_its_references(people):
    source = state_council()
    admin = people["www"]
    admin.is_superuser = True
    admin.save()
    client = login(Client(), admin)
    url = f"/admin/pages/{source.pk}/delete/"
    asked = client.get(url)
    assert "被以下 2 个页面转载" in asked.content.decode()
    client.post(url, {"linkage_references": "withdraw"})
    assert not Page.objects.filter(pk=source.pk).exists()
    for reference in ReferencePage.objects.filter(url_path__contains="guobanfa"):
        assert reference.source_id is None and not reference.live
    assert ReferencePage.objects.filter(source__isnull=True).count() == 2


# --- pushes -----------------------------------------------------------------------


def test_push_accept_decline_and_the_board(people):
    source = news(3)
    deadline = timezone.now() + dt.timedelta(hours=12)
    push = services.push(
        user=people["www"], source=source, sites=[site("yunyan"), site("dsj")],
        deadline=deadline,
    )  # fmt: skip
    rows = {t.site.hostname: t for t in push.targets.all()}
    reference = services.accept(
        rows["yunyan.localhost"], column=column("yunyan", "news"), user=people["yunyan"]
    )
    assert reference.live and reference.specific.source_id == source.pk
    with pytest.raises(ValidationError, match="说明理由"):
        services.decline(rows["dsj.localhost"], reason=" ", user=people["dsj"])
    with pytest.raises(PermissionDenied):
        services.decline(rows["dsj.localhost"], reason="x", user=people["ankang"])
    services.decline(rows["dsj.localhost"], reason="与本站职能无关", user=people["dsj"])
    client = login(Client(), people["www"])
    board = client.get(f"/admin/linkage/push/{push.pk}/").content.decode()
    assert "已转载" in board and "与本站职能无关" in board


def test_a_push_shows_in_the_targets_todo_and_is_accepted_there(people):
    client = login(Client(), people["yunyan"])
    home = client.get("/admin/").content.decode()
    assert "须转载" in home
    target = PushTarget.objects.filter(
        site=site("yunyan"), status=PushTarget.Status.PENDING
    ).first()
    answer = client.post(
        f"/admin/linkage/target/{target.pk}/",
        {"accept": "1", "column": column("yunyan", "news").pk},
    )
    assert answer.status_code == 302
    target.refresh_from_db()
    assert target.status == PushTarget.Status.ACCEPTED and target.reference.live


@pytest.mark.parametrize(
    "case, message",
    [
        ("closed", "已关停"),
        ("past", "期限已过"),
        ("not_lower", "不是本站的下级网站"),
        ("none", "至少选择一个"),
        ("draft", "已发布"),
    ],
)
def test_bad_pushes_are_refused_in_chinese_and_save_nothing(people, case, message):
    from jiyue.cluster.models import SiteProfile

    sites, source = [site("yunyan")], news(4)
    deadline = timezone.now() + dt.timedelta(hours=1)
    if case == "closed":
        SiteProfile.objects.filter(site=site("yunyan")).update(closed_at=timezone.now())
    elif case == "past":
        deadline = timezone.now() - dt.timedelta(minutes=1)
    elif case == "not_lower":
        sites = [site("ankang")]
    elif case == "none":
        sites = []
    else:
        source.unpublish()
    before = Push.objects.count()
    with pytest.raises(ValidationError, match=message):
        services.push(user=people["www"], source=source, sites=sites, deadline=deadline)
    assert Push.objects.count() == before


def test_deadlines_remind_then_tell_the_administrators_and_the_late_repost(people):
    push = services.push(
        user=people["www"], source=news(5), sites=[site("dsj")],
        deadline=timezone.now() + dt.timedelta(hours=1),
    )  # fmt: skip
    mail.outbox.clear()
    counts = services.remind_and_escalate()
    assert counts["reminded"] >= 1
    assert any("即将到期" in m.subject for m in mail.outbox)
    later = timezone.now() + dt.timedelta(hours=3)
    assert services.remind_and_escalate(now=later)["overdue"] >= 1
    assert any("转载超期" in m.subject for m in mail.outbox)
    found = [
        f
        for f in late_repost_findings(site("dsj"), now=later)
        if f.extra["push"] == push.pk
    ]
    assert found and "仍未转载" in found[0].message
    assert found[0].extra["lag_seconds"] >= 7000


def test_the_demo_push_is_late_on_one_site(demo_cluster):
    assert late_repost_findings(site("dsj"))
    assert not [
        f for f in late_repost_findings(site("yunyan")) if "国务院办公厅" in f.message
    ]


def test_the_monitor_reports_the_platform_records_of_a_site(demo_cluster):
    from jiyue.monitor.platform import record_findings

    kinds = {f.type for f in record_findings(site("dsj").root_url)}
    assert "late_repost" in kinds
    assert record_findings("https://www.example.gov.cn/") == []


# --- 报送 -------------------------------------------------------------------------


def test_an_information_officer_submits_and_the_portal_adopts_or_declines(people):
    portal_news = column("www", "news")
    first = services.submit(
        user=people["officer"], from_site=site("yunyan"), column=portal_news,
        title="云岩区开展政务公开日活动", body="活动现场群众踊跃参与。",
    )  # fmt: skip
    assert first.unit == "贵阳市云岩区人民政府"
    page = services.adopt(first, user=people["www"])
    assert not page.live and page.specific.author == "贵阳市云岩区人民政府"
    assert page.get_parent().pk == portal_news.pk
    second = services.submit(
        user=people["officer"], from_site=site("yunyan"), column=portal_news,
        title="另一条", body="正文",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="说明理由"):
        services.reject(second, reason="", user=people["www"])
    with pytest.raises(PermissionDenied):
        services.adopt(second, user=people["yunyan"])
    services.reject(second, reason="重复", user=people["www"])
    row = next(
        r
        for r in monthly_table(site("www"), *today())
        if r.unit.startswith("贵阳市云岩区")
    )
    assert row.submitted >= 2 and row.adopted >= 2 and row.quota == 80


def today():
    now = timezone.localdate()
    return now.year, now.month


def test_submission_to_a_column_of_the_wrong_kind_or_site_is_refused(people):
    leaders = column("www", "leaders")
    with pytest.raises(ValidationError, match="不收录此类信息"):
        services.submit(
            user=people["officer"], from_site=site("yunyan"), column=leaders,
            title="t", body="b",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="上级网站"):
        services.submit(
            user=people["officer"], from_site=site("yunyan"),
            column=column("ankang", "news"), title="t", body="b",
        )  # fmt: skip
    assert not Submission.objects.filter(title="t").exists()


def test_the_monthly_table_downloads_as_xlsx(people):
    year, month = today()
    client = login(Client(), people["www"])
    answer = client.get(f"/admin/linkage/monthly.xlsx?year={year}&month={month}")
    sheet = load_workbook(io.BytesIO(b"".join(answer.streaming_content))).active
    units = [row[1].value for row in sheet.iter_rows(min_row=3)]
    assert "贵阳市云岩区人民政府" in units and "贵阳市大数据发展管理局" in units
    future = client.get(f"/admin/linkage/monthly/?year={year + 1}&month=1")
    assert "不能查询将来的月份" in future.content.decode()


def test_a_negative_quota_is_refused(demo_cluster):
    form = RulesForm(
        {"push_deadline_hours": 12, "reminder_hours": 2, "county_quota": -1,
         "department_quota": 15, "interpretation_days": 0, "activity_hours": 24,
         "normative_workdays": 3},
        instance=LinkageRules.current(),
    )  # fmt: skip
    assert not form.is_valid()
    assert "county_quota" in form.errors
    assert not LinkageRules.objects.exists()


# --- interpretations and deadlines ----------------------------------------------------


def test_a_major_policy_without_interpretation_is_a_finding(demo_cluster):
    assert missing_interpretation_findings(site("yunyan"))
    assert not missing_interpretation_findings(site("www"))


def test_a_policy_of_a_listed_issuer_becomes_major_when_published(demo_cluster):
    rules = LinkageRules.current()
    rules.major_issuers = "安康市人民政府"
    rules.save()
    doc = PolicyDocumentPage(
        title="安康市人民政府关于推进数字经济发展的意见", issuer="安康市人民政府",
        published_on=timezone.localdate(), body="<p>意见。</p>",
    )  # fmt: skip
    column("ankang", "policy").add_child(instance=doc)
    doc.save_revision().publish()
    task = InterpretationTask.objects.get(document=doc)
    assert task.due_on == timezone.localdate()
    with pytest.raises(ValidationError, match="已认定"):
        mark_major(doc, user=None)


def test_late_activity_news_is_a_warning(demo_cluster):
    page = news(6)
    ArticlePage.objects.filter(pk=page.pk).update(
        activity_ended_at=page.first_published_at - dt.timedelta(hours=30)
    )
    found = late_publication_findings(site("www"))
    assert any(page.title in f.message and f.severity == "warning" for f in found)


def test_the_explorer_offers_push_and_submit_where_they_apply(people):
    portal = login(Client(), people["www"]).get(
        f"/admin/pages/{column('www', 'news').pk}/"
    )
    assert "推送到下级网站" in portal.content.decode()
    assert "报送到上级网站" not in portal.content.decode()
    lower = login(Client(), people["yunyan"]).get(
        f"/admin/pages/{column('yunyan', 'news').pk}/"
    )
    assert "报送到上级网站" in lower.content.decode()
    assert "推送到下级网站" not in lower.content.decode()


# --- 英文版 ------------------------------------------------------------------------


def test_an_english_page_behind_its_original_and_a_core_item_without_one(people):
    from jiyue.linkage.english import lag_rows, mark_core
    from jiyue.linkage.models import EnglishPage

    rows = {r["original"].title: r for r in lag_rows(site("www"))}
    plan = rows["贵阳市人民政府关于印发贵阳市数字政府建设三年行动方案的通知"]
    assert plan["english"] is not None and plan["lag_days"] >= 1
    assert rows["国务院办公厅关于加强政府网站信息内容建设的意见"]["english"] is None
    english = EnglishPage.objects.get(original=plan["original"])
    with override_settings(ROOT_URLCONF="jiyue.urls_public"):
        html = Client(HTTP_HOST="www.localhost").get(english.url).content.decode()
    assert '<article lang="en"' in html and "Digital Government" in html
    with pytest.raises(ValidationError, match="已标记"):
        mark_core(plan["original"], user=None)
    admin = login(Client(), people["www"]).get("/admin/linkage/english/").content
    assert "无英文页面" in admin.decode()


def test_a_site_with_auto_accept_reposts_a_push_at_once(people):
    client = login(Client(), people["dsj"])
    news_column = column("dsj", "news")
    client.post(
        "/admin/linkage/auto/", {"site": site("dsj").pk, "column": news_column.pk}
    )
    push = services.push(
        user=people["www"], source=news(7), sites=[site("dsj")],
        deadline=timezone.now() + dt.timedelta(hours=12),
    )  # fmt: skip
    target = push.targets.get()
    assert target.status == PushTarget.Status.ACCEPTED and target.reference.live
    assert target.reference.get_parent().pk == news_column.pk
    # Another site's editor cannot switch it for 大数据局.
    other = login(Client(), people["ankang"])
    assert (
        other.post("/admin/linkage/auto/", {"site": site("dsj").pk}).status_code == 404
    )
    client.post("/admin/linkage/auto/", {"site": site("dsj").pk, "column": ""})
    again = services.push(
        user=people["www"], source=news(8), sites=[site("dsj")],
        deadline=timezone.now() + dt.timedelta(hours=12),
    )  # fmt: skip
    assert again.targets.get().status == PushTarget.Status.PENDING
