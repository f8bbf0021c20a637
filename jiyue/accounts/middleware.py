"""Staff security at the admin: the second factor, and the admin's own CSP."""

from __future__ import annotations

from dataclasses import asdict

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy, default_config
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
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


# The two policies (enforced, report-only) of a response nothing customised, for
# the admin and for everything else: built once, not for every response.
_PLAIN_POLICIES: dict[bool, tuple[str, str]] = {}
_RESPONSE_OVERRIDES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
_CSP_SETTINGS = {
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_REPORT_ONLY",
    "JIYUE_ADMIN_CSP",
}


@receiver(setting_changed)
def _forget_policies(setting, **kwargs) -> None:
    if setting in _CSP_SETTINGS:
        _PLAIN_POLICIES.clear()


class JiyueCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere; the admin's (Wagtail needs inline styles)
    under /admin/. See docs/decisions/0405-content-security-policy.md.

    A response without a nonce or a per-view policy gets the policy built once
    (django-csp builds both policies for every response: ~0.3 ms a request); the
    headers are set under django-csp's own conditions."""

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _RESPONSE_OVERRIDES
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response
        admin = request.path.startswith(ADMIN_PREFIX)
        policies = _PLAIN_POLICIES.get(admin)
        if policies is None:
            parts = self.get_policy_parts(request, response)
            parts_ro = self.get_policy_parts(request, response, report_only=True)
            policies = _PLAIN_POLICIES[admin] = (
                build_policy(**asdict(parts)),
                build_policy(**asdict(parts_ro), report_only=True),
            )
        for header, policy, exempt, setting in (
            (HEADER, policies[0], "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (
                HEADER_REPORT_ONLY,
                policies[1],
                "_csp_exempt_ro",
                "CONTENT_SECURITY_POLICY_REPORT_ONLY",
            ),
        ):
            if not policy or header in response:
                continue
            if getattr(response, exempt, False) is not False:
                continue
            excluded = (getattr(settings, setting, None) or {}).get(
                "EXCLUDE_URL_PREFIXES"
            ) or ()
            if not request.path_info.startswith(tuple(excluded)):
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path.startswith(ADMIN_PREFIX):
            parts.config = default_config(settings.JIYUE_ADMIN_CSP["DIRECTIVES"])
        return parts
