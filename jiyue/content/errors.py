"""Chinese error pages of the public application, in the site's own frame.

A citizen who follows a dead link lands on the site he was on, with its header, a
way back to its home page and the 找错 link, not on Django's English default. The
500 page is rendered the same way when it can be; if even that fails (the
database is down), a plain page that needs nothing. When the database cannot
be reached or fails a query (restarting, failing over: ``OperationalError``,
``InterfaceError``), the answer is 503 with ``Retry-After`` and a plain page that
tells the citizen to try again, and after a form's POST that what he sent was not
saved (docs/decisions/0523-database-outage.md).

``/404.html`` and ``/50x.html`` answer the same pages with 200: the publisher
writes them into each site's tree, and the generated nginx shows them for the
errors it answers itself (a path it refuses, the public process down)."""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


@requires_csrf_token
def page_not_found(request, exception=None):
    html = render_to_string("content/errors/404.html", request=request)
    return HttpResponseNotFound(html)


# Seconds a client is asked to wait: a restart of PostgreSQL takes a few.
RETRY_AFTER = 30


def database_unavailable(error: BaseException | None) -> bool:
    """The error, or one it was raised from or during, is the database failing."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def database_unavailable_response(request) -> HttpResponse:
    """503 on a page that needs nothing: neither the database nor the site's frame."""
    html = render_to_string(
        "content/errors/503.html", {"submitted": request.method == "POST"}
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request):
    # Django calls the handler inside its ``except``: the error is the current one.
    if database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    try:
        html = render_to_string("content/errors/500.html", request=request)
    except Exception:  # the frame needs the database; this page must not
        logger.exception("500 page rendered without the site frame")
        html = render_to_string("content/errors/500_plain.html")
    return HttpResponseServerError(html)


@requires_csrf_token
def admin_server_error(request):
    """The admin's: no site frame, in Chinese rather than Django's English."""
    if database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    return HttpResponseServerError(render_to_string("content/errors/500_plain.html"))


def published_not_found(request):
    return HttpResponse(render_to_string("content/errors/404.html", request=request))


def published_server_error(request):
    return HttpResponse(render_to_string("content/errors/500.html", request=request))
