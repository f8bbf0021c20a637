"""The public API's errors in Chinese, and in its schema
(docs/decisions/0318-api-errors-in-the-schema.md).

Every operation declares a 422 (django-ninja's validation of parameters and
bodies) with the same shape as its other errors, ``ErrorOut``: a ``detail`` and
the messages per field. Ninja's own English messages (validation, an unreadable
body, not found) are replaced by Chinese ones. While the database cannot be reached
(a restart, a failover) the answer is 503 with ``Retry-After``, in Chinese, saying that
nothing was saved (docs/decisions/0523-database-outage.md).
"""

from __future__ import annotations

from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

from jiyue.content.errors import RETRY_AFTER

MAX_ID = 2**31 - 1  # the largest page id or sequence number a database holds


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def responses(ok: dict[int, Any]) -> dict[int, Any]:
    """An operation's responses with the 422 every operation can answer, and the 503
    of a database that does not answer."""
    return {**ok, 422: ErrorOut, 503: ErrorOut}


MESSAGES = {
    "missing": gettext_lazy("缺少此项。"),
    "int_parsing": gettext_lazy("请填写整数。"),
    "int_type": gettext_lazy("请填写整数。"),
    "int_from_float": gettext_lazy("请填写整数。"),
    "string_type": gettext_lazy("请填写文字。"),
    "bool_parsing": gettext_lazy("请填写 true 或 false。"),
    "bool_type": gettext_lazy("请填写 true 或 false。"),
    "greater_than_equal": gettext_lazy("不能小于 %(ge)s。"),
    "greater_than": gettext_lazy("必须大于 %(gt)s。"),
    "less_than_equal": gettext_lazy("不能大于 %(le)s。"),
    "less_than": gettext_lazy("必须小于 %(lt)s。"),
    "string_too_long": gettext_lazy("最多 %(max_length)s 个字符。"),
    "string_too_short": gettext_lazy("至少 %(min_length)s 个字符。"),
    "string_pattern_mismatch": gettext_lazy("格式不正确。"),
    "list_type": gettext_lazy("应为列表。"),
    "dict_type": gettext_lazy("应为 JSON 对象。"),
    "model_attributes_type": gettext_lazy("应为 JSON 对象。"),
    "json_invalid": gettext_lazy("不是有效的 JSON。"),
}
INVALID = gettext_lazy("格式不正确。")


def _field(loc: tuple | list) -> str:
    """``("body", "payload", "subject")`` -> ``subject``; ``("query", "offset")``
    -> ``offset``."""
    parts = list(loc[1:])
    if loc and loc[0] == "body" and len(parts) > 1:
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or str(loc[0] if loc else "")


def _message(error: dict) -> str:
    template = MESSAGES.get(error.get("type", ""), INVALID)
    try:
        return str(template) % (error.get("ctx") or {})
    except (KeyError, TypeError, ValueError):
        return str(INVALID)


def validation_errors(errors: list[dict]) -> dict[str, list[str]]:
    by_field: dict[str, list[str]] = {}
    for error in errors:
        messages = by_field.setdefault(_field(error.get("loc", ())), [])
        message = _message(error)
        if message not in messages:
            messages.append(message)
    return by_field


def install(api: NinjaAPI) -> None:
    """Chinese answers for what ninja itself refuses."""

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        body = {
            "detail": _("提交的数据格式不正确，请按接口说明修改后重试。"),
            "errors": validation_errors(exc.errors),
        }
        return api.create_response(request, body, status=422)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = str(exc)
        if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
            detail = _("请求内容不是有效的 JSON。")
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": _("未找到。")}, status=404)

    def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        detail = _("系统正在维护，请稍后再试。")
        if request.method != "GET":
            detail = _("系统正在维护，本次提交没有保存，请稍后重新提交。")
        response = api.create_response(request, {"detail": detail}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response

    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(OperationalError, database_unavailable)
    api.add_exception_handler(InterfaceError, database_unavailable)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
