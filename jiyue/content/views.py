"""Public views of the content app: the 关怀版 (care mode) switch, and the
jump to a numbered list page (分页「跳转」).

Pages are static files (静态发布), so the switch cannot change their markup.
Every page links a small stylesheet served here that is empty unless the
visitor's cookie asks for care mode; the switch is a plain link that sets the
cookie and returns to the page. No JavaScript is needed, and the choice is
remembered for a year (docs/decisions/0006-care-mode-without-javascript.md).
"""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe
from wagtail.models import Site

from .models import ColumnPage

CARE_COOKIE = "jiyue_care"
ONE_YEAR = 365 * 24 * 3600


def care_enabled(request) -> bool:
    return request.COOKIES.get(CARE_COOKIE) == "1"


@require_safe
def care_toggle(request):
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if care_enabled(request):
        response.delete_cookie(CARE_COOKIE, samesite="Lax")
    else:
        response.set_cookie(
            CARE_COOKIE, "1", max_age=ONE_YEAR, samesite="Lax", httponly=True
        )
    return response


@require_safe
def care_stylesheet(request):
    css = render_to_string("content/care.css") if care_enabled(request) else ""
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Cookie"
    return response


def _number(value: str, default: int) -> int:
    value = (value or "").strip()
    return (
        int(value)
        if value.isascii() and value.isdigit() and len(value) < 10
        else default
    )


@require_safe
def page_jump(request):
    """「跳转到第 N 页」 of a column's list (the pages are static files, the form a
    plain GET): a number past either end goes to the first or the last page."""
    site = Site.find_for_request(request)
    column_id = _number(request.GET.get("column", ""), 0)
    column = (
        ColumnPage.objects.live().public().filter(pk=column_id).first()
        if site and column_id
        else None
    )
    if column is None or not column.url_path.startswith(site.root_page.url_path):
        raise Http404
    last = column.paginator().num_pages
    number = min(max(_number(request.GET.get("page", ""), 1), 1), last)
    url = column.get_url(request=request)
    if number > 1:
        url = url + column.reverse_subpage("list_page", args=(number,))
    return HttpResponseRedirect(url)
