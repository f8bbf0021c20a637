"""Staff security at the admin: the second factor, and the admin's own CSP."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .permissions import needs_second_factor

ADMIN_PREFIX = "/admin/"
# The icon sprite too: the 2FA page itself fetches it, and a redirect would put a
# copy of the 2FA form (with next=/admin/sprite/) into the page.
OPEN_ADMIN_PATHS = (
    "/admin/login/",
    "/admin/logout/",
    "/admin/jsi18n/",
    "/admin/sprite/",
)


def _is_open(path: str) -> bool:
    otp_prefix = reverse("jiyue_accounts:otp_verify").rsplit("/", 2)[0]
    return path.startswith(OPEN_ADMIN_PATHS) or path.startswith(otp_prefix)


class StaffSecurityMiddleware:
    """Sends staff who have not proved their second factor to do so.

    django-otp's ``OTPMiddleware`` must run first: it sets ``user.is_verified``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_verify(request):
            target = reverse("jiyue_accounts:otp_verify")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _must_verify(request) -> bool:
        if not getattr(settings, "JIYUE_REQUIRE_2FA", True):
            return False
        if not request.path.startswith(ADMIN_PREFIX) or _is_open(request.path):
            return False
        user = request.user
        return needs_second_factor(user) and not user.is_verified()


class JiyueCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere; the admin's (Wagtail needs inline styles)
    under /admin/. See docs/decisions/0405-content-security-policy.md."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path.startswith(ADMIN_PREFIX):
            parts.config = default_config(settings.JIYUE_ADMIN_CSP["DIRECTIVES"])
        return parts
