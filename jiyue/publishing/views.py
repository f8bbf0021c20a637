"""Public views: published files first, then dynamic rendering.

The public application answers a page from the published tree when the file is
there (静态发布; nginx does the same in production, see ``jiyue nginx_conf``) and
falls back to Wagtail's dynamic ``serve`` otherwise. While the publisher renders a
page (``request.jiyue_publishing``) the tree is never consulted.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.html import escape
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views
from wagtail.models import Site

from jiyue.content.models import ColumnPage

from . import storage
from .feeds import ColumnFeed
from .selectors import FEED_KINDS, site_pages

HTML_MAX_AGE = 300
ASSET_MAX_AGE = 365 * 24 * 3600
HASHED_ASSET_RE = re.compile(r"\.[0-9a-f]{12}\.\w+$")
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
}
FEED_CONTENT_TYPE = "application/atom+xml; charset=utf-8"
SITEMAP_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)


def content_type_for(file_path: str) -> str:
    if file_path.endswith("feed.xml"):
        return FEED_CONTENT_TYPE
    suffix = Path(file_path).suffix
    guessed = mimetypes.guess_type(file_path)[0] or "application/octet-stream"
    return CONTENT_TYPES.get(suffix, guessed)


def cache_control_for(file_path: str) -> str:
    if file_path.startswith("static/") and HASHED_ASSET_RE.search(file_path):
        return f"public, max-age={ASSET_MAX_AGE}, immutable"
    return f"public, max-age={HTML_MAX_AGE}"


def published_file(request) -> tuple[Path, str] | None:
    """The published file answering ``request``, if the tree has one."""
    if getattr(request, "jiyue_publishing", False):
        return None
    if request.method not in ("GET", "HEAD"):
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    relative = storage.file_path_for_url(request.path)
    if ".." in relative.split("/"):
        return None
    path = storage.site_link(site.hostname) / relative
    return (path, relative) if path.is_file() else None


def file_response(request, path: Path, relative: str):
    stat = path.stat()
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(stat.st_mtime)
    )
    response = not_modified or FileResponse(
        open(path, "rb"),  # noqa: SIM115 (FileResponse closes it)
        content_type=content_type_for(relative),
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = cache_control_for(relative)
    return response


def published_first(view):
    """Answers from the published tree when it can, else calls ``view``."""

    def wrapper(request, *args, **kwargs):
        found = published_file(request)
        if found is not None:
            return file_response(request, *found)
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@published_first
def serve(request, path):
    return wagtail_views.serve(request, path)


@require_safe
@published_first
def static_asset(request, path):
    raise Http404


def _column_for(request, path: str) -> ColumnPage:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    column = (
        ColumnPage.objects.live()
        .public()
        .descendant_of(site.root_page)
        .filter(url_path=site.root_page.url_path + path, kind__in=FEED_KINDS)
        .first()
    )
    if column is None:
        raise Http404
    return column


@require_safe
@published_first
def column_feed(request, path):
    return ColumnFeed()(request, column=_column_for(request, path))


@require_safe
@published_first
def sitemap(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    root_url = site.root_url
    root_path = site.root_page.url_path
    rows = site_pages(site).values_list("url_path", "last_published_at")
    # Written here rather than by a template loop: every incremental run rewrites
    # the sitemap, one <url> per page of the site (docs/decisions/0211).
    lines = [SITEMAP_HEAD]
    for url_path, lastmod in rows:  # what page_url() gives, without the models
        loc = escape(f"{root_url}/{url_path[len(root_path) :]}")
        date = (
            f"<lastmod>{timezone.localtime(lastmod):%Y-%m-%d}</lastmod>"
            if lastmod
            else ""
        )
        lines.append(f"<url><loc>{loc}</loc>{date}</url>\n")
    lines.append("</urlset>\n")
    return HttpResponse("".join(lines), content_type="application/xml; charset=utf-8")


@require_safe
@published_first
def robots(request):
    site = Site.find_for_request(request)
    root_url = site.root_url if site else ""
    return HttpResponse(
        render(request, "publishing/robots.txt", {"root_url": root_url}).content,
        content_type="text/plain; charset=utf-8",
    )
