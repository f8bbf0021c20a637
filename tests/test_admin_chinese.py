"""The admin speaks Chinese: no English word on a page a staff member sees.

Logs in as the demo superuser (with the second factor), opens the admin's screens
— the sign-in page, the dashboard, the page explorer, every page type's create and
edit form, sites, documents, images, users, groups, snippets, the monitor, the
publishing and the interaction screens — and reads each page's visible text the
way a person does: element text, and the title, placeholder, aria-label and alt
attributes and the labels of buttons and of the sidebar menu. Any Latin word of
three letters or more that is not an address, a file name, a login name, a page
address or one of the few abbreviations people expect (PDF, URL, ...) fails the
test. Wagtail's own catalogue misses strings; jiyue/locale carries them
(docs/decisions/0419-admin-in-chinese.md).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from lxml import html as lxml_html

from tests.chinese import data_words, english_words, menu_values, visible_text
from tests.staff import login

pytestmark = [pytest.mark.second_factor, pytest.mark.django_db]


def _admin_paths(namespaces: set[str]) -> list[str]:
    """Every argument-less admin URL of the given URL namespaces."""
    found: list[str] = []

    def walk(patterns, prefix: str, namespace: str | None):
        for pattern in patterns:
            route = str(pattern.pattern).lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns, prefix + route, pattern.namespace or namespace
                )
            elif (
                isinstance(pattern, URLPattern)
                and namespace in namespaces
                and not re.search(r"[<(]", route)
            ):
                found.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "", None)
    return sorted(set(found))


def _menu_paths(client: Client) -> list[str]:
    """Every screen the superuser's sidebar menu leads to."""
    tree = lxml_html.document_fromstring(client.get("/admin/").content)
    return [url for url in menu_values(tree, ("url",)) if url.startswith("/admin/")]


def _page_forms() -> list[str]:
    """The edit form of one page of each page type, and its create form."""
    from wagtail.models import Page, get_page_models

    paths = []
    for model in get_page_models():
        page = model.objects.order_by("path").first() if model is not Page else None
        if page is None:
            continue
        paths.append(f"/admin/pages/{page.pk}/edit/")
        parent = page.get_parent()
        if model.can_create_at(parent):
            label = model._meta.label_lower.replace(".", "/")
            paths.append(f"/admin/pages/add/{label}/{parent.pk}/")
    return paths


def _snippet_lists() -> list[str]:
    from wagtail.snippets.models import get_snippet_models

    paths = []
    for model in get_snippet_models():
        label = model._meta.label_lower.replace(".", "/")
        paths += [f"/admin/snippets/{label}/", f"/admin/snippets/{label}/add/"]
    return paths


def _screens() -> list[str]:
    from wagtail.models import Page, Site

    portal = Site.objects.get(is_default_site=True)
    site_paths = [f"/admin/sites/edit/{site.pk}/" for site in Site.objects.all()[:2]]
    return [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{portal.root_page_id}/",
        f"/admin/pages/{Page.get_first_root_node().pk}/",
        "/admin/sites/",
        "/admin/sites/new/",
        *site_paths,
        "/admin/documents/",
        "/admin/documents/add/",
        "/admin/images/",
        "/admin/images/add/",
        "/admin/users/",
        "/admin/users/new/",
        "/admin/groups/",
        "/admin/groups/new/",
        "/admin/snippets/",
        "/admin/collections/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/reports/locked/",
        "/admin/reports/workflow/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/account/",
        *_snippet_lists(),
        *_page_forms(),
        *_admin_paths(
            {
                "monitor_admin",
                "publishing_admin",
                "interaction_admin",
                "editorial_admin",
                "accounts_admin",
                "services_admin",
                "assessment_admin",
                "analytics_admin",
            }
        ),
    ]


@pytest.fixture
def superuser_client(demo_cluster):
    from jiyue.demo import ensure_demo_staff
    from jiyue.demo.assemble import DEMO_USER

    ensure_demo_staff()
    return login(Client(), get_user_model().objects.get(username=DEMO_USER))


def _sweep(client: Client, paths: list[str], known: set[str]) -> dict[str, set]:
    found: dict[str, set] = {}
    for path in paths:
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get(
            "Content-Type", ""
        ):
            continue
        words = english_words(response.content.decode(), known, path)
        if words:
            found[path] = words
    for path, words in found.items():
        print(path, sorted(words))  # noqa: T201 - tells what to translate next
    return found


def test_the_sign_in_page_is_chinese_and_names_the_platform(client, demo_cluster):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert _sweep(client, ["/admin/login/"], data_words()) == {}
    tree = lxml_html.document_fromstring(response.content)
    assert tree.findtext(".//h1").strip() == "登录集约"
    assert tree.findtext(".//title").strip().endswith("- 集约")


def test_every_admin_screen_is_chinese(superuser_client):
    paths = sorted({*_screens(), *_menu_paths(superuser_client)})
    assert len(paths) > 60
    assert _sweep(superuser_client, paths, data_words()) == {}


def test_the_dashboard_says_the_platform_not_wagtail(superuser_client):
    page = superuser_client.get("/admin/").content.decode()
    assert "Wagtail" not in " ".join(visible_text(page))
    assert "集约" in lxml_html.document_fromstring(page).findtext(".//title")
    # The help menu keeps no link to Wagtail's English guide or release notes.
    assert "guide.wagtail.org" not in page
    assert "whats-new-in-wagtail" not in page


def test_the_admin_scripts_catalogue_is_chinese(superuser_client):
    """The rich-text editor's placeholder and the autosave messages come from
    /admin/jsi18n/, which reads djangojs catalogues of LOCALE_PATHS too."""
    body = superuser_client.get("/admin/jsi18n/").content.decode()
    assert "输入内容，或键入“/”插入内容块" in body or (
        "\\u8f93\\u5165\\u5185\\u5bb9" in body
    )
    assert "\\u5df2\\u81ea\\u52a8\\u4fdd\\u5b58" in body or "已自动保存" in body


def test_an_office_names_the_platform(client, demo_cluster, settings):
    settings.JIYUE_PLATFORM_NAME = "某市政府网站集约化平台"
    tree = lxml_html.document_fromstring(client.get("/admin/login/").content)
    assert tree.findtext(".//h1").strip() == "登录某市政府网站集约化平台"
    assert tree.findtext(".//title").strip().endswith("- 某市政府网站集约化平台")
