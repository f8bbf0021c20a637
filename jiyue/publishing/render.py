"""Rendering through the public application (前台), as a citizen's request would.

Every published file is the body of a GET answered by the public application with
the site's ``Host`` header, so that a published page is what the public
application serves dynamically. Two ways, giving the same bytes:

- :meth:`PublicRenderer.render`: the full request cycle (public URLconf,
  middleware, Wagtail's routing, ``serve``), used for feeds, ``sitemap.xml`` and
  ``robots.txt``, and as the reference the tests compare with;
- :meth:`PublicRenderer.render_page`: a page whose specific instance is already in
  hand (a :class:`~jiyue.publishing.snapshot.SiteSnapshot`) is served as
  ``wagtail.views.serve`` would serve it, without routing it again and without the
  middleware, which only adds headers (docs/decisions/0205-bulk-rendering.md).

The only changes made afterwards: references to ``/static/…`` are rewritten to
content-hashed names and the files are copied into the tree; the Wagtail image
renditions a page shows (``/media/images/…``) are copied into the tree as they are,
since nginx serves nothing else of MEDIA_ROOT (docs/decisions/0214).
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote

from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.core.handlers.base import BaseHandler
from django.core.signals import got_request_exception
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import get_urlconf, set_urlconf
from wagtail import hooks
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.views import serve_chain
from wagtail.wagtail_hooks import check_view_restrictions

PUBLIC_URLCONF = "jiyue.urls_public"
STATIC_REF_RE = re.compile(rb"""(?P<q>["'(])/static/(?P<path>[\w./-]+?)(?=["')?#])""")
HASHED_RE = re.compile(r"\.[0-9a-f]{12}\.\w+$")
# Renditions are stored flat under images/ of the default storage (MEDIA_URL /media/).
RENDITION_REF_RE = re.compile(
    rb"""(?P<q>["'(])/media/(?P<path>images/[\w.%-]+?)(?=["')?#\s])"""
)


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
        return self._result(response)

    def _result(self, response) -> Rendered:
        if response.status_code != 200:
            raise RenderError(f"HTTP {response.status_code}")
        content_type = response.get("Content-Type", "text/html; charset=utf-8")
        return self._with_hashed_assets(response.content, content_type)

    def render_page(
        self, site: Site, page: Page, page_path: str, path: str, *, root_paths=None
    ) -> Rendered:
        """Serves ``path`` of ``page`` as ``wagtail.views.serve`` does once it has
        routed there, with the ``before_serve_page`` and ``on_serve_page`` hooks.

        ``path`` is ``page_path`` (the page's URL on ``site``) or a sub-route of it
        (``page_path + "page/2/"``). Wagtail's view restriction check is left
        out: only public pages are published."""
        request = self.factory.get(path, HTTP_HOST=site_host_header(site))
        request.urlconf = PUBLIC_URLCONF
        request.jiyue_publishing = True
        request.user = AnonymousUser()
        request._wagtail_site = site
        if root_paths is not None:
            request._wagtail_cached_site_root_paths = root_paths
        previous_urlconf = get_urlconf()
        set_urlconf(PUBLIC_URLCONF)
        try:
            response = _serve_page(page, request, "/" + path[len(page_path) :])
            if not getattr(response, "is_rendered", True):
                response.render()
        except RenderError:
            raise
        except Exception as error:  # one page's error must not stop the run
            raise RenderError(f"{type(error).__name__}: {error}") from error
        finally:
            set_urlconf(previous_urlconf)
        return self._result(response)

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

        content = STATIC_REF_RE.sub(replace, content)
        for match in RENDITION_REF_RE.finditer(content):
            found = rendition_asset(match["path"].decode())
            if found is not None:
                assets[found[0]] = found[1]
        return Rendered(content, content_type, assets)


def rendition_asset(ref: str) -> tuple[str, bytes] | None:
    """``images/<name>`` of a page's ``<img>``: its path in the tree and bytes."""
    name = unquote(ref)
    if "/" in name[len("images/") :] or ".." in name:
        return None
    try:
        with default_storage.open(name, "rb") as handle:
            return "media/" + name, handle.read()
    except OSError:
        return None


def _serve_page(page: Page, request, sub_path: str) -> HttpResponse:
    args: tuple = ()
    if isinstance(page, RoutablePageMixin):
        match = page.resolve_subpage(sub_path)
        request.routable_resolver_match = match
        args = (match.func, match.args, match.kwargs)
    elif sub_path != "/":
        raise RenderError(f"HTTP 404 ({sub_path})")
    request._wagtail_route_for_request = (page, args, {})
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, {})
        if isinstance(result, HttpResponse):
            return result
    chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        if fn is not check_view_restrictions:
            chain = fn(chain)
    return chain(page, request, args, {})
