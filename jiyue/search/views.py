"""The public search page and the result click (``/search/``, ``/search/go/``).

The page is dynamic (never published as a static file: robots.txt and the
generated nginx configuration route ``/search`` to the public application) and
is not kept by caches.
"""

from __future__ import annotations

import unicodedata

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe
from wagtail.models import Site

from .models import ClickLog
from .searching import MAX_PAGE, PER_PAGE, search_page

MAX_URL_LENGTH = 500


@require_safe
def search(request):
    response = render(request, "search/results.html", search_page(request))
    add_never_cache_headers(response)
    return response


def cluster_hosts() -> set[str]:
    hosts = set()
    for hostname, port in Site.objects.values_list("hostname", "port"):
        hosts.add(hostname.lower())
        hosts.add(f"{hostname.lower()}:{port}")
    return hosts


def safe_target(target: str, request) -> bool:
    """A path on this host, or an address on one of the cluster's hosts: never
    anywhere else (no open redirect)."""
    if not target or len(target) > MAX_URL_LENGTH or not target.isprintable():
        return False
    allowed = cluster_hosts() | {request.get_host().lower()}
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts=allowed, require_https=False
    )


def _plain(text: str, limit: int) -> str:
    cleaned = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    return " ".join(cleaned.split())[:limit]


@require_safe
def go(request):
    """Records which result was opened, then goes there."""
    target = request.GET.get("to", "")
    if not safe_target(target, request):
        return HttpResponse(
            "链接地址无效。", status=400, content_type="text/plain; charset=utf-8"
        )
    position = request.GET.get("pos", "")
    ClickLog.objects.create(
        query=_plain(request.GET.get("q", ""), 100),
        site=Site.find_for_request(request),
        url=target,
        position=int(position)
        if position.isascii()
        and position.isdigit()
        and len(position) < 4
        and int(position) <= MAX_PAGE * PER_PAGE
        else 0,
        clicked_on=timezone.localdate(),
    )
    response = HttpResponseRedirect(target)
    add_never_cache_headers(response)
    return response
