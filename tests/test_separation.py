"""前后台分离: the public application routes no admin URL and no staff login."""

import re

import pytest
from django.contrib.admindocs.views import (
    extract_views_from_urlpatterns,
    simplify_regex,
)
from django.test import Client, override_settings
from django.urls import get_resolver


def admin_paths() -> list[str]:
    """A concrete path for every route of the admin URLconf under /admin/."""
    patterns = get_resolver("jiyue.urls_admin").url_patterns
    paths = set()
    for _view, regex, _namespace, _name in extract_views_from_urlpatterns(patterns):
        paths.add(re.sub(r"<[\w:]+>", "1", simplify_regex(regex)))
    return sorted(p for p in paths if p.startswith("/admin/"))


def test_admin_urlconf_has_many_admin_routes():
    assert len(admin_paths()) > 200


@pytest.mark.django_db
@pytest.mark.second_factor  # with the admin's middleware as in production
@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_every_admin_url_answers_404_on_the_public_side(admin_user):
    client = Client()
    client.force_login(admin_user)  # even a logged-in superuser gets nothing
    for path in admin_paths():
        # A path without its trailing slash is first redirected to the same path
        # with one (CommonMiddleware), which then answers 404.
        response = client.get(path, HTTP_HOST="www.localhost:8000", follow=True)
        assert response.status_code == 404, path
        assert all(url.startswith(path) for url, _status in response.redirect_chain), (
            path
        )
    for path in ("/admin/", "/admin/login/", "/_util/login/", "/django-admin/"):
        assert client.get(path).status_code == 404, path


@pytest.mark.django_db
@pytest.mark.second_factor  # JIYUE_REQUIRE_2FA on: its middleware ran into a 500
@override_settings(ROOT_URLCONF="jiyue.urls_public")
def test_admin_paths_answer_404_on_the_public_side_with_the_second_factor_on(
    admin_user, settings
):
    assert settings.JIYUE_REQUIRE_2FA
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)  # a password-only staff session
    for path in (
        "/admin/",
        "/admin/security/2fa/",
        "/admin/security/2fa/setup/",
        "/admin/security/audit/",
        "/admin/security/audit/export.csv",
        "/admin/logout/",
    ):
        response = client.get(path, HTTP_HOST="www.localhost:8000")
        assert response.status_code == 404, path


def test_public_settings_use_the_public_urlconf():
    from jiyue.settings import admin, public

    assert public.ROOT_URLCONF == "jiyue.urls_public"
    assert admin.ROOT_URLCONF == "jiyue.urls_admin"


@pytest.mark.django_db
def test_admin_side_serves_the_admin(admin_user):
    client = Client()
    assert client.get("/admin/login/").status_code == 200
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
