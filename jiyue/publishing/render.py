"""Rendering through the public application (前台), as a citizen's request would.

Every published file is the body of a GET answered by the public URLconf
(``jiyue.urls_public``) with the site's ``Host`` header, through the full
middleware stack, so that a published page is what the public application serves
dynamically. The only change made afterwards: references to ``/static/…`` are
rewritten to content-hashed names and the files are copied into the tree.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.contrib.staticfiles import finders
from django.core.handlers.base import BaseHandler
from django.core.signals import got_request_exception
from django.test import RequestFactory
from django.urls import get_urlconf, set_urlconf
from wagtail.models import Site

PUBLIC_URLCONF = "jiyue.urls_public"
STATIC_REF_RE = re.compile(rb"""(?P<q>["'(])/static/(?P<path>[\w./-]+?)(?=["')?#])""")
HASHED_RE = re.compile(r"\.[0-9a-f]{12}\.\w+$")


class RenderError(Exception):
    """A path could not be rendered (template error, unexpected status …)."""


@dataclass
class Rendered:
    content: bytes
    content_type: str
    assets: dict[str, bytes] = field(default_factory=dict)


def site_host_header(site: Site) -> str:
    if site.port in (80, 443):
        return site.hostname
    return f"{site.hostname}:{site.port}"


class AssetHasher:
    """Content-hashed names for static files, as ManifestStaticFilesStorage names
    them (``public.css`` -> ``public.0123456789ab.css``)."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[str, bytes] | None] = {}

    def hashed(self, path: str) -> tuple[str, bytes] | None:
        if path not in self._cache:
            self._cache[path] = self._load(path)
        return self._cache[path]

    def _load(self, path: str) -> tuple[str, bytes] | None:
        found = finders.find(path)
        if not found or HASHED_RE.search(path):
            return None
        with open(found, "rb") as handle:
            data = handle.read()
        digest = hashlib.md5(data, usedforsecurity=False).hexdigest()[:12]
        pure = PurePosixPath(path)
        return str(pure.with_name(f"{pure.stem}.{digest}{pure.suffix}")), data


def _remember_exception(sender, request=None, **kwargs) -> None:
    if request is not None and getattr(request, "jiyue_publishing", False):
        request.jiyue_error = sys.exc_info()[1]


got_request_exception.connect(
    _remember_exception, weak=False, dispatch_uid="jiyue_publishing_render_error"
)


class PublicRenderer:
    """Renders paths of the public application in-process."""

    def __init__(self) -> None:
        self.handler = BaseHandler()
        self.handler.load_middleware()
        self.factory = RequestFactory()
        self.assets = AssetHasher()

    def render(self, site: Site, path: str) -> Rendered:
        request = self.factory.get(path, HTTP_HOST=site_host_header(site))
        request.urlconf = PUBLIC_URLCONF
        request.jiyue_publishing = True  # the serving view must not answer from disk
        previous_urlconf = get_urlconf()
        try:
            response = self.handler.get_response(request)
        finally:
            set_urlconf(previous_urlconf)  # the handler leaves the public one set
        error = getattr(request, "jiyue_error", None)
        if error is not None:
            raise RenderError(f"{type(error).__name__}: {error}") from error
        if response.status_code != 200:
            raise RenderError(f"HTTP {response.status_code}")
        content_type = response.get("Content-Type", "text/html; charset=utf-8")
        return self._with_hashed_assets(response.content, content_type)

    def _with_hashed_assets(self, content: bytes, content_type: str) -> Rendered:
        if not content_type.startswith(("text/html", "text/css")):
            return Rendered(content, content_type)
        assets: dict[str, bytes] = {}

        def replace(match: re.Match) -> bytes:
            path = match["path"].decode()
            hashed = self.assets.hashed(path)
            if hashed is None:
                return match.group(0)
            name, data = hashed
            assets["static/" + name] = data
            return match["q"] + b"/static/" + name.encode()

        return Rendered(STATIC_REF_RE.sub(replace, content), content_type, assets)
