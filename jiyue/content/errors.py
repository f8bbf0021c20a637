"""Chinese error pages of the public application, in the site's own frame.

A citizen who follows a dead link lands on the site he was on, with its header, a
way back to its home page and the 找错 link, not on Django's English default. The
500 page is rendered the same way when it can be; if even that fails (the
database is down), a plain page that needs nothing.

``/404.html`` and ``/50x.html`` answer the same pages with 200: the publisher
writes them into each site's tree, and the generated nginx shows them for the
errors it answers itself (a path it refuses, the public process down)."""

from __future__ import annotations

import logging

from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


@requires_csrf_token
def page_not_found(request, exception=None):
    html = render_to_string("content/errors/404.html", request=request)
    return HttpResponseNotFound(html)


@requires_csrf_token
def server_error(request):
    try:
        html = render_to_string("content/errors/500.html", request=request)
    except Exception:  # the frame needs the database; this page must not
        logger.exception("500 page rendered without the site frame")
        html = render_to_string("content/errors/500_plain.html")
    return HttpResponseServerError(html)


def published_not_found(request):
    return HttpResponse(render_to_string("content/errors/404.html", request=request))


def published_server_error(request):
    return HttpResponse(render_to_string("content/errors/500.html", request=request))
