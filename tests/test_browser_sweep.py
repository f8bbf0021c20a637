"""A sweep of the admin and the public sites in a real browser, as their people
see them: every demo role's dashboard; as the platform's superuser the admin's
screens and the create and edit form of every page type and snippet; every public
page type on every demo site. ``browser_page`` fails the test on any Content
Security Policy violation or uncaught script error; a page that answers 5xx (or
4xx where it should open) fails it too, and so does an English word in what the
browser shows once the page's scripts ran (tests/chinese.py). Screenshots go to
$JIYUE_SCREENSHOTS.
"""

from __future__ import annotations

import pytest
from django.test import override_settings
from wagtail.models import Page

from tests.browser import browser_page, shot, sign_in
from tests.chinese import data_words, english_words

pytestmark = [
    pytest.mark.browser,
    pytest.mark.second_factor,
    pytest.mark.django_db(transaction=True),
]

ROLE_USERS = (
    "xinxiyuan", "bianji", "baomi", "lingdao", "wangzhan", "pingtai",
    "xitong", "anquan", "shenji", "xinxiang", "chengban",
)  # fmt: skip
ADMIN_SCREENS = (
    "/admin/", "/admin/pages/", "/admin/pages/search/?q=政府网站", "/admin/documents/",
    "/admin/documents/add/", "/admin/images/", "/admin/images/add/", "/admin/users/",
    "/admin/users/new/", "/admin/groups/", "/admin/sites/", "/admin/sites/new/",
    "/admin/collections/", "/admin/workflows/list/", "/admin/workflows/tasks/index/",
    "/admin/snippets/", "/admin/snippets/content/topiccategory/",
    "/admin/snippets/content/topiccategory/add/", "/admin/reports/locked/",
    "/admin/reports/workflow/", "/admin/reports/site-history/",
    "/admin/reports/aging-pages/", "/admin/monitor/", "/admin/publishing/",
    "/admin/interaction/", "/admin/interaction/channels/", "/admin/security/audit/",
    "/admin/account/", "/admin/redirects/", "/admin/services/", "/admin/services/import/",
    "/admin/services/elements/", "/admin/services/themes/", "/admin/assessment/",
    "/admin/assessment/indicators/", "/admin/assessment/spot-checks/",
    "/admin/analytics/",
)  # fmt: skip
PUBLIC_PATHS = (
    "/", "/yaowen/", "/tzgg/", "/zcwj/", "/hudong/", "/hudong/chaxun/", "/no-such-page/",
    "/banshi/",
)  # fmt: skip


def _page_forms() -> list[str]:
    """The edit form of one live page of each page type of the demo, and the create
    form of each type under a parent that takes it."""
    from wagtail.models import get_page_models

    urls = []
    for model in get_page_models():
        if model is Page:
            continue
        page = model.objects.live().order_by("path").first()
        if page is None:
            continue
        urls.append(f"/admin/pages/{page.pk}/edit/")
        parent = page.get_parent()
        if model.can_create_at(parent):
            label = model._meta.label_lower.replace(".", "/")
            urls.append(f"/admin/pages/add/{label}/{parent.pk}/")
    return urls


def _spot_check_screens() -> list[str]:
    """The demo's 巡查抽检 (under review) and the review of each sampled site."""
    from jiyue.assessment.models import SpotCheck

    check = SpotCheck.objects.get()
    sites = [f"/admin/assessment/spot-checks/site/{s.pk}/" for s in check.sites.all()]
    return [f"/admin/assessment/spot-checks/{check.pk}/", *sites]


def _one_of_each(site) -> list[str]:
    """The address of one live page of each page type on ``site``."""
    pages = Page.objects.live().descendant_of(site.root_page, inclusive=True)
    first = {}
    for url_path, type_id in pages.order_by("path").values_list(
        "url_path", "content_type_id"
    ):
        first.setdefault(type_id, url_path)
    return list(first.values())


def _open(page, base: str, path: str, known: set[str]) -> list[str]:
    """Opens ``path``; what went wrong, if anything: its status, and the English
    words among what the browser shows (``known``: the data's own words)."""
    response = page.goto(base + path, wait_until="load")
    page.wait_for_timeout(150)  # the page's own scripts run and report
    status = response.status if response else 0
    allowed = (404,) if "no-such" in path else (200,)
    if status not in allowed:
        return [f"{path}: HTTP {status}"]
    english = english_words(page.content(), known, path.split("?")[0])
    return [f"{path}: {sorted(english)}"] if english else []


def test_every_role_and_the_superuser_open_their_screens(demo_live):
    """Each role's dashboard; the superuser's every screen and page form."""
    base, failures, known = demo_live, [], data_words()
    with browser_page() as page:
        for username in ROLE_USERS:
            sign_in(page, base, username)
            failures += _open(page, base, "/admin/", known)
            shot(page, f"sweep-dashboard-{username}")
        sign_in(page, base, "admin")
        for path in (*ADMIN_SCREENS, *_spot_check_screens(), *_page_forms()):
            failures += _open(page, base, path, known)
    assert not failures, "\n".join(failures)


@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_every_public_page_type_on_every_site(
    live_server, load_demo_cluster, monkeypatch
):
    from wagtail.models import Site

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop
    load_demo_cluster()
    port = live_server.url.rsplit(":", 1)[1]
    failures, known = [], data_words()
    with browser_page() as page:
        for site in Site.objects.all():
            base = f"http://{site.hostname}:{port}"
            root = site.root_page.url_path
            paths = {*PUBLIC_PATHS, *(p[len(root) - 1 :] for p in _one_of_each(site))}
            for path in sorted(paths):
                failures += _open(page, base, path, known)
    assert not failures, "\n".join(failures)
