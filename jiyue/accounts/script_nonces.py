"""The admin's scripts run under a nonce, not under 'unsafe-inline'.

Wagtail writes inline ``<script>`` elements into its admin pages: the date
pickers, the inline panels' 「增加」, every chooser widget's initialiser. Under
``script-src 'self'`` the browser refuses them and the widgets do nothing. This
middleware stamps the request's CSP nonce on every ``<script>`` of an admin HTML
page; the admin's policy is ``script-src 'nonce-…' 'strict-dynamic'``, so the
stamped scripts run, and so do the scripts they add themselves (a chooser modal's
fragment, inserted by jQuery). Markup from anywhere else — stored content, a
citizen's text — is escaped by the templates and never reaches the page as a
``<script>`` element. See docs/decisions/0418-admin-scripts-under-a-nonce.md.
"""

from __future__ import annotations

import re

from .middleware import ADMIN_PREFIX

_SCRIPT_TAG = re.compile(rb"<script(?=[\s>])(?![^>]*\snonce=)", re.IGNORECASE)


def stamp(content: bytes, nonce: str) -> bytes:
    """``content`` with ``nonce`` on every ``<script>`` start tag that has none."""
    return _SCRIPT_TAG.sub(b'<script nonce="' + nonce.encode("ascii") + b'"', content)


class AdminScriptNonceMiddleware:
    """Must sit inside ``JiyueCSPMiddleware`` (later in MIDDLEWARE): it asks for
    the nonce, which that middleware then writes into the policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._applies(request, response):
            response.content = stamp(response.content, str(request.csp_nonce))
            if response.has_header("Content-Length"):  # set by CommonMiddleware
                response["Content-Length"] = str(len(response.content))
        return response

    @staticmethod
    def _applies(request, response) -> bool:
        return (
            request.path.startswith(ADMIN_PREFIX)
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and hasattr(request, "csp_nonce")
            and b"<script" in response.content
        )
