"""Staff security at the admin: the second factor, and the admin's own CSP."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy, default_config
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from .enrolment import has_confirmed_device
from .permissions import needs_second_factor

ADMIN_PREFIX = "/admin/"
# Pages a password-only session may open, matched exactly (docs/decisions/0413-*.md).
# The icon sprite and the script translations too: the 2FA page itself fetches
# them, and a redirect would put a copy of the 2FA form into the page.
OPEN_URL_NAMES = (
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "accounts_admin:otp_verify",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
)
LOGOUT_METHODS = ("POST", "OPTIONS")  # what Django's LogoutView answers


@dataclass(frozen=True)
class AdminPaths:
    verify: str
    setup: str
    logout: str
    open: frozenset[str]

    @classmethod
    def for_request(cls, request) -> AdminPaths | None:
        """The admin's paths in the request's URLconf; None in the public
        application, whose URLconf routes no admin (it answers 404 there)."""
        urlconf = getattr(request, "urlconf", None)
        try:
            return cls(
                verify=reverse("accounts_admin:otp_verify", urlconf=urlconf),
                setup=reverse("accounts_admin:otp_setup", urlconf=urlconf),
                logout=reverse("wagtailadmin_logout", urlconf=urlconf),
                open=frozenset(
                    reverse(name, urlconf=urlconf) for name in OPEN_URL_NAMES
                ),
            )
        except NoReverseMatch:
            return None


class StaffSecurityMiddleware:
    """Sends staff who have not proved their second factor to do so.

    Every admin URL needs it except the few in ``OPEN_URL_NAMES``, and the
    enrolment page while the account has no confirmed device. django-otp's
    ``OTPMiddleware`` must run first: it sets ``user.is_verified``. Also answers
    a sign-out by GET with 405 before Wagtail's ``LogoutView``, which deletes the
    session cookie even when it refuses the method.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        paths = None
        if request.path_info.startswith(ADMIN_PREFIX):
            paths = AdminPaths.for_request(request)
        if paths is None:
            return self.get_response(request)
        if request.path == paths.logout and request.method not in LOGOUT_METHODS:
            return HttpResponseNotAllowed(LOGOUT_METHODS)
        if self._must_verify(request, paths):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{paths.verify}?{query}")
        return self.get_response(request)

    @staticmethod
    def _must_verify(request, paths: AdminPaths) -> bool:
        if not getattr(settings, "JIYUE_REQUIRE_2FA", True):
            return False
        if request.path in paths.open:
            return False
        user = request.user
        if not needs_second_factor(user) or user.is_verified():
            return False
        # The first enrolment: only an account without a device (its view
        # applies the enrolment window).
        return request.path != paths.setup or has_confirmed_device(user)


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
