"""Sessions of staff: a GET cannot sign out, and the idle timeout counts what the
person does, not the editor's background pings
(docs/decisions/0414-idle-timeout-counts-actions.md, 0415-*.md)."""

from __future__ import annotations

import time

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from jiyue.accounts.idle import BACKGROUND_PREFIXES, LAST_ACTION_KEY
from tests.staff import login

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]


def test_a_get_on_logout_is_refused_and_leaves_the_session(admin_user):
    client = login(Client(), admin_user)
    key = client.session.session_key
    response = client.get("/admin/logout/")
    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    # Wagtail's LogoutView expired the cookie (Max-Age=0: the browser drops it,
    # the test client does not) and said 「注销成功」 although it refused.
    cookie = response.cookies.get(django_settings.SESSION_COOKIE_NAME)
    assert cookie is None or (cookie.value == key and cookie["max-age"] != 0)
    assert "messages" not in response.cookies
    assert client.session.session_key == key
    assert client.get("/admin/").status_code == 200
    # A POST still signs out.
    assert client.post("/admin/logout/").status_code == 302
    assert client.get("/admin/").status_code == 302


def ping_url() -> str:
    page = Page.objects.filter(depth__gt=1).first()
    return reverse(
        "wagtailadmin_editing_sessions:ping",
        args=("wagtailcore", "page", str(page.pk), 0),
    )


def last_action(client: Client) -> float:
    return client.session[LAST_ACTION_KEY]


def act_ago(client: Client, seconds: float) -> float:
    """Pretends the user's last action was ``seconds`` ago."""
    session = client.session
    session[LAST_ACTION_KEY] = when = time.time() - seconds
    session.save()
    return when


def test_the_editors_ping_is_background(admin_user):
    assert ping_url().startswith(BACKGROUND_PREFIXES)
    release = reverse("wagtailadmin_editing_sessions:release", args=(1,))
    assert release.startswith(BACKGROUND_PREFIXES)


def test_pings_do_not_keep_an_idle_session_alive(admin_user, settings):
    settings.SESSION_COOKIE_AGE = 600
    client = login(Client(), admin_user)
    assert client.get("/admin/").status_code == 200
    before = act_ago(client, 500)
    ping = client.post(ping_url())
    assert ping.status_code == 200
    assert "session_id" in ping.json()
    assert last_action(client) == before  # the ping did not count
    act_ago(client, 601)
    assert client.post(ping_url()).status_code == 401  # not a redirect
    assert "_auth_user_id" not in client.session
    page = client.get("/admin/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/admin/login/")
    assert "分钟没有操作，为安全起见已自动退出" in page.content.decode()


def test_a_user_action_counts_and_an_idle_one_signs_out(admin_user, settings):
    settings.SESSION_COOKIE_AGE = 600
    client = login(Client(), admin_user)
    before = act_ago(client, 500)
    assert client.get("/admin/pages/").status_code == 200
    assert last_action(client) > before
    act_ago(client, 601)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=%2Fadmin%2Fpages%2F"
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"]).content.decode()
    assert "您已 10 分钟没有操作" in login_page
