"""Tenant isolation: every admin URL, walked as an editor of another site with
real ids of site A's objects, refuses (302 to the login or to the dashboard with
"no permission", 403 or 404).

Views are classified explicitly. ``GLOBAL`` lists the views any staff member may
open (the dashboard, their account, lists that the view itself filters to the
user's sites); for those the test checks that nothing of site A shows through.
Every other route must refuse, for GET and for POST. A new admin view that
answers the other site's editor fails this test until it checks permissions or is
classified here with a reason.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.contrib.admindocs.views import (
    extract_views_from_urlpatterns,
    simplify_regex,
)
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import get_resolver
from wagtail.documents.models import Document
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import GroupPagePermission, Page, Site, Task, Workflow

from jiyue.cluster.roles import Role
from jiyue.editorial.services import site_collection
from tests.staff import login

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]
SECRET = "甲站内部草稿标记"

# Route -> why any staff member may open it.
GLOBAL = {
    "/admin/": "dashboard: panels list only the user's own tasks and pages",
    "/admin/./": "the admin's catch-all 404",
    "/admin/account/": "the user's own account",
    "/admin/login/": "sign-in",
    "/admin/logout/": "sign-out",
    "/admin/jsi18n/": "translations for the admin's scripts",
    "/admin/sprite/": "icons",
    "/admin/failwhale/": "Wagtail's 'down for maintenance' page",
    "/admin/test404/": "Wagtail's 404 demo",
    "/admin/dismissibles/": "the user's own dismissed hints",
    "/admin/password_reset/": "password reset by e-mail",
    "/admin/password_reset/done/": "password reset by e-mail",
    "/admin/password_reset/complete/": "password reset by e-mail",
    "/admin/password_reset/confirm/<uidb64>/<token>/": "password reset (token checked)",
    "/admin/security/2fa/": "the user's own second factor",
    "/admin/security/2fa/setup/": "the user's own second factor",
    "/admin/pages/": "explorer root: shows only the user's own sites",
    "/admin/pages/search/": "page search: filtered by page permissions",
    "/admin/pages/search/results/": "page search: filtered by page permissions",
    "/admin/monitor/alerts/": "告警与值班: only the user's own sites; the roster is the office's",
    "/admin/linkage/": "协同联动: the user's own sites' pushes only",
    "/admin/linkage/push/new/": "form: the sites below the user's own sites only",
    "/admin/linkage/submit/": "form: the user's own sites and their upper site's columns",
    "/admin/linkage/submissions/": "the user's own sites' submissions only",
    "/admin/linkage/monthly/": "报送月表 of a site the user edits (refused otherwise)",
    "/admin/linkage/monthly.xlsx": "报送月表 of a site the user edits (refused otherwise)",
    "/admin/linkage/interpretations/": "the user's own sites' major policies only",
    "/admin/linkage/deadlines/": "the user's own sites only",
    "/admin/linkage/auto/": "POST only; refuses (404) a site the user does not edit",
    "/admin/linkage/english/": "the user's own sites' core items only",
    "/admin/linkage/rules/": "the platform office's rules (refused to others)",
    "/admin/choose-page/": "chooser: the user's sites only (tenancy.chooser_pages)",
    "/admin/choose-page/search/": "chooser search: the user's sites only",
    "/admin/choose-page/chosen-multiple/": "chooser: refuses ids outside the user's sites",
    "/admin/choose-anchor-link/": "link chooser form (no data)",
    "/admin/choose-email-link/": "link chooser form (no data)",
    "/admin/choose-external-link/": "link chooser form (no data)",
    "/admin/choose-phone-link/": "link chooser form (no data)",
    "/admin/block-preview/": "StreamField block preview (no stored data)",
    "/admin/documents/": "documents: filtered by collection permissions",
    "/admin/documents/results/": "documents: filtered by collection permissions",
    "/admin/documents/add/": "upload into the user's own collections",
    "/admin/documents/multiple/add/": "upload into the user's own collections",
    "/admin/documents/chooser/": "chooser: filtered by collection permissions",
    "/admin/documents/chooser/results/": "chooser: filtered by collection permissions",
    "/admin/documents/chooser/create/": "upload into the user's own collections",
    "/admin/documents/chooser/chosen-multiple/": "returns only ids asked for",
    "/admin/images/": "images: filtered by collection permissions",
    "/admin/images/results/": "images: filtered by collection permissions",
    "/admin/images/add/": "upload into the user's own collections",
    "/admin/images/multiple/add/": "upload into the user's own collections",
    "/admin/images/chooser/": "chooser: filtered by collection permissions",
    "/admin/images/chooser/results/": "chooser: filtered by collection permissions",
    "/admin/images/chooser/create/": "upload into the user's own collections",
    "/admin/images/chooser/chosen-multiple/": "returns only ids asked for",
    "/admin/embeds/chooser/": "embed form (no data)",
    "/admin/embeds/chooser/upload/": "embed form (no data)",
    "/admin/tag-autocomplete/": "tag names",
    "/admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/": "tag names",
    "/admin/reports/locked/": "report: filtered to pages the user may edit",
    "/admin/reports/locked/results/": "report: filtered to pages the user may edit",
    "/admin/reports/workflow/": "report: filtered to pages the user may edit",
    "/admin/reports/workflow/results/": "report: filtered to pages the user may edit",
    "/admin/reports/workflow_tasks/": "report: filtered to pages the user may edit",
    "/admin/reports/workflow_tasks/results/": "report: filtered",
    "/admin/reports/site-history/": "report: filtered to the user's pages",
    "/admin/reports/site-history/results/": "report: filtered to the user's pages",
    "/admin/reports/aging-pages/": "report: filtered to the user's pages",
    "/admin/reports/aging-pages/results/": "report: filtered to the user's pages",
    "/admin/api/main/pages/": "admin API: filtered like the explorer",
    "/admin/api/main/pages/find/": "admin API",
    "/admin/api/main/documents/": "admin API: documents",
    "/admin/api/main/documents/find/": "admin API",
    "/admin/api/main/images/": "admin API: images",
    "/admin/api/main/images/find/": "admin API",
    "/admin/pages/create/<slug:app_label>/<slug:model_name>": "lists parents the user may add under",
    "/admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/": "page type usage",
    "/admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/": "page type usage",
    "/admin/snippets/": "snippet types the user may see",
    "/admin/forms/": "form pages: filtered to pages the user may edit",
    "/admin/forms/results/": "form pages: filtered to pages the user may edit",
    "/admin/snippets/choose/content/topiccategory/": "主题分类 is one taxonomy for the cluster",
    "/admin/snippets/choose/content/topiccategory/results/": "shared taxonomy",
    "/admin/snippets/choose/content/topiccategory/chosen/<str:pk>/": "shared taxonomy",
    "/admin/snippets/choose/content/topiccategory/chosen-multiple/": "shared taxonomy",
    "/admin/editing-sessions/release/<int:session_id>/": "releases the user's own session",
    "/admin/monitor/": "monitor: lists only the user's sites (jiyue/monitor/permissions.py)",
    "/admin/publishing/": "publishing state: rows of the user's own sites only (selectors.sites_for_user)",
    "/admin/interaction/channels/": "consultations, surveys, interviews: lists only the pages the user moderates (jiyue/interaction/channels/permissions.py)",
    "/admin/services/": "办事指南完整度: only the user's own sites (Capability.EDIT); another site's id shows his own",
    "/admin/assessment/export.xlsx": "考核评分 as XLSX: the user's own sites only, as the table",
    "/admin/assessment/": "考核评分: the cluster table lists only the user's own sites (Capability.MONITOR)",
    "/admin/services/import/template/": "the empty import template (a file of the package, no site's data)",
    "/admin/services/import/sample/": "the sample catalogue (a file of the package, no site's data)",
    "/admin/analytics/export.xlsx": "访问统计 as XLSX: only the user's own sites, as the screen",
    "/admin/analytics/": "访问统计: only the user's own sites (Capability.VIEW); another site's id shows his own",
    "/admin/services/import/": "import form: offers only the user's own sites; another site's id is refused by the form",
}

# Routes for which no object can exist here, each with why (checked below).
NO_OBJECT_ROUTES = {
    "/admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": "no setting model",
    "/admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/": "no setting",
}

NOT_PAGES = ("/admin/logout/", "/admin/./", "/admin/failwhale/", "/admin/test404/")

# Routes that still answer another site's editor, each with the issue to fix it.
# (The test fails when one of them starts refusing: take it off the list.)
KNOWN_GAPS: dict[str, str] = {}


def routes() -> dict[str, str]:
    found = {}
    for _view, regex, _ns, name in extract_views_from_urlpatterns(
        get_resolver("jiyue.urls_admin").url_patterns
    ):
        route = simplify_regex(regex)
        if route.startswith("/admin/"):
            found[route] = name or ""
    return found


@pytest.fixture
def site_a_objects(demo_cluster, make_staff):
    www = Site.objects.get(hostname="www.localhost")
    article = Page.objects.get(url_path="/www/yaowen/news-001/").specific
    article.title = SECRET
    officer = make_staff("a-officer", Role.INFO_OFFICER, www,
                         Page.objects.get(url_path="/www/yaowen/"))  # fmt: skip
    revision = article.save_revision(user=officer)
    article.get_workflow().start(article, officer)
    collection = site_collection(www)
    document = Document.objects.create(
        title=SECRET, collection=collection, file=ContentFile(b"%PDF-1.4", name="a.pdf")
    )
    from wagtail.images.models import Image

    image = Image.objects.create(
        title=SECRET, collection=collection, file=get_test_image_file()
    )
    workflow = Workflow.objects.get(name="贵阳市人民政府 · 默认审核流程")
    editor_a = make_staff("a-editor", Role.EDITOR, www)
    group = GroupPagePermission.objects.filter(page=www.root_page).first().group
    return {
        "www": www, "page": article, "revision": revision, "collection": collection,
        "document": document, "image": image, "workflow": workflow,
        "task": Task.objects.filter(workflow_tasks__workflow=workflow).first(),
        "task_state": article.current_workflow_task_state,
        "workflow_state": article.current_workflow_state, "user": editor_a, "group": group,
        **_interaction_objects(www), **_other_objects(www, article, officer),
    }  # fmt: skip


def _interaction_objects(www) -> dict:
    """Site A's message, 信箱管理员 and the citizens' submissions of its channels."""
    from django.contrib.auth import get_user_model

    from jiyue.editorial import role_grant
    from jiyue.interaction.models import (
        ConsultationComment,
        ConsultationPage,
        InterviewPage,
        InterviewQuestion,
        Message,
        SurveyPage,
    )

    under_a = Page.objects.descendant_of(www.root_page)
    consultation = ConsultationPage.objects.filter(pk__in=under_a).first()
    interview = InterviewPage.objects.filter(pk__in=under_a).first()
    operator_user = get_user_model().objects.create_user("a-operator")
    role_grant(actor=None, user=operator_user, site=www, role=Role.MAILBOX_OPERATOR)
    return {
        "message": Message.objects.filter(mailbox__site=www).first(),
        "operator": operator_user,
        "consultation": consultation,
        "comment": ConsultationComment.objects.create(
            page=consultation, content=SECRET
        ),
        "interview": interview,
        "question": InterviewQuestion.objects.create(page=interview, content=SECRET),
        "survey": SurveyPage.objects.filter(pk__in=under_a).first(),
    }


def _other_objects(www, article, officer) -> dict:
    """Site A's monitor finding, redirect, review-chain rule, an upload in
    progress and an editing session; the office's holiday calendar."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.admin.models import EditingSession
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.images.models import Image
    from wagtail.models import UploadedFile

    from jiyue.editorial.models import ReviewChainRule
    from jiyue.monitor.models import Crawl, StoredFinding
    from jiyue.workdays.models import CalendarYear

    crawl = Crawl.objects.create(profile=www.profile, start_url=www.root_url)
    foreign = Crawl.objects.create(start_url="https://www.example.gov.cn/")
    uploaded_document = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(Document),
        file=ContentFile(b"%PDF-1.4", name="u.pdf"),
        uploaded_by_user=officer,
    )
    return {
        "finding": StoredFinding.objects.create(
            crawl=crawl, type="broken_link", severity="error", message=SECRET,
            url=www.root_url, fingerprint="matrix",
        ),
        "foreign_crawl": foreign,
        "redirect": Redirect.objects.create(
            old_path="/matrix-old", site=www, redirect_page=article
        ),
        "chain_rule": ReviewChainRule.objects.create(
            site=www, column_kind="news", signoff=True
        ),
        "calendar_year": CalendarYear.objects.get_or_create(
            year=2099, defaults={"source": "国办发明电〔2098〕1号"}
        )[0],
        "uploaded_document": uploaded_document,
        "uploaded_image": UploadedFile.objects.create(
            for_content_type=ContentType.objects.get_for_model(Image),
            file=get_test_image_file(), uploaded_by_user=officer,
        ),
        "editing_session": EditingSession.objects.create(
            user=officer, content_object=article, last_seen_at=timezone.now()
        ),
        "info_request": _info_request(www),
        **_linkage_objects(www),
        **_spot_check(www),
    }  # fmt: skip


def _linkage_objects(www) -> dict:
    """Site A's push to 云岩 (and 云岩's answer to it) and 云岩's 报送 to site A."""
    from django.utils import timezone

    from jiyue.content.models import ColumnPage
    from jiyue.linkage.models import Push, PushTarget, Submission

    yunyan = Site.objects.get(hostname="yunyan.localhost")
    item = Page.objects.get(url_path="/www/yaowen/news-002/")
    push = Push.objects.create(
        source=item, source_title=SECRET, sender_site=www,
        deadline=timezone.now() + timezone.timedelta(hours=12),
    )  # fmt: skip
    column = ColumnPage.objects.descendant_of(www.root_page).filter(kind="news").first()
    return {
        "push": push,
        "push_target": PushTarget.objects.create(push=push, site=yunyan),
        "submission": Submission.objects.create(
            from_site=yunyan, to_site=www, to_column=column, title=SECRET,
            body=SECRET, unit="云岩区",
        ),
    }  # fmt: skip


def _info_request(www):
    """Site A's 政府信息公开申请, as a citizen files it."""
    from jiyue.disclosure.services import submit

    data = {"applicant_type": "person", "name": SECRET, "id_number": "11010519491231002X",
            "phone": "13800138000", "description": SECRET, "carrier": "electronic",
            "delivery": "post"}  # fmt: skip
    return submit(site=www, data=data).request


def _spot_check(www) -> dict:
    """A 巡查抽检 under review with site A sampled and a finding of it: its
    screens are the platform office's only (jiyue.assessment, ADR 0803)."""
    from jiyue.assessment.models import SpotCheck, SpotCheckFinding, SpotCheckSite
    from jiyue.assessment.scoring import active_rule_set

    check = SpotCheck.objects.create(
        year=2019, quarter=4, seed=1, rule_set=active_rule_set(),
        status=SpotCheck.Status.REVIEWING,
    )  # fmt: skip
    sampled = SpotCheckSite.objects.create(
        spot_check=check, site=www, code=www.profile.code, name=SECRET, stratum="x"
    )
    finding = SpotCheckFinding.objects.create(
        check_site=sampled, source="manual", indicator_name=SECRET, kind="deduction",
        text=SECRET,
    )  # fmt: skip
    from jiyue.assessment.models import RectificationOrder

    order = RectificationOrder.objects.create(
        site=www, deadline=dt.date(2099, 1, 1),
        problems=[{"indicator": SECRET, "kind": "deduction", "text": SECRET,
                   "url": "", "owner": "", "people": []}],
    )  # fmt: skip
    from jiyue.assessment.models import SupervisionEntry, SupervisionReport

    # the office's 监管年度报表 with an entry (/admin/assessment/supervision/<year>/)
    office_report = SupervisionReport.objects.create(year=2026)
    SupervisionEntry.objects.create(report=office_report, name="填报人", value=SECRET)
    return {
        "spot_check": check,
        "spot_check_site": sampled,
        "spot_check_finding": finding,
        "rectification_order": order,
        "supervision_report": office_report,
    }


def pk_for(route: str, objects) -> int:
    prefixes = (
        ("/admin/api/main/documents/", "document"), ("/admin/api/main/images/", "image"),
        ("/admin/api/main/pages/", "page"), ("/admin/collections/", "collection"),
        ("/admin/groups/", "group"), ("/admin/users/", "user"),
        ("/admin/workflows/tasks/", "task"), ("/admin/workflows/", "workflow"),
        ("/admin/documents/", "document"), ("/admin/images/", "image"),
        ("/admin/sites/", "www"),
        ("/admin/interaction/channels/comment/", "comment"),
        ("/admin/interaction/channels/consultation/", "consultation"),
        ("/admin/interaction/channels/interview/", "interview"),
        ("/admin/interaction/channels/question/", "question"),
        ("/admin/interaction/channels/survey/", "survey"),
        ("/admin/interaction/", "message"),
        ("/admin/monitor/finding/", "finding"), ("/admin/monitor/foreign/", "foreign_crawl"),
        ("/admin/review-chains/", "chain_rule"), ("/admin/disclosure/", "info_request"),
        ("/admin/assessment/spot-checks/site/", "spot_check_site"),
        ("/admin/assessment/rectify/", "spot_check_site"),
        ("/admin/assessment/order/", "rectification_order"),
        ("/admin/assessment/spot-checks/finding/", "spot_check_finding"),
        ("/admin/assessment/spot-checks/", "spot_check"),
        ("/admin/workday_calendar/", "calendar_year"),
        ("/admin/linkage/push/", "push"), ("/admin/linkage/target/", "push_target"),
        ("/admin/linkage/submissions/", "submission"),
    )  # fmt: skip
    for prefix, key in prefixes:
        if route.startswith(prefix):
            return objects[key].pk
    if route.startswith("/admin/site_profiles/"):
        return objects["www"].profile.pk
    return model_object_pk(route)


def model_object_pk(route: str) -> int:
    """For other apps' model views: an object of the route's model, site A's if the
    model has a site; else an id that does not exist (a 404 is a refusal)."""
    from django.urls import resolve

    path = re.sub(r"<[\w:]+>", "1", route)
    view = resolve(path).func
    model = getattr(getattr(view, "view_class", None), "model", None) or getattr(
        getattr(view, "view_initkwargs", {}), "get", lambda *_: None
    )("model")
    if route in NO_OBJECT_ROUTES:
        return 1  # nothing of this kind can exist (test_no_object_routes_are_empty)
    assert model is not None, f"{route}: give site A an object for it in the fixture"
    fields = {f.name for f in model._meta.get_fields()}
    objects = model.objects.all()
    if "site" in fields:
        objects = objects.filter(site__hostname="www.localhost")
    obj = objects.first()
    assert obj is not None, f"{route}: give site A an object for it in the fixture"
    return obj.pk


def values(route: str, objects) -> dict[str, str]:
    page = objects["page"]
    return {
        "page_id": page.pk, "page_pk": page.pk, "page_to_move_id": page.pk,
        "parent_page_id": page.get_parent().pk, "destination_id": page.get_parent().pk,
        "revision_id": objects["revision"].pk, "document_id": objects["document"].pk,
        "doc_id": objects["document"].pk, "image_id": objects["image"].pk,
        "collection_id": objects["collection"].pk, "task_state_id": objects["task_state"].pk,
        "task_id": objects["task"].pk, "workflow_pk": objects["workflow"].pk,
        "workflow_state_id": objects["workflow_state"].pk,
        "uploaded_file_id": objects[
            "uploaded_image" if "/images/" in route else "uploaded_document"
        ].pk,
        "session_id": objects["editing_session"].pk,
        "redirect_id": objects["redirect"].pk,
        "action_name": "approve", "action": "publish", "app_label": "content",
        "model_name": "articlepage", "app_name": "content",
        "content_type_app_name": "content", "content_type_model_name": "articlepage",
        "object_id": page.pk, "filter_spec": "original", "code": "5201000001",
        "uidb64": "MQ", "site_id": objects["www"].pk, "token": "x-y",
        "year": 2026, "kind": "xlsx",
    }  # fmt: skip


def concrete(route: str, name: str, objects) -> str:
    if name == "revisions_compare":
        return f"/admin/pages/{objects['page'].pk}/revisions/compare/earliest...{objects['revision'].pk}/"
    found = values(route, objects)

    def fill(match):
        key = match.group(1).split(":")[-1]
        if key == "pk":
            return str(pk_for(route, objects))
        assert key in found, f"no value for <{match.group(1)}> in {route}: add one"
        return str(found[key])

    return re.sub(r"<([\w:]+)>", fill, route)


def refused(response) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    location = response.headers.get("Location", "")
    return response.status_code in (301, 302) and (
        location == "/admin/" or location.startswith("/admin/login/")
    )


def redirected_away(client, method, response) -> bool:
    """A GET that only redirects to another admin page (which shows nothing of
    site A) does not serve site A's object. A POST that redirects may have acted."""
    if method.__name__ != "get" or response.status_code not in (301, 302):
        return False
    followed = client.get(response["Location"])
    return SECRET not in followed.content.decode(errors="replace")


@pytest.fixture
def other_editor(demo_cluster, make_staff):
    ankang = Site.objects.get(hostname="ankang.localhost")
    user = make_staff("b-editor", Role.EDITOR, ankang)
    return login(Client(), user)


def test_every_admin_url_refuses_the_editor_of_another_site(
    site_a_objects, other_editor
):
    leaks = {}
    for route, name in sorted(routes().items()):
        if route in GLOBAL:
            continue
        url = concrete(route, name, site_a_objects)
        for method in (other_editor.get, other_editor.post):
            response = method(url)
            if not refused(response) and not redirected_away(
                other_editor, method, response
            ):
                leaks[route] = (url, method.__name__, response.status_code)
                break
    unexpected = {r: v for r, v in leaks.items() if r not in KNOWN_GAPS}
    assert unexpected == {}
    assert set(KNOWN_GAPS) <= set(leaks), "a known gap is closed: remove it"


def shown(response) -> str:
    """What a response shows, with the JSON of Wagtail's modals decoded (their
    Chinese arrives as \\u escapes, which a plain search of the body misses)."""
    if response.status_code != 200:
        return ""
    if response.streaming:  # a file (the import template): its bytes, as they go
        return b"".join(response.streaming_content).decode(errors="replace")
    body = response.content.decode(errors="replace")
    if response.headers.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(body), ensure_ascii=False)
    return body


def test_global_views_show_nothing_of_site_a(site_a_objects, other_editor):
    leaks = {}
    for route in GLOBAL:
        if "<" in route or route in NOT_PAGES:
            continue
        response = other_editor.get(route)
        if SECRET in shown(response):
            leaks[route] = response.status_code
    assert leaks == {}


@pytest.fixture
def site_a_drafts(site_a_objects):
    """Drafts of site A whose titles are the secret: its home page (a row of the
    chooser's first screen) and its only topic page (a page type that no other
    site has, so the chooser would open inside site A's tree)."""
    from jiyue.content.models import TopicPage

    home = site_a_objects["www"].root_page.specific
    topic = TopicPage.objects.descendant_of(home).first()
    for page in (home, topic):
        page.title = SECRET
        page.save_revision()
    return {**site_a_objects, "home": home, "topic": topic}


def chooser_urls(objects) -> dict[str, str]:
    return {
        "browse": "/admin/choose-page/",
        "browse (multiple)": "/admin/choose-page/?multiple=1",
        "browse a page type of site A only": "/admin/choose-page/?page_type=content.topicpage",
        # (the search finds pages by their indexed titles, shows their drafts')
        "search": "/admin/choose-page/search/?q=贵阳市人民政府",
        "search (multiple)": "/admin/choose-page/search/?q=贵阳市人民政府&multiple=1",
        "chosen-multiple": f"/admin/choose-page/chosen-multiple/?id={objects['page'].pk}",
        "chosen-multiple (mixed)": "/admin/choose-page/chosen-multiple/"
        f"?id={objects['home'].pk}&id={objects['topic'].pk}",
        # (no search term here: these choosers repeat it beside "no results")
        "document chooser": "/admin/documents/chooser/",
        "document results": "/admin/documents/chooser/results/",
        "document chosen": "/admin/documents/chooser/chosen-multiple/"
        f"?id={objects['document'].pk}",
        "image chooser": "/admin/images/chooser/",
        "image results": "/admin/images/chooser/results/",
        "image chosen": f"/admin/images/chooser/chosen-multiple/?id={objects['image'].pk}",
    }


def test_choosers_show_no_draft_of_another_site(site_a_drafts, other_editor):
    """Browse, search and "chosen" steps of every chooser, as site B's editor."""
    leaks = {
        what: url
        for what, url in chooser_urls(site_a_drafts).items()
        if SECRET in shown(other_editor.get(url))
    }
    assert leaks == {}


def test_choosers_still_offer_the_editors_own_site(site_a_drafts, other_editor):
    ankang = Site.objects.get(hostname="ankang.localhost").root_page
    browse = shown(other_editor.get("/admin/choose-page/"))
    assert ankang.title in browse
    assert "贵阳市人民政府" not in browse
    search = other_editor.get(f"/admin/choose-page/search/?q={ankang.title}")
    assert ankang.title in shown(search)
    chosen = other_editor.get(f"/admin/choose-page/chosen-multiple/?id={ankang.pk}")
    assert json.loads(chosen.content)["result"][0]["id"] == ankang.pk


@pytest.mark.parametrize("who", ["platform_office", "superuser"])
def test_choosers_show_every_site_to_the_platform(site_a_drafts, make_staff, who):
    if who == "superuser":
        user = make_staff("root-user")
        user.is_superuser = user.is_staff = True
        user.save()
    else:
        user = make_staff("office", Role.PLATFORM_OFFICE)
    client = login(Client(), user)
    urls = chooser_urls(site_a_drafts)
    for what in ("browse", "search", "chosen-multiple"):
        assert SECRET in shown(client.get(urls[what])), what


def test_no_object_routes_are_empty():
    """No site or generic setting model is registered: the settings routes answer
    404 for everyone, so there is no object of site A to try them with."""
    from wagtail.contrib.settings.registry import registry

    assert list(registry) == []


def test_the_classification_is_not_stale():
    known = set(routes())
    assert set(GLOBAL) - known == set()
    assert set(KNOWN_GAPS) - known == set()


# -- one answer to who works on a site (jiyue.cluster.tenancy, ADR 0107) --------

# What each site role may do on its own site, written out here so that a change
# of CAPABILITY_ROLES is a change of this test too.
SITE_ROLE_CAPABILITIES = {
    "site_admin": {"view", "edit", "publish", "monitor", "moderate", "administer", "grant",
                   "search", "disclose"},
    "editor": {"view", "edit", "publish", "monitor", "moderate"},
    "info_officer": {"view"},
    "reviewer": {"view"},
    "leader": {"view"},
    "mailbox_operator": {"view", "interact", "moderate", "disclose"},
}  # fmt: skip
# The global roles: every site (by oversight or a model permission), or none.
GLOBAL_ROLE_CAPABILITIES = {
    "platform_office": {"view", "edit", "publish", "monitor", "interact", "moderate",
                        "administer", "search", "disclose"},  # not "grant": 三员分立
    "system_admin": set(),
    "security_admin": {"grant"},
    "audit_admin": set(),
}  # fmt: skip


def holder_of(make_staff, role, www):
    """A user holding ``role``: on www (an information officer in 要闻动态)."""
    from jiyue.cluster.roles import GLOBAL_ROLES

    if role in GLOBAL_ROLES:
        return make_staff(f"cap-{role}", role)
    column = Page.objects.get(url_path="/www/yaowen/")
    return make_staff(
        f"cap-{role}", role, www, column if role == Role.INFO_OFFICER else None
    )


def test_the_table_is_the_one_written_here():
    from jiyue.cluster.tenancy import CAPABILITY_ROLES, Capability

    for capability in Capability:
        holders = {
            role for role, caps in SITE_ROLE_CAPABILITIES.items() if capability in caps
        }
        assert set(CAPABILITY_ROLES[capability]) == holders, capability
    assert set(SITE_ROLE_CAPABILITIES) | set(GLOBAL_ROLE_CAPABILITIES) == set(Role)


@pytest.mark.parametrize("role", list(Role))
def test_each_capability_per_role_per_site(demo_cluster, make_staff, role):
    """A holder of ``role`` on www has each capability on {www} or on nothing,
    as the table says, never on another site; global roles on every site or none."""
    from jiyue.cluster.tenancy import Capability, can, sites_for

    www = Site.objects.get(hostname="www.localhost")
    ankang = Site.objects.get(hostname="ankang.localhost")
    user = holder_of(make_staff, role, www)
    every = set(Site.objects.values_list("hostname", flat=True))
    for capability in Capability:
        got = set(sites_for(user, capability).values_list("hostname", flat=True))
        if role in SITE_ROLE_CAPABILITIES:
            allowed = capability in SITE_ROLE_CAPABILITIES[role]
            assert got == ({"www.localhost"} if allowed else set()), capability
            assert can(user, capability, www) == allowed, capability
            assert not can(user, capability, ankang), capability
        else:
            allowed = capability in GLOBAL_ROLE_CAPABILITIES[role]
            assert got == (every if allowed else set()), capability


@pytest.fixture
def other_site_objects(demo_cluster):
    """安康's objects for the representative views: a letter, a consultation,
    the profile."""
    from django.utils import timezone

    from jiyue.interaction import services
    from jiyue.interaction.channels.demo import load_demo_channels
    from jiyue.interaction.models import ConsultationPage, Mailbox

    ankang = Site.objects.get(hostname="ankang.localhost")
    mailbox = Mailbox.objects.filter(site=ankang).first()
    message = services.message_submit(
        mailbox=mailbox, subject="安康来信", content="安康的来信内容。", name="王五"
    ).message
    load_demo_channels(ankang, timezone.now())  # 安康's own 互动交流 pages
    consultation = ConsultationPage.objects.descendant_of(ankang.root_page).first()
    return {"site": ankang, "message": message, "consultation": consultation}


def representative_urls(site, message, consultation) -> dict[str, tuple[str, str]]:
    """One admin view per capability: (method, url) on ``site``'s objects."""
    return {
        "view": ("get", f"/admin/choose-page/chosen-multiple/?id={site.root_page_id}"),
        "edit": ("get", f"/admin/pages/{site.root_page_id}/edit/"),
        "publish": ("post", f"/admin/publishing/{site.pk}/rebuild/"),
        "monitor": ("get", f"/admin/monitor/site/{site.profile.code}/"),
        "interact": ("get", f"/admin/interaction/{message.pk}/"),
        "moderate": (
            "get",
            f"/admin/interaction/channels/consultation/{consultation.pk}/",
        ),
        "administer": ("get", f"/admin/site_profiles/edit/{site.profile.pk}/"),
        "grant": ("get", f"/admin/editorial/roles/{site.pk}/"),
    }


# Who tries each capability's view (a holder of it on www).
REPRESENTATIVE_ROLE = {
    "view": Role.INFO_OFFICER, "edit": Role.EDITOR, "publish": Role.EDITOR,
    "monitor": Role.EDITOR, "interact": Role.MAILBOX_OPERATOR,
    "moderate": Role.MAILBOX_OPERATOR, "administer": Role.SITE_ADMIN,
    "grant": Role.SITE_ADMIN,
}  # fmt: skip


@pytest.mark.parametrize("capability", list(REPRESENTATIVE_ROLE))
def test_one_view_per_capability_own_site_yes_other_site_no(
    site_a_objects, other_site_objects, make_staff, capability
):
    from jiyue.interaction.models import ConsultationPage

    www = site_a_objects["www"]
    user = holder_of(make_staff, REPRESENTATIVE_ROLE[capability], www)
    client = login(Client(), user)
    own_consultation = ConsultationPage.objects.descendant_of(www.root_page).first()
    own = representative_urls(www, site_a_objects["message"], own_consultation)
    other = representative_urls(**other_site_objects)
    method, url = own[capability]
    if method == "post":
        # Publishing's one per-site view starts a full rebuild; on the own site
        # the list of 静态发布 shows it instead (the rebuild is publishing's test).
        listing = client.get("/admin/publishing/")
        assert listing.status_code == 200
        assert www.hostname in listing.content.decode()
        assert other_site_objects["site"].hostname not in listing.content.decode()
    else:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    method, url = other[capability]
    assert refused(getattr(client, method)(url)), url
