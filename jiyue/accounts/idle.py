"""The idle timeout counts what a person does, not what the page does alone.

``SESSION_SAVE_EVERY_REQUEST`` renews the session cookie on every request, and
Wagtail's editor pings the server every 10 seconds while it is open: an editor
left open kept its session alive forever. The session now records the time of
the last request that is not a background one; a request that comes more than
``SESSION_COOKIE_AGE`` (``JIYUE_SESSION_IDLE_SECONDS``) after it signs the user
out (docs/decisions/0414-idle-timeout-counts-actions.md).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext

LAST_ACTION_KEY = "jiyue_last_action"
SIGNED_OUT_IDLE_KEY = "jiyue_signed_out_idle"
# Requests a page sends by itself: Wagtail's editing sessions (the ping every
# WAGTAIL_EDITING_SESSION_PING_INTERVAL, and the release when the page closes).
# Autosave and the preview's refresh are sent only after the person changed the
# form: they count as actions.
BACKGROUND_PREFIXES = ("/admin/editing-sessions/",)


def is_background(request) -> bool:
    return request.path_info.startswith(BACKGROUND_PREFIXES)


def idle_limit() -> int:
    return int(settings.SESSION_COOKIE_AGE)


class IdleTimeoutMiddleware:
    """Signs out a user whose last action is older than the idle limit.

    After ``MessageMiddleware``: the login page says why the user was signed out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated:
            self._explain(request)
            return self.get_response(request)
        now = time.time()
        last = request.session.get(LAST_ACTION_KEY)
        if last is not None and now - last > idle_limit():
            return self._sign_out(request)
        if last is None or not is_background(request):
            request.session[LAST_ACTION_KEY] = now
        return self.get_response(request)

    def _sign_out(self, request):
        background = is_background(request)
        next_path = request.get_full_path()
        logout(request)
        login = _login_path(request)
        if login is None:  # the public application: no staff pages there
            return self.get_response(request)
        request.session[SIGNED_OUT_IDLE_KEY] = True
        if background:
            # Not a redirect: the page's script would follow it to the login
            # page and spend the explanation meant for the person.
            return HttpResponse(status=401)
        return redirect(f"{login}?{urlencode({'next': next_path})}")

    @staticmethod
    def _explain(request) -> None:
        """On the login page after an idle sign-out: says why."""
        if request.method != "GET" or not request.session.get(SIGNED_OUT_IDLE_KEY):
            return
        if request.path != _login_path(request):
            return
        del request.session[SIGNED_OUT_IDLE_KEY]
        messages.warning(
            request,
            gettext("您已 %(minutes)d 分钟没有操作，为安全起见已自动退出，请重新登录。")
            % {"minutes": max(1, idle_limit() // 60)},
        )


def _login_path(request) -> str | None:
    try:
        return reverse("wagtailadmin_login", urlconf=getattr(request, "urlconf", None))
    except NoReverseMatch:
        return None
